"""The warning where PostgreSQL's trigram matching cannot read Arabic."""

import pytest
from django.db import connection

from search.checks import check_typo_tolerance, typo_tolerance_available


@pytest.mark.django_db
def test_the_warning_says_what_the_database_can_do():
    warnings = check_typo_tolerance(databases=["default"])

    blind = connection.vendor == "postgresql" and not typo_tolerance_available(connection)
    assert [w.id for w in warnings] == (["search.W001"] if blind else [])


def test_no_database_no_warning():
    assert check_typo_tolerance(databases=None) == []
