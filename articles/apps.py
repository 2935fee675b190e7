from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # Search: tag and byline names kept in each story's search document, the SQL
        # normalising function's Python twin on SQLite, and a warning where pg_trgm is blind.
        from articles import search

        search.connect_receivers()
        checks.register(search.check_typo_tolerance, checks.Tags.database)
