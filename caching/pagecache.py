"""The readers' page cache: whole pages kept until the next public change, never stale after it.

One shared-cache round trip per request (none when this process read the version a moment
ago); a failing cache is a miss and a failing database on the hit path is ignored. How and
why, with the figures: docs/caching.md.
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
from django.utils import timezone
from django.utils.cache import parse_etags
from django.utils.http import parse_http_date_safe
from django.utils.text import compress_string

from caching import policy

logger = logging.getLogger(__name__)

VERSION_KEY = "newsroom:public-content-version"
DB_VERSION_KEY = "newsroom:public-db-version"  # the PublicContentVersion the last bump saw
NEXT_SCHEDULED_KEY = "newsroom:next-scheduled"
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
    next_at: float  # the next scheduled publication (epoch seconds) or NO_SCHEDULE
    read_at: float  # time.monotonic() when the shared cache said so


_lock = threading.Lock()
_seen: _Seen | None = None
_entries: OrderedDict = OrderedDict()  # page key -> entry, least recently used first
_entries_bytes = 0
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


def bump_version(db_version: int | None = None) -> int:
    """Make every cached page stale now; `db_version` is the PublicContentVersion the change
    wrote. Returns the new version; a cache failure leaves it to the reconcile."""
    version = time.time_ns()
    values = {VERSION_KEY: version}
    if db_version is not None:
        values[DB_VERSION_KEY] = db_version
    cache.set_many(values, timeout=None)
    cache.delete(NEXT_SCHEDULED_KEY)
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
    values = cache.get_many([VERSION_KEY, NEXT_SCHEDULED_KEY])
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
        return _Seen(time.time_ns(), NO_SCHEDULE, time.monotonic())
    version, next_at = values.get(VERSION_KEY), values.get(NEXT_SCHEDULED_KEY)
    due = _is_due(next_at)
    if version is None or due:
        version = time.time_ns()
        cache.set(VERSION_KEY, version, timeout=None)
    if next_at is None or due:
        upcoming = _from_db(_next_scheduled)
        if upcoming is None:
            next_at = NO_SCHEDULE  # unknown: asked again on the next request (not stored)
        else:
            next_at = upcoming
            cache.set(NEXT_SCHEDULED_KEY, next_at, timeout=None)
    seen = _Seen(version, next_at, time.monotonic())
    with _lock:
        if _seen is None or _seen.version != version:
            _forget_entries()
        _seen = seen
    return seen


def _forget_entries() -> None:
    global _entries_bytes
    _entries.clear()
    _entries_bytes = 0


def _remembered_version(environ):
    """The version this process read less than LOCAL_VERSION_SECONDS ago, or None when it
    must ask the shared cache: too old, a scheduled story due, or a refresh from the front."""
    seen = _seen
    if (
        seen is None
        or time.monotonic() - seen.read_at >= LOCAL_VERSION_SECONDS
        or _is_due(seen.next_at)
        or environ.get(REFRESH_HEADER) == "1"
    ):
        return None
    return seen.version


def _local_entry(key):
    with _lock:
        entry = _entries.get(key)
        if entry is not None:
            _entries.move_to_end(key)
        return entry


def _entry_size(entry) -> int:
    return len(entry[2]) + 512  # the body, and about what the headers take


def _remember_entry(key, version, entry) -> None:
    global _entries_bytes
    size = _entry_size(entry)
    if size > LOCAL_BYTES // 8:
        return
    with _lock:
        if _seen is None or _seen.version != version or key in _entries:
            return
        _entries[key] = entry
        _entries_bytes += size
        while _entries_bytes > LOCAL_BYTES:
            _key, old = _entries.popitem(last=False)
            _entries_bytes -= _entry_size(old)


def _next_scheduled() -> float:
    from articles.models import Article

    upcoming = Article.objects.scheduled().order_by("published_at").values_list(
        "published_at", flat=True
    ).first()
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
    """(entry, version): this request's cached (status, headers, body) under the current
    version, or None, and that version.

    From this process's memory when it read the version a moment ago; otherwise one
    `get_many` of the version, the schedule and the page (stored with the version it was
    rendered under), with the reconcile's value when one is due.
    """
    key = page_key(environ, path)
    version = _remembered_version(environ)
    if version is not None:
        entry = _local_entry(key)
        if entry is not None:
            return entry, version
    reconciling = _reconcile_due()
    keys = [VERSION_KEY, NEXT_SCHEDULED_KEY, key] + ([DB_VERSION_KEY] if reconciling else [])
    values = cache.get_many(keys)
    if reconciling:
        bumped = _reconcile(lambda: values.get(DB_VERSION_KEY))
        if bumped is not None:
            values = {VERSION_KEY: bumped}  # the page read is older than the bump
    version = _checked_version(values).version
    stored = values.get(key)
    if stored is None or stored[0] != version:
        return None, version
    entry = stored[1:]
    _remember_entry(key, version, entry)
    return entry, version


def store_entry(environ, path, version, entry) -> None:
    """Keep a freshly rendered page, shared (with `version`, replacing any older copy) and
    in this process."""
    key = page_key(environ, path)
    cache.set(key, (version, *entry), settings.NEWSROOM_PAGE_CACHE_SECONDS)
    _remember_entry(key, version, entry)


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
