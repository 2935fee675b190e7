"""The public site: what each page shows, its query budget, its HTTP behaviour."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.http import http_date

from articles.models import ArticleAuthor
from sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from tests.public.helpers import count_queries

pytestmark = pytest.mark.django_db

# Queries per page, whatever the number of authors, tags, images and related stories.
# The most-read aside (public/mostread.py) is one query on the home and story pages
# (tests/public/test_most_read.py): article 6 -> 7, home 5 -> 6 at the time, within budget.
BUDGET = {"home": 10, "article": 8, "list": 6}


def published(**fields):
    return ArticleFactory(published=True, **fields)


@pytest.fixture
def rich_story(db):
    """A story with 5 bylines, 10 tags and 6 related stories (each sharing a tag)."""
    section = SectionFactory()
    tags = [TagFactory() for _ in range(10)]
    story = published(section=section, title_en="A story", body_en="<p>Text</p>")
    for order in range(5):
        ArticleAuthor.objects.create(article=story, author=AuthorFactory(), order=order)
    story.tags.add(*tags)
    for n in range(8):
        other = published(section=section)
        other.tags.add(tags[n % 10])
    return story


def test_article_page_query_budget_is_fixed(client, rich_story):
    queries, response = count_queries(client, rich_story.get_absolute_url())
    html = response.content.decode()
    assert queries <= BUDGET["article"], queries
    assert len(re.findall(r'rel="author"', html)) == 5
    assert html.count('class="tags"') == 1
    assert len(response.context["related"]) == 6


def test_home_query_budget_is_fixed_with_many_stories(client):
    sections = [SectionFactory() for _ in range(6)]
    sub = SectionFactory(parent=sections[0])
    for n in range(40):
        published(section=sections[n % 6] if n % 7 else sub, is_featured=n == 3,
                  is_breaking=n == 5)
    queries, response = count_queries(client, "/")
    assert queries <= BUDGET["home"], queries
    blocks = response.context["section_blocks"]
    assert len(blocks) == 6
    assert all(len(stories) <= 4 for _section, stories in blocks)
    assert 'class="breaking"' in response.content.decode()


@pytest.mark.parametrize("kind", ["section", "author", "tag"])
def test_list_pages_query_budget_with_twenty_stories(client, kind):
    section, author, tag = SectionFactory(), AuthorFactory(), TagFactory()
    for _ in range(25):
        story = published(section=section)
        ArticleAuthor.objects.create(article=story, author=author)
        story.tags.add(tag)
    url = {"section": section, "author": author, "tag": tag}[kind].get_absolute_url()
    queries, response = count_queries(client, url)
    assert queries <= BUDGET["list"], queries
    assert len(response.context["articles"]) == 20
    assert response.context["page_obj"].has_next()


@pytest.mark.parametrize(
    "query", ["page=abc", "page=0", "page=-1", "page=99", "page=1.5", "page=%00",
              "page=99999999999999999999999999"],
)
def test_bad_page_numbers_are_404_not_500(client, query):
    section = SectionFactory()
    published(section=section)
    response = client.get(f"{section.get_absolute_url()}?{query}")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url", ["/section/لا-يوجد/", "/author/nobody/", "/tag/لا-شيء/", "/article/999999/x/",
            "/article/99999999999999999999999/x/", "/en/article/999999/x/", "/no-such-page/"],
)
def test_unknown_addresses_are_404_in_the_sites_design(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert '<html lang="' in response.content.decode()


def test_stale_slug_redirects_permanently(client):
    story = published()
    response = client.get(f"/article/{story.pk}/old-headline/")
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()


def test_english_edition_only_has_stories_written_in_english(client):
    english = published(title_en="Parliament sets the date", body_en="<p>Text.</p>")
    arabic_only = published()
    english_path, arabic_only_path = english.get_absolute_url(), arabic_only.get_absolute_url()

    response = client.get("/en/")
    home = response.content.decode()
    assert "Parliament sets the date" in home
    # Not in the English edition's lists: only in the block "From the Arabic edition"
    # (tests/public/test_home.py), linked to its Arabic page.
    assert [a.pk for a in response.context["articles"]] == [english.pk]
    english_part, from_arabic = home.split('class="section-block from-arabic"')
    assert arabic_only.title_ar not in english_part
    assert f'href="{arabic_only_path}"' in from_arabic
    assert f"/en{arabic_only_path}" not in home
    # Not the story: a page that says it is only in Arabic (tests/public/test_editions.py).
    only_in_arabic = client.get(f"/en{arabic_only_path}").content.decode()
    assert "only available in Arabic" in only_in_arabic
    assert arabic_only.body_ar not in only_in_arabic
    html = client.get(f"/en{english_path}").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert f'hreflang="ar" href="http://testserver{english_path}"' in html
    assert f'hreflang="en" href="http://testserver/en{english_path}"' in html
    arabic_head = client.get(arabic_only_path).content.decode().split("</head>")[0]
    assert 'hreflang="ar"' in arabic_head
    assert 'hreflang="en"' not in arabic_head


def test_article_page_shows_bylines_dates_correction_and_tags(client):
    outlet = AuthorFactory(name_ar="الأمصار", kind="outlet")
    story = published(correction_note_ar="صُحّح اسم الوزير.", kicker_ar="خاص")
    story.corrected_at = timezone.now()
    story.save()
    ArticleAuthor.objects.create(article=story, author=outlet)
    story.tags.add(TagFactory(name_ar="روسيا", name="روسيا"))

    html = client.get(story.get_absolute_url()).content.decode()

    assert "خاص" in html and "الأمصار" in html and "روسيا" in html
    assert "صُحّح اسم الوزير." in html
    # The outlet is a byline but not a person: no rel="author".
    assert 'rel="author"' not in html
    month_names = "يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر"
    assert re.search(rf"<time datetime=\"[^\"]+\">\d+ ({month_names}) \d{{4}}", html)


def test_digits_follow_the_site_setting(client):
    site = SiteSettings.load()
    site.digits = "arabic_indic"
    site.save()
    story = published()
    html = client.get(story.get_absolute_url()).content.decode()
    times = re.findall(r"<time [^>]+>([^<]+)</time>", html)
    assert times and all(re.search(r"[٠-٩]", t) and not re.search(r"[0-9]", t) for t in times)
    english = client.get("/en/about/").content.decode()
    assert "٠" not in english


def test_public_pages_can_be_cached_and_revalidated(client):
    story = published()
    response = client.get(story.get_absolute_url())
    assert "public" in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]
    assert response["Last-Modified"] == http_date(story.updated_at.timestamp())
    etag = response["ETag"]

    again = client.get(story.get_absolute_url(), headers={"if-none-match": etag})
    assert again.status_code == 304
    since = client.get(story.get_absolute_url(),
                       headers={"if-modified-since": response["Last-Modified"]})
    assert since.status_code == 304
    home = client.get("/")
    assert client.get("/", headers={"if-none-match": home["ETag"]}).status_code == 304


def test_staff_pages_are_never_public(client, editor):
    story = published()
    client.force_login(editor)
    response = client.get(story.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_article_page_weighs_less_than_100_kb_with_its_css(client, rich_story):
    html = client.get(rich_story.get_absolute_url()).content
    css = Path(settings.BASE_DIR, "static", "css", "site.css").read_bytes()
    assert len(html) + len(css) < 100 * 1024


def test_about_page_shows_the_editorial_board(client):
    site = SiteSettings.load()
    site.masthead_note_ar = "هيئة التحرير: مجموعة من الصحفيين."
    site.save()
    html = client.get("/about/").content.decode()
    assert "هيئة التحرير: مجموعة من الصحفيين." in html


def test_scheduled_breaking_story_does_not_show_in_the_bar(client):
    ArticleFactory(scheduled=True, is_breaking=True, title_ar="عاجل لم يحن وقته")
    assert "عاجل لم يحن وقته" not in client.get("/").content.decode()


def test_arabic_names_on_the_english_edition_are_marked_arabic(client):
    section = SectionFactory(name_ar="اقتصاد", name_en="")
    story = published(section=section, title_en="Oil exports rise", body_en="<p>Text.</p>")
    path = story.get_absolute_url()
    html = client.get(f"/en{path}").content.decode()
    assert '<span lang="ar" dir="rtl">اقتصاد</span>' in html
    arabic = client.get(path).content.decode()
    assert '<span lang="ar"' not in arabic
