"""HTTP caching headers for public pages, so a CDN or the browser can hold them.

Anonymous readers' pages are public: browsers revalidate them (cheap with the ETag: a 304),
shared caches (a CDN, our nginx micro-cache) may keep them for NEWSROOM_SHARED_MAX_AGE
seconds (1 by default), so a publish is visible everywhere within a second. Anything for a
logged-in user is private and revalidated.
ETag and 304 answers come from Django's ConditionalGetMiddleware, which runs after this.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

PRIVATE_PREFIXES = ("/admin/", "/preview/", "/en/preview/")


class PublicCacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.has_header("Cache-Control"):
            return response
        if request.path.startswith(PRIVATE_PREFIXES) or response.status_code not in (
            200, 301, 404, 410,
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
