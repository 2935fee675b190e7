"""The anonymous page cache: warm, yet never stale after a change readers may see."""

import gzip
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from editorial import services
from tests.factories import PASSWORD, ArticleFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def warm(client, url):
    first, second = client.get(url), client.get(url)
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    return second


def test_publish_is_visible_on_the_next_request(client, editor, commit):
    warm(client, "/")
    draft = ArticleFactory(title_ar="خبر نُشر للتو", status="in_review")

    with commit():
        services.publish_article(draft, by=editor, override=True)

    response = client.get("/")
    assert response["X-Cache"] == "miss"
    assert "خبر نُشر للتو" in response.content.decode()


def test_edit_of_a_live_story_is_visible_on_the_next_request(client, editor, commit):
    story = ArticleFactory(published=True, title_ar="عنوان قديم")
    path = story.get_absolute_url()
    warm(client, path)
    staff = client.__class__()
    staff.login(username=editor.username, password=PASSWORD)
    form = staff.get(f"/admin/articles/article/{story.pk}/change/").context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if not isinstance(v, list)}
    data.update({
        "title_ar": "عنوان جديد", "section": story.section_id, "edit_version": story.version,
        "bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0", "_save": "1",
    })
    data.pop("tags", None)

    with commit():
        response = staff.post(f"/admin/articles/article/{story.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:500]

    html = client.get(path).content.decode()
    assert "عنوان جديد" in html
    assert "عنوان قديم" not in html


def test_unpublish_is_visible_on_the_next_request(client, editor, commit):
    story = ArticleFactory(published=True, title_ar="خبر سيُسحب")
    path = story.get_absolute_url()
    warm(client, path)
    warm(client, "/")

    with commit():
        services.unpublish_article(story, by=editor, reason="خطأ في المصدر")

    assert client.get(path).status_code == 410
    assert "خبر سيُسحب" not in client.get("/").content.decode()


def test_scheduled_story_appears_on_time_with_a_warm_cache(client, editor, commit):
    ArticleFactory(published=True)
    story = ArticleFactory(title_ar="خبر مجدول", status="in_review")
    at = timezone.now() + timedelta(minutes=1)
    with commit():
        services.publish_article(story, by=editor, at=at, override=True)
    warm(client, "/")
    assert "خبر مجدول" not in client.get("/").content.decode()

    later = at + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get("/")

    assert response["X-Cache"] == "miss"
    assert "خبر مجدول" in response.content.decode()


def test_staff_never_read_or_fill_the_shared_cache(client, editor):
    story = ArticleFactory(published=True)
    path = story.get_absolute_url()
    warm(client, path)
    staff = client.__class__()
    staff.login(username=editor.username, password=PASSWORD)

    response = staff.get(path)

    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]
    reader = client.get(path)
    assert reader["X-Cache"] == "hit"
    assert "public" in reader["Cache-Control"]
    # A staff visit to a page nobody cached yet does not fill it for readers.
    section_path = SectionFactory().get_absolute_url()
    staff.get(section_path)
    assert client.get(section_path)["X-Cache"] == "miss"


def test_section_edit_makes_cached_pages_stale(client, commit):
    section = SectionFactory(name_ar="قسم قديم")
    ArticleFactory(published=True, section=section)
    warm(client, "/")
    with commit():
        section.name_ar = "قسم جديد"
        section.save()
    assert "قسم جديد" in client.get("/").content.decode()


def test_cached_page_answers_304_to_its_etag(client):
    ArticleFactory(published=True)
    response = warm(client, "/")
    again = client.get("/", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


# --- The WSGI door (caching/wsgi.py): gunicorn answers hits before Django ----------------

def test_wsgi_door_answers_a_warm_page_without_django(door, django_assert_num_queries):
    story = ArticleFactory(published=True, title_ar="خبر من الذاكرة")
    status, headers, first = door.get(story.get_absolute_url())
    assert (status, headers["X-Cache"], door.django_calls) == (200, "miss", 1)

    with django_assert_num_queries(0):
        status, headers, body = door.get(story.get_absolute_url())

    assert (status, headers["X-Cache"], door.django_calls) == (200, "hit", 1)
    assert body == first and "خبر من الذاكرة" in body.decode()
    assert headers["Content-Length"] == str(len(body))
    assert "public" in headers["Cache-Control"]
    # Headers of the middlewares inside the cache are kept, e.g. SecurityMiddleware's.
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_wsgi_door_gzips_a_hit_for_a_reader_who_accepts_it(door):
    """Under `make run` nothing in front compresses: the door's hits are gzipped as the
    app's middleware gzips its misses, and stay plain for a client (or nginx) asking none."""

    story = ArticleFactory(published=True, title_ar="خبر مضغوط")
    path = story.get_absolute_url()
    _status, miss_headers, miss = door.get(path, accept_encoding="gzip, br")
    assert miss_headers["Content-Encoding"] == "gzip"

    status, headers, body = door.get(path, accept_encoding="gzip, br")
    assert (status, headers["X-Cache"], door.django_calls) == (200, "hit", 1)
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert headers["Content-Length"] == str(len(body))
    assert headers["ETag"].startswith('W/"')
    assert gzip.decompress(body) == gzip.decompress(miss)
    assert "خبر مضغوط" in gzip.decompress(body).decode()

    _status, plain_headers, plain = door.get(path)
    assert "Content-Encoding" not in plain_headers and "Accept-Encoding" in plain_headers["Vary"]
    assert plain == gzip.decompress(body)
    # The weak ETag of the compressed copy revalidates like the strong one.
    assert door.get(path, accept_encoding="gzip", if_none_match=headers["ETag"])[0] == 304


def test_wsgi_door_answers_304_and_head(door):
    ArticleFactory(published=True)
    _status, headers, body = door.get("/")
    status, not_modified_headers, empty = door.get("/", if_none_match=headers["ETag"])
    assert (status, empty, door.django_calls) == (304, b"", 1)
    assert not_modified_headers["ETag"] == headers["ETag"]
    door.get("/", method="HEAD")  # a HEAD has its own entry
    status, head_headers, head_body = door.get("/", method="HEAD")
    assert (status, head_body, head_headers["X-Cache"]) == (200, b"", "hit")
    assert head_headers["Content-Length"] == str(len(body))


def test_wsgi_door_never_serves_staff_and_sees_a_publish(door, editor, commit):
    ArticleFactory(published=True)
    door.get("/")
    door.get("/", cookie="sessionid=whatever")
    assert door.django_calls == 2  # a session cookie always goes to Django

    draft = ArticleFactory(title_ar="عاجل نُشر الآن", status="in_review")
    with commit():
        services.publish_article(draft, by=editor, override=True)
    status, headers, body = door.get("/")
    assert (headers["X-Cache"], door.django_calls) == ("miss", 3)
    assert "عاجل نُشر الآن" in body.decode()


def test_entries_are_per_host_and_query(door):
    ArticleFactory(published=True)
    door.get("/")
    door.get("/", HOST="other.example")  # not an allowed host: Django refuses, nothing cached
    door.get("/?page=1")
    assert door.django_calls == 3


# --- The process-local level -------------------------------------------------------------


def another_server_publishes():
    """What a change committed on another app server leaves in the shared cache: a new
    version (that server's bump_version cannot reach this process's memory)."""
    from django.core.cache import cache

    from caching import pagecache

    cache.set(pagecache.VERSION_KEY, cache.get(pagecache.VERSION_KEY) + 1, timeout=None)


def test_a_hot_page_is_answered_from_process_memory(door, clock):
    from django.core.cache import cache

    ArticleFactory(published=True)
    door.get("/")
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many, \
            mock.patch.object(cache, "get", wraps=cache.get) as get:
        status, headers, _body = door.get("/")
    assert (status, headers["X-Cache"], door.django_calls) == (200, "hit", 1)
    assert get_many.call_count == get.call_count == 0


def test_another_servers_change_shows_within_the_local_lifetime(door, clock):
    from caching.pagecache import LOCAL_VERSION_SECONDS

    ArticleFactory(published=True)
    door.get("/")
    another_server_publishes()

    clock.now += LOCAL_VERSION_SECONDS / 2
    assert door.get("/")[1]["X-Cache"] == "hit"  # still the version read a moment ago
    clock.now += LOCAL_VERSION_SECONDS / 2
    status, headers, _body = door.get("/")
    assert (headers["X-Cache"], door.django_calls) == ("miss", 2)


def test_a_refresh_from_the_front_always_reads_the_shared_version(door, clock):
    ArticleFactory(published=True)
    door.get("/")
    another_server_publishes()

    _status, headers, _body = door.get("/", x_newsroom_refresh="1")
    assert (headers["X-Cache"], door.django_calls) == ("miss", 2)
    # ...and the header with any other value is an ordinary request.
    another_server_publishes()
    assert door.get("/", x_newsroom_refresh="0")[1]["X-Cache"] == "hit"


def test_a_due_scheduled_story_is_not_hidden_by_the_remembered_version(
    door, clock, editor, commit
):
    ArticleFactory(published=True)
    story = ArticleFactory(title_ar="خبر في موعده", status="in_review")
    at = timezone.now() + timedelta(minutes=1)
    with commit():
        services.publish_article(story, by=editor, at=at, override=True)
    door.get("/")
    assert door.get("/")[1]["X-Cache"] == "hit"

    with mock.patch("django.utils.timezone.now", return_value=at + timedelta(seconds=1)):
        _status, headers, body = door.get("/")
    assert headers["X-Cache"] == "miss" and "خبر في موعده" in body.decode()


def test_process_memory_stays_within_its_bound(door, clock, monkeypatch):
    from caching import pagecache

    ArticleFactory(published=True)
    page = len(door.get("/")[2]) + 512
    # Room for eight such pages (one entry may take an eighth of the room, no more).
    monkeypatch.setattr(pagecache, "LOCAL_BYTES", page * 8 + 100)
    pagecache.forget_local()
    for n in range(12):
        door.get(f"/?n={n}")
    assert door.django_calls == 13
    assert 0 < pagecache._entries_bytes <= pagecache.LOCAL_BYTES
    assert len(pagecache._entries) == 8
    assert door.get("/?n=0")[1]["X-Cache"] == "hit"  # gone from memory: the shared cache
    assert door.django_calls == 13


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_probes_never_look_in_the_page_cache(path, settings):
    """A probe must measure the process, not wait on a lookup in a failing cache."""
    from caching.pagecache import cacheable_request

    settings.NEWSROOM_PAGE_CACHE = True
    assert not cacheable_request({"REQUEST_METHOD": "GET"}, path)
    assert cacheable_request({"REQUEST_METHOD": "GET"}, "/")
