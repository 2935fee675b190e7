"""What a feed costs at a million stories (#5): one block of bytes to send, at most
MAX_ITEMS stories read, and never their bodies."""

from datetime import timedelta

import pytest
from django.contrib.syndication.views import Feed
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from public import feeds
from public.feeds import LatestStoriesFeed
from sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, SectionFactory
from tests.public.test_feeds import FEEDS, LANGUAGES, feed_url, parse_feed, story_links
from tests.readers import english, path_of, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(placement):
    return [place(placement, published=True, **english(f"Story {n}")) for n in range(3)]


@pytest.mark.parametrize("kind", FEEDS)
def test_response_is_one_block_of_bytes(client, placement, stories, kind):
    response = client.get(feed_url(kind, "ar", placement))

    assert response.status_code == 200
    assert len(response._container) == 1
    assert len(parse_feed(response).findall("item")) == 3


def test_content_is_what_django_s_feed_writes(placement, stories):
    """The same document as `Feed.__call__` makes, in one piece instead of hundreds."""
    request = RequestFactory().get("/feed/")
    feed = LatestStoriesFeed()
    SiteSettings.load()

    with translation.override("ar"):
        pieces = Feed.__call__(feed, request)
        joined = feed(request)

    assert len(pieces._container) > 100
    assert joined.content == b"".join(pieces._container)
    assert joined["Content-Type"] == pieces["Content-Type"]
    assert joined["Last-Modified"] == pieces["Last-Modified"]


def test_feed_is_one_block_of_bytes_with_the_page_cache_too(client, settings, stories):
    """Whether the page cache (caching/pagecache.py, its own tests) stores or replays it."""
    settings.NEWSROOM_PAGE_CACHE = True

    first = client.get("/feed/")
    again = client.get("/feed/")

    assert len(first._container) == len(again._container) == 1
    assert again.content == first.content


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", FEEDS)
def test_story_query_reads_no_body_and_at_most_max_items(
    client, placement, stories, kind, language
):
    SiteSettings.load()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(feed_url(kind, language, placement))
    assert response.status_code == 200

    story_queries = [
        q["sql"] for q in queries
        if 'FROM "articles_article"' in q["sql"] and "ORDER BY" in q["sql"]
    ]
    assert story_queries
    for sql in story_queries:
        # The English edition's condition names body_en; the columns read must not.
        columns = sql.split(' FROM "articles_article"')[0]
        assert "body" not in columns and "search_extra" not in columns, sql
        assert sql.endswith(f"LIMIT {feeds.MAX_ITEMS}"), sql


class TestSectionFeedOfADesk:
    """A section and its sub-sections: the newest of each, merged in publication order."""

    @pytest.fixture
    def desk(self, db):
        section = SectionFactory()
        return section, SectionFactory(parent=section), SectionFactory(parent=section)

    def test_merges_the_desk_newest_first_up_to_max_items(self, client, desk):
        now = timezone.now()
        made = [
            ArticleFactory(published=True, section=desk[n % 3],
                           published_at=now - timedelta(minutes=10 * n))
            for n in range(feeds.MAX_ITEMS + 3)
        ]
        # Same time, two sections: the larger id first, as on the section page.
        tie = ArticleFactory(published=True, section=desk[2], published_at=made[1].published_at)

        links = story_links(parse_feed(client.get(f"{path_of(desk[0])}feed/")))

        expected = [made[0], tie, *made[1 : feeds.MAX_ITEMS - 1]]
        assert links == [f"http://testserver{path_of(story)}" for story in expected]

    def test_an_inactive_sub_section_is_left_out(self, client, desk):
        section, sub, closed = desk
        closed.is_active = False
        closed.save()
        listed = [ArticleFactory(published=True, section=s) for s in (section, sub)]
        ArticleFactory(published=True, section=closed)

        links = story_links(parse_feed(client.get(f"{path_of(section)}feed/")))

        assert sorted(links) == sorted(f"http://testserver{path_of(s)}" for s in listed)

    def test_each_query_of_the_desk_is_bounded(self, client, desk):
        for section in desk:
            ArticleFactory(published=True, section=section)
        SiteSettings.load()

        with CaptureQueriesContext(connection) as queries:
            client.get(f"{path_of(desk[0])}feed/")

        story_queries = [q["sql"] for q in queries if 'FROM "articles_article"' in q["sql"]]
        assert len(story_queries) == 3  # one per section of the desk
        assert all(f"LIMIT {feeds.MAX_ITEMS}" in sql for sql in story_queries)
