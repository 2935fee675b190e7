"""The page cache's Django door, and the Cache-Control that lets browsers and the nginx front
keep public pages (ETag and 304s come from ConditionalGetMiddleware, inside both)."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers

from caching import deps, pagecache, policy


class PublicPageCacheMiddleware:
    """Outermost: answers hits and stores what it renders. Behind gunicorn the WSGI door
    (caching.wsgi) has looked the page up already, and its lookup is reused, not asked
    again; under runserver or the test client the lookup happens here, once. A page is
    stored with what it shows (caching.deps.page_deps)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if pagecache.LOOKUP_KEY in request.META:
            version = request.META[pagecache.LOOKUP_KEY]
        elif pagecache.cacheable_request(request.META, request.path):
            entry, version = pagecache.cached_entry(request.META, request.path)
            if entry is not None:
                return self._replay(request, entry)
        else:
            version = None
        response = self.get_response(request)
        if version is not None and self._storable(response):
            response["X-Cache"] = "miss"
            entry = (response.status_code, list(response.items()), response.content)
            pagecache.store_entry(request.META, request.path, version, entry,
                                  deps.page_deps(request, response))
        return response

    @staticmethod
    def _replay(request, entry):
        status, headers, body = pagecache.replay(request.META, entry)
        response = HttpResponseNotModified() if status == 304 else HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        return response

    @staticmethod
    def _storable(response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            policy.cacheable_status(response.status_code)
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and not getattr(response, "streaming", False)
        )


class PublicCacheHeadersMiddleware:
    """Readers' pages are public for NEWSROOM_SHARED_MAX_AGE seconds at shared caches and
    revalidated by browsers; anything for a logged-in user is private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.has_header("Cache-Control"):
            return response
        if policy.is_private(request.path) or not policy.cacheable_status(
            response.status_code
        ):
            return response
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(
                response, public=True, max_age=settings.NEWSROOM_PUBLIC_MAX_AGE,
                s_maxage=settings.NEWSROOM_SHARED_MAX_AGE, stale_while_revalidate=30,
            )
        # The same URL answers differently for staff (never shared) and readers.
        patch_vary_headers(response, ["Cookie"])
        return response
