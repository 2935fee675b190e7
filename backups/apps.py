from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """`manage.py backup` and `manage.py restore` (backups/archive.py); no models, no pages."""

    name = "backups"
