"""The sitemap index and its files, the Google News sitemap, and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from public.sitemaps import ArticleSitemap
from sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, SectionFactory
from tests.public.helpers import count_queries
from tests.readers import english, path_of

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
ORIGIN = "http://testserver"


def get_xml(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def index_locations(client) -> list[str]:
    root = get_xml(client, "/sitemap.xml")
    assert root.tag == f"{SM}sitemapindex"
    locations = [sitemap.findtext(f"{SM}loc") for sitemap in root.findall(f"{SM}sitemap")]
    assert locations and all(locations)
    return locations


def urlset(client, url) -> dict[str, list[tuple[str, str]]]:
    """{loc: [(hreflang, href)]} of a urlset, after checking each <url> has loc and lastmod."""
    root = get_xml(client, url)
    assert root.tag == f"{SM}urlset"
    urls = {}
    for entry in root.findall(f"{SM}url"):
        loc = entry.findtext(f"{SM}loc")
        assert loc.startswith(f"{ORIGIN}/")
        urls[loc] = [
            (link.get("hreflang"), link.get("href"))
            for link in entry.findall(f"{XHTML}link")
            if link.get("rel") == "alternate"
        ]
    return urls


def lastmods(client, url) -> list[str]:
    root = get_xml(client, url)
    return [entry.findtext(f"{SM}lastmod") for entry in root.findall(f"{SM}url")]


@pytest.fixture
def stories(db):
    return {
        "arabic_only": ArticleFactory(published=True),
        "both": ArticleFactory(published=True, **english("Both editions")),
    }


class TestIndex:
    def test_index_lists_one_file_per_edition_and_the_pages(self, client, stories):
        assert index_locations(client) == [
            f"{ORIGIN}/sitemap-articles.xml",
            f"{ORIGIN}/sitemap-articles-en.xml",
            f"{ORIGIN}/sitemap-pages.xml",
        ]

    def test_index_gives_the_latest_change_of_each_story_file(self, client, stories):
        root = get_xml(client, "/sitemap.xml")

        lastmod = root.find(f"{SM}sitemap").findtext(f"{SM}lastmod")
        latest = max(s.updated_at for s in stories.values())
        assert datetime.fromisoformat(lastmod) == latest.replace(microsecond=0)

    def test_story_files_are_bounded_and_together_list_every_story(self, client, settings):
        settings.NEWSROOM_SITEMAP_IDS_PER_FILE = 2
        articles = [ArticleFactory(published=True) for _ in range(5)]

        files = [loc for loc in index_locations(client) if "sitemap-articles.xml" in loc]

        # Files by id range (tests/public/test_sitemaps_scale.py): as many as the largest
        # id needs, whatever ids the database handed out.
        last_page = -(-articles[-1].pk // 2)
        assert files == [
            f"{ORIGIN}/sitemap-articles.xml",
            *(f"{ORIGIN}/sitemap-articles.xml?p={page}" for page in range(2, last_page + 1)),
        ]
        listed = []
        for loc in files:
            urls = urlset(client, loc.removeprefix(ORIGIN))
            assert len(urls) <= 2
            listed += urls
        assert listed == [f"{ORIGIN}{path_of(a)}" for a in articles]

    def test_page_past_the_end_is_404(self, client, stories):
        last_page = -(-max(story.pk for story in stories.values()) // ArticleSitemap().limit)
        assert client.get(f"/sitemap-articles.xml?p={last_page}").status_code == 200
        assert client.get(f"/sitemap-articles.xml?p={last_page + 1}").status_code == 404
        assert client.get("/sitemap-nothing.xml").status_code == 404


class TestStoryFiles:
    def test_arabic_file_lists_every_story_with_alternates_only_for_two_editions(
        self, client, stories
    ):
        urls = urlset(client, "/sitemap-articles.xml")

        both, arabic_only = stories["both"], stories["arabic_only"]
        assert set(urls) == {f"{ORIGIN}{path_of(both)}", f"{ORIGIN}{path_of(arabic_only)}"}
        assert urls[f"{ORIGIN}{path_of(both)}"] == [
            ("ar", f"{ORIGIN}{path_of(both)}"), ("en", f"{ORIGIN}{path_of(both, 'en')}"),
        ]
        assert urls[f"{ORIGIN}{path_of(arabic_only)}"] == []

    def test_english_file_lists_only_stories_with_an_english_edition(self, client, stories):
        urls = urlset(client, "/sitemap-articles-en.xml")

        both = stories["both"]
        assert urls == {
            f"{ORIGIN}{path_of(both, 'en')}": [
                ("ar", f"{ORIGIN}{path_of(both)}"), ("en", f"{ORIGIN}{path_of(both, 'en')}"),
            ],
        }

    def test_every_story_has_its_last_change_in_w3c_format(self, client, stories):
        for moment in lastmods(client, "/sitemap-articles.xml"):
            parsed = datetime.fromisoformat(moment)
            assert parsed.utcoffset() == timedelta(hours=3)  # Asia/Baghdad
            assert parsed.microsecond == 0

    def test_lastmod_is_never_before_publication(self, client):
        # Written and saved yesterday, scheduled for an hour ago.
        story = ArticleFactory(published=True)
        Article.objects.filter(pk=story.pk).update(
            updated_at=timezone.now() - timedelta(days=1)
        )

        (moment,) = lastmods(client, "/sitemap-articles.xml")

        assert datetime.fromisoformat(moment) >= story.published_at.replace(microsecond=0)


def test_pages_file_lists_home_sections_and_about_in_both_editions(client):
    section = SectionFactory()
    SectionFactory(is_active=False)

    urls = urlset(client, "/sitemap-pages.xml")

    pages = ["/", f"{path_of(section)}", "/about/"]
    english_pages = ["/en/", path_of(section, "en"), "/en/about/"]
    assert set(urls) == {f"{ORIGIN}{p}" for p in pages + english_pages}
    for arabic, english_page in zip(pages, english_pages, strict=True):
        alternates = [("ar", f"{ORIGIN}{arabic}"), ("en", f"{ORIGIN}{english_page}")]
        assert urls[f"{ORIGIN}{arabic}"] == alternates
        assert urls[f"{ORIGIN}{english_page}"] == alternates


class TestNewsSitemap:
    def entries(self, client) -> list[dict]:
        root = get_xml(client, "/news-sitemap.xml")
        assert root.tag == f"{SM}urlset"
        entries = []
        for url in root.findall(f"{SM}url"):
            news = url.find(f"{NEWS}news")
            assert news is not None
            publication = news.find(f"{NEWS}publication")
            entries.append({
                "loc": url.findtext(f"{SM}loc"),
                "name": publication.findtext(f"{NEWS}name"),
                "language": publication.findtext(f"{NEWS}language"),
                "date": news.findtext(f"{NEWS}publication_date"),
                "title": news.findtext(f"{NEWS}title"),
            })
        return entries

    def test_lists_each_edition_of_the_last_two_days_stories(self, client, stories):
        site = SiteSettings.load()
        site.site_name_ar, site.site_name_en = "الأمصار", "Al-Amsar"
        site.save()
        ArticleFactory(published=True, published_at=timezone.now() - timedelta(days=2, hours=1))

        entries = self.entries(client)

        both, arabic_only = stories["both"], stories["arabic_only"]
        assert sorted((e["loc"], e["language"], e["name"], e["title"]) for e in entries) == sorted([
            (f"{ORIGIN}{path_of(both)}", "ar", "الأمصار", both.title_ar),
            (f"{ORIGIN}{path_of(both, 'en')}", "en", "Al-Amsar", "Both editions"),
            (f"{ORIGIN}{path_of(arabic_only)}", "ar", "الأمصار", arabic_only.title_ar),
        ])

    def test_publication_date_is_w3c_with_the_time_zone(self, client, stories):
        entry = next(e for e in self.entries(client) if e["title"] == "Both editions")

        parsed = datetime.fromisoformat(entry["date"])
        assert parsed.tzinfo is not None
        assert abs(parsed - stories["both"].published_at) < timedelta(seconds=1)

    def test_newest_story_comes_first(self, client):
        now = timezone.now()
        older = ArticleFactory(published=True, published_at=now - timedelta(hours=5))
        newer = ArticleFactory(published=True, published_at=now - timedelta(minutes=5))

        locs = [e["loc"] for e in self.entries(client)]

        assert locs == [f"{ORIGIN}{path_of(newer)}", f"{ORIGIN}{path_of(older)}"]


@pytest.mark.parametrize(
    "url", ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-articles-en.xml",
            "/sitemap-pages.xml", "/news-sitemap.xml"],
)
def test_sitemap_queries_do_not_grow_with_its_stories(client, url):
    """The same number of queries for 3 stories as for 30."""
    def add(count):
        for _ in range(count):
            ArticleFactory(published=True, **english("Story"))

    add(3)
    few, first = count_queries(client, url)
    add(27)
    many, second = count_queries(client, url)

    assert few == many
    if "pages" not in url and url != "/sitemap.xml":
        assert len(second.content) > len(first.content)


def test_robots_txt_points_to_both_sitemaps_and_keeps_crawlers_out_of_the_desk(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for path in ("/admin/", "/preview/", "/en/preview/"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in lines
    assert f"Sitemap: {ORIGIN}/news-sitemap.xml" in lines
