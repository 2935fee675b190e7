"""`manage.py restore ARCHIVE`: verify an archive, then restore it into an empty site."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups import archive as backup_archive


class Command(BaseCommand):
    help = (
        "Verify a backup archive against its manifest, then restore its database and media "
        "into an EMPTY database and media folder (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="A newsroom-backup-*.tar file.")
        parser.add_argument(
            "--force", action="store_true",
            help="Restore over a database or media folder that is not empty.",
        )
        parser.add_argument(
            "--jobs", type=int, default=1, metavar="N",
            help="PostgreSQL: restore with N parallel jobs (faster on a large database; not "
            "one transaction, so a failure leaves a partly restored database to drop).",
        )
        parser.add_argument(
            "--verify-only", action="store_true",
            help="Only check the archive's checksums; change nothing.",
        )

    def handle(self, *args, archive: Path, force, jobs, verify_only, **options):
        try:
            if verify_only:
                backup_archive.verify(archive, report=self.stdout.write)
                return
            result = backup_archive.restore(archive, force=force, jobs=jobs,
                                            report=self.stdout.write)
        except backup_archive.BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:  # e.g. a full disk or a read-only media folder
            raise CommandError(f"restore stopped: {error}") from error
        if result.count_problems:
            raise CommandError(
                "restored, but the row counts differ from the manifest (listed above)"
            )
        self.stdout.write(self.style.SUCCESS(f"restored {archive}"))

