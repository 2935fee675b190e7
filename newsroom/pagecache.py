"""Full-page cache for anonymous readers that is never stale after a change.

Every cached page is stored under the current *content version*. Any public change (a
publish, an edit of a live story, an unpublish, a correction, a section or site-settings
edit) bumps the version (editorial.receivers.bump_public_version), so the next request
misses and renders afresh: on one server or on many sharing one Redis.

A scheduled story must appear at its time even with a warm cache: the time of the next
scheduled publication is kept beside the version, and the first request after it passes
bumps the version itself. No worker or cron job is involved.

Readers only: a request carrying a session cookie (staff, or anyone logged in) never reads
or fills the shared cache, and a response that sets a cookie or is marked private is never
stored.

Two doors to the same entries:

- `PublicPageCacheMiddleware`, the outermost middleware, fills the cache and answers hits
  for anything that goes through Django (the test client, runserver);
- `CachedPagesApp`, the WSGI wrapper in newsroom/wsgi.py (gunicorn), answers a hit before
  Django builds a request at all: no middleware, no URL resolving, no response object.
  A cached page then costs at most one cache round trip (the version and the page in one
  `get_many`), none when this process served it a moment ago (below), and a few
  microseconds of Python: what lets gunicorn serve a hot story at a good fraction of a
  static file's speed.

Two levels. The shared cache (Redis when several servers share it) holds the version and
the entries. In front of it each process remembers, for LOCAL_VERSION_SECONDS (0.2 s), the
version it last read, and keeps the entries it served under that version in memory (at most
LOCAL_BYTES): a hot page is then answered without any cache round trip, which took about
three quarters of a hit's time. What that costs in freshness is bounded and small: a change
made in this process forgets the remembered version at once (bump_version), so the next
request here sees it; another server sees it within LOCAL_VERSION_SECONDS, well inside the
one second the site promises. A scheduled story's time is checked on every request, and a
refresh from the nginx front (X-Newsroom-Refresh, set by deploy/nginx.conf for trusted
refreshes only) always reads the shared version, so the front never stores a page this
process remembered from before the change.

A cache that fails is a miss, never an error: the Redis backend (newsroom/cache.py) answers
an outage or a timeout as a miss or a no-op and skips Redis for a moment after one, so
pages are rendered from the database meanwhile. Database errors on the hit path (the
schedule and the reconcile below) are ignored too, so cached pages are still served while
PostgreSQL is down.

A lost invalidation is repaired within RECONCILE_SECONDS (NEWSROOM_PAGE_CACHE_RECONCILE_SECONDS,
5 s). A public change is also recorded in PostgreSQL, in its own transaction
(editorial.models.PublicContentVersion), and each bump after commit stores that row's value
beside the version (DB_VERSION_KEY). Each process, at most once every RECONCILE_SECONDS,
reads the row and bumps the version itself if the value differs: a bump lost because Redis
was down or hanging, or because the process died right after the commit, is so caught
within RECONCILE_SECONDS of Redis answering again (plus LOCAL_VERSION_SECONDS for the other
processes). While Redis fails nothing is read from it, so nothing stale is served then, and
a process that saw it fail reconciles on its first request once it is back.
Comparing row with row (not the row with the version) keeps server clocks out of it, and a
scheduled story's own bump, which writes no row, does not disturb it.

An entry is `(status, headers, body)` as plain data, not a pickled HttpResponse: it is what
both doors need and it unpickles several times faster. It holds the headers every
middleware added (this one is outermost), ETag included, so both doors answer a matching
`If-None-Match` (or `If-Modified-Since`) with a 304.
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
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import parse_etags
from django.utils.http import parse_http_date_safe

logger = logging.getLogger(__name__)

VERSION_KEY = "newsroom:public-content-version"
DB_VERSION_KEY = "newsroom:public-db-version"  # the PublicContentVersion the last bump saw
NEXT_SCHEDULED_KEY = "newsroom:next-scheduled"
NO_SCHEDULE = 0.0  # stored when nothing is scheduled
# Health probes (newsroom/health.py) must reach the process, never a cache lookup.
SKIP_PREFIXES = ("/admin/", "/preview/", "/en/preview/", "/static/", "/media/", "/healthz",
                 "/readyz")
CACHEABLE_STATUS = (200, 301, 404, 410)
REASONS = {200: "OK", 301: "Moved Permanently", 304: "Not Modified", 404: "Not Found",
           410: "Gone"}
# Headers a 304 keeps (RFC 9110 15.4.5): the validators and what caches need.
NOT_MODIFIED_HEADERS = {"cache-control", "content-location", "date", "etag", "expires",
                        "last-modified", "vary", "x-cache"}

# The process-local level (see the module docstring).
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


def bump_version(db_version: int | None = None) -> None:
    """Make every cached page stale now (called after commit of any public change, with the
    PublicContentVersion value it wrote). A cache failure leaves it to the reconcile."""
    values = {VERSION_KEY: time.time_ns()}
    if db_version is not None:
        values[DB_VERSION_KEY] = db_version
    cache.set_many(values, timeout=None)
    cache.delete(NEXT_SCHEDULED_KEY)
    forget_local()


def reconcile() -> None:
    """Bump the version if the database holds a public change the cache has not seen (a
    lost bump); at most once every RECONCILE_SECONDS per process. Never raises."""
    global _reconciled_at
    now = time.monotonic()
    period = settings.NEWSROOM_PAGE_CACHE_RECONCILE_SECONDS
    if _reconciled_at is not None and now - _reconciled_at < period:
        return
    if not getattr(cache, "available", True):
        _reconciled_at = None  # nothing is read from the cache now: reconcile when it is back
        return
    _reconciled_at = now
    truth = _from_db(_db_version)
    if truth is None:
        return  # the database is unavailable: try again next period
    seen = cache.get(DB_VERSION_KEY)
    if not getattr(cache, "available", True):
        _reconciled_at = None
        return
    if seen != truth:
        bump_version(truth)
        _reconciled_at = now


def _db_version() -> int:
    from editorial.models import PublicContentVersion

    return PublicContentVersion.current()


def _from_db(query):
    """`query()`, or None on a database error, then not tried again for DB_RETRY_SECONDS.

    The WSGI door runs outside Django's request signals, which retire an old or broken
    connection: that is done here (outside a transaction), before the query and after a
    failure, so the next query reconnects."""
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


def page_key(environ, path, version) -> str:
    """The entry of one URL as the client asked for it (method, scheme, host, path and raw
    query string) under one content version. `path` is `request.path` (the middleware) or
    `request_path(environ)` (the WSGI door): the same text, so both doors agree."""
    scheme = environ.get("wsgi.url_scheme", "http")
    proxy_header = settings.SECURE_PROXY_SSL_HEADER
    if proxy_header and environ.get(proxy_header[0]) == proxy_header[1]:
        scheme = "https"
    raw = "\n".join([
        environ.get("REQUEST_METHOD", ""), scheme, environ.get("HTTP_HOST", ""),
        path, environ.get("QUERY_STRING", ""),
    ])
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"newsroom:page:{version}:{digest}"


def cacheable_request(environ, path) -> bool:
    return (
        settings.NEWSROOM_PAGE_CACHE
        and environ.get("REQUEST_METHOD") in ("GET", "HEAD")
        and f"{settings.SESSION_COOKIE_NAME}=" not in environ.get("HTTP_COOKIE", "")
        and not path.startswith(SKIP_PREFIXES)
    )


def cached_entry(environ, path):
    """The cached (status, headers, body) of this request under the current version, or
    (None, version) when there is none.

    From this process's memory when it read the version a moment ago (no round trip);
    otherwise one round trip for the version, the schedule and the page under the version
    this process saw last, and a second one only if the version has moved since.
    """
    reconcile()
    version = _remembered_version(environ)
    if version is not None:
        key = page_key(environ, path, version)
        entry = _local_entry(key)
        if entry is not None:
            return entry, version
    seen = _seen
    guess = seen.version if seen is not None else None
    keys = [VERSION_KEY, NEXT_SCHEDULED_KEY]
    if guess is not None:
        keys.append(page_key(environ, path, guess))
    values = cache.get_many(keys)
    version = _checked_version(values).version
    if version == guess:
        key, entry = keys[2], values.get(keys[2])
    else:
        key = page_key(environ, path, version)
        entry = cache.get(key)
    if entry is not None:
        _remember_entry(key, version, entry)
    return entry, version


def store_entry(environ, path, version, entry) -> None:
    """Keep a freshly rendered page under `version`, shared and in this process."""
    key = page_key(environ, path, version)
    cache.set(key, entry, settings.NEWSROOM_PAGE_CACHE_SECONDS)
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
    if status != 304:
        headers.append(("Content-Length", str(len(body))))
    return status, headers, body


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request.META, request.path):
            return self.get_response(request)
        entry, version = cached_entry(request.META, request.path)
        if entry is not None:
            return self._replay(request, entry)
        response = self.get_response(request)
        if self._cacheable_response(response):
            response["X-Cache"] = "miss"
            entry = (response.status_code, list(response.items()), response.content)
            store_entry(request.META, request.path, version, entry)
        return response

    def _replay(self, request, entry):
        status, headers, body = replay(request.META, entry)
        response = HttpResponseNotModified() if status == 304 else HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        return response

    def _cacheable_response(self, response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code in CACHEABLE_STATUS
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and not getattr(response, "streaming", False)
        )


class CachedPagesApp:
    """WSGI middleware for gunicorn: a reader's cached page straight from the cache.

    Anything it cannot answer (no entry, staff, not GET/HEAD, a cache error) goes to Django
    unchanged, where PublicPageCacheMiddleware renders and stores it.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            path = request_path(environ)
        except Exception:  # noqa: BLE001 - let Django answer a malformed path its own way
            return self.application(environ, start_response)
        if cacheable_request(environ, path):
            try:
                entry, _version = cached_entry(environ, path)
            except Exception:  # noqa: BLE001 - a cache outage must not take the site down
                entry = None
            if entry is not None:
                return self._replay(environ, start_response, entry)
        return self.application(environ, start_response)

    @staticmethod
    def _replay(environ, start_response, entry):
        status, headers, body = replay(environ, entry)
        start_response(f"{status} {REASONS.get(status, '')}".rstrip(), headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" or status == 304 else [body]
