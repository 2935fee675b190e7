"""RSS 2.0 feeds of the site, a section, an author and a tag, in both editions."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone, translation

from authors.models import Author
from public.feeds import MAX_ITEMS
from sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from tests.public.helpers import count_queries
from tests.readers import english, path_of, place

pytestmark = pytest.mark.django_db

DC = "{http://purl.org/dc/elements/1.1/}"
RFC_822 = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}"
)
FEEDS = ["site", "section", "author", "tag"]
LANGUAGES = ["ar", "en"]


def feed_url(kind: str, language: str, placement=None) -> str:
    if kind == "site":
        return "/feed/" if language == "ar" else "/en/feed/"
    return f"{path_of(placement[kind], language)}feed/"


def parse_feed(response) -> ET.Element:
    """The <channel> of an RSS 2.0 document, after checking the document's shape."""
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    for name in ("title", "link", "description"):
        assert (channel.findtext(name) or "").strip(), f"channel has no {name}"
    for item in channel.findall("item"):
        for name in ("title", "link", "guid", "pubDate"):
            assert (item.findtext(name) or "").strip(), f"item has no {name}"
        assert RFC_822.fullmatch(item.findtext("pubDate")), item.findtext("pubDate")
        parsedate_to_datetime(item.findtext("pubDate"))
    return channel


def story_links(channel) -> list[str]:
    return [item.findtext("link") for item in channel.findall("item")]


@pytest.fixture
def stories(placement):
    """Two live stories in the shared section, byline and tag: one also in English."""
    older = place(placement, published=True, title_ar="خبر بالعربية وحدها")
    newer = place(placement, published=True, title_ar="خبر بلغتين", **english("Both editions"))
    newer.published_at = timezone.now() - timedelta(minutes=5)
    newer.save()
    return {"arabic_only": older, "both": newer}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", FEEDS)
def test_feed_is_rss_2_of_the_editions_stories(client, placement, stories, kind, language):
    """Each feed is RSS 2.0 in its edition's language and lists that edition's stories."""
    response = client.get(feed_url(kind, language, placement))

    assert response.status_code == 200
    channel = parse_feed(response)
    assert channel.findtext("language") == language
    expected = [stories["both"]] + ([stories["arabic_only"]] if language == "ar" else [])
    assert story_links(channel) == [
        f"http://testserver{path_of(story, language)}" for story in expected
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_item_carries_title_summary_bylines_categories_and_permalink(
    client, placement, stories, language
):
    story = stories["both"]
    second = AuthorFactory(name_ar="وكالة الأنباء", name_en="News Agency",
                           kind=Author.Kind.AGENCY)
    story.bylines.create(author=second, order=1)

    channel = parse_feed(client.get(feed_url("site", language)))

    item = channel.find("item")
    link = item.findtext("link")
    assert link.startswith("http://testserver/")
    assert item.findtext("guid") == link
    assert item.find("guid").get("isPermaLink") == "true"
    with translation.override(language):
        assert item.findtext("title") == story.title
        assert item.findtext("description") == story.summary
        author_names = [placement["author"].name, second.name]
        categories = [story.section.name, placement["tag"].name]
    separator = "، " if language == "ar" else ", "
    assert item.findtext(f"{DC}creator") == separator.join(author_names)
    assert [c.text for c in item.findall("category")] == categories
    published = parsedate_to_datetime(item.findtext("pubDate"))
    assert abs(published - story.published_at) < timedelta(seconds=1)


def test_site_feed_is_named_after_the_site(client):
    site = SiteSettings.load()
    site.site_name_ar, site.tagline_ar = "الأمصار", "أخبار العراق والعالم"
    site.save()

    channel = parse_feed(client.get("/feed/"))

    assert channel.findtext("title") == "الأمصار"
    assert channel.findtext("description") == "أخبار العراق والعالم"
    assert channel.findtext("link") == "http://testserver/"


@pytest.mark.parametrize("kind", ["section", "author", "tag"])
def test_subject_feed_is_named_after_its_subject_and_links_to_its_page(client, placement, kind):
    channel = parse_feed(client.get(feed_url(kind, "ar", placement)))

    site_name = SiteSettings.load().site_name
    assert channel.findtext("title") == f"{placement[kind].name} · {site_name}"
    assert channel.findtext("link") == f"http://testserver{path_of(placement[kind])}"


def test_feed_carries_at_most_thirty_stories_newest_first(client):
    now = timezone.now()
    for hours in range(MAX_ITEMS + 3):
        ArticleFactory(published=True, title_ar=f"خبر قبل {hours} ساعة",
                       published_at=now - timedelta(hours=hours + 1))

    channel = parse_feed(client.get("/feed/"))

    titles = [item.findtext("title") for item in channel.findall("item")]
    assert len(titles) == MAX_ITEMS == 30
    assert titles[0] == "خبر قبل 0 ساعة"
    assert titles[-1] == "خبر قبل 29 ساعة"


def test_section_feed_includes_its_sub_sections_and_nothing_else(client):
    section = SectionFactory()
    sub = SectionFactory(parent=section)
    closed_sub = SectionFactory(parent=section, is_active=False)
    mine = ArticleFactory(published=True, section=section)
    from_sub = ArticleFactory(published=True, section=sub)
    ArticleFactory(published=True, section=closed_sub)
    ArticleFactory(published=True)

    channel = parse_feed(client.get(f"{path_of(section)}feed/"))

    assert sorted(story_links(channel)) == sorted(
        f"http://testserver{path_of(story)}" for story in (mine, from_sub)
    )


@pytest.mark.parametrize(
    "url", ["/section/لا-يوجد/feed/", "/author/nobody/feed/", "/tag/لا-شيء/feed/",
            "/en/tag/nothing/feed/"],
)
def test_feed_of_unknown_subject_is_404(client, url):
    assert client.get(url).status_code == 404


def test_feed_of_inactive_section_is_404(client):
    section = SectionFactory(is_active=False)

    assert client.get(f"{path_of(section)}feed/").status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", FEEDS)
def test_feed_queries_do_not_grow_with_its_stories(client, kind, language):
    """The same number of queries for 3 stories as for 30, each with bylines and tags."""
    placement = {"section": SectionFactory(), "author": AuthorFactory(), "tag": TagFactory()}

    def add(count):
        for _ in range(count):
            story = place(placement, published=True, **english("Story"))
            story.bylines.create(author=AuthorFactory(), order=1)
            story.tags.add(TagFactory())

    add(3)
    few, response = count_queries(client, feed_url(kind, language, placement))
    assert len(parse_feed(response).findall("item")) == 3
    add(27)
    many, response = count_queries(client, feed_url(kind, language, placement))
    assert len(parse_feed(response).findall("item")) == 30

    assert few == many


def test_pages_with_a_feed_announce_it(client, placement, stories):
    """Section, author and tag pages link their own feed for feed readers to discover."""
    for kind in ("section", "author", "tag"):
        url = path_of(placement[kind])
        head = client.get(url).content.decode().split("</head>")[0]
        assert f'type="application/rss+xml" title="{placement[kind].name} · ' in head
        assert f'href="{url}feed/"' in head


def test_page_of_unknown_section_announces_no_feed(client):
    html = client.get("/section/لا-يوجد/").content.decode()

    assert html.count('type="application/rss+xml"') == 1  # the site's own feed only
