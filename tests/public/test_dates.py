"""Dates the Arabic way on the readers' pages: the site's calendar (Gregorian, Hijri by Umm
al-Qura, or both), month names by region, Arabic-Indic digits in bodies, feeds and JSON-LD,
and machine fields (datetime attributes, datePublished, pubDate) untouched (docs/dates.md)."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from unittest import mock

import html5lib
import pytest
from django.utils import timezone

from sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, SectionFactory
from tests.readers import english, path_of

pytestmark = pytest.mark.django_db

# 1 Ramadan 1447 (Umm al-Qura) is Wednesday 18 February 2026; 09:00 UTC is 12:00 in Baghdad.
RAMADAN_1447 = datetime(2026, 2, 18, 9, 0, tzinfo=timezone.UTC)
# 1 Ramadan 1446 is Saturday 1 March 2025; a story published at 10:00 Baghdad time.
RAMADAN_1446 = datetime(2025, 3, 1, 7, 0, tzinfo=timezone.UTC)
BODY = (
    '<p>في عام 2025 زار الوزير <a href="https://example.com/2025/05/report-12">موقع 12 '
    "تقريراً</a> وتحدث عن iPhone 15 وقمة G20، وللتواصل "
    '<a href="mailto:desk24@example.com">desk24@example.com</a> خلال 24 ساعة.</p>'
)


def use(**fields):
    site = SiteSettings.load()
    for name, value in fields.items():
        setattr(site, name, value)
    site.save()


def masthead_times(client, url, now=RAMADAN_1447):
    with mock.patch("django.utils.timezone.now", return_value=now):
        response = client.get(url)
    assert response.status_code == 200
    doc = html5lib.parse(response.content.decode(), namespaceHTMLElements=False)
    (p,) = [p for p in doc.iter("p") if p.get("class") == "masthead-date"]
    return [(time.get("datetime"), time.text) for time in p.iter("time")]


def story(**fields):
    return ArticleFactory(
        published=True,
        published_at=RAMADAN_1446,
        body_ar=BODY,
        title_ar="قمة 2025 في الرياض",
        summary_ar="حضرها 12 زعيماً من G20",
        **fields,
    )


def page_times(html):
    """(datetime, text) of each date; two calendars' <time>s side by side as one text."""
    pairs = re.findall(
        r'<time datetime="([^"]+)">([^<]+)</time>(?:( [–·] )<time datetime="\1">([^<]+)</time>)?',
        html,
    )
    return [(iso, first + between + second) for iso, first, between, second in pairs]


class TestMasthead:
    def test_gregorian_by_default(self, client):
        assert masthead_times(client, "/") == [("2026-02-18", "الأربعاء 18 فبراير 2026")]

    def test_hijri(self, client):
        use(calendar="hijri")
        assert masthead_times(client, "/") == [("2026-02-18", "الأربعاء 1 رمضان 1447 هـ")]

    def test_both_with_levantine_months_and_arabic_indic_digits(self, client):
        use(calendar="both", month_names="levantine", digits="arabic_indic")
        assert masthead_times(client, "/") == [
            ("2026-02-18", "الأربعاء ١٨ شباط ٢٠٢٦ م"),
            ("2026-02-18", "١ رمضان ١٤٤٧ هـ"),
        ]

    def test_english_edition(self, client):
        use(calendar="both", month_names="levantine", digits="arabic_indic")
        assert masthead_times(client, "/en/") == [
            ("2026-02-18", "Wednesday, 18 February 2026"),
            ("2026-02-18", "1 Ramadan 1447 AH"),
        ]

    def test_ramadan_1446(self, client):
        use(calendar="hijri")
        now = datetime(2025, 3, 1, 6, 0, tzinfo=timezone.UTC)
        assert masthead_times(client, "/", now) == [("2025-03-01", "السبت 1 رمضان 1446 هـ")]


class TestStoryDates:
    @pytest.mark.parametrize(
        ("fields", "text"),
        [
            ({}, "1 مارس 2025، 10:00"),
            ({"calendar": "hijri"}, "1 رمضان 1446 هـ، 10:00"),
            ({"calendar": "both"}, "1 مارس 2025 م، 10:00 – 1 رمضان 1446 هـ"),
            ({"month_names": "levantine"}, "1 آذار 2025، 10:00"),
            (
                {"calendar": "both", "month_names": "levantine", "digits": "arabic_indic"},
                "١ آذار ٢٠٢٥ م، ١٠:٠٠ – ١ رمضان ١٤٤٦ هـ",
            ),
        ],
    )
    def test_published_date_follows_the_settings_and_its_datetime_stays_iso(
        self, client, fields, text
    ):
        use(**fields)
        article = story()
        times = page_times(client.get(path_of(article)).content.decode())
        assert ("2025-03-01T10:00:00+03:00", text) in times

    def test_cards_are_rendered_again_when_the_calendar_changes(self, client):
        """A story card is kept rendered per process under what it shows: the calendar is
        part of that, so switching it shows the Hijri date at once."""
        section = SectionFactory()
        story(section=section)
        before = client.get(path_of(section)).content.decode()
        assert "1 مارس 2025" in before
        use(calendar="hijri")
        after = client.get(path_of(section)).content.decode()
        assert "1 رمضان 1446 هـ" in after and "1 مارس 2025" not in after


class TestBodyDigits:
    def test_arabic_indic_in_the_arabic_text_only(self, client):
        use(digits="arabic_indic")
        html = client.get(path_of(story())).content.decode()
        assert "في عام ٢٠٢٥ زار" in html
        assert 'href="https://example.com/2025/05/report-12"' in html
        assert "موقع ١٢ تقريراً" in html
        assert "iPhone 15" in html and "G20" in html
        assert 'href="mailto:desk24@example.com"' in html
        assert ">desk24@example.com</a> خلال ٢٤ ساعة" in html

    def test_western_digits_left_alone(self, client):
        html = client.get(path_of(story())).content.decode()
        assert "في عام 2025 زار" in html and "خلال 24 ساعة" in html

    def test_english_edition_left_alone(self, client):
        use(digits="arabic_indic")
        article = story(**english("A 2025 summit"))
        article.body_en = "<p>In 2025, 12 reports.</p>"
        article.save()
        html = client.get(path_of(article, "en")).content.decode()
        assert "In 2025, 12 reports." in html


class TestMachineFields:
    def test_json_ld_dates_stay_iso_while_the_headline_follows_the_digits(self, client):
        use(calendar="both", digits="arabic_indic")
        html = client.get(path_of(story())).content.decode()
        (script,) = re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S
        )
        data = json.loads(script)
        assert data["datePublished"] == "2025-03-01T10:00:00+03:00"
        assert re.fullmatch(r"[0-9T:+-]+", data["dateModified"])
        assert data["headline"] == "قمة ٢٠٢٥ في الرياض"
        assert data["description"] == "حضرها ١٢ زعيماً من G20"
        assert data["url"].isascii()

    def test_rss_dates_and_links_stay_while_the_titles_follow_the_digits(self, client):
        use(calendar="both", month_names="levantine", digits="arabic_indic")
        article = story()
        channel = ET.fromstring(client.get("/feed/").content).find("channel")
        (item,) = channel.findall("item")
        assert item.findtext("pubDate") == "Sat, 01 Mar 2025 07:00:00 +0000"
        assert item.findtext("title") == "قمة ٢٠٢٥ في الرياض"
        assert item.findtext("description") == "حضرها ١٢ زعيماً من G20"
        assert item.findtext("link").endswith(path_of(article))
        assert item.findtext("guid") == item.findtext("link")

    def test_rss_unchanged_with_western_digits(self, client):
        story()
        channel = ET.fromstring(client.get("/feed/").content).find("channel")
        assert channel.find("item").findtext("title") == "قمة 2025 في الرياض"
