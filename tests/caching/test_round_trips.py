"""One page-cache lookup per request, hit or miss, whichever door it comes through.

The cache is the real backend (Django's LocMemCache, and the project's RedisCache on a
redis-server of the test's own) with every call its caller makes recorded: a call made
inside another (LocMemCache's get_many calls get) is not counted again. Each counted request
comes after this process's 0.2 s memory of the version has run out, as on a worker that has
not served the page lately: the shared cache must be asked.
"""

import threading

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings

from caching import pagecache
from caching.backends import RedisCache
from tests.caching.conftest import RedisServer
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CALLS: list[tuple[str, list[str]]] = []  # (method, keys) of each outermost call
_inside = threading.local()
LOOKUPS = {"get", "get_many", "has_key"}
STORES = {"set", "set_many", "add", "touch", "incr", "decr"}


def _keys(name, args, kwargs) -> list[str]:
    first = args[0] if args else next(iter(kwargs.values()), None)
    if name in ("get_many", "delete_many"):
        return list(first)
    if name == "set_many":
        return list(first.keys())
    return [] if first is None else [first]


def _counted(name):
    def method(self, *args, **kwargs):
        outer = not getattr(_inside, "busy", False)
        if outer:
            CALLS.append((name, _keys(name, args, kwargs)))
            _inside.busy = True
        try:
            return getattr(super(Counting, self), name)(*args, **kwargs)
        finally:
            if outer:
                _inside.busy = False

    method.__name__ = name
    return method


class Counting:
    """Records each call of the cache API made on the backend it is mixed into."""


for _name in (*LOOKUPS, *STORES, "delete", "delete_many", "clear"):
    setattr(Counting, _name, _counted(_name))


class CountingLocMemCache(Counting, LocMemCache):
    pass


class CountingRedisCache(Counting, RedisCache):
    pass


@pytest.fixture(params=["locmem", "redis"])
def counted_cache(request, tmp_path):
    server = None
    if request.param == "locmem":
        backend = {"BACKEND": f"{__name__}.CountingLocMemCache", "LOCATION": "round-trips"}
    else:
        server = RedisServer(tmp_path)
        backend = {"BACKEND": f"{__name__}.CountingRedisCache",
                   "LOCATION": f"redis://127.0.0.1:{server.port}/0"}
    try:
        with override_settings(CACHES={"default": backend}, NEWSROOM_PAGE_CACHE=True):
            from django.core.cache import cache

            cache.clear()
            pagecache.forget_local()
            yield cache
            pagecache.forget_local()
    finally:
        if server is not None:
            server.stop()


def page_keys(keys) -> list[str]:
    return [k for k in keys if k.startswith("newsroom:page:")]


def counted(do):
    """What `do()` asked of the cache: (all lookups, page lookups, page stores)."""
    CALLS.clear()
    result = do()
    calls = list(CALLS)
    lookups = [c for c in calls if c[0] in LOOKUPS]
    page_lookups = [c for c in lookups if page_keys(c[1])]
    page_stores = [c for c in calls if c[0] in STORES and page_keys(c[1])]
    return result, lookups, page_lookups, page_stores


def test_the_wsgi_door_looks_a_page_up_once_on_a_hit_and_on_a_miss(counted_cache, clock, door):
    ArticleFactory(published=True)
    door.get("/")  # warm: the version, the schedule and the home page are in the cache
    door.get("/?warm=1")

    clock.now += pagecache.LOCAL_VERSION_SECONDS
    (status, headers, _body), lookups, page_lookups, page_stores = counted(lambda: door.get("/"))
    assert (status, headers["X-Cache"], door.django_calls) == (200, "hit", 2)
    assert [name for name, _keys in lookups] == ["get_many"]  # one round trip, nothing else
    assert page_stores == []

    clock.now += pagecache.LOCAL_VERSION_SECONDS
    (status, headers, _body), lookups, page_lookups, page_stores = counted(
        lambda: door.get("/?page=1")
    )
    assert (status, headers["X-Cache"], door.django_calls) == (200, "miss", 3)
    assert len(page_lookups) == 1  # the door's; the middleware reused its version
    assert [name for name, _keys in page_stores] == ["set"]  # the page, stored once
    # The rest is the render's own (site settings), never the page cache's.
    assert not page_keys(sum((keys for _name, keys in lookups if _name != "get_many"), []))


def test_the_middleware_alone_looks_a_page_up_once_on_a_hit_and_on_a_miss(
    counted_cache, clock, client
):
    """runserver and the test client: no WSGI door, the middleware looks up itself, once."""
    ArticleFactory(published=True)
    client.get("/")
    client.get("/?warm=1")

    clock.now += pagecache.LOCAL_VERSION_SECONDS
    response, lookups, page_lookups, page_stores = counted(lambda: client.get("/"))
    assert response["X-Cache"] == "hit"
    assert [name for name, _keys in lookups] == ["get_many"]
    assert page_stores == []

    clock.now += pagecache.LOCAL_VERSION_SECONDS
    response, lookups, page_lookups, page_stores = counted(lambda: client.get("/?page=1"))
    assert response["X-Cache"] == "miss"
    assert len(page_lookups) == 1
    assert [name for name, _keys in page_stores] == ["set"]


def test_a_hit_from_process_memory_asks_the_shared_cache_nothing(counted_cache, clock, door):
    ArticleFactory(published=True)
    door.get("/")

    (_status, headers, _body), lookups, _page_lookups, stores = counted(lambda: door.get("/"))
    assert headers["X-Cache"] == "hit"
    assert lookups == [] and stores == []
