"""`manage.py backup` and `manage.py restore`: real dumps, real files, a real second database.

The round trips back up committed rows (transaction=True: pg_dump reads from its own
connection), restore in a separate process whose DATABASE_URL and MEDIA_ROOT point at an
empty database and folder, and compare every table's row count and every file's sha256
with the source, independently of the manifest.
"""

import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article
from backups import archive as backup_archive
from images.services import create_image
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TagFactory,
    UserFactory,
)
from tests.images import samples

APT = "apt-get install postgresql-client"
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://…)"
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite path (run without DATABASE_URL)"
)
committed = pytest.mark.django_db(transaction=True)


def require_pg_tools():
    """pg_dump and pg_restore: CI installs them (postgresql); elsewhere say how to get them."""
    missing = [tool for tool in ("pg_dump", "pg_restore") if not shutil.which(tool)]
    if missing:
        message = f"{', '.join(missing)} not on PATH: {APT}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def newsroom_content(db):
    """A small newsroom: users, sections, authors, tags, photos with renditions, stories."""
    editor = UserFactory(username="editor", role="editor")
    UserFactory(username="journalist", role="journalist")
    sections = [SectionFactory() for _ in range(3)]
    authors = [AuthorFactory() for _ in range(2)]
    tags = [TagFactory() for _ in range(4)]
    images = [
        create_image(
            file=ContentFile(samples.image_bytes((900, 600), color=color)),
            alt_text_ar=f"صورة {n}", caption_ar="تعليق", uploaded_by=editor,
        )
        for n, color in enumerate([samples.RED, samples.BLUE, (20, 160, 40)])
    ]
    for n in range(6):
        story = ArticleFactory(
            published=n % 2 == 0, section=sections[n % 3], bylines=authors[: 1 + n % 2],
            lead_image=images[n % 3], created_by=editor,
        )
        story.tags.add(*tags[: 1 + n % 4])
    return images


def make_backup(output: Path) -> tuple[Path, str]:
    out = io.StringIO()
    call_command("backup", output=output, stdout=out)
    archives = sorted(output.glob("newsroom-backup-*.tar"))
    assert len(archives) == 1, list(output.iterdir())
    return archives[0], out.getvalue()


def manage(*args, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    """`manage.py ARGS` in its own process, configured only by its environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "REDIS_URL")}
    env.update(DATABASE_URL=database_url, MEDIA_ROOT=str(media_root),
               DJANGO_SETTINGS_MODULE="newsroom.settings.test")
    return subprocess.run(
        [sys.executable, "manage.py", *map(str, args)], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=300, check=False,
    )


def file_digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*")) if path.is_file()
    }


def counts_of_every_table(cursor, names) -> dict[str, int]:
    counts = {}
    for name in names:
        cursor.execute(f'SELECT count(*) FROM "{name}"')
        counts[name] = cursor.fetchone()[0]
    return counts


def pg_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "AND table_type = 'BASE TABLE' ORDER BY 1"
    )
    return [name for (name,) in cursor.fetchall()]


def flip_byte(archive: Path, member_name: str) -> None:
    with tarfile.open(archive) as tar:
        member = tar.getmember(member_name)
    with open(archive, "r+b") as f:
        f.seek(member.offset_data + member.size // 2)
        byte = f.read(1)
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([byte[0] ^ 0xFF]))


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


# ---------------------------------------------------------------- PostgreSQL


class ScratchDatabase:
    """An empty database beside the test database, dropped at the end whatever happens."""

    def __init__(self, suffix: str):
        s = connection.settings_dict
        self.params = {"host": s["HOST"] or None, "port": s["PORT"] or None,
                       "user": s["USER"] or None, "password": s["PASSWORD"] or None}
        self.name = f"{s['NAME']}_{suffix}_{os.getpid()}"[:63]
        auth = quote(s["USER"] or "", safe="")
        if s["PASSWORD"]:
            auth += ":" + quote(s["PASSWORD"], safe="")
        self.url = f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{self.name}"

    def _admin(self, sql: str) -> None:
        admin = psycopg.connect(dbname="postgres", **self.params)
        admin.autocommit = True
        try:
            with admin.cursor() as cursor:
                cursor.execute(sql)
        finally:
            admin.close()

    def __enter__(self):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
        self._admin(f'CREATE DATABASE "{self.name}"')
        return self

    def __exit__(self, *exc):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, fn):
        db = psycopg.connect(dbname=self.name, **self.params)
        try:
            with db.cursor() as cursor:
                return fn(cursor)
        finally:
            db.close()


@pytest.mark.postgres
@on_postgres
@committed
def test_postgres_round_trip_restores_every_row_and_file(newsroom_content, media_root,
                                                         tmp_path):
    require_pg_tools()
    archive, printed = make_backup(tmp_path / "archives")
    assert "database: pg_dump of" in printed and "media: " in printed and "files" in printed

    with connection.cursor() as cursor:
        source_counts = counts_of_every_table(cursor, pg_tables(cursor))
        cursor.execute("SELECT id, title_ar, slug FROM articles_article ORDER BY id")
        source_stories = cursor.fetchall()
    source_files = file_digests(media_root)
    assert source_counts["articles_article"] == 6 and source_counts["images_image"] == 3
    assert len(source_files) > 3  # originals and their renditions

    manifest = manifest_of(archive)
    assert manifest["tables"] == source_counts
    assert manifest["database"]["vendor"] == "postgresql"
    assert manifest["migrations"]["articles"].startswith("00")
    assert {e["path"]: e["sha256"] for e in manifest["media"]["files"]} == source_files

    restored_media = tmp_path / "restored-media"
    with ScratchDatabase("restore") as scratch:
        run = manage("restore", archive, database_url=scratch.url, media_root=restored_media)
        assert run.returncode == 0, run.stdout + run.stderr
        assert f"row counts: all {len(source_counts)} tables match" in run.stdout
        assert "page cache:" in run.stdout

        restored_counts = scratch.query(lambda c: counts_of_every_table(c, pg_tables(c)))
        assert restored_counts == source_counts
        stories = scratch.query(lambda c: (
            c.execute("SELECT id, title_ar, slug FROM articles_article ORDER BY id"),
            c.fetchall())[1])
        assert stories == source_stories
        assert file_digests(restored_media) == source_files

        # Now the target holds data: refused, naming what it would overwrite ...
        again = manage("restore", archive, database_url=scratch.url, media_root=restored_media)
        assert again.returncode != 0
        assert "refusing to restore over existing data" in again.stderr
        assert scratch.name in again.stderr and str(restored_media) in again.stderr
        # ... unless forced, which replaces the tables rather than adding to them (here with
        # parallel jobs, the large-database option).
        forced = manage("restore", "--force", "--jobs", 2, archive, database_url=scratch.url,
                        media_root=restored_media)
        assert forced.returncode == 0, forced.stdout + forced.stderr
        assert scratch.query(lambda c: counts_of_every_table(c, pg_tables(c))) == source_counts
        assert file_digests(restored_media) == source_files


@pytest.mark.postgres
@on_postgres
@committed
def test_missing_pg_dump_fails_with_the_install_command(newsroom_content, tmp_path,
                                                        monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools-here"))
    with pytest.raises(CommandError, match="pg_dump not found on PATH.*apt-get install"):
        make_backup(tmp_path / "archives")
    assert list((tmp_path / "archives").iterdir()) == []


@pytest.mark.postgres
@on_postgres
@committed
def test_failing_pg_dump_leaves_no_archive(newsroom_content, tmp_path, monkeypatch):
    tools = tmp_path / "tools"
    tools.mkdir()
    fake = tools / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump: error: server version mismatch' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(CommandError, match="pg_dump failed.*server version mismatch"):
        make_backup(tmp_path / "archives")
    assert list((tmp_path / "archives").iterdir()) == []


# ---------------------------------------------------------------- SQLite


@on_sqlite
@committed
def test_sqlite_round_trip_restores_every_row_and_file(newsroom_content, media_root, tmp_path):
    archive, printed = make_backup(tmp_path / "archives")
    assert "SQLite copy" in printed
    with connection.cursor() as cursor:
        names = [n for n in connection.introspection.table_names(cursor)
                 if not n.startswith("sqlite_")]
        source_counts = counts_of_every_table(cursor, names)
    source_files = file_digests(media_root)
    assert manifest_of(archive)["tables"] == source_counts

    target = tmp_path / "restored.sqlite3"
    restored_media = tmp_path / "restored-media"
    run = manage("restore", archive, database_url=f"sqlite:///{target}",
                 media_root=restored_media)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"row counts: all {len(source_counts)} tables match" in run.stdout

    import sqlite3

    restored = sqlite3.connect(target)
    try:
        assert counts_of_every_table(restored.cursor(), names) == source_counts
        titles = restored.execute("SELECT title_ar FROM articles_article ORDER BY id").fetchall()
    finally:
        restored.close()
    assert [t for (t,) in titles] == list(
        Article.objects.order_by("id").values_list("title_ar", flat=True))
    assert file_digests(restored_media) == source_files


# ---------------------------------------------------------------- either database


@pytest.fixture
def archive_path(newsroom_content, tmp_path):
    if connection.vendor == "postgresql":
        require_pg_tools()
    return make_backup(tmp_path / "archives")[0]


@committed
@pytest.mark.parametrize("damaged", ["media", "database"])
def test_damaged_archive_is_refused_before_anything_is_touched(archive_path, media_root,
                                                               damaged):
    manifest = manifest_of(archive_path)
    member = ("media/" + manifest["media"]["files"][0]["path"] if damaged == "media"
              else manifest["database"]["path"])
    flip_byte(archive_path, member)
    with pytest.raises(CommandError, match=f"damaged; nothing was restored:\n  {member}: "
                                           "checksum mismatch"):
        call_command("restore", archive_path, verify_only=True, stdout=io.StringIO())

    # Even forced, restore checks the whole archive before it changes the database or files.
    stories, files = Article.objects.count(), file_digests(media_root)
    with pytest.raises(backup_archive.ArchiveDamaged, match=member):
        backup_archive.restore(archive_path, force=True)
    assert Article.objects.count() == stories == 6
    assert file_digests(media_root) == files


@committed
def test_truncated_archive_is_refused(archive_path):
    data = archive_path.read_bytes()
    archive_path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CommandError, match="no manifest.json|unreadable|damaged"):
        call_command("restore", archive_path, verify_only=True, stdout=io.StringIO())


@committed
def test_intact_archive_verifies_and_only_its_owner_can_read_it(archive_path):
    out = io.StringIO()
    call_command("restore", archive_path, verify_only=True, stdout=out)
    assert "match the manifest" in out.getvalue()
    # It holds password hashes and sessions.
    assert stat.S_IMODE(archive_path.stat().st_mode) == 0o600
    assert not [p for p in archive_path.parent.iterdir() if p != archive_path]


def test_retention_keeps_7_daily_4_weekly_12_monthly(tmp_path):
    """A year of nightly archives; Thursday 3 December 2026 is the newest."""
    day, newest = date(2025, 11, 1), date(2026, 12, 3)
    while day <= newest:
        (tmp_path / f"newsroom-backup-{day:%Y%m%d}T020000Z.tar").touch()
        day += timedelta(days=1)
    (tmp_path / ".newsroom-backup-20261203T030000Z.tar.partial").touch()  # being written
    (tmp_path / "notes.txt").touch()

    backup_archive.prune(tmp_path, daily=7, weekly=4, monthly=12)

    kept = sorted(p.name[16:24] for p in tmp_path.glob("newsroom-backup-*.tar"))
    days = [f"202612{d:02}" for d in (1, 2, 3)] + [f"202611{d:02}" for d in range(27, 31)]
    sundays = ["20261115", "20261122"]  # with 29 Nov and 3 Dec: the last four ISO weeks
    month_ends = ["20260131", "20260228", "20260331", "20260430", "20260531", "20260630",
                  "20260731", "20260831", "20260930", "20261031"]  # with 30 Nov and 3 Dec
    assert kept == sorted(days + sundays + month_ends)
    assert (tmp_path / ".newsroom-backup-20261203T030000Z.tar.partial").exists()
    assert (tmp_path / "notes.txt").exists()


@committed
def test_non_empty_target_is_refused_without_force(archive_path, media_root):
    with pytest.raises(CommandError) as refused:
        call_command("restore", archive_path, stdout=io.StringIO())
    message = str(refused.value)
    assert "refusing to restore over existing data" in message
    assert "tables" in message and "rows" in message
    assert f"media folder {media_root}" in message and "--force" in message
    assert Article.objects.count() == 6


def test_manifest_with_an_unsafe_path_is_refused(tmp_path):
    manifest = {
        "format": "newsroom-backup", "format_version": 1,
        "database": {"path": "database/newsroom.sqlite3"},
        "media": {"files": [{"path": "../../etc/cron.d/evil", "size": 1, "sha256": "0"}]},
    }
    archive = tmp_path / "evil.tar"
    data = json.dumps(manifest).encode()
    with tarfile.open(archive, "w") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(backup_archive.ArchiveDamaged, match="unsafe path"):
        backup_archive.read_manifest(archive)
