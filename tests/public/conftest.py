"""Shared helpers for the search-engine and feed-reader outputs (issue #4)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles.models import Article
from editorial.workflow import Status
from images.services import create_image
from public.sitemaps import ArticleSitemap
from sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from tests.images.samples import image_bytes


@pytest.fixture(autouse=True)
def one_sitemap_file(monkeypatch):
    """Every story of a test in the first sitemap file of its edition.

    Files cover id ranges (ArticleSitemap.limit ids each), and on PostgreSQL ids keep
    growing from test to test (sequences are not rolled back), so a later test's stories
    would sit in file 3 or 30. tests/public/test_sitemaps_scale.py sets its own limit and
    fixed ids to test the ranges themselves."""
    monkeypatch.setattr(ArticleSitemap, "limit", 10**9)


# The kinds of story readers must never see, and what makes each one so.
HIDDEN_KINDS = ["draft", "in_review", "scheduled", "unpublished", "embargoed"]


def hidden_fields(kind: str) -> dict:
    now = timezone.now()
    return {
        "draft": {"status": Status.DRAFT},
        "in_review": {"status": Status.IN_REVIEW},
        "scheduled": {"status": Status.PUBLISHED, "published_at": now + timedelta(hours=1)},
        "unpublished": {"status": Status.UNPUBLISHED, "published_at": now - timedelta(hours=3)},
        # Made directly: the publish service refuses it, and the public query must too.
        "embargoed": {
            "status": Status.PUBLISHED, "published_at": now - timedelta(hours=1),
            "embargo_until": now + timedelta(hours=1),
        },
    }[kind]


def english(title="A story in English") -> dict:
    """The fields that give a story an English edition."""
    return {"title_en": title, "body_en": "<p>Text.</p>", "summary_en": f"Summary: {title}"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def empty_cache():
    """No site settings cached by an earlier test (its database rows are gone)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def placement(db):
    """One section, byline and tag, shared by the stories of a test."""
    return {"section": SectionFactory(), "author": AuthorFactory(), "tag": TagFactory()}


def place(placement, **fields) -> Article:
    """A story in the shared section, with the shared byline and tag."""
    article = ArticleFactory(section=placement["section"], bylines=[placement["author"]],
                             **fields)
    article.tags.add(placement["tag"])
    return article


def photo(size=(1600, 900), **fields):
    """A real library image, with its renditions."""
    return create_image(file=ContentFile(image_bytes(size), name="x.jpg"),
                        alt_text_ar=fields.pop("alt_text_ar", "صورة من المؤتمر"), **fields)


def path_of(obj, language: str = "ar") -> str:
    """`obj`'s address in the `language` edition, whatever language a request left active."""
    with translation.override(language):
        return obj.get_absolute_url()


def count_queries(client, url) -> tuple[int, object]:
    """Queries of one request, once the site settings exist (as they always do in production:
    the first page ever served creates them)."""
    SiteSettings.load()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response
