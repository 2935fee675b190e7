"""A warning where PostgreSQL's trigram matching cannot read Arabic, so typos find nothing."""

from django.core import checks
from django.db import connections


def typo_tolerance_available(connection) -> bool:
    """Whether pg_trgm can read Arabic letters here: PostgreSQL with an LC_CTYPE other than
    C or POSIX. (`SHOW lc_ctype` is gone from PostgreSQL 16; pg_database has it everywhere.)"""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
        ctype = cursor.fetchone()[0]
    return ctype not in ("C", "POSIX")


def check_typo_tolerance(app_configs=None, databases=None, **kwargs):
    """System check (database tag, so `migrate` and `check --database` run it)."""
    warnings = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor == "postgresql" and not typo_tolerance_available(connection):
            warnings.append(checks.Warning(
                "Search typo tolerance cannot read Arabic: the database's LC_CTYPE is C or "
                "POSIX.",
                hint="Create the database with a UTF-8 LC_CTYPE such as C.UTF-8; exact and "
                "stemmed search work either way.",
                id="search.W001",
            ))
    return warnings
