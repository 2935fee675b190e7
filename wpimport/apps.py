from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WpimportConfig(AppConfig):
    """`manage.py import_wordpress`: a WordPress site's export (WXR) into stories, bylines,
    sections, tags, library photos and old-address redirects, through the content services."""

    name = "wpimport"
    verbose_name = _("WordPress import")
