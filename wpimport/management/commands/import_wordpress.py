"""manage.py import_wordpress EXPORT.xml [--media-dir DIR]: a WordPress site's export into
stories, bylines, sections, tags, library photos and redirects (docs/wordpress-import.md)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from wpimport.importer import import_wordpress
from wpimport.wxr import WxrError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR, Tools → Export): posts become stories, authors "
        "bylines, categories sections, tags tags, photos library photos, old addresses "
        "redirects. Safe to run again: it adds nothing twice and updates what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="the .xml file WordPress exported")
        parser.add_argument(
            "--media-dir",
            type=Path,
            help="a copy of the old site's wp-content/uploads (else photos are downloaded)",
        )
        parser.add_argument(
            "--no-download",
            action="store_true",
            help="never fetch photos from their WordPress addresses",
        )
        parser.add_argument(
            "--user",
            help="the editor the stories are imported as (default: the first active superuser)",
        )

    def handle(self, *args, **options):
        export = Path(options["export"])
        media_dir = Path(options["media_dir"]) if options["media_dir"] else None
        if not export.is_file():
            raise CommandError(f"{export}: no such file")
        if media_dir and not media_dir.is_dir():
            raise CommandError(f"--media-dir {media_dir}: no such directory")
        user = self._user(options["user"])
        try:
            report = import_wordpress(
                export,
                by=user,
                media_dir=media_dir,
                download=not options["no_download"],
                progress=Progress(self.stderr, enabled=options["verbosity"] > 0),
            )
        except WxrError as exc:
            raise CommandError(f"{export}: {exc}") from exc
        if options["verbosity"] > 0:
            self.stdout.write(format_report(report))

    def _user(self, username):
        users = get_user_model().objects.filter(is_active=True, is_staff=True)
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"--user {username}: no active staff account of that name")
            return user
        user = users.filter(Q(is_superuser=True)).order_by("pk").first()
        if user is None:
            raise CommandError("No active superuser to import as: name an editor with --user.")
        return user


class Progress:
    """A one-line progress bar on a terminal; a line every 10% elsewhere (logs)."""

    def __init__(self, stream, *, enabled=True, width=30):
        self.stream, self.enabled, self.width = stream, enabled, width
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last_tenth = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or not total:
            return
        share = min(done / total, 1)
        if self.tty:
            filled = int(share * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r[{bar}] {done}/{total}", ending="")
            if done >= total:
                self.stream.write("")
            self.stream.flush()
        elif int(share * 10) > self.last_tenth:
            self.last_tenth = int(share * 10)
            self.stream.write(f"{done}/{total} items")


def format_report(report) -> str:
    lines = [f"WordPress import from {report.site}"]
    posts = sum(report.posts_in_file.values())
    by_status = ", ".join(f"{n} {s}" for s, n in sorted(report.posts_in_file.items()))
    lines.append(f"  posts in the file: {posts} ({by_status})")
    stories = ", ".join(f"{n} {what}" for what, n in report.stories.items()) or "none"
    lines.append(f"  stories: {stories}")
    if report.statuses:
        order = ["published", "scheduled", "in review", "draft"]
        statuses = sorted(report.statuses.items(), key=lambda pair: order.index(pair[0]))
        lines.append("    as: " + ", ".join(f"{n} {s}" for s, n in statuses))
    for label in sorted(set(report.created) | set(report.reused)):
        lines.append(f"  {label}: {report.created[label]} new, {report.reused[label]} already here")
    if report.skipped:
        lines.append("  skipped:")
        lines.extend(f"    {n} {reason}" for reason, n in sorted(report.skipped.items()))
    if report.problem_count:
        lines.append(f"  problems ({report.problem_count}):")
        lines.extend(f"    {p}" for p in report.problems)
        if report.problem_count > len(report.problems):
            lines.append(f"    … and {report.problem_count - len(report.problems)} more")
    return "\n".join(lines)
