"""A stand-in for the nginx front on loopback (the `front` fixture, tests/conftest.py): it
records every refresh GET the app sends it."""

from django.core.cache import cache

from caching import pagecache
from tests.net import serve_http

SITE = "https://news.example.org"
HOME_PAGES = {"/", "/en/", "/feed/", "/en/feed/"}


class Front:
    """A stand-in for nginx: answers `status` to every GET and records what it was sent."""

    def __init__(self, status=200):
        self.status, self.requests = status, []
        self.server = serve_http(self._respond)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def _respond(self, request):
        self.requests.append({
            "path": request.path, "headers": dict(request.headers),
            # What the page cache holds while the front renders: must be the new version
            # already (CHANGE_KEY moves with every change), or the refresh would store the
            # old page again.
            "version": cache.get(pagecache.CHANGE_KEY),
        })
        return self.status, {}, b"ok"

    @property
    def paths(self):
        return [r["path"] for r in self.requests]
