"""A story that is not public is nowhere a reader can look: not listed, and its address is 404.

Each kind of not-public story is put beside a live story with the same section, byline and
tag; every listing must show the live one (so the page really lists that section, author or
tag) and never the other. An unpublished story's address answers 410 Gone instead of 404.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles.models import Article
from editorial.workflow import Status
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["ar", "en"]
LISTINGS = ["home", "section", "author", "tag"]


def not_public(kind: str) -> dict:
    """The fields that make a story of each kind that readers must not see."""
    now = timezone.now()
    return {
        "draft": {"status": Status.DRAFT},
        "in_review": {"status": Status.IN_REVIEW},
        "scheduled": {"status": Status.PUBLISHED, "published_at": now + timedelta(hours=1)},
        "unpublished": {"status": Status.UNPUBLISHED, "published_at": now - timedelta(days=1)},
        # Made directly: the publish service would refuse it, the public query must too.
        "embargoed": {
            "status": Status.PUBLISHED, "published_at": now - timedelta(hours=1),
            "embargo_until": now + timedelta(hours=1),
        },
    }[kind]


KINDS = ["draft", "in_review", "scheduled", "unpublished", "embargoed"]


@pytest.fixture
def placement():
    """One section, byline and tag, shared by the live story and the hidden one."""
    return {"section": SectionFactory(), "author": AuthorFactory(), "tag": TagFactory()}


def place(placement, **fields) -> Article:
    """A story in the shared section, with the shared byline and tag, in both languages."""
    article = ArticleFactory(
        section=placement["section"], bylines=[placement["author"]], **fields
    )
    article.tags.add(placement["tag"])
    return article


@pytest.fixture
def live(placement):
    return place(
        placement, published=True, title_ar="خبر منشور يراه الجميع",
        title_en="A story everyone can read", body_en="<p>Live.</p>",
    )


def hidden(placement, kind: str) -> Article:
    return place(
        placement, title_ar="خبر لا يجوز أن يراه القراء",
        title_en="A story readers must not see", body_en="<p>Not yet.</p>", **not_public(kind),
    )


def url_of(page: str, language: str, placement=None, article=None) -> str:
    with translation.override(language):
        if page == "home":
            return "/" if language == "ar" else "/en/"
        if page == "article":
            return article.get_absolute_url()
        return placement[page].get_absolute_url()


def listed(client, url: str) -> tuple[list[int], str]:
    """The stories a listing page shows (its context and its links) and its HTML."""
    response = client.get(url)
    assert response.status_code == 200
    return [article.pk for article in response.context["articles"]], response.content.decode()


def links_to(html: str, article: Article, language: str) -> bool:
    prefix = "" if language == "ar" else "/en"
    return re.search(rf'href="{prefix}/article/{article.pk}/', html) is not None


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", LISTINGS)
@pytest.mark.parametrize("kind", KINDS)
def test_story_not_public_is_not_listed(client, placement, live, kind, page, language):
    """Home, section, author and tag pages, in both editions, list the live story only."""
    article = hidden(placement, kind)

    shown, html = listed(client, url_of(page, language, placement))

    assert shown == [live.pk]
    assert links_to(html, live, language)
    assert not links_to(html, article, language)
    assert article.title_ar not in html and article.title_en not in html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["draft", "in_review", "scheduled", "embargoed"])
def test_address_of_story_not_yet_public_answers_404(client, placement, kind, language):
    article = hidden(placement, kind)

    response = client.get(url_of("article", language, article=article))

    assert response.status_code == 404
    html = response.content.decode()
    assert article.title_ar not in html and article.title_en not in html


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

    english, _html = listed(client, url_of(page, "en", placement))
    arabic, _html = listed(client, url_of(page, "ar", placement))

    assert english == [live.pk]
    assert sorted(arabic) == sorted([live.pk, arabic_only.pk])


def test_arabic_only_story_has_no_english_address(client, placement):
    arabic_only = place(placement, published=True, title_ar="خبر بالعربية وحدها")

    english = client.get(url_of("article", "en", article=arabic_only))
    arabic = client.get(url_of("article", "ar", article=arabic_only))

    assert (english.status_code, arabic.status_code) == (404, 200)
