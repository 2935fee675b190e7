"""A control character pasted into a headline or summary never breaks a feed or a sitemap.

XML 1.0 cannot carry most of U+0000-U+001F: Django's feed generator raises on them, which
turned every feed that listed the story into a 500. They are dropped from feeds and the
news sitemap; the story itself keeps its text as typed.
"""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PASTED = "عاجل\x0b: انفجار\x1b في\x08 المرفأ"


@pytest.fixture
def story(db):
    return ArticleFactory(published=True, title_ar=PASTED, summary_ar=f"ملخص\x0c {PASTED}")


@pytest.mark.parametrize("url", ["/feed/", "/news-sitemap.xml"])
def test_feeds_and_sitemaps_drop_characters_xml_cannot_carry(client, story, url):
    response = client.get(url)
    assert response.status_code == 200
    text = ET.tostring(ET.fromstring(response.content), encoding="unicode")
    assert "عاجل: انفجار في المرفأ" in text
    story.refresh_from_db()
    assert story.title_ar == PASTED
