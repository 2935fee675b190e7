"""No feed, sitemap or JSON-LD ever shows a story readers may not see.

Each kind of not-public story sits beside a live one with the same section, byline and tag,
in both editions; every output must list the live story (so it really covers that section,
author or tag) and never the other.
"""

import pytest

from tests.public.conftest import HIDDEN_KINDS, english, hidden_fields, path_of, place

pytestmark = pytest.mark.django_db

OUTPUTS = [
    "/feed/", "/en/feed/", "section-feed", "author-feed", "tag-feed", "en-section-feed",
    "en-author-feed", "en-tag-feed", "/sitemap-articles.xml", "/sitemap-articles-en.xml",
    "/news-sitemap.xml",
]


def url_of(output: str, placement) -> str:
    if output.startswith("/"):
        return output
    language, _dash, kind = output.rpartition("-")[0].rpartition("-")
    return f"{path_of(placement[kind], language or 'ar')}feed/"


@pytest.fixture
def live(placement):
    return place(placement, published=True, title_ar="خبر منشور يراه الجميع",
                 **english("A story everyone can read"))


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_story_not_public_is_in_no_feed_or_sitemap(client, placement, live, kind, output):
    hidden = place(placement, title_ar="خبر لا يجوز أن يراه القراء",
                   **english("A story readers must not see"), **hidden_fields(kind))

    response = client.get(url_of(output, placement))

    assert response.status_code == 200
    body = response.content.decode()
    assert f"/article/{live.pk}/" in body
    assert f"/article/{hidden.pk}/" not in body
    assert "خبر لا يجوز" not in body and "must not see" not in body


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_story_not_public_has_no_page_and_so_no_json_ld(client, placement, kind, language):
    hidden = place(placement, title_ar="خبر لا يجوز أن يراه القراء",
                   **english("A story readers must not see"), **hidden_fields(kind))

    response = client.get(path_of(hidden, language))

    assert response.status_code in (404, 410)
    body = response.content.decode()
    assert "application/ld+json" not in body
    assert "og:title" not in body
