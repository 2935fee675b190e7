"""A removed story answers 410 in the reader's edition, a guessed address reveals nothing,
and the English edition carries only stories written in English. Every other place a hidden
story must not appear is checked by tests/public/test_hidden_from_readers.py."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.readers import LISTINGS, english, path_of, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(placement):
    return place(placement, published=True, title_ar="خبر منشور يراه الجميع",
                 **english("A story everyone can read"))


def hidden(placement, kind: str):
    return place(placement, title_ar="خبر لا يجوز أن يراه القراء",
                 **english("A story readers must not see"), **{kind: True})


def url_of(page: str, language: str, placement=None, article=None) -> str:
    if page == "home":
        return "/" if language == "ar" else "/en/"
    return path_of(article if page == "article" else placement[page], language)


def listed(client, url: str) -> list[int]:
    response = client.get(url)
    assert response.status_code == 200
    return [article.pk for article in response.context["articles"]]


def test_address_of_unpublished_story_answers_410_in_arabic_right_to_left(client, placement):
    article = hidden(placement, "unpublished")

    response = client.get(url_of("article", "ar", article=article))

    assert response.status_code == 410
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    with translation.override("ar"):
        heading = gettext("This story was removed")
    assert re.fullmatch(r"[\u0600-\u06FF\s]+", heading), "the heading is Arabic"
    assert f'<h1 class="page-title">{heading}</h1>' in html
    assert article.title_ar not in html


def test_address_of_unpublished_story_answers_410_in_the_english_edition(client, placement):
    article = hidden(placement, "unpublished")

    response = client.get(url_of("article", "en", article=article))

    assert response.status_code == 410
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert '<h1 class="page-title">This story was removed</h1>' in html
    assert article.title_en not in html


# --- a guessed address ---


def test_draft_with_a_wrong_slug_is_404_not_a_redirect_to_its_address(client, placement):
    """Guessing ids must not reveal a draft's slug (so its headline) through a redirect."""
    article = hidden(placement, "draft")

    response = client.get(f"/article/{article.pk}/guess/")

    assert response.status_code == 404
    assert "Location" not in response
    html = response.content.decode()
    assert article.slug not in html and article.title_ar not in html


def test_published_story_with_a_wrong_slug_redirects_to_its_address(client, live):
    """The same request for a live story: a permanent redirect to the current address."""
    response = client.get(f"/article/{live.pk}/guess/")

    assert response.status_code == 301
    assert response["Location"] == live.get_absolute_url()


def test_unpublished_story_with_a_wrong_slug_is_410_not_a_redirect(client, placement):
    article = hidden(placement, "unpublished")

    response = client.get(f"/article/{article.pk}/guess/")

    assert response.status_code == 410
    assert "Location" not in response
    assert article.slug not in response.content.decode()


# --- the English edition carries only stories written in English ---


@pytest.mark.parametrize("page", LISTINGS)
def test_arabic_only_story_is_not_listed_in_the_english_edition(client, placement, live, page):
    """Stories have no language fallback: without an English text, not in the English edition."""
    arabic_only = place(placement, published=True, title_ar="خبر بالعربية وحدها")

    english_ids = listed(client, url_of(page, "en", placement))
    arabic_ids = listed(client, url_of(page, "ar", placement))

    assert english_ids == [live.pk]
    assert sorted(arabic_ids) == sorted([live.pk, arabic_only.pk])


def test_arabic_only_story_has_no_english_story_page(client, placement):
    """Its English address says it is only in Arabic (tests/public/test_editions.py): a page
    search engines must not index, with no English story in it."""
    arabic_only = place(placement, published=True, title_ar="خبر بالعربية وحدها")

    english = client.get(url_of("article", "en", article=arabic_only))
    arabic = client.get(url_of("article", "ar", article=arabic_only))

    assert (english.status_code, arabic.status_code) == (200, 200)
    assert '<meta name="robots" content="noindex, follow">' in english.content.decode()
    assert "og:title" not in english.content.decode()
