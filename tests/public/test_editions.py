"""Both editions, useful: a story only in Arabic has a page on the English edition that says
so, the language switch goes to the same page in the other edition, Arabic words on English
pages say they are Arabic, and an English search that finds little offers the Arabic one."""

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.utils.html import escape

from editorial import services
from tests.factories import HIDDEN_STATES, AuthorFactory, TagFactory
from tests.public.helpers import count_queries, photo
from tests.readers import assert_hidden_from_readers, english, path_of, place

pytestmark = pytest.mark.django_db

# Queries of the English page of a story only in Arabic: the story in this edition (none),
# the story in the Arabic one, the site settings and the menu.
ONLY_IN_ARABIC_QUERIES = 4
# An English search that finds nothing and counts the Arabic edition's matches: its count,
# the look-alike headlines (PostgreSQL only), the Arabic count, the site settings and the menu.
ENGLISH_SEARCH_QUERIES = {"sqlite": 4, "postgresql": 5}

HEADLINE = "ارتفاع صادرات النفط في الربع الأول"
SUMMARY = "الصادرات النفطية تبلغ أعلى مستوى منذ عامين."


@pytest.fixture
def arabic_only(placement):
    return place(placement, published=True, title_ar=HEADLINE, summary_ar=SUMMARY)


def switch_href(html) -> str:
    """Where the language switch of a page goes."""
    found = re.search(r'<p class="language-switch"><a href="([^"]+)"', html)
    assert found, "no language switch"
    return found.group(1).replace("&amp;", "&")


# --- A story only in Arabic, on the English edition ---

def test_story_only_in_arabic_has_an_english_page_that_says_so(client, arabic_only):
    arabic_path = path_of(arabic_only)
    response = client.get(path_of(arabic_only, "en"))

    assert response.status_code == 200
    html = response.content.decode()
    head, body = html.split("</head>")
    assert '<html lang="en" dir="ltr">' in html
    assert '<meta name="robots" content="noindex, follow">' in head
    assert f'<link rel="alternate" hreflang="ar" href="http://testserver{arabic_path}">' in head
    assert 'hreflang="en"' not in head and 'rel="canonical"' not in head
    assert "application/ld+json" not in html and "og:title" not in html
    assert "This story is only available in Arabic." in body
    story = re.search(r'<div class="edition-story" lang="ar" dir="rtl">(.*?)</div>', body, re.S)
    assert story, body
    assert f"<h1>{HEADLINE}</h1>" in story.group(1)
    assert SUMMARY in story.group(1)
    assert f'<a href="http://testserver{arabic_path}" hreflang="ar">Read the story in Arabic</a>' \
        in body
    assert switch_href(html) == f"http://testserver{arabic_path}"


def test_page_of_a_story_only_in_arabic_is_in_arabic_words_on_the_arabic_edition(client):
    """The notice is a translated string: its Arabic exists (the .po entry is compiled)."""
    from django.utils import translation

    with translation.override("ar"):
        assert translation.gettext("Read the story in %(language)s") != \
            "Read the story in %(language)s"


def test_page_of_a_story_only_in_arabic_marks_an_untranslated_section(client, placement,
                                                                     arabic_only):
    placement["section"].name_en = ""
    placement["section"].save()
    html = client.get(path_of(arabic_only, "en")).content.decode()
    assert f'<span lang="ar" dir="rtl">{escape(placement["section"].name_ar)}</span>' in html


def test_stale_slug_of_a_story_only_in_arabic_redirects_in_the_english_edition(
        client, arabic_only):
    response = client.get(f"/en/article/{arabic_only.pk}/old-slug/")
    assert response.status_code == 301
    assert response["Location"] == path_of(arabic_only, "en")


def test_page_of_a_story_only_in_arabic_has_a_fixed_query_count(client, arabic_only):
    queries, _response = count_queries(client, path_of(arabic_only, "en"))
    assert queries == ONLY_IN_ARABIC_QUERIES


def test_story_in_both_editions_is_the_story_itself_in_english(client, placement):
    story = place(placement, published=True, title_ar=HEADLINE, **english("Oil exports rise"))
    html = client.get(path_of(story, "en")).content.decode()
    assert "only available in Arabic" not in html
    assert "<h1" in html and "Oil exports rise" in html


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_story_only_in_arabic_not_public_is_still_nowhere(client, placement, state):
    """The new page is for public stories only: a draft, scheduled, embargoed or taken-down
    story only in Arabic answers 404 (410) in both editions, as before."""
    story = place(placement, title_ar="خبر لا يجوز أن يراه القراء", **{state: True})
    assert_hidden_from_readers(client, story)


def test_story_only_in_arabic_published_under_embargo_is_still_nowhere(client, placement):
    from django.utils import timezone

    story = place(placement, published=True, title_ar="خبر تحت الحظر",
                  embargo_until=timezone.now() + timezone.timedelta(hours=1))
    assert_hidden_from_readers(client, story)


@override_settings(NEWSROOM_PAGE_CACHE=True)
def test_page_of_a_story_only_in_arabic_is_cached_and_never_stale(client, editor, commit,
                                                                  arabic_only):
    path = path_of(arabic_only, "en")
    assert client.get(path)["X-Cache"] == "miss"
    assert client.get(path)["X-Cache"] == "hit"

    with commit():  # the English edition is written, at the desk
        for field, value in english("Oil exports rise").items():
            setattr(arabic_only, field, value)
        services.save_story(arabic_only, by=editor, edit_version=arabic_only.version)
    written = client.get(path)
    assert written["X-Cache"] == "miss"
    assert "Oil exports rise" in written.content.decode()
    assert "only available in Arabic" not in written.content.decode()

    assert client.get(path)["X-Cache"] == "hit"
    with commit():
        services.unpublish_article(arabic_only, by=editor, reason="خطأ في المصدر")
    assert client.get(path).status_code == 410


@override_settings(NEWSROOM_PAGE_CACHE=True)
def test_page_of_a_story_only_in_arabic_goes_when_the_story_goes(client, editor, commit,
                                                                arabic_only):
    path = path_of(arabic_only, "en")
    client.get(path)
    assert client.get(path)["X-Cache"] == "hit"
    with commit():
        services.unpublish_article(arabic_only, by=editor, reason="خطأ في المصدر")
    gone = client.get(path)
    assert gone.status_code == 410
    assert HEADLINE not in gone.content.decode()


# --- The language switch ---

def test_switch_of_a_story_in_both_editions_goes_to_the_same_story(client, placement):
    story = place(placement, published=True, **english())
    assert switch_href(client.get(path_of(story)).content.decode()) == \
        f"http://testserver{path_of(story, 'en')}"
    assert switch_href(client.get(path_of(story, "en")).content.decode()) == \
        f"http://testserver{path_of(story)}"


def test_switch_of_a_story_only_in_arabic_goes_to_the_page_that_says_so(client, arabic_only):
    href = switch_href(client.get(path_of(arabic_only)).content.decode())
    assert href == f"http://testserver{path_of(arabic_only, 'en')}"
    landing = client.get(href)
    assert landing.status_code == 200
    assert "This story is only available in Arabic." in landing.content.decode()


@pytest.mark.parametrize("kind", ["section", "author", "tag", "about", "home"])
def test_switch_goes_to_the_same_page_in_the_other_edition(client, placement, kind):
    place(placement, published=True, **english())
    subject = {"section": placement["section"], "author": placement["author"],
               "tag": placement["tag"]}.get(kind)
    if subject is not None:
        arabic, english_ = path_of(subject), path_of(subject, "en")
    else:
        arabic, english_ = {"about": ("/about/", "/en/about/"), "home": ("/", "/en/")}[kind]

    assert switch_href(client.get(arabic).content.decode()) == f"http://testserver{english_}"
    assert switch_href(client.get(english_).content.decode()) == f"http://testserver{arabic}"


def test_switch_of_a_search_keeps_the_words(client):
    html = client.get("/search/", {"q": "نفط"}).content.decode()
    assert switch_href(html) == "http://testserver/en/search/?q=%D9%86%D9%81%D8%B7"
    html = client.get("/en/search/", {"q": "oil prices"}).content.decode()
    assert switch_href(html) == "http://testserver/search/?q=oil+prices"


def test_switch_of_an_empty_search_is_the_other_search_page(client):
    assert switch_href(client.get("/search/").content.decode()) == \
        "http://testserver/en/search/"


# --- Arabic words on English pages ---

def test_arabic_caption_credit_and_alt_text_on_an_english_page_are_marked(client, placement):
    image = photo(caption_ar="حقل نفط في الجنوب", credit_ar="تصوير: أحمد")
    story = place(placement, published=True, lead_image=image, **english())
    story.tags.add(TagFactory(name_ar="نفط", name_en=""))
    byline = AuthorFactory(name_ar="سارة علي", name_en="")
    story.bylines.create(author=byline, order=1)

    html = client.get(path_of(story, "en")).content.decode()

    img = re.search(r"<img [^>]*fetchpriority[^>]*>", html).group(0)
    assert 'lang="ar" dir="rtl"' in img
    assert '<span lang="ar" dir="rtl">حقل نفط في الجنوب</span>' in html
    assert '<span class="credit" lang="ar" dir="rtl">تصوير: أحمد</span>' in html
    assert '<span lang="ar" dir="rtl">نفط</span>' in html
    assert '<span lang="ar" dir="rtl">سارة علي</span>' in html


def test_english_caption_credit_and_alt_text_are_not_marked(client, placement):
    image = photo(caption_ar="حقل نفط", credit_ar="تصوير: أحمد", alt_text_en="An oil field",
                  caption_en="An oil field in the south", credit_en="Photo: Ahmed")
    story = place(placement, published=True, lead_image=image, **english())

    html = client.get(path_of(story, "en")).content.decode()

    img = re.search(r"<img [^>]*fetchpriority[^>]*>", html).group(0)
    assert "lang=" not in img
    assert "An oil field in the south" in html
    assert '<span class="credit">Photo: Ahmed</span>' in html


def test_arabic_page_marks_nothing(client, placement):
    image = photo(caption_ar="حقل نفط", credit_ar="تصوير: أحمد")
    story = place(placement, published=True, lead_image=image)
    html = client.get(path_of(story)).content.decode().split("</head>")[1]
    assert 'lang="ar"' not in html.replace('<html lang="ar"', "")


def test_story_caption_written_for_the_english_edition_wins(client, placement):
    image = photo(caption_ar="حقل نفط")
    story = place(placement, published=True, lead_image=image,
                  lead_image_caption_en="Workers at the field", **english())
    html = client.get(path_of(story, "en")).content.decode()
    assert "<figcaption>Workers at the field" in html
    assert "حقل نفط" not in html


# --- English search, offering the Arabic edition ---

@pytest.fixture
def oil_in_arabic(placement):
    """The oil story, only in Arabic, on a topic whose name was translated."""
    story = place(placement, published=True, title_ar=HEADLINE)
    story.tags.add(TagFactory(name_ar="نفط", name_en="Oil"))
    return story


def test_english_search_that_finds_nothing_offers_the_arabic_edition(client, oil_in_arabic):
    response = client.get("/en/search/", {"q": "oil"})

    html = response.content.decode()
    assert list(response.context["articles"]) == []
    assert "No stories match your search." in html
    assert "One story written only in Arabic matches your search." in html
    assert '<a href="/search/?q=oil" hreflang="ar">Search the Arabic edition</a>' in html
    arabic = client.get("/search/", {"q": "oil"})
    assert list(arabic.context["articles"]) == [oil_in_arabic]


def test_english_search_that_finds_few_offers_the_arabic_edition(client, placement,
                                                                 oil_in_arabic):
    english_story = place(placement, published=True, **english("Oil prices fall"))
    response = client.get("/en/search/", {"q": "oil"})
    assert list(response.context["articles"]) == [english_story]
    html = response.content.decode()
    assert "One story written only in Arabic matches your search." in html
    assert 'href="/search/?q=oil"' in html


def test_english_search_that_finds_enough_offers_nothing(client, placement, oil_in_arabic):
    for n in range(5):
        place(placement, published=True, **english(f"Oil story {n}"))
    html = client.get("/en/search/", {"q": "oil"}).content.decode()
    assert "Search the Arabic edition" not in html


def test_english_search_offers_nothing_when_arabic_has_nothing_either(client, oil_in_arabic):
    html = client.get("/en/search/", {"q": "wheat"}).content.decode()
    assert "Search the Arabic edition" not in html


def test_english_search_offers_nothing_when_arabic_has_only_what_english_found(
        client, placement):
    """The offer counts the stories the English edition lacks, not those it listed."""
    both = place(placement, published=True, **english("Oil prices fall"))
    both.tags.add(TagFactory(name_ar="نفط", name_en="Oil"))  # matches in Arabic too
    response = client.get("/en/search/", {"q": "oil"})
    assert list(response.context["articles"]) == [both]
    assert "Search the Arabic edition" not in response.content.decode()
    assert list(client.get("/search/", {"q": "oil"}).context["articles"]) == [both]


def test_arabic_search_offers_nothing(client, oil_in_arabic):
    html = client.get("/search/", {"q": "قمح"}).content.decode()
    assert "edition-offer" not in html


def test_english_search_with_the_offer_has_a_fixed_query_count(client, oil_in_arabic):
    queries, response = count_queries(client, "/en/search/?q=oil")
    assert "Search the Arabic edition" in response.content.decode()
    assert queries == ENGLISH_SEARCH_QUERIES[connection.vendor]
