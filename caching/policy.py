"""What may be cached, said once: the page cache, the cache headers, the front refresher and
deploy/nginx.conf all follow it (tests/caching/test_policy.py checks nginx agrees)."""

# Answers a shared cache may keep: a page, a permanent redirect, and "not here" / "gone".
CACHEABLE_STATUSES = (200, 301, 404, 410)

# The desk and story previews: private for everyone, never stored by any cache.
PRIVATE_PREFIXES = ("/admin/", "/preview/", "/en/preview/")

# Never looked up in the page cache: the private paths, files nginx or whitenoise serve, and
# the health probes (which must measure the process, never wait on a cache).
PAGE_CACHE_SKIPS = (*PRIVATE_PREFIXES, "/static/", "/media/", "/healthz", "/readyz")


def is_private(path: str) -> bool:
    return path.startswith(PRIVATE_PREFIXES)


def skips_page_cache(path: str) -> bool:
    return path.startswith(PAGE_CACHE_SKIPS)


def cacheable_status(status: int) -> bool:
    return status in CACHEABLE_STATUSES
