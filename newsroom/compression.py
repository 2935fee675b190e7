"""Readers' pages compressed by the app when nothing in front does it (`make run`).

Behind deploy/nginx.conf, nginx compresses and asks gunicorn for plain bodies (it sends no
Accept-Encoding upstream), so this does nothing there and the page caches (nginx's and
caching/pagecache.py's, which sits inside this middleware) keep one plain copy per page.

BREACH: a compressed page that reflects what a reader typed beside a secret leaks the secret
byte by byte. Readers' pages carry no secret; the desk does (CSRF tokens, session-bound
forms). So the desk, previews, anything private, anything setting a cookie and anything that
used a CSRF token is sent uncompressed.
"""

from django.middleware.gzip import GZipMiddleware

UNCOMPRESSED_PREFIXES = ("/admin/", "/preview/", "/en/preview/")


class ReadersGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if (
            request.path_info.startswith(UNCOMPRESSED_PREFIXES)
            or response.cookies
            or "private" in response.get("Cache-Control", "")
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
        ):
            return response
        return super().process_response(request, response)
