"""Sitemap files by id range, and an index whose cost does not grow with the archive (#5).

The stories here get their ids from the test (`pk=`), so which file holds which story is
exact on any database; the sequence of the id column is never consulted.
"""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from public import sitemaps
from sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, SectionFactory
from tests.readers import english

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ORIGIN = "http://testserver"


@pytest.fixture
def limit(settings):
    """Three ids a file."""
    settings.NEWSROOM_SITEMAP_IDS_PER_FILE = 3
    return 3


@pytest.fixture
def section(db):
    return SectionFactory()


def story(section, pk, hidden=None, **fields):
    """A public story with this id, or a hidden one (a tests.factories.HIDDEN_STATES name)."""
    return ArticleFactory(pk=pk, section=section, **{hidden or "published": True}, **fields)


def files_of(client, edition="articles") -> list[str]:
    """The index's files of one edition, as paths."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [entry.findtext(f"{SM}loc") for entry in root.findall(f"{SM}sitemap")]
    return [
        loc.removeprefix(ORIGIN) for loc in locations
        if loc.removeprefix(ORIGIN).split("?")[0] == f"/sitemap-{edition}.xml"
    ]


def ids_in(client, path) -> list[int]:
    """The story ids a sitemap file lists, in its order."""
    response = client.get(path)
    assert response.status_code == 200, path
    root = ET.fromstring(response.content)
    # Story addresses are /<lang prefix>news/<pk>/<slug>/ (articles:detail).
    return [
        int(entry.findtext(f"{SM}loc").rstrip("/").split("/")[-2])
        for entry in root.findall(f"{SM}url")
    ]


def index_lastmod(client) -> datetime:
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return datetime.fromisoformat(root.find(f"{SM}sitemap").findtext(f"{SM}lastmod"))


class TestFilesByIdRange:
    @pytest.fixture
    def archive(self, section, limit):
        """Ids 1-3 a full file (2 published after 3), 4-6 hidden, 7-9 two stories, 10 and
        12 hidden (scheduled, a draft), the newest public id 8."""
        now = timezone.now()
        story(section, 1, published_at=now - timedelta(hours=1))
        story(section, 2, published_at=now - timedelta(hours=9))
        story(section, 3, published_at=now - timedelta(hours=5), **english("Three"))
        story(section, 4, hidden="draft")
        story(section, 5, hidden="unpublished")
        story(section, 6, hidden="embargoed")
        story(section, 7, published_at=now - timedelta(hours=2), **english("Seven"))
        story(section, 8, published_at=now - timedelta(hours=3))
        story(section, 10, hidden="scheduled")
        story(section, 12, hidden="draft")

    def test_file_n_lists_the_public_ids_of_its_range_in_id_order(self, client, archive):
        assert files_of(client) == [
            "/sitemap-articles.xml", "/sitemap-articles.xml?p=2", "/sitemap-articles.xml?p=3",
        ]
        assert ids_in(client, "/sitemap-articles.xml") == [1, 2, 3]
        # A range with no public story is an empty file, not a missing one.
        assert ids_in(client, "/sitemap-articles.xml?p=2") == []
        assert ids_in(client, "/sitemap-articles.xml?p=3") == [7, 8]

    def test_the_last_file_is_the_newest_public_id_s(self, client, archive):
        # Ids 10 and 12 (scheduled, draft) would make a fourth file: they are not listed.
        assert client.get("/sitemap-articles.xml?p=4").status_code == 404

    def test_each_edition_has_its_own_files(self, client, archive):
        assert files_of(client, "articles-en") == [
            "/sitemap-articles-en.xml", "/sitemap-articles-en.xml?p=2",
            "/sitemap-articles-en.xml?p=3",
        ]
        assert ids_in(client, "/sitemap-articles-en.xml") == [3]
        assert ids_in(client, "/sitemap-articles-en.xml?p=2") == []
        assert ids_in(client, "/sitemap-articles-en.xml?p=3") == [7]
        assert client.get("/sitemap-articles-en.xml?p=4").status_code == 404

    def test_a_story_published_later_joins_its_id_s_file_and_the_others_stay(
        self, client, archive
    ):
        Article.objects.filter(pk=5).update(status="published")

        assert ids_in(client, "/sitemap-articles.xml?p=2") == [5]
        assert ids_in(client, "/sitemap-articles.xml?p=3") == [7, 8]

    @pytest.mark.parametrize("page", ["0", "-1", "4", "x", "1.5", ""])
    def test_page_that_is_not_a_file_is_404(self, client, archive, page):
        assert client.get(f"/sitemap-articles.xml?p={page}").status_code == 404

    def test_no_story_at_all_is_one_empty_file(self, client, limit):
        assert files_of(client) == ["/sitemap-articles.xml"]
        assert ids_in(client, "/sitemap-articles.xml") == []
        assert client.get("/sitemap-articles.xml?p=2").status_code == 404


def article_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "articles_article" in q["sql"]]


def capture(client, path):
    SiteSettings.load()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return list(queries)


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-articles.xml",
                                  "/sitemap-articles-en.xml"])
def test_queries_are_the_same_for_5_or_50_stories_and_never_count_or_skip(
    client, section, settings, path
):
    """The index: per edition, one MAX(pk) and one look at the newest stories. A file: one
    MAX(pk) and one id range. Neither counts the stories nor skips the files before."""
    settings.NEWSROOM_SITEMAP_IDS_PER_FILE = 5

    def add(first, last):
        for pk in range(first, last + 1):
            story(section, pk, **english(f"Story {pk}"))

    add(1, 5)
    few = capture(client, path)
    add(6, 50)
    if path != "/sitemap.xml":
        path += "?p=10"  # the deepest file
    many = capture(client, path)

    assert len(few) == len(many)
    for queries in (few, many):
        sql = article_queries(queries)
        assert len(sql) == (4 if path == "/sitemap.xml" else 2)
        assert not any("COUNT(" in q.upper() or "OFFSET" in q.upper() for q in sql)
    if path != "/sitemap.xml":
        assert ids_in(client, path) == [46, 47, 48, 49, 50]


class TestIndexLastmod:
    """The index's <lastmod>: the latest publication or change among the newest stories
    (LASTMOD_WINDOW), not a scan of every story's `updated_at`."""

    @pytest.fixture
    def three(self, section, monkeypatch):
        monkeypatch.setattr(sitemaps, "LASTMOD_WINDOW", 2)
        now = timezone.now().replace(microsecond=0)
        stories = [
            story(section, pk, published_at=now - timedelta(hours=hours))
            for pk, hours in ((1, 3), (2, 2), (3, 1))
        ]
        Article.objects.update(updated_at=F("published_at"))
        return now, stories

    def test_is_the_newest_publication(self, client, three):
        now, _stories = three

        assert index_lastmod(client) == now - timedelta(hours=1)

    def test_follows_a_correction_to_a_recent_story(self, client, three):
        now, stories = three
        Article.objects.filter(pk=stories[1].pk).update(updated_at=now - timedelta(minutes=5))

        assert index_lastmod(client) == now - timedelta(minutes=5)

    def test_leaves_a_correction_to_an_older_story_to_its_file(self, client, three):
        now, stories = three
        Article.objects.filter(pk=stories[0].pk).update(updated_at=now - timedelta(minutes=5))

        # The deliberate trade (ArticleSitemap.get_latest_lastmod): the index moves with the
        # next publication; the story's own <lastmod> is exact at once.
        assert index_lastmod(client) == now - timedelta(hours=1)
        root = ET.fromstring(client.get("/sitemap-articles.xml").content)
        first = root.find(f"{SM}url").findtext(f"{SM}lastmod")
        assert datetime.fromisoformat(first) == now - timedelta(minutes=5)

    def test_reads_a_bounded_number_of_stories(self, client, three):
        queries = article_queries(capture(client, "/sitemap.xml"))

        newest = [q for q in queries if "updated_at" in q]
        assert len(newest) == 2  # one per edition
        assert all("LIMIT 2" in q for q in newest)
