"""The front page's hierarchy: one lead, each story once, one high-priority photo and lazy
ones below it, photos sized for their slot, and an English home that a thin English edition
does not leave empty (public.views.HomeView)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from public.templatetags.cards import SLOT_SIZES
from public.views import HOME_EDITION_MIN, HOME_FROM_ARABIC
from tests.factories import ArticleFactory, SectionFactory
from tests.public.helpers import count_queries, photo
from tests.readers import path_of

pytestmark = pytest.mark.django_db

# Queries of the home page, pinned exactly: the newest stories, the featured one, the menu,
# the breaking one and the site's settings; on a thin English edition, one more for the
# newest Arabic stories. (A desk with too few stories among the newest adds one bounded
# query: tests/public/test_views_scale.py; the ceiling is BUDGET in test_views.py.)
HOME_QUERIES = {"ar": 6, "en": 6, "en-thin": 7}  # the most-read aside is one

ARTICLE_LINK = re.compile(r'href="((?:/en)?/article/(\d+)/[^"]*)"')


def story(minutes_ago, **fields):
    return ArticleFactory(
        published=True, published_at=timezone.now() - timedelta(minutes=minutes_ago), **fields
    )


def english(n):
    return {"title_en": f"English story {n}", "body_en": "<p>Text.</p>",
            "summary_en": f"Summary {n}."}


@pytest.fixture
def front(db):
    """45 stories, each with a photo and an English edition, over six desks (one with a
    sub-section), so that the newest of every desk are also the top and latest stories."""
    image = photo()
    sections = [SectionFactory(order=n) for n in range(6)]
    sub = SectionFactory(parent=sections[0])
    stories = [
        story(n + 1, section=sections[n % 6] if n % 7 else sub, lead_image=image,
              is_featured=n == 3, is_breaking=n == 5, **english(n))
        for n in range(45)
    ]
    return {"stories": stories, "sections": sections, "featured": stories[3]}


def main_of(html):
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def article_links(html):
    """(address, id) of every link to a story in <main>, in page order."""
    return ARTICLE_LINK.findall(main_of(html))


def img_tags(html):
    return re.findall(r"<img [^>]+>", main_of(html))


def home(client, language):
    queries, response = count_queries(client, "/" if language == "ar" else "/en/")
    return queries, response, response.content.decode()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_one_lead_and_each_story_once(client, front, language):
    queries, response, html = home(client, language)

    assert html.count("card-lead") == 1
    lead = main_of(html).split('class="card card-lead"', 1)[1].split("</article>", 1)[0]
    assert f"/article/{front['featured'].pk}/" in lead
    ids = [pk for _url, pk in article_links(html)]
    # Each card links its story once (the headline); a story twice is a card twice.
    assert len(ids) == len(set(ids)), sorted(pk for pk in ids if ids.count(pk) > 1)
    cards = re.findall(r'<article class="card card-(\w+)"', html)
    assert len(cards) == len(ids)
    assert cards.count("top") == 4 and cards.count("latest") == 10
    # Every desk has stories left for its block after the 15 above.
    assert cards.count("block") == 4 * 6
    context = response.context
    shown = [a.pk for a in context["articles"]]
    assert sorted(shown) == sorted(int(pk) for pk in ids)
    assert context["from_arabic"] == []
    assert queries == HOME_QUERIES[language], queries


@pytest.mark.parametrize("language", ["ar", "en"])
def test_one_high_priority_photo_and_the_rest_lazy(client, front, language):
    _queries, _response, html = home(client, language)
    imgs = img_tags(html)

    eager = [tag for tag in imgs if 'loading="lazy"' not in tag]
    assert len(eager) == 1 and 'fetchpriority="high"' in eager[0]
    assert html.count('fetchpriority="high"') == 1
    assert f'sizes="{SLOT_SIZES["lead"]}"' in eager[0]
    lazy = [tag for tag in imgs if 'loading="lazy"' in tag]
    assert lazy and all('decoding="async"' in tag for tag in lazy)
    # The latest news are headlines only: 1 lead, 4 top and 24 block photos.
    assert len(imgs) == 1 + 4 + 24
    assert sum(f'sizes="{SLOT_SIZES["top"]}"' in tag for tag in imgs) == 4
    assert sum(f'sizes="{SLOT_SIZES["block"]}"' in tag for tag in imgs) == 24


def test_the_lead_leaks_into_no_other_card(client, front):
    """The view's `lead` names the lead story; no other card may take it for its own flag."""
    _queries, _response, html = home(client, "ar")
    cards = main_of(html).split('<article class="card')[1:]
    assert sum("fetchpriority" in card or "card-lead" in card[:20] for card in cards) == 1
    assert sum('class="summary"' in card for card in cards) == 1


def test_a_thin_english_edition_is_followed_by_the_arabic_edition(client, db):
    """Three English stories and twelve Arabic-only ones: the English stories in the usual
    order, then a labelled block of Arabic headlines, marked Arabic, linked to their Arabic
    pages, none of them shown twice."""
    image = photo()
    section = SectionFactory()
    english_stories = [story(n + 1, section=section, lead_image=image, **english(n))
                       for n in range(3)]
    arabic_only = [story(10 + n, section=section, lead_image=image) for n in range(12)]
    assert HOME_EDITION_MIN > 3

    queries, response, html = home(client, "en")

    assert [a.pk for a in response.context["articles"]] == [s.pk for s in english_stories]
    assert "From the Arabic edition" in html
    english_part, from_arabic = main_of(html).split('class="section-block from-arabic"')
    assert all(s.title_ar not in english_part for s in arabic_only)
    listed = re.findall(r'<h3 class="card-title" lang="ar" dir="rtl">'
                        r'<a href="(/article/(\d+)/[^"]*)" hreflang="ar">([^<]+)</a>', from_arabic)
    newest = arabic_only[:HOME_FROM_ARABIC]
    assert [int(pk) for _url, pk, _title in listed] == [s.pk for s in newest]
    assert [title for _url, _pk, title in listed] == [s.title_ar for s in newest]
    # The cards read right to left, their English meta left to right within them.
    assert from_arabic.count('<article class="card card-latest" dir="rtl">') == len(newest)
    assert from_arabic.count('<p class="meta"><span dir="ltr">') == len(newest)
    for url, _pk, _title in listed:
        assert client.get(url).status_code == 200
    ids = [pk for _url, pk in article_links(html)]
    assert len(ids) == len(set(ids))
    # No photo in the Arabic block: headlines only, so still one high-priority photo.
    assert "<img" not in from_arabic and html.count('fetchpriority="high"') == 1
    assert queries == HOME_QUERIES["en-thin"], queries


def test_the_arabic_home_has_no_arabic_edition_block(client, db):
    story(1)
    _queries, response, html = home(client, "ar")
    assert response.context["from_arabic"] == [] and "from-arabic" not in html


def test_english_breaking_bar_shows_the_arabic_story_marked_when_none_is_english(client, db):
    arabic = story(5, is_breaking=True, title_ar="عاجل: خبر بالعربية وحدها")
    story(1, **english(1))
    arabic_path = path_of(arabic)

    html = client.get("/en/").content.decode()
    bar = html.split('class="breaking"', 1)[1].split("</div>", 1)[0]
    assert (f'<a href="{arabic_path}" hreflang="ar" lang="ar" dir="rtl">'
            f"{arabic.title_ar}</a>") in bar
    assert "(in Arabic)" in bar

    in_english = story(8, is_breaking=True, **english(2))
    html = client.get("/en/").content.decode()
    bar = html.split('class="breaking"', 1)[1].split("</div>", 1)[0]
    assert f'href="{path_of(in_english, "en")}"' in bar and "English story 2" in bar
    assert 'lang="ar"' not in bar and "(in Arabic)" not in bar


def test_arabic_breaking_bar_is_the_newest_breaking_story(client, db):
    story(30, is_breaking=True, title_ar="عاجل قديم")
    newest = story(5, is_breaking=True, title_ar="عاجل جديد")
    bar = client.get("/").content.decode().split('class="breaking"', 1)[1].split("</div>")[0]
    assert newest.title_ar in bar and "عاجل قديم" not in bar and 'lang="ar"' not in bar


def test_list_pages_load_their_first_photo_at_once_and_the_rest_lazily(client, db):
    image = photo()
    section = SectionFactory()
    for n in range(5):
        story(n + 1, section=section, lead_image=image)
    html = client.get(section.get_absolute_url()).content.decode()
    imgs = img_tags(html)
    assert len(imgs) == 5
    assert 'loading="lazy"' not in imgs[0]
    assert all('loading="lazy"' in tag for tag in imgs[1:])
    assert all(f'sizes="{SLOT_SIZES["list"]}"' in tag for tag in imgs)
    assert "fetchpriority" not in html and "card-lead" not in html
    assert html.count('class="summary"') == 5


def test_related_stories_stay_headlines(client, db):
    image = photo()
    section = SectionFactory()
    stories = [story(n + 1, section=section, lead_image=image) for n in range(4)]
    html = client.get(stories[0].get_absolute_url()).content.decode()
    related = html.split('class="cards"', 1)[1]
    assert related.count('<article class="card"') == 3
    assert "<img" not in related and 'class="summary"' not in related
