"""Backup archives of the database and the media library, and their restore.

An archive is one tar (the database dump, the media files, then a manifest of checksums and
row counts), renamed into place only once whole; `restore` checks it all against the manifest
before touching the site. Media in MEDIA_ROOT are read by path; media in a bucket
(MEDIA_STORAGE=s3) are copied through the storage API, object by object, with the same
layout, so an archive restores into either kind of site. Layout: docs/architecture-notes.md,
"Backups"; schedules, retention and the restore drill: docs/operations.md.
"""

import contextlib
import hashlib
import io
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import threading
import time
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection

FORMAT = "newsroom-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
PG_DUMP_MEMBER = "database/newsroom.pgdump"
SQLITE_MEMBER = "database/newsroom.sqlite3"
NAME_PREFIX = "newsroom-backup-"
SUFFIX = ".tar"
CHUNK = 1024 * 1024
APT_HINT = "apt-get install postgresql-client"


class BackupError(Exception):
    """Something an operator must read: the message says what and what to do."""


class ArchiveDamaged(BackupError):
    pass


class TargetNotEmpty(BackupError):
    pass


def _noop(_message: str) -> None:
    pass


# ---------------------------------------------------------------- backup


def write_backup(output_dir, *, report=_noop, now=None) -> Path:
    """Write `newsroom-backup-<UTC time>.tar` into ``output_dir``; return its path."""
    output_dir = Path(output_dir)
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    created = (now or datetime.now(UTC)).replace(microsecond=0)
    final = output_dir / f"{NAME_PREFIX}{created:%Y%m%dT%H%M%SZ}{SUFFIX}"
    if final.exists():
        raise BackupError(f"{final} already exists; wait a second and run again")
    partial = output_dir / f".{final.name}.partial"
    try:
        with tempfile.TemporaryDirectory(prefix=".newsroom-backup-", dir=output_dir) as tmp:
            dump, db_info = _dump_database(Path(tmp), report)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "versions": versions(),
                "migrations": db_info.pop("migrations"),
                "tables": db_info.pop("tables"),
                "database": db_info,
            }
            # 0600: the archive holds password hashes and sessions.
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with (
                os.fdopen(fd, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT,
                             encoding="utf-8") as tar,
            ):
                database_entry = _add_file(tar, dump, manifest["database"]["path"])
                manifest["database"].update(database_entry)
                storage = media_storage()
                if storage is None:
                    manifest["media"] = _add_media(tar, Path(settings.MEDIA_ROOT), report)
                else:
                    manifest["media"] = _add_storage_media(tar, storage, created, report)
                data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o644
                tar.addfile(info, _BytesReader(data))
        _fsync(partial)
        os.replace(partial, final)
        _fsync_dir(output_dir)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, OSError):  # a full disk, a folder we may not write to
            raise BackupError(f"writing {final} failed, nothing was kept: {error}") from error
        raise
    report(f"wrote {final} ({_size(final.stat().st_size)})")
    return final


def versions() -> dict:
    """The code that made (or reads) an archive: the app, Django and Python."""
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as f:
            app = tomllib.load(f)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        app = "unknown"
    return {"newsroom": app, "django": django.get_version(), "python": platform.python_version()}


def _dump_database(tmp: Path, report) -> tuple[Path, dict]:
    if connection.vendor == "postgresql":
        return _pg_dump(tmp, report)
    if connection.vendor == "sqlite":
        return _sqlite_copy(tmp, report)
    raise BackupError(f"no backup method for the {connection.vendor} database")


def _pg_dump(tmp: Path, report) -> tuple[Path, dict]:
    pg_dump = _tool("pg_dump")
    out = tmp / "newsroom.pgdump"
    started = time.monotonic()
    report(f"database: pg_dump of {_pg_label()} …")
    # A read-only REPEATABLE READ transaction exports its snapshot; pg_dump reads that same
    # snapshot, and the row counts below are taken in it too.
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            tables = _pg_counts(cursor)
            migrations = _latest_migrations(cursor, tables)
            returncode, errors = _run_pg_tool(
                [pg_dump, "--format=custom", f"--file={out}", f"--snapshot={snapshot}",
                 "--no-password", "--verbose", *_pg_args()],
                report,
            )
            cursor.execute("COMMIT")
    finally:
        raw.close()
    if returncode != 0:
        raise BackupError(f"pg_dump failed (exit {returncode}): {errors}")
    report(f"database: {len(tables)} tables, {sum(tables.values()):,} rows, dump "
           f"{_size(out.stat().st_size)} in {time.monotonic() - started:.1f} s")
    return out, {
        "vendor": "postgresql", "path": PG_DUMP_MEMBER, "format": "pg_dump --format=custom",
        "name": connection.settings_dict["NAME"], "server_version": server_version,
        "tables": tables, "migrations": migrations,
    }


def _sqlite_copy(tmp: Path, report) -> tuple[Path, dict]:
    out = tmp / "newsroom.sqlite3"
    report("database: SQLite copy through the backup API …")
    connection.ensure_connection()
    target = sqlite3.connect(out)
    try:
        # sqlite3's online backup: a consistent copy even while the site writes.
        connection.connection.backup(target)
    finally:
        target.close()
    tables, migrations = _sqlite_facts(out)
    report(f"database: {len(tables)} tables, {sum(tables.values()):,} rows, copy "
           f"{_size(out.stat().st_size)}")
    return out, {
        "vendor": "sqlite", "path": SQLITE_MEMBER, "format": "sqlite3 database",
        "server_version": sqlite3.sqlite_version, "tables": tables, "migrations": migrations,
    }


def _add_media(tar: tarfile.TarFile, root: Path, report) -> dict:
    files = media_files(root)
    total = sum(size for _, size in files)
    progress = Progress(report, "media", len(files), total)
    entries = []
    for relative, _ in files:
        try:
            entry = _add_file(tar, root / relative, MEDIA_PREFIX + relative, progress)
        except FileNotFoundError:
            report(f"media: {relative} vanished during the backup (deleted meanwhile); skipped")
            continue
        entries.append({"path": relative, **entry})
        progress.file_done()
    progress.finish()
    return {"count": len(entries), "bytes": sum(e["size"] for e in entries), "files": entries}


def media_storage():
    """The storage photos are kept in, or None when it is MEDIA_ROOT on this disk, which is
    read by path (fast, and what a single machine has)."""
    storage = storages["default"]
    return None if isinstance(storage, FileSystemStorage) else storage


def storage_files(storage, folder: str = "") -> list[tuple[str, int]]:
    """Every file of a storage (a bucket) as (name, size), sorted: ``media_files`` through
    the storage API."""
    found = []
    dirs, names = storage.listdir(folder)
    for name in names:
        path = f"{folder}/{name}" if folder else name
        found.append((path, storage.size(path)))
    for sub in dirs:
        found += storage_files(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(found)


def _add_storage_media(tar: tarfile.TarFile, storage, created, report) -> dict:
    files = storage_files(storage)
    total = sum(size for _, size in files)
    progress = Progress(report, "media", len(files), total)
    entries = []
    for name, size in files:
        _check_relative(name)
        try:
            with storage.open(name, "rb") as f:
                info = tarfile.TarInfo(MEDIA_PREFIX + name)
                info.size, info.mtime, info.mode = size, int(created.timestamp()), 0o644
                reader = _HashingReader(f, progress)
                tar.addfile(info, reader)
        except FileNotFoundError:
            report(f"media: {name} vanished during the backup (deleted meanwhile); skipped")
            continue
        entries.append({"path": name, "size": size, "sha256": reader.hasher.hexdigest()})
        progress.file_done()
    progress.finish()
    return {"count": len(entries), "bytes": sum(e["size"] for e in entries), "files": entries}


def media_files(root: Path) -> list[tuple[str, int]]:
    """Every regular file under ``root`` as (POSIX path relative to root, size), sorted."""
    found = []
    if not root.exists():
        return found
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file():
                found.append((path.relative_to(root).as_posix(), path.stat().st_size))
    return found


def _add_file(tar: tarfile.TarFile, path: Path, name: str, progress=None) -> dict:
    """Add one file; return its size and the sha256 of exactly the bytes stored."""
    with open(path, "rb") as f:
        stat = os.fstat(f.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o644
        reader = _HashingReader(f, progress)
        tar.addfile(info, reader)
    return {"size": info.size, "sha256": reader.hasher.hexdigest()}


def prune(output_dir, *, daily=0, weekly=0, monthly=0, report=_noop) -> list[Path]:
    """Delete archives beyond the retention; return the deleted paths.

    Kept: the newest archive of each of the ``daily`` most recent days that have one, of
    the ``weekly`` most recent ISO weeks and of the ``monthly`` most recent months (an
    archive may count for all three). Only complete `newsroom-backup-*.tar` files are
    considered; with all three at 0 nothing is deleted.
    """
    if not (daily or weekly or monthly):
        return []
    archives = sorted(
        ((stamp, path) for path in Path(output_dir).glob(f"{NAME_PREFIX}*{SUFFIX}")
         if (stamp := _stamp(path)) is not None),
        reverse=True,
    )
    keep = set()
    for count, period in ((daily, lambda t: t.date()),
                          (weekly, lambda t: t.isocalendar()[:2]),
                          (monthly, lambda t: (t.year, t.month))):
        periods = []
        for stamp, path in archives:
            key = period(stamp)
            if key not in periods:
                if len(periods) == count:
                    break
                periods.append(key)
                keep.add(path)
    deleted = [path for _, path in archives if path not in keep]
    for path in deleted:
        path.unlink()
        report(f"retention: deleted {path.name}")
    report(f"retention: {len(keep)} archives kept, {len(deleted)} deleted")
    return deleted


def _stamp(path: Path):
    try:
        return datetime.strptime(path.name[len(NAME_PREFIX):-len(SUFFIX)], "%Y%m%dT%H%M%SZ")
    except ValueError:
        return None


# ---------------------------------------------------------------- verify


def read_manifest(archive) -> dict:
    """The manifest of ``archive``, checked for shape and safe paths (not yet checksums)."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file")
    try:
        with tarfile.open(archive, "r:") as tar:
            member = tar.getmember(MANIFEST)
            manifest = json.loads(tar.extractfile(member).read())
    except KeyError:
        raise ArchiveDamaged(f"{archive}: no {MANIFEST} (not a whole newsroom backup)") from None
    except (tarfile.TarError, OSError, EOFError, ValueError) as error:
        raise ArchiveDamaged(f"{archive}: unreadable ({error})") from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveDamaged(f"{archive}: not a {FORMAT} v{FORMAT_VERSION} archive")
    for entry in [manifest["database"], *manifest["media"]["files"]]:
        _check_relative(entry["path"])
    return manifest


def verify(archive, *, report=_noop, dump_to=None) -> dict:
    """Check every member against the manifest; raise ArchiveDamaged listing each problem.

    With ``dump_to``, the database member is also written there in the same pass.
    Returns the manifest.
    """
    manifest = read_manifest(archive)
    expected = {MEDIA_PREFIX + e["path"]: e for e in manifest["media"]["files"]}
    expected[manifest["database"]["path"]] = manifest["database"]
    total = sum(e["size"] for e in expected.values())
    progress = Progress(report, "verify", len(expected), total)
    problems, seen = [], set()
    try:
        with tarfile.open(archive, "r:") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                entry = expected.get(member.name)
                if entry is None or not member.isfile() or member.name in seen:
                    problems.append(f"{member.name}: not in the manifest")
                    continue
                seen.add(member.name)
                keep = dump_to is not None and entry is manifest["database"]
                with open(dump_to, "wb") if keep else contextlib.nullcontext() as sink:
                    size, digest = _hash_stream(tar.extractfile(member), progress, sink)
                if size != entry["size"] or digest != entry["sha256"]:
                    problems.append(f"{member.name}: checksum mismatch (damaged)")
                progress.file_done()
    except (tarfile.TarError, OSError, EOFError) as error:
        problems.append(f"unreadable after {len(seen)} members ({error})")
    problems += [f"{name}: missing" for name in sorted(expected.keys() - seen)]
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise ArchiveDamaged(f"{archive} is damaged; nothing was restored:\n  {shown}{more}")
    progress.finish()
    report(f"verified: {manifest['media']['count']:,} media files and the database dump "
           "match the manifest")
    return manifest


# ---------------------------------------------------------------- restore


@dataclass
class RestoreResult:
    manifest: dict
    tables: dict = field(default_factory=dict)
    count_problems: list = field(default_factory=list)
    media_files: int = 0


def restore(archive, *, force=False, jobs=1, report=_noop) -> RestoreResult:
    """Restore ``archive`` into the configured database and MEDIA_ROOT, both empty unless
    ``force``; ``jobs`` > 1 runs pg_restore in parallel (faster, but not one transaction).

    Raises BackupError before touching anything if the archive is damaged, made for another
    database vendor, or the target is not empty.
    """
    manifest = read_manifest(archive)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"the archive holds a {vendor} database; this site is configured "
                          f"for {connection.vendor} (DATABASE_URL)")
    media_root = Path(settings.MEDIA_ROOT)
    storage = media_storage()
    occupied = describe_target(media_root, storage)
    if occupied and not force:
        raise TargetNotEmpty(
            "refusing to restore over existing data:\n  " + "\n  ".join(occupied)
            + "\nRestore into an empty database and media folder, or pass --force to "
            "overwrite them (tables in the backup are replaced; files of the same name too)."
        )
    for line in occupied:
        report(f"--force: overwriting {line}")
    _report_versions(manifest, report)
    result = RestoreResult(manifest)
    with tempfile.TemporaryDirectory(prefix="newsroom-restore-") as tmp:
        dump = Path(tmp) / "database"
        verify(archive, report=report, dump_to=dump)
        if vendor == "postgresql":
            _pg_restore(dump, force, jobs, report)
        else:
            _sqlite_restore(dump, report)
    result.tables = table_counts()
    result.count_problems = compare_counts(manifest["tables"], result.tables)
    if result.count_problems:
        report("row counts DIFFER from the manifest:\n  " + "\n  ".join(result.count_problems))
    else:
        report(f"row counts: all {len(result.tables)} tables match the manifest "
               f"({sum(result.tables.values()):,} rows)")
    if storage is None:
        result.media_files = _restore_media(archive, manifest, media_root, report)
    else:
        result.media_files = restore_media_to_storage(archive, manifest, storage, report)
    _report_pending_migrations(report)
    _forget_cached_pages(report)
    return result


def describe_target(media_root: Path, storage=None) -> list[str]:
    """What a restore would overwrite: the database's tables and MEDIA_ROOT's files (or the
    files of ``storage``, a bucket)."""
    lines = []
    tables = table_counts()
    if tables:
        biggest = sorted(tables.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        listed = ", ".join(f"{name} ({rows:,} rows)" for name, rows in biggest)
        lines.append(f"database {_db_label()}: {len(tables)} tables, "
                     f"{sum(tables.values()):,} rows, e.g. {listed}")
    files = media_files(media_root) if storage is None else storage_files(storage)
    if files:
        listed = ", ".join(name for name, _ in files[:3])
        where = f"media folder {media_root}" if storage is None else _storage_label(storage)
        lines.append(f"{where}: {len(files):,} files "
                     f"({_size(sum(s for _, s in files))}), e.g. {listed}")
    return lines


def table_counts() -> dict[str, int]:
    """Rows per table of the configured database (user tables only)."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _pg_counts(cursor)
        names = [
            name for name in connection.introspection.table_names(cursor)
            if not name.startswith("sqlite_")
        ]
        return _count_rows(cursor, {name: f'"{name}"' for name in names})


def compare_counts(expected: dict, actual: dict) -> list[str]:
    problems = [f"{t}: {expected[t]:,} rows in the backup, table missing"
                for t in sorted(expected.keys() - actual.keys())]
    problems += [f"{t}: not in the backup ({actual[t]:,} rows)"
                 for t in sorted(actual.keys() - expected.keys())]
    problems += [f"{t}: {expected[t]:,} rows in the backup, {actual[t]:,} restored"
                 for t in sorted(expected.keys() & actual.keys()) if expected[t] != actual[t]]
    return problems


def _pg_restore(dump: Path, force: bool, jobs: int, report) -> None:
    pg_restore = _tool("pg_restore")
    started = time.monotonic()
    report(f"database: pg_restore into {_pg_label()} …")
    args = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--no-password",
            "--verbose", f"--dbname={_pg_dbname()}"]
    # One transaction: an error leaves the database as it was. Parallel jobs cannot share
    # one, so with --jobs a failed restore leaves a half-filled database to drop.
    args.append(f"--jobs={jobs}" if jobs > 1 else "--single-transaction")
    if force:
        args += ["--clean", "--if-exists"]
    # Our own connection must not hold locks on tables that pg_restore drops.
    connection.close()
    returncode, errors = _run_pg_tool([*args, *_pg_args(with_dbname=False), str(dump)], report)
    if returncode != 0:
        left = ("left as it was (one transaction)" if jobs <= 1
                else "partly restored: drop it, create it empty and restore again")
        raise BackupError(f"pg_restore failed (exit {returncode}); the database was {left}: "
                          f"{errors}")
    report(f"database: restored in {time.monotonic() - started:.1f} s")


def _run_pg_tool(args: list[str], report, every: float = 5.0) -> tuple[int, str]:
    """Run pg_dump/pg_restore --verbose, showing its current step every few seconds.

    Returns the exit code and the error lines (or the last lines) of its stderr.
    """
    lines = []

    def collect(stream):
        for line in stream:
            lines.append(line.rstrip())

    started = time.monotonic()
    with subprocess.Popen(args, env=_pg_env(), stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, errors="replace") as process:
        reader = threading.Thread(target=collect, args=(process.stderr,), daemon=True)
        reader.start()
        while True:
            try:
                process.wait(timeout=every)
                break
            except subprocess.TimeoutExpired:
                step = lines[-1] if lines else "starting"
                report(f"database: {time.monotonic() - started:.0f} s, {step}")
        reader.join()
    errors = [line for line in lines
              if any(word in line for word in ("error:", "FATAL", "DETAIL", "HINT"))]
    return process.returncode, "\n".join(errors or lines[-5:])


def _sqlite_restore(copy: Path, report) -> None:
    report(f"database: SQLite copy into {connection.settings_dict['NAME']} …")
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        # Into Django's own connection: the same file (or test database) the site uses.
        source.backup(connection.connection)
    finally:
        source.close()
    report("database: restored")


def _restore_media(archive, manifest: dict, root: Path, report) -> int:
    progress, members = _archived_media(archive, manifest, report)
    root.mkdir(parents=True, exist_ok=True)
    restored = 0
    with members as tar_members:
        for member, entry, stream in tar_members:
            target = root.joinpath(*PurePosixPath(entry["path"]).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.restoring")
            try:
                with open(partial, "wb") as sink:
                    size, digest = _hash_stream(stream, progress, sink)
                if (size, digest) != (entry["size"], entry["sha256"]):
                    raise ArchiveDamaged(f"{member.name}: checksum mismatch while copying")
                os.utime(partial, (member.mtime, member.mtime))
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)
            restored += 1
            progress.file_done()
    progress.finish()
    report(f"media: {restored:,} files restored into {root}, checksums verified")
    return restored


def restore_media_to_storage(archive, manifest: dict, storage, report=_noop) -> int:
    """Copy the archive's media into ``storage`` (a bucket) under their own names, each
    checked against its sha256 before it is written; files of the same name are replaced."""
    progress, members = _archived_media(archive, manifest, report)
    restored = 0
    with members as tar_members:
        for member, entry, stream in tar_members:
            name = entry["path"]
            with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as buffer:
                size, digest = _hash_stream(stream, progress, buffer)
                if (size, digest) != (entry["size"], entry["sha256"]):
                    raise ArchiveDamaged(f"{member.name}: checksum mismatch while copying")
                buffer.seek(0)
                if storage.exists(name):
                    storage.delete(name)
                saved = storage.save(name, File(buffer, name=name))
            if saved != name:
                raise BackupError(f"{name}: the storage saved it as {saved!r}")
            restored += 1
            progress.file_done()
    progress.finish()
    report(f"media: {restored:,} files restored into {_storage_label(storage)}, "
           "checksums verified")
    return restored


def _archived_media(archive, manifest: dict, report):
    """(progress, a context manager over (member, manifest entry, stream) of each media file
    the manifest lists): what both ways of restoring media read."""
    entries = {MEDIA_PREFIX + e["path"]: e for e in manifest["media"]["files"]}
    progress = Progress(report, "media", len(entries), manifest["media"]["bytes"])

    @contextlib.contextmanager
    def members():
        with tarfile.open(archive, "r:") as tar:
            yield (
                (member, entries[member.name], tar.extractfile(member))
                for member in tar if member.isfile() and member.name in entries
            )

    return progress, members()


def _storage_label(storage) -> str:
    bucket = getattr(storage, "bucket_name", None)
    return f"media bucket {bucket}" if bucket else f"media storage {type(storage).__name__}"


def _forget_cached_pages(report) -> None:
    from caching import pagecache

    pagecache.bump_version()
    backend = settings.CACHES["default"]["BACKEND"]
    if "locmem" in backend or "dummy" in backend:
        report("page cache: no shared cache configured here (REDIS_URL/CACHE_URL unset); if "
               "the app servers use Redis, bump its content version (docs/operations.md), "
               "otherwise restart them")
    else:
        report("page cache: content version bumped; every cached page is stale now")


def _report_pending_migrations(report) -> None:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        report(f"migrations: the backup predates this code by {len(plan)} migration(s): "
               "run `manage.py migrate` before serving it")


def _report_versions(manifest: dict, report) -> None:
    made, here = manifest["versions"], versions()
    report(f"archive: made {manifest['created_at']} by newsroom {made['newsroom']}, "
           f"Django {made['django']}; {manifest['database']['vendor']}, "
           f"{sum(manifest['tables'].values()):,} rows, {manifest['media']['count']:,} media "
           f"files ({_size(manifest['media']['bytes'])})")
    if made["newsroom"] != here["newsroom"] or made["django"] != here["django"]:
        report(f"note: this code is newsroom {here['newsroom']}, Django {here['django']}")


# ---------------------------------------------------------------- helpers


class Progress:
    """Plain progress lines (files, bytes) at most every two seconds, and one at the end."""

    def __init__(self, report, label: str, files: int, total_bytes: int, every: float = 2.0):
        self.report, self.label, self.files, self.total = report, label, files, total_bytes
        self.every, self.done_files, self.done_bytes = every, 0, 0
        self.started = self.shown_at = time.monotonic()

    def add_bytes(self, n: int) -> None:
        self.done_bytes += n
        self._maybe_show()

    def file_done(self) -> None:
        self.done_files += 1
        self._maybe_show()

    def _maybe_show(self) -> None:
        now = time.monotonic()
        if now - self.shown_at >= self.every:
            self.shown_at = now
            self.report(self._line())

    def finish(self) -> None:
        self.report(self._line() + f" in {time.monotonic() - self.started:.1f} s")

    def _line(self) -> str:
        return (f"{self.label}: {self.done_files:,}/{self.files:,} files, "
                f"{_size(self.done_bytes)}/{_size(self.total)}")


class _HashingReader:
    """A file wrapper for tarfile.addfile: hashes (and counts) the bytes tarfile reads."""

    def __init__(self, raw, progress=None):
        self.raw, self.progress, self.hasher = raw, progress, hashlib.sha256()

    def read(self, n=-1):
        data = self.raw.read(n)
        self.hasher.update(data)
        if self.progress:
            self.progress.add_bytes(len(data))
        return data


class _BytesReader(_HashingReader):
    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))


def _hash_stream(stream, progress, sink=None) -> tuple[int, str]:
    hasher, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        hasher.update(chunk)
        size += len(chunk)
        if sink:
            sink.write(chunk)
        progress.add_bytes(len(chunk))
    return size, hasher.hexdigest()


def _check_relative(path: str) -> None:
    parts = PurePosixPath(path).parts
    if not parts or path.startswith("/") or "\\" in path or any(p in ("..", ".") for p in parts):
        raise ArchiveDamaged(f"manifest names an unsafe path: {path!r}")


def _pg_counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT n.nspname, c.relname FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1, 2"
    )
    names = {
        (table if schema == "public" else f"{schema}.{table}"): f'"{schema}"."{table}"'
        for schema, table in cursor.fetchall()
    }
    return _count_rows(cursor, names)


def _count_rows(cursor, quoted: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, sql_name in sorted(quoted.items()):
        cursor.execute(f"SELECT count(*) FROM {sql_name}")  # names from the catalogue
        counts[name] = cursor.fetchone()[0]
    return counts


def _latest_migrations(cursor, tables: dict) -> dict[str, str]:
    """The last applied migration of each app (none in a database never migrated)."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return dict(cursor.fetchall())


def _sqlite_facts(path: Path) -> tuple[dict, dict]:
    db = sqlite3.connect(path)
    try:
        cursor = db.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
            "ESCAPE '\\'"
        )
        tables = _count_rows(cursor, {n: f'"{n}"' for (n,) in cursor.fetchall()})
        migrations = _latest_migrations(cursor, tables)
    finally:
        db.close()
    return tables, migrations


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} not found on PATH: install the PostgreSQL client "
                          f"({APT_HINT}), the same major version as the server or newer")
    return path


def _pg_env() -> dict:
    """libpq settings from DATABASES (password in PGPASSWORD, never on the command line)."""
    _, extra = connection.client.settings_to_cmd_args_env(connection.settings_dict, [])
    env = {**os.environ, **(extra or {})}
    timeout = connection.settings_dict["OPTIONS"].get("connect_timeout")
    if timeout:
        env["PGCONNECT_TIMEOUT"] = str(timeout)
    return env


def _pg_dbname() -> str:
    return connection.settings_dict["NAME"] or "postgres"


def _pg_args(with_dbname: bool = True) -> list[str]:
    s = connection.settings_dict
    args = []
    if s.get("HOST"):
        args.append(f"--host={s['HOST']}")
    if s.get("PORT"):
        args.append(f"--port={s['PORT']}")
    if s.get("USER"):
        args.append(f"--username={s['USER']}")
    if with_dbname:
        args.append(f"--dbname={_pg_dbname()}")
    return args


def _pg_label() -> str:
    s = connection.settings_dict
    return f"{_pg_dbname()} on {s.get('HOST') or 'the local socket'}:{s.get('PORT') or 5432}"


def _db_label() -> str:
    return _pg_label() if connection.vendor == "postgresql" else str(
        connection.settings_dict["NAME"])


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n} B"


def _fsync(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
