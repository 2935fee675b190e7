"""What may be cached, said once: the page cache, the cache headers, the front refresher and
deploy/nginx.conf all follow it (tests/caching/test_policy.py checks nginx agrees)."""

# Answers a shared cache may keep: a page, a permanent redirect, and "not here" / "gone".
CACHEABLE_STATUSES = (200, 301, 404, 410)

# The desk and story previews: private for everyone, never stored by any cache.
PRIVATE_PREFIXES = ("/admin/", "/preview/", "/en/preview/")

# The readers' most-read beacon (public/mostread.py): a POST that counts a view, so no cache
# may answer it in the app's place, whatever its method.
BEACON_PREFIXES = ("/hit/",)

# Never stored by any cache, and bypassed by the nginx front ($newsroom_private_path).
NEVER_STORED_PREFIXES = (*PRIVATE_PREFIXES, *BEACON_PREFIXES)

# Never looked up in the page cache: what is never stored, files nginx or whitenoise serve,
# and the health probes (which must measure the process, never wait on a cache).
PAGE_CACHE_SKIPS = (*NEVER_STORED_PREFIXES, "/static/", "/media/", "/healthz", "/readyz")


def is_private(path: str) -> bool:
    return path.startswith(PRIVATE_PREFIXES)


def never_stored(path: str) -> bool:
    return path.startswith(NEVER_STORED_PREFIXES)


def skips_page_cache(path: str) -> bool:
    return path.startswith(PAGE_CACHE_SKIPS)


def cacheable_status(status: int) -> bool:
    return status in CACHEABLE_STATUSES
