"""The API is cached as the readers' pages are (caching/): ETag and 304, public
Cache-Control, kept in the page cache with what it shows (caching/deps.py) and renewed by the
same changes."""

import pytest

from caching import deps, pagecache
from editorial import services
from tests.factories import ArticleFactory, SectionFactory
from tests.readers import place

pytestmark = pytest.mark.django_db


def x_cache(client, path):
    pagecache.forget_local()  # as another worker would: ask the shared cache
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response["X-Cache"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/stories/",
        "/api/v1/sections/",
        "/api/v1/tags/",
        "/api/v1/search/?q=خبر",
        "/api/v1/schema/",
    ],
)
def test_conditional_get_answers_304(client, placement, path):
    place(placement, published=True)
    first = client.get(path)
    etag = first["ETag"]

    again = client.get(path, headers={"if-none-match": etag})

    assert first.status_code == 200 and etag
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(path, headers={"if-none-match": '"other"'}).status_code == 200


def test_a_story_answers_304_to_if_modified_since(client, placement):
    story = place(placement, published=True)
    path = f"/api/v1/stories/{story.pk}/"
    modified = client.get(path)["Last-Modified"]

    assert client.get(path, headers={"if-modified-since": modified}).status_code == 304


def test_public_for_shared_caches(client, placement, settings):
    place(placement, published=True)

    response = client.get("/api/v1/stories/")

    assert "public" in response["Cache-Control"]
    assert f"s-maxage={settings.NEWSROOM_SHARED_MAX_AGE}" in response["Cache-Control"]


def test_refusals_are_never_stored(client, page_cache_on):
    for _ in range(2):
        response = client.get("/api/v1/stories/?lang=xx")
        assert response.status_code == 400
        assert response.get("X-Cache") != "hit"


def test_the_api_declares_what_it_shows():
    from django.test import RequestFactory
    from django.urls import resolve

    def deps_of(url):
        request = RequestFactory().get(url)
        request.resolver_match = resolve(request.path)
        return deps.page_deps(request, object())

    assert deps_of("/api/v1/stories/12/") == ("story:12",)
    assert deps_of("/api/v1/stories/?lang=en") == ("list:home",)
    assert deps_of("/api/v1/stories/?section=s&tag=t") == ("list:section:s", "list:tag:t", "lists")
    assert deps_of("/api/v1/search/?q=x") == (pagecache.ANY,)


def test_a_publish_renews_the_lists_it_is_in_and_leaves_other_stories_cached(
    client, editor, commit, page_cache_on
):
    section, other_section = SectionFactory(), SectionFactory()
    old = ArticleFactory(published=True, section=section)
    elsewhere = ArticleFactory(published=True, section=other_section)
    paths = {
        "list": "/api/v1/stories/",
        "section": f"/api/v1/stories/?section={section.slug}",
        "other_section": f"/api/v1/stories/?section={other_section.slug}",
        "old": f"/api/v1/stories/{old.pk}/",
        "elsewhere": f"/api/v1/stories/{elsewhere.pk}/",
    }
    for path in paths.values():
        client.get(path)
        assert x_cache(client, path) == "hit", path
    new = ArticleFactory(status="in_review", section=section, title_ar="خبر جديد في القسم")

    with commit():
        services.publish_article(new, by=editor, override=True)

    assert x_cache(client, paths["list"]) == "miss"
    assert x_cache(client, paths["section"]) == "miss"
    assert new.pk in [s["id"] for s in client.get(paths["section"]).json()["results"]]
    for name in ("other_section", "old", "elsewhere"):
        assert x_cache(client, paths[name]) == "hit", name


def test_an_unpublished_story_leaves_the_cached_api_at_once(client, editor, commit, page_cache_on):
    story = ArticleFactory(published=True, title_ar="خبر سيسحب")
    detail = f"/api/v1/stories/{story.pk}/"
    for path in ("/api/v1/stories/", detail, "/api/v1/search/?q=سيسحب"):
        client.get(path)
        assert x_cache(client, path) == "hit"

    with commit():
        services.unpublish_article(story, by=editor, reason="خطأ في الخبر")

    assert client.get(detail).status_code == 410
    for path in ("/api/v1/stories/", "/api/v1/search/?q=سيسحب"):
        assert "خبر سيسحب" not in client.get(path).content.decode(), path


def test_through_the_wsgi_door_a_hit_never_reaches_django(placement, door, page_cache_on):
    place(placement, published=True)
    path = "/api/v1/stories/?lang=ar"

    status, headers, _body = door.get(path)
    calls = door.django_calls
    pagecache.forget_local()
    status_again, headers_again, body = door.get(path)

    assert (status, status_again) == (200, 200)
    assert headers_again["X-Cache"] == "hit" and door.django_calls == calls
    assert b'"results"' in body
    assert door.get(path, if_none_match=headers["ETag"])[0] == 304
