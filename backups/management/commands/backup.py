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
        for period, unit, example in (("daily", "days", 7), ("weekly", "weeks", 4),
                                      ("monthly", "months", 12)):
            parser.add_argument(
                f"--keep-{period}", type=int, default=0, metavar="N",
                help=f"After a successful backup, keep the newest archive of each of the last "
                f"N {unit} in the folder (e.g. {example}); older archives not kept by another "
                "--keep option are deleted.",
            )

    def handle(self, *args, output, keep_daily, keep_weekly, keep_monthly, **options):
        output = output or Path(settings.VAR_DIR) / "backups"
        try:
            archive.write_backup(output, report=self.stdout.write)
            archive.prune(output, daily=keep_daily, weekly=keep_weekly, monthly=keep_monthly,
                          report=self.stdout.write)
        except archive.BackupError as error:
            raise CommandError(str(error)) from None
