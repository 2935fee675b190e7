"""The readers' pages' furniture: today's date in the masthead, the header's search form,
the icons and /favicon.ico, the print and dark styles, «نُشر» before a story's date."""

from datetime import datetime, timedelta
from unittest import mock

import html5lib
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from sitesettings.models import SiteSettings
from tests.factories import ArticleFactory
from tests.readers import path_of

pytestmark = pytest.mark.django_db

CSS = settings.BASE_DIR / "static" / "css" / "site.css"


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, html5lib.parse(response.content.decode(), namespaceHTMLElements=False)


def masthead_time(doc):
    (p,) = [p for p in doc.iter("p") if p.get("class") == "masthead-date"]
    (time,) = p.iter("time")
    return time


@pytest.mark.parametrize(("url", "weekday", "month"), [
    ("/", "الجمعة", "ديسمبر"), ("/en/", "Friday", "December"),
])
def test_the_masthead_shows_today_in_the_sites_time_zone_and_the_editions_language(
    client, url, weekday, month
):
    # 22:30 UTC on Thursday 3 December is already Friday 4 December in Baghdad (UTC+3).
    moment = datetime(2026, 12, 3, 22, 30, tzinfo=timezone.UTC)
    assert settings.TIME_ZONE == "Asia/Baghdad"
    with mock.patch("django.utils.timezone.now", return_value=moment):
        _response, doc = page_of(client, url)
    time = masthead_time(doc)
    assert time.get("datetime") == "2026-12-04"
    assert time.text.split()[0].strip(",") == weekday
    assert month in time.text and "2026" in time.text


def test_the_masthead_date_follows_the_sites_digits_on_the_arabic_edition(client):
    site = SiteSettings.load()
    site.digits = "arabic_indic"
    site.save()
    moment = datetime(2026, 12, 4, 9, 0, tzinfo=timezone.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        ar = masthead_time(page_of(client, "/")[1]).text
        en = masthead_time(page_of(client, "/en/")[1]).text
    assert "٤" in ar and "٢٠٢٦" in ar
    assert "4" in en and "2026" in en


@override_settings(NEWSROOM_PAGE_CACHE=True)
def test_a_cached_page_is_never_served_with_yesterdays_date(client):
    """The page cache keys pages on the local date: the first request after midnight
    renders the page again, with the new date, even though nothing was published."""
    evening = datetime(2026, 12, 4, 20, 59, tzinfo=timezone.UTC)  # 23:59 in Baghdad
    with mock.patch("django.utils.timezone.now", return_value=evening):
        assert client.get("/")["X-Cache"] == "miss"
        cached = client.get("/")
        assert cached["X-Cache"] == "hit"
        doc = html5lib.parse(cached.content.decode(), namespaceHTMLElements=False)
        assert masthead_time(doc).get("datetime") == "2026-12-04"
    with mock.patch("django.utils.timezone.now", return_value=evening + timedelta(minutes=2)):
        after_midnight = client.get("/")
    assert after_midnight["X-Cache"] == "miss"
    doc = html5lib.parse(after_midnight.content.decode(), namespaceHTMLElements=False)
    assert masthead_time(doc).get("datetime") == "2026-12-05"


@pytest.mark.parametrize(("url", "action"), [("/", "/search/"), ("/en/", "/en/search/")])
def test_the_header_has_a_search_form_that_works_without_script(client, url, action):
    _response, doc = page_of(client, url)
    (header,) = doc.iter("header")
    (form,) = [f for f in header.iter("form") if f.get("role") == "search"]
    assert form.get("action") == action
    assert form.get("method") == "get"
    assert form.get("aria-label")
    (field,) = form.iter("input")
    assert field.get("name") == "q" and field.get("type") == "search"
    (label,) = form.iter("label")
    assert label.get("for") == field.get("id") and label.text.strip()
    (button,) = form.iter("button")
    assert button.get("type") == "submit" and button.text.strip()
    # The form's request reaches the search page.
    assert client.get(action, {"q": "test"}).status_code == 200


def test_every_page_links_the_icons_and_says_it_has_a_dark_style(client):
    _response, doc = page_of(client, "/")
    links = {(link.get("rel"), link.get("href")) for link in doc.iter("link")}
    rels = {rel for rel, _href in links}
    assert {"icon", "apple-touch-icon"} <= rels
    for rel, href in links:
        if rel in ("icon", "apple-touch-icon"):
            assert finders.find(href.removeprefix(settings.STATIC_URL)), href
    assert any(href.endswith(".svg") for rel, href in links if rel == "icon")
    metas = {m.get("name"): m.get("content") for m in doc.iter("meta")}
    assert metas["color-scheme"] == "light dark"


def test_the_icons_are_the_sizes_browsers_ask_for():
    from PIL import Image

    icons = settings.BASE_DIR / "static" / "icons"
    assert Image.open(icons / "apple-touch-icon.png").size == (180, 180)
    assert Image.open(icons / "favicon-32.png").size == (32, 32)
    assert (icons / "favicon.svg").read_text().startswith("<svg")


def test_favicon_ico_answers_200_with_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    assert "max-age=86400" in response["Cache-Control"]


def test_the_stylesheet_has_print_and_dark_styles():
    css = CSS.read_text()
    assert "@media print" in css
    assert "@media (prefers-color-scheme: dark)" in css


def test_a_story_says_nushira_before_its_date_while_the_desk_keeps_manshur(client):
    story = ArticleFactory(published=True)
    _response, doc = page_of(client, path_of(story))
    (meta,) = [p for p in doc.iter("p") if p.get("class") == "meta"]
    assert "".join(meta.itertext()).split()[0] == "نُشر"
    with translation.override("ar"):
        assert gettext("Published") == "منشور"  # a story's status on the desk
        assert pgettext("published on a date", "Published") == "نُشر"
