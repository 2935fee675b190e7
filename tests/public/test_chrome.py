"""The header and footer are rendered once per process (public/templatetags/chrome.py): a kept
copy must never show an old site name, menu or date, nor one edition's chrome in the other."""

from datetime import timedelta

import html5lib
import pytest
from django.utils import timezone

from sections.models import Section
from sitesettings.models import SiteSettings
from tests.factories import SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_copies")]


def header_and_footer(client, path="/"):
    response = client.get(path)
    assert response.status_code == 200
    page = html5lib.parse(response.content.decode(), namespaceHTMLElements=False)
    return page.find(".//header"), page.find(".//footer")


def text(element) -> str:
    return "".join(element.itertext())


def test_a_renamed_site_shows_its_new_name_in_the_header_and_footer(client):
    site = SiteSettings.load()
    site.site_name_ar, site.masthead_note_ar = "الأمصار", "رئيس التحرير: فلان"
    site.save()
    header, footer = header_and_footer(client)
    assert "الأمصار" in text(header) and "رئيس التحرير: فلان" in text(footer)

    site.site_name_ar, site.masthead_note_ar = "الرافدين", "رئيسة التحرير: فلانة"
    site.save()
    header, footer = header_and_footer(client, "/about/")

    assert "الرافدين" in text(header) and "الأمصار" not in text(header)
    assert "رئيسة التحرير: فلانة" in text(footer)


def test_the_menu_follows_a_renamed_added_or_hidden_section(client):
    economy = SectionFactory(name_ar="اقتصاد", slug="economy")
    sport = SectionFactory(name_ar="رياضة", slug="sport")
    menu = text(header_and_footer(client)[0].find(".//nav"))
    assert "اقتصاد" in menu and "رياضة" in menu

    Section.objects.filter(pk=economy.pk).update(name_ar="مال وأعمال")
    Section.objects.filter(pk=sport.pk).update(is_active=False)
    SectionFactory(name_ar="ثقافة", slug="culture")
    menu = text(header_and_footer(client)[0].find(".//nav"))

    assert "مال وأعمال" in menu and "ثقافة" in menu
    assert "اقتصاد" not in menu and "رياضة" not in menu


def test_the_masthead_date_turns_with_the_day(client, monkeypatch):
    def masthead_date():
        header = header_and_footer(client, "/about/")[0]
        return header.find(".//time").get("datetime")

    today = timezone.localdate()
    assert masthead_date() == today.isoformat()

    tomorrow = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)

    assert masthead_date() == timezone.localdate(tomorrow).isoformat() != today.isoformat()


def test_each_edition_has_its_own_chrome(client):
    SectionFactory(name_ar="اقتصاد", name_en="Economy", slug="economy")
    arabic_header, _ = header_and_footer(client)
    english_header, english_footer = header_and_footer(client, "/en/")

    assert "اقتصاد" in text(arabic_header)
    assert "Economy" in text(english_header) and "اقتصاد" not in text(english_header)
    assert english_header.find(".//form").get("action") == "/en/search/"
    assert english_footer.find(".//a").get("href").startswith("/en/")
