from django.apps import AppConfig
from django.core import checks
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate


class SearchConfig(AppConfig):
    name = "search"

    def ready(self):
        from search import triggers
        from search.checks import check_typo_tolerance
        from search.normalize import install_sqlite_functions

        connection_created.connect(install_sqlite_functions, dispatch_uid="search_sqlite_functions")
        checks.register(check_typo_tolerance, checks.Tags.database)
        pre_migrate.connect(triggers.drop_sqlite_triggers, sender=self)
        post_migrate.connect(triggers.install_sqlite_triggers, sender=self)
