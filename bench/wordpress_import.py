"""Time `import_wordpress` per 1,000 posts, for docs/wordpress-import.md.

    DATABASE_URL=postgres://…/fresh_db MEDIA_ROOT=/tmp/bench-media \
        .venv/bin/python bench/wordpress_import.py [--posts 1000]

Builds an export of --posts published posts with the test helper (tests/wpimport/wxr.py),
each a copy of a post WordPress wrote in tests/fixtures/wordpress/export.xml (its block
markup, inline photo, featured photo, category and tags) under a new id and headline;
imports it (photos from the fixture's uploads), then imports it again (nothing changes)
and prints both times. Use a fresh, migrated database: the import writes to it.
"""

# A report for a person: printing is the point.
# ruff: noqa: T201

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")
# As in production: side effects (link checks) queued for the worker, not run inline.
os.environ.setdefault("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from tests.wpimport import wxr as helper  # noqa: E402
from wpimport import wxr  # noqa: E402
from wpimport.importer import import_wordpress  # noqa: E402


def synthetic_export(posts: int) -> str:
    fixture = helper.FIXTURE / "export.xml"
    catalogue = wxr.read_catalogue(fixture)
    models = [i for i in wxr.iter_items(fixture) if i.post_type == "post" and i.status == "publish"]
    attachments = [
        helper.Attachment(
            id=a.id,
            url=a.attachment_url,
            file=a.meta["_wp_attached_file"],
            alt=a.meta.get("_wp_attachment_image_alt", ""),
        )
        for a in catalogue.attachments.values()
    ]
    out = []
    for n in range(posts):
        model = models[n % len(models)]
        out.append(
            helper.Post(
                id=100_000 + n,
                title=f"{model.title} {n}",
                content=model.content,
                date_gmt=model.date_gmt.strftime("%Y-%m-%d %H:%M:%S"),
                slug=f"post-{n}",
                creator="ahmad",
                categories=[(c.slug, c.name) for c in model.categories],
                tags=[(t.slug, t.name) for t in model.tags],
                thumbnail=model.thumbnail_id,
                excerpt=model.excerpt,
            )
        )
    return helper.export(out, attachments)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1000)
    args = parser.parse_args()
    user = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
    if user is None:
        sys.exit("Create a superuser first (manage.py createsuperuser).")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xml"
        path.write_text(synthetic_export(args.posts), encoding="utf-8")
        for run in ("first run (creates)", "second run (unchanged)"):
            start = time.perf_counter()
            report = import_wordpress(
                path, by=user, media_dir=helper.FIXTURE / "uploads", download=False
            )
            seconds = time.perf_counter() - start
            print(
                f"{run}: {args.posts} posts in {seconds:.1f} s = "
                f"{seconds * 1000 / args.posts:.1f} s per 1,000 posts; {dict(report.stories)}"
            )


if __name__ == "__main__":
    main()
