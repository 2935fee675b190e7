"""The archive stays cached across a publish (bench/replay.py at 10,000 stories, here small):
warm every story's page through the WSGI door, publish one new story through the desk's
service, replay the same addresses: at least 99 % hits (one global version gave none)."""

import pytest
from django.test import override_settings

from caching import backends as safe_cache
from caching import pagecache
from editorial import services
from tests.caching.conftest import RedisServer
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db

N = 40


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request, tmp_path, monkeypatch):
    if request.param == "locmem":
        caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                              "OPTIONS": {"MAX_ENTRIES": 10_000}}}
    else:
        monkeypatch.setattr(safe_cache, "breaker", safe_cache._Breaker())
        server = RedisServer(tmp_path)
        request.addfinalizer(server.stop)
        caches = {"default": {"BACKEND": "caching.backends.RedisCache",
                              "LOCATION": f"redis://127.0.0.1:{server.port}/0"}}
    with override_settings(CACHES=caches, NEWSROOM_PAGE_CACHE=True):
        pagecache.forget_local()
        yield request.param
    pagecache.forget_local()


def replay(door, paths) -> int:
    hits = 0
    for path in paths:
        pagecache.forget_local()  # a cold worker: the shared cache is asked
        status, headers, _body = door.get(path)
        assert status == 200, path
        hits += headers.get("X-Cache") == "hit"
    return hits


def test_a_publish_leaves_the_archive_cached(shared_cache, door, editor,
                                             django_capture_on_commit_callbacks):
    sections = [SectionFactory(), SectionFactory()]
    authors, tags = [AuthorFactory() for _ in range(3)], [TagFactory() for _ in range(5)]
    stories = []
    for k in range(N):
        story = ArticleFactory(published=True, section=sections[k % 2],
                               bylines=[authors[k % 3]])
        story.tags.add(tags[k % 5])
        stories.append(story)
    paths = [story.get_absolute_url() for story in stories]
    assert replay(door, paths) == 0  # warm
    assert replay(door, paths) == N
    new = ArticleFactory(status="in_review", section=sections[0], bylines=[authors[0]])
    new.tags.add(tags[0])

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_article(new, by=editor, override=True)

    assert replay(door, paths) / N >= 0.99
    status, headers, _body = door.get(sections[0].get_absolute_url())
    assert (status, headers["X-Cache"]) == (200, "miss")
