"""The page cache's WSGI door (gunicorn): a reader's cached page straight from the cache,
before Django builds a request; what it cannot answer goes to Django with its lookup."""

from caching import pagecache


class CachedPagesApp:
    """Wraps the Django application (newsroom/wsgi.py). A miss carries what it looked up
    (pagecache.Lookup) in the environ (pagecache.LOOKUP_KEY), so PublicPageCacheMiddleware
    stores under it without a second lookup."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            path = pagecache.request_path(environ)
        except Exception:  # noqa: BLE001 - let Django answer a malformed path its own way
            return self.application(environ, start_response)
        version = None
        if pagecache.cacheable_request(environ, path):
            try:
                entry, version = pagecache.cached_entry(environ, path)
            except Exception:  # noqa: BLE001 - a cache outage must not take the site down
                entry, version = None, None
            if entry is not None:
                return self._replay(environ, start_response, entry)
        environ[pagecache.LOOKUP_KEY] = version
        return self.application(environ, start_response)

    @staticmethod
    def _replay(environ, start_response, entry):
        status, headers, body = pagecache.replay(environ, entry)
        start_response(f"{status} {pagecache.REASONS.get(status, '')}".rstrip(), headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" or status == 304 else [body]
