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
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

VERSION_KEY = "newsroom:public-content-version"
NEXT_SCHEDULED_KEY = "newsroom:next-scheduled"
NO_SCHEDULE = 0.0  # stored when nothing is scheduled
SKIP_PREFIXES = ("/admin/", "/preview/", "/en/preview/", "/static/", "/media/")
CACHEABLE_STATUS = (200, 301, 404, 410)


def bump_version() -> None:
    """Make every cached page stale now (called after commit of any public change)."""
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    cache.delete(NEXT_SCHEDULED_KEY)


def current_version() -> int:
    """The content version, bumped first if a scheduled story has become due."""
    values = cache.get_many([VERSION_KEY, NEXT_SCHEDULED_KEY])
    version, next_at = values.get(VERSION_KEY), values.get(NEXT_SCHEDULED_KEY)
    due = next_at not in (None, NO_SCHEDULE) and timezone.now().timestamp() >= next_at
    if version is None or due:
        version = time.time_ns()
        cache.set(VERSION_KEY, version, timeout=None)
    if next_at is None or due:
        cache.set(NEXT_SCHEDULED_KEY, _next_scheduled(), timeout=None)
    return version


def _next_scheduled() -> float:
    from articles.models import Article

    upcoming = Article.objects.scheduled().order_by("published_at").values_list(
        "published_at", flat=True
    ).first()
    return upcoming.timestamp() if upcoming else NO_SCHEDULE


def _key(request, version) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"newsroom:page:{version}:{request.method}:{digest}"


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        key = _key(request, current_version())
        cached = cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if self._cacheable_response(response):
            response["X-Cache"] = "miss"
            cache.set(key, response, settings.NEWSROOM_PAGE_CACHE_SECONDS)
        return response

    def _cacheable_request(self, request) -> bool:
        return (
            settings.NEWSROOM_PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(SKIP_PREFIXES)
        )

    def _cacheable_response(self, response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code in CACHEABLE_STATUS
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and not getattr(response, "streaming", False)
        )
