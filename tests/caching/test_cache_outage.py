"""A cache is an optimisation, never a dependency: Redis stopped or hanging.

Each test starts its own redis-server on a free port (never the shared one) and stops it,
freezes it (SIGSTOP) or lets it go (SIGCONT) itself.
"""

import logging
import time

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import override_settings

from articles.models import Article
from caching import backends as safe_cache
from caching import pagecache
from caching.models import PublicContentVersion
from editorial.workflow import Status
from tests.caching.conftest import RedisServer
from tests.factories import PASSWORD, ArticleFactory

pytestmark = pytest.mark.django_db

TIMEOUT = 0.25  # the socket timeouts the settings give production
BOUND = 5.0  # NEWSROOM_PAGE_CACHE_RECONCILE_SECONDS' default: the bound a lost bump may last


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_cache(redis_server, monkeypatch):
    """The project's RedisCache on our own server, page cache on, each process state fresh."""
    monkeypatch.setattr(safe_cache, "breaker", safe_cache._Breaker())
    monkeypatch.setattr(pagecache, "_reconciled_at", None)
    monkeypatch.setattr(pagecache, "_db_retry_at", 0.0)
    caches = {"default": {
        "BACKEND": "caching.backends.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{redis_server.port}/0",
        "OPTIONS": {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT},
    }}
    with override_settings(CACHES=caches, NEWSROOM_PAGE_CACHE=True):
        pagecache.forget_local()
        yield redis_server
    pagecache.forget_local()


@pytest.fixture
def desk(client, editor):
    """A logged-in editor's client (its own: readers' `client` stays anonymous)."""
    staff = client.__class__()
    assert staff.login(username=editor.username, password=PASSWORD)
    return staff


def move(desk, story, name, note="سبب"):
    return desk.post(f"/admin/articles/article/{story.pk}/move/{name}/", {"note": note})


def warm(client, url):
    """Until the page is a hit (the first render may create the site-settings row, which is
    a public change of its own in a flushed transactional test)."""
    for _ in range(3):
        response = client.get(url)
        if response["X-Cache"] == "hit":
            return response
    raise AssertionError(f"{url} is never a hit")


def wait_until_available(limit=safe_cache.RETRY_SECONDS + 2):
    """The breaker's pinger finds Redis back within RETRY_SECONDS."""
    deadline = time.monotonic() + limit
    while not cache.available:
        assert time.monotonic() < deadline, "the cache never came back"
        time.sleep(0.05)


def reader_pages(story):
    return ["/", story.get_absolute_url(), "/search/?q=" + story.title_ar.split()[0]]


def timed_get(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


# --- Redis stopped ---


@pytest.mark.django_db(transaction=True)
def test_redis_stopped_readers_get_pages_and_a_desk_move_commits(redis_cache, client, desk):
    story = ArticleFactory(published=True, title_ar="خبر قائم")
    for url in reader_pages(story):
        warm(client, url)

    redis_cache.stop()
    time.sleep(pagecache.LOCAL_VERSION_SECONDS)  # past what this process remembers

    for url in reader_pages(story):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Cache"] == "miss"  # rendered: nothing is read from a dead cache
    assert desk.get("/admin/articles/article/").status_code == 200
    assert desk.get(f"/admin/articles/article/{story.pk}/change/").status_code == 200

    response = move(desk, story, "unpublish")  # a real commit: its on-commit bump fails

    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).status == Status.UNPUBLISHED
    assert client.get(story.get_absolute_url()).status_code == 410
    assert move(desk, story, "return_to_draft").status_code == 302
    assert desk.get(f"/admin/articles/article/{story.pk}/change/").status_code == 200


def test_redis_stopped_site_settings_come_from_the_database(redis_cache, client):
    from sitesettings.models import SiteSettings

    SiteSettings.objects.update_or_create(pk=1, defaults={"site_name_ar": "الأمصار اليوم"})
    redis_cache.stop()

    assert SiteSettings.load().site_name_ar == "الأمصار اليوم"
    assert "الأمصار اليوم" in client.get("/").content.decode()


# --- Redis hanging ---


@pytest.mark.django_db(transaction=True)
def test_redis_hanging_pages_answer_quickly_and_a_desk_move_succeeds(redis_cache, client, desk):
    story = ArticleFactory(published=True, title_ar="خبر قائم")
    other = ArticleFactory(published=True)
    for url in reader_pages(story):
        warm(client, url)

    with redis_cache.hanging():
        for url in reader_pages(story) * 3:
            response, took = timed_get(client, url)
            assert response.status_code == 200, url
            assert took < 2.0, (url, took)  # generous: the figure that counts is the soak's
        started = time.monotonic()
        response = move(desk, other, "unpublish")
        assert response.status_code == 302
        assert time.monotonic() - started < 2.0
        assert Article.objects.get(pk=other.pk).status == Status.UNPUBLISHED


def test_a_hanging_redis_costs_one_timeout_not_one_per_call(redis_cache):
    cache.set("k", "v")
    with redis_cache.hanging():
        started = time.monotonic()
        for _ in range(50):
            assert cache.get("k") is None
            cache.set("k", "w")
        took = time.monotonic() - started
    assert took < 4 * TIMEOUT, took
    assert not cache.available


# --- the bound on a lost invalidation ---


def poll_until_gone(client, url, limit):
    """Seconds until `url` answers 410, polling; fails past `limit`."""
    started = time.monotonic()
    while True:
        elapsed = time.monotonic() - started
        response = client.get(url)
        if response.status_code == 410:
            return elapsed, response
        assert response.status_code == 200
        assert elapsed < limit, f"still served after {elapsed:.1f} s"
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_unpublished_while_redis_hangs_is_gone_within_the_bound(redis_cache, client, desk):
    """A frozen Redis runs the bump it had queued when it resumes; either way (that, or
    the reconcile) readers get the 410 within the bound."""
    story = ArticleFactory(published=True, title_ar="خبر سيُسحب")
    path = story.get_absolute_url()
    warm(client, path)

    with redis_cache.hanging():
        response = move(desk, story, "unpublish")
        assert response.status_code == 302
        assert Article.objects.get(pk=story.pk).status == Status.UNPUBLISHED

    elapsed, _response = poll_until_gone(client, path, BOUND + 1.0)

    assert elapsed <= BOUND + 1.0
    wait_until_available()
    client.get(path)
    again = client.get(path)
    assert (again.status_code, again["X-Cache"]) == (410, "hit")


@pytest.mark.django_db(transaction=True)
def test_unpublished_while_redis_restarts_is_gone_within_the_bound(
    redis_cache, client, desk
):
    """Redis goes down and comes back with its saved data (the old version and page): the
    bump after commit is truly lost, and only the reconcile can repair it."""
    story = ArticleFactory(published=True, title_ar="خبر سيُسحب")
    path = story.get_absolute_url()
    warm(client, path)
    cached_version = cache.get(pagecache.VERSION_KEY)
    redis_cache.save()
    redis_cache.stop()

    assert move(desk, story, "unpublish").status_code == 302
    assert Article.objects.get(pk=story.pk).status == Status.UNPUBLISHED
    redis_cache.start()
    wait_until_available()
    assert cache.get(pagecache.VERSION_KEY) == cached_version  # the old page is back

    elapsed, _response = poll_until_gone(client, path, BOUND + 1.0)

    assert elapsed <= BOUND + 1.0
    assert cache.get(pagecache.VERSION_KEY) != cached_version  # repaired, not just skipped
    client.get(path)
    again = client.get(path)
    assert (again.status_code, again["X-Cache"]) == (410, "hit")


def test_a_bump_lost_after_commit_is_repaired_from_the_database_within_the_bound(
    redis_cache, client, editor
):
    """The process died between the commit and the bump: here the on-commit callbacks
    never run (pytest-django's transaction is never committed), the row is written."""
    from editorial import services

    story = ArticleFactory(published=True, title_ar="خبر سيُسحب")
    path = story.get_absolute_url()
    warm(client, path)
    before = PublicContentVersion.current()

    services.unpublish_article(story, by=editor, reason="خطأ")
    pagecache.reconcile()  # nothing due yet: the last one ran a moment ago
    assert PublicContentVersion.current() > before

    stale = client.get(path)
    assert (stale.status_code, stale["X-Cache"]) == (200, "hit")  # the lost bump, visible
    elapsed, _response = poll_until_gone(client, path, BOUND + 1.0)

    assert elapsed > 0.5  # it took the reconcile, not anything else
    assert cache.get(pagecache.DB_VERSION_KEY) == PublicContentVersion.current()


def test_a_scheduled_bump_does_not_make_the_reconcile_bump_again(redis_cache, client):
    """The cache's own version moves without a row (a scheduled story became due): the
    reconcile compares the row with the row the last bump saw, so it leaves it alone."""
    story = ArticleFactory(published=True)
    warm(client, story.get_absolute_url())
    cache.set(pagecache.VERSION_KEY, cache.get(pagecache.VERSION_KEY) + 1, timeout=None)
    version = cache.get(pagecache.VERSION_KEY)

    pagecache._reconciled_at = None
    pagecache.reconcile()

    assert cache.get(pagecache.VERSION_KEY) == version


# --- the database failing on the hit path ---


def test_cached_pages_are_served_while_the_database_fails(redis_cache, client):
    story = ArticleFactory(published=True)
    path = story.get_absolute_url()
    warm(client, path)
    cache.delete(pagecache.NEXT_SCHEDULED_KEY)  # the hit path must ask the database for it
    pagecache.forget_local()
    pagecache._reconciled_at = None  # and reconcile now

    def refuse(*args, **kwargs):
        raise OperationalError("the database is down")

    with connection.execute_wrapper(refuse):
        response = client.get(path)

    assert (response.status_code, response["X-Cache"]) == (200, "hit")


# --- the log ---


def test_an_outage_is_logged_once_and_its_end_once(redis_cache, client, caplog, monkeypatch):
    monkeypatch.setattr(safe_cache, "RETRY_SECONDS", 0.2)
    story = ArticleFactory(published=True)
    redis_cache.stop()

    with caplog.at_level(logging.INFO, logger="caching"):
        for _ in range(100):
            cache.get("k")
            cache.set("k", 1)
        for _ in range(5):
            assert client.get(story.get_absolute_url()).status_code == 200
            time.sleep(0.1)
        redis_cache.start()
        wait_until_available()
        for _ in range(20):
            cache.get("k")

    messages = [r.getMessage() for r in caplog.records if r.name == "caching.backends"]
    assert len(messages) == 2, messages
    assert messages[0].startswith("Cache unavailable")
    assert messages[1] == "Cache available again"
    assert cache.available


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend")
@pytest.mark.django_db(transaction=True)
def test_the_wsgi_door_leaves_no_broken_connection_behind(redis_cache):
    """The WSGI door runs outside Django's request signals: a connection PostgreSQL dropped
    under it must not break the cached page, nor the requests after it."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from tests.caching.conftest import Door

    story = ArticleFactory(published=True)
    path = story.get_absolute_url()
    door = Door()
    assert any(door.get(path)[1]["X-Cache"] == "hit" for _ in range(3))  # as warm() does
    # Like a gunicorn worker that only served hits since: its connection is never retired.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        import psycopg

        other = psycopg.connect(**connection.get_connection_params(), autocommit=True)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        other.close()
        pagecache.forget_local()  # the next request reconciles: a query on the dead link

        status, headers, _body = door.get(path)
        assert (status, headers["X-Cache"]) == (200, "hit")
        pagecache._db_retry_at = 0.0  # the database is back at once
        ArticleFactory(published=True)  # Django's own queries reconnect
        assert PublicContentVersion.current() > 0
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
