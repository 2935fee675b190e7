"""`manage.py backup [--output DIR]`: the database and the media in one verified archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backups import archive


class Command(BaseCommand):
    help = (
        "Write newsroom-backup-<UTC time>.tar: a database dump, every media file and a "
        "manifest with checksums and row counts (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=None,
            help="Folder for the archive (default: var/backups beside the code).",
        )

    def handle(self, *args, output, **options):
        output = output or Path(settings.VAR_DIR) / "backups"
        try:
            archive.write_backup(output, report=self.stdout.write)
        except archive.BackupError as error:
            raise CommandError(str(error)) from None
