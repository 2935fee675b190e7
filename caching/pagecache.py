"""The readers' page cache: whole pages kept until a change to what they show, never stale
after it.

Each page is stored with the versions of its dependencies (caching/deps.py: the story, the
lists, "any" change), and a change moves only its own (`bump_deps`); the global version
renews every page (the chrome, a removal, a repair). One shared-cache round trip per request
(none when this process read the versions a moment ago); a failing cache is a miss and a
failing database on the hit path is ignored. How and why, with the figures: docs/caching.md.
"""

import contextlib
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.db import DatabaseError, connection
from django.db.models import F
from django.utils import timezone
from django.utils.cache import parse_etags
from django.utils.http import parse_http_date_safe
from django.utils.text import compress_string

from caching import policy

logger = logging.getLogger(__name__)

VERSION_KEY = "newsroom:public-content-version"  # every page's: moved by a global bump
# Moved by every public change, global or not: the version of the dependency ANY (pages that
# declare nothing narrower), and the guard of a store that reads dependencies after its render.
CHANGE_KEY = "newsroom:public-change"
DEP_PREFIX = "newsroom:dep:"
ANY = "any"
DB_VERSION_KEY = "newsroom:public-db-version"  # the PublicContentVersion the last bump saw
NEXT_SCHEDULED_KEY = "newsroom:next-scheduled"
# The time (epoch seconds) up to which stories that became due have renewed their pages.
SCHEDULE_SEEN_KEY = "newsroom:schedule-seen"
NO_SCHEDULE = 0.0  # stored when nothing is scheduled
REASONS = {200: "OK", 301: "Moved Permanently", 304: "Not Modified", 404: "Not Found",
           410: "Gone"}
# Headers a 304 keeps (RFC 9110 15.4.5): the validators and what caches need.
NOT_MODIFIED_HEADERS = {"cache-control", "content-location", "date", "etag", "expires",
                        "last-modified", "vary", "x-cache"}
# Where the WSGI door leaves the version it looked up, so the middleware never looks again
# (a key no client can send: request headers arrive as HTTP_*). None: do not store.
LOOKUP_KEY = "caching.page_version"

# The process-local level (docs/caching.md).
LOCAL_VERSION_SECONDS = 0.2
LOCAL_BYTES = 8 * 1024 * 1024  # per process: a few hundred pages
REFRESH_HEADER = "HTTP_X_NEWSROOM_REFRESH"
# After a database error on the hit path, how long before the next query is tried.
DB_RETRY_SECONDS = 5.0


class _Seen(NamedTuple):
    version: int
    change: int
    next_at: float  # the next scheduled publication (epoch seconds) or NO_SCHEDULE
    read_at: float  # time.monotonic() when the shared cache said so


_lock = threading.Lock()
_seen: _Seen | None = None
_entries: OrderedDict = OrderedDict()  # page key -> entry, least recently used first
_entries_bytes = 0
_page_deps: dict = {}  # page key -> the dependency keys it was last stored with (a prefetch hint)
PAGE_DEPS_MAX = 200_000
_reconciled_at: float | None = None  # time.monotonic() of this process's last reconcile
_db_retry_at = 0.0  # 0, or time.monotonic() before which the hit path does not query the database


def forget_local() -> None:
    """Drop what this process remembers: the next request reads the shared cache (and
    reconciles it with the database)."""
    global _seen, _reconciled_at
    with _lock:
        _seen = None
        _reconciled_at = None
        _forget_entries()


class Lookup(NamedTuple):
    """What a miss's lookup read before the render, for its store: the versions it may keep."""
    version: int
    change: int
    deps: dict  # dependency key -> its version, as read before the render


def dep_key(name: str) -> str:
    return CHANGE_KEY if name == ANY else DEP_PREFIX + name


def bump_version(db_version: int | None = None) -> int:
    """Make every cached page stale now; `db_version` is the PublicContentVersion the change
    wrote. Returns the new version; a cache failure leaves it to the reconcile."""
    version = time.time_ns()
    values = {CHANGE_KEY: version, VERSION_KEY: version}
    if db_version is not None:
        values[DB_VERSION_KEY] = db_version
    cache.set_many(values, timeout=None)
    cache.delete(NEXT_SCHEDULED_KEY)
    forget_local()
    return version


def bump_deps(names, db_version: int | None = None) -> int:
    """Make stale the pages that depend on any of `names` (and those that declare ANY).

    CHANGE_KEY is written first (one MSET on Redis; in order on locmem): a store that reads a
    dependency after its render reads CHANGE_KEY after it, so it sees any bump that wrote the
    dependency and does not store (store_entry)."""
    version = time.time_ns()
    values = {CHANGE_KEY: version}
    values.update({dep_key(name): version for name in names})
    if db_version is not None:
        values[DB_VERSION_KEY] = db_version
    cache.set_many(values, timeout=None)
    cache.delete(NEXT_SCHEDULED_KEY)  # a story scheduled by this change: seen at its time
    forget_local()
    return version


def reconcile() -> None:
    """Bump the version if the database holds a public change the cache has not seen (a
    lost bump); at most once every RECONCILE_SECONDS per process. Never raises."""
    if _reconcile_due():
        _reconcile(lambda: cache.get(DB_VERSION_KEY))


def _reconcile_due() -> bool:
    period = settings.NEWSROOM_PAGE_CACHE_RECONCILE_SECONDS
    return _reconciled_at is None or time.monotonic() - _reconciled_at >= period


def _reconcile(seen_in_cache) -> int | None:
    """Compare the row with `seen_in_cache()` (what the last bump stored); the new version
    if that took a bump, else None."""
    global _reconciled_at
    if not getattr(cache, "available", True):
        _reconciled_at = None  # nothing is read from the cache now: reconcile when it is back
        return None
    now = _reconciled_at = time.monotonic()
    truth = _from_db(_db_version)
    if truth is None:
        return None  # the database is unavailable: try again next period
    seen = seen_in_cache()
    if not getattr(cache, "available", True):
        _reconciled_at = None
        return None
    if seen == truth:
        return None
    version = bump_version(truth)
    _reconciled_at = now
    return version


def _db_version() -> int:
    from caching.models import PublicContentVersion

    return PublicContentVersion.current()


def _from_db(query):
    """`query()`, or None on a database error, then not tried again for DB_RETRY_SECONDS.

    The WSGI door runs outside Django's request signals, so an old or broken connection is
    retired here (outside a transaction), before the query and after a failure."""
    global _db_retry_at
    if time.monotonic() < _db_retry_at:
        return None
    try:
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
        result = query()
    except DatabaseError as error:
        if not _db_retry_at:  # logged once per outage
            logger.warning("Page cache: database unavailable (%s); serving cached pages", error)
        _db_retry_at = time.monotonic() + DB_RETRY_SECONDS
        if not connection.in_atomic_block:
            with contextlib.suppress(DatabaseError):
                connection.close()
        return None
    if _db_retry_at:
        _db_retry_at = 0.0
        logger.warning("Page cache: database available again")
    return result


def current_version() -> int:
    """The content version, bumped first if a scheduled story has become due."""
    values = cache.get_many([VERSION_KEY, NEXT_SCHEDULED_KEY, CHANGE_KEY, SCHEDULE_SEEN_KEY])
    return _checked_version(values).version


def _is_due(next_at) -> bool:
    return next_at not in (None, NO_SCHEDULE) and timezone.now().timestamp() >= next_at


def _checked_version(values) -> _Seen:
    """The version and the next scheduled time from the shared cache's `values`, after
    bumping the version if a scheduled story has become due; remembered for this process."""
    global _seen
    if not getattr(cache, "available", True):
        # The cache did not answer: a fresh version that nothing is stored under, and
        # nothing remembered in this process (no database query for the schedule either).
        forget_local()
        fresh = time.time_ns()
        return _Seen(fresh, fresh, NO_SCHEDULE, time.monotonic())
    version, next_at = values.get(VERSION_KEY), values.get(NEXT_SCHEDULED_KEY)
    change, seen_until = values.get(CHANGE_KEY), values.get(SCHEDULE_SEEN_KEY)
    due = _is_due(next_at)
    writes, due_deps, every_page = {}, None, False
    if next_at is None or due:
        # The schedule is read again (a change deleted it, or a story is due): the stories
        # that became due since the last check renew their pages, as their publish would.
        checked_at = timezone.now().timestamp()
        if seen_until is not None:
            due_deps = _from_db(lambda: _due_deps(seen_until))
        # Unknown since when (never checked, or evicted), or due with the database down.
        every_page = seen_until is None or (due and due_deps is None)
        if every_page or due_deps is not None:
            writes[SCHEDULE_SEEN_KEY] = checked_at
    if change is None or every_page or due_deps:  # CHANGE_KEY first: see bump_deps
        change = writes[CHANGE_KEY] = time.time_ns()
        writes = {CHANGE_KEY: change, **writes}
    if due_deps:
        writes.update({dep_key(name): change for name in due_deps})
    if version is None or every_page:
        version = writes[VERSION_KEY] = time.time_ns()
    if writes:
        cache.set_many(writes, timeout=None)
    if next_at is None or due:
        # From the check's own time: a story due between the two queries is kept as next
        # (already due), so the next request checks again and finds it.
        upcoming = _from_db(lambda: _next_scheduled(checked_at))
        if upcoming is None:
            next_at = NO_SCHEDULE  # unknown: asked again on the next request (not stored)
        else:
            next_at = upcoming
            cache.set(NEXT_SCHEDULED_KEY, next_at, timeout=None)
    seen = _Seen(version, change, next_at, time.monotonic())
    with _lock:
        if _seen is None or (_seen.version, _seen.change) != (version, change):
            _forget_entries()
        _seen = seen
    return seen


def _forget_entries() -> None:
    global _entries_bytes
    _entries.clear()
    _entries_bytes = 0


def _remembered(environ):
    """The versions this process read less than LOCAL_VERSION_SECONDS ago, or None when it
    must ask the shared cache: too old, a scheduled story due, or a refresh from the front.
    Any change moves CHANGE_KEY, so pages remembered under them are all current."""
    seen = _seen
    if (
        seen is None
        or time.monotonic() - seen.read_at >= LOCAL_VERSION_SECONDS
        or _is_due(seen.next_at)
        or environ.get(REFRESH_HEADER) == "1"
    ):
        return None
    return seen


def _local_entry(key):
    with _lock:
        entry = _entries.get(key)
        if entry is not None:
            _entries.move_to_end(key)
        return entry


def _entry_size(entry) -> int:
    return len(entry[2]) + 512  # the body, and about what the headers take


def _remember_entry(key, lookup, entry) -> None:
    global _entries_bytes
    size = _entry_size(entry)
    if size > LOCAL_BYTES // 8:
        return
    with _lock:
        if (_seen is None or (_seen.version, _seen.change) != (lookup.version, lookup.change)
                or key in _entries):
            return
        _entries[key] = entry
        _entries_bytes += size
        while _entries_bytes > LOCAL_BYTES:
            _key, old = _entries.popitem(last=False)
            _entries_bytes -= _entry_size(old)


def _remember_deps(key, dep_keys) -> None:
    if len(_page_deps) >= PAGE_DEPS_MAX:
        _page_deps.clear()  # a hint only: the next lookups take one more round trip
    _page_deps[key] = tuple(dep_keys)


def _due_deps(since: float) -> set:
    """What the scheduled stories that became due since `since` (the last schedule check)
    show on, as a publish bumps (caching.deps.story_deps). A second's margin for
    the float's rounding and the clocks: a story bumped twice is harmless."""
    from datetime import UTC, datetime, timedelta

    from articles.models import Article
    from caching.deps import story_deps

    since = datetime.fromtimestamp(since, tz=UTC) - timedelta(seconds=1)
    # Scheduled: its time is later than its last save (a story published at once was saved
    # after its time was set, and its publish bumped already; one edited since, too).
    due = Article.objects.published().filter(
        published_at__gte=since, published_at__gt=F("updated_at")
    ).select_related("section")
    names = set()
    for story in due:
        names |= story_deps(story, published=True)
    return names


def _next_scheduled(after: float) -> float:
    from datetime import UTC, datetime

    from articles.models import Article, Status

    upcoming = Article.objects.filter(
        status=Status.PUBLISHED, published_at__gt=datetime.fromtimestamp(after, tz=UTC)
    ).order_by("published_at").values_list("published_at", flat=True).first()
    return upcoming.timestamp() if upcoming else NO_SCHEDULE


def request_path(environ) -> str:
    """The path as Django decodes it (`request.path`) from a server's raw WSGI environ,
    where non-ASCII paths arrive as latin-1 text (PEP 3333)."""
    path_info = get_path_info(environ) or "/"
    return f"{get_script_name(environ).rstrip('/')}/{path_info.replace('/', '', 1)}"


def page_key(environ, path) -> str:
    """The entry of one URL as the client asked for it: method, scheme, host, `path` (the
    same text from either door) and raw query string, on the site's local date (pages print
    today's date in the masthead: a page kept from yesterday is never found after midnight)."""
    scheme = environ.get("wsgi.url_scheme", "http")
    proxy_header = settings.SECURE_PROXY_SSL_HEADER
    if proxy_header and environ.get(proxy_header[0]) == proxy_header[1]:
        scheme = "https"
    raw = "\n".join([
        environ.get("REQUEST_METHOD", ""), scheme, environ.get("HTTP_HOST", ""),
        path, environ.get("QUERY_STRING", ""), timezone.localdate().isoformat(),
    ])
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"newsroom:page:{digest}"


def cacheable_request(environ, path) -> bool:
    return (
        settings.NEWSROOM_PAGE_CACHE
        and environ.get("REQUEST_METHOD") in ("GET", "HEAD")
        and f"{settings.SESSION_COOKIE_NAME}=" not in environ.get("HTTP_COOKIE", "")
        and not policy.skips_page_cache(path)
    )


def cached_entry(environ, path):
    """(entry, lookup): this request's cached (status, headers, body), or None when there is
    none under the current versions, and what the lookup read (for the store of a miss).

    From this process's memory when it read the versions a moment ago; otherwise one
    `get_many` of the versions, the schedule, the page and the current versions of the
    dependencies this process last saw it stored with; a page met for the first time in
    this process reads its dependencies' versions in a second `get_many`. The reconcile's
    value is read too when one is due.
    """
    key = page_key(environ, path)
    seen = _remembered(environ)
    if seen is not None:
        entry = _local_entry(key)
        if entry is not None:
            return entry, Lookup(seen.version, seen.change, {})
    deps = _page_deps.get(key, ())
    reconciling = _reconcile_due()
    keys = [VERSION_KEY, NEXT_SCHEDULED_KEY, CHANGE_KEY, SCHEDULE_SEEN_KEY, key, *deps]
    if reconciling:
        keys.append(DB_VERSION_KEY)
    values = cache.get_many(keys)
    if reconciling:
        bumped = _reconcile(lambda: values.get(DB_VERSION_KEY))
        if bumped is not None:
            # What was read is older; the schedule was reset by the bump, its check stands.
            values = {VERSION_KEY: bumped, CHANGE_KEY: bumped,
                      SCHEDULE_SEEN_KEY: values.get(SCHEDULE_SEEN_KEY)}
    seen = _checked_version(values)
    if seen.change != values.get(CHANGE_KEY):
        # Bumped just now (a story due, or a first change version): what was read is older.
        values = {VERSION_KEY: seen.version, CHANGE_KEY: seen.change}
    known = {dep: values[dep] for dep in deps if values.get(dep) is not None}
    known[CHANGE_KEY] = seen.change
    lookup = Lookup(seen.version, seen.change, known)
    stored = values.get(key)
    if not isinstance(stored, tuple) or len(stored) != 5 or stored[0] != seen.version:
        return None, lookup
    stored_deps = stored[1]
    unknown = [dep for dep, _version in stored_deps if dep not in known]
    current = dict(known)
    if unknown:
        current.update(cache.get_many(unknown))
    _remember_deps(key, [dep for dep, _version in stored_deps])
    if any(current.get(dep) != version for dep, version in stored_deps):
        return None, lookup
    entry = stored[2:]
    _remember_entry(key, lookup, entry)
    return entry, lookup


def store_entry(environ, path, lookup, entry, deps=(ANY,)) -> bool:
    """Keep a freshly rendered page, shared (with the versions of `deps`, replacing any older
    copy) and in this process; whether it was stored.

    A dependency's version read by the lookup (before the render) is safe to keep. One read
    only now is read with CHANGE_KEY after it: if any change happened since the lookup, the
    render may predate it and the page is not stored (the next request renders it again).
    """
    key = page_key(environ, path)
    dep_keys = tuple(dict.fromkeys(dep_key(name) for name in deps)) or (CHANGE_KEY,)
    versions = {dep: lookup.deps[dep] for dep in dep_keys if dep in lookup.deps}
    needed = [dep for dep in dep_keys if dep not in versions]
    if needed:
        read = _read_since(lookup, needed)
        if read is None:
            return False
        versions.update(read)
    stored_deps = tuple((dep, versions[dep]) for dep in dep_keys)
    cache.set(key, (lookup.version, stored_deps, *entry), settings.NEWSROOM_PAGE_CACHE_SECONDS)
    _remember_deps(key, dep_keys)
    _remember_entry(key, lookup, entry)
    return True


def _read_since(lookup, dep_keys):
    """The versions of `dep_keys` now, or None if a change happened since `lookup` (or the
    cache does not answer). A dependency never bumped yet is given a version first (`add`,
    so two processes agree): a page is never stored under a missing one, which an eviction
    after a bump could bring back."""
    read = cache.get_many([*dep_keys, CHANGE_KEY])  # in this order: see bump_deps
    if read.get(CHANGE_KEY) != lookup.change:
        return None
    absent = [dep for dep in dep_keys if read.get(dep) is None]
    if absent:
        fresh = time.time_ns()
        for dep in absent:
            cache.add(dep, fresh, timeout=None)
        read = cache.get_many([*dep_keys, CHANGE_KEY])
        if read.get(CHANGE_KEY) != lookup.change:
            return None
    if any(read.get(dep) is None for dep in dep_keys):
        return None
    return {dep: read[dep] for dep in dep_keys}


def not_modified(environ, headers) -> bool:
    """Whether the client's copy is current (the rules of django.utils.cache: If-None-Match
    wins over If-Modified-Since)."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        etag = next((v for k, v in headers if k.lower() == "etag"), None)
        if etag is None:
            return False
        wanted = parse_etags(if_none_match)
        return "*" in wanted or etag.removeprefix("W/") in {e.removeprefix("W/") for e in wanted}
    since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE") or "")
    if since is None:
        return False
    modified = next((v for k, v in headers if k.lower() == "last-modified"), None)
    modified = parse_http_date_safe(modified) if modified else None
    return modified is not None and modified <= since


def replay(environ, entry):
    """What a hit answers, for both doors: (status, headers, body), a 304 when the client's
    copy is current, marked `X-Cache: hit`, with the body's length."""
    status, headers, body = entry
    if status == 200 and not_modified(environ, headers):
        status, body = 304, b""
        headers = [(k, v) for k, v in headers if k.lower() in NOT_MODIFIED_HEADERS]
    headers = [(k, v) for k, v in headers if k.lower() not in ("x-cache", "content-length")]
    headers.append(("X-Cache", "hit"))
    if status == 200:
        headers, body = gzipped(environ, headers, body)
    if status != 304:
        headers.append(("Content-Length", str(len(body))))
    return status, headers, body


GZIP_MIN_BYTES = 200  # as Django's GZipMiddleware: shorter is not worth it


def gzipped(environ, headers, body):
    """A hit compressed for a client that accepts gzip, as newsroom.compression does for a
    miss: the WSGI door answers before Django's middleware, so under `make run` hits went
    out plain. Entries are readers' pages only, which hold no secret (no BREACH). Behind
    nginx the front asks for plain bodies, so nothing is compressed twice."""
    if len(body) < GZIP_MIN_BYTES or any(k.lower() == "content-encoding" for k, _v in headers):
        return headers, body
    vary = [v for k, v in headers if k.lower() == "vary"]
    if not any("accept-encoding" in v.lower() for v in vary):
        headers = [(k, v) for k, v in headers if k.lower() != "vary"]
        headers.append(("Vary", ", ".join([*vary, "Accept-Encoding"])))
    accepts = environ.get("HTTP_ACCEPT_ENCODING", "")
    if "gzip" not in {part.split(";")[0].strip().lower() for part in accepts.split(",")}:
        return headers, body
    compressed = compress_string(body, max_random_bytes=100)
    if len(compressed) >= len(body):
        return headers, body
    # A strong ETag names these bytes; the compressed ones get its weak form (RFC 9110).
    headers = [(k, f"W/{v}" if k.lower() == "etag" and v.startswith('"') else v)
               for k, v in headers]
    headers.append(("Content-Encoding", "gzip"))
    return headers, compressed
