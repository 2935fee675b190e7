"""The masthead with both calendars in Chromium: Gregorian and Hijri (Umm al-Qura) dates side
by side, on a phone and a wide screen, in both editions, without pushing the page wider.
Screenshots: test-artifacts/masthead-hijri-*.png (docs/dates.md)."""

import pytest
from django.utils import timezone

from core.dates import hijri
from sitesettings.models import SiteSettings
from tests.browser.test_public_pages import load_fully, make_content, page_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "wide": {"width": 1366, "height": 768}}


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_masthead_shows_both_dates(page, live_server, artifacts_dir, language, viewport):
    content = make_content()
    site = SiteSettings.load()
    site.calendar, site.month_names, site.digits = "both", "levantine", "arabic_indic"
    site.save()
    page.set_viewport_size(VIEWPORTS[viewport])

    load_fully(page, live_server.url + page_path("home", language, content))

    times = page.locator(".masthead-date time")
    assert times.count() == 2
    today = timezone.localdate()
    assert (
        times.nth(0).get_attribute("datetime")
        == times.nth(1).get_attribute("datetime")
        == today.isoformat()
    )
    gregorian, hijri_text = times.nth(0).inner_text(), times.nth(1).inner_text()
    if language == "ar":
        assert gregorian.endswith("م") and hijri_text.endswith("هـ")
        assert hijri(today).month_name("ar") in hijri_text
        assert not any(c.isascii() and c.isdigit() for c in gregorian + hijri_text)
        # Not "·" between them: beside Arabic-Indic digits it reads as a zero (٠).
        assert page.locator(".masthead-date").inner_text() == f"{gregorian} – {hijri_text}"
    else:
        assert hijri_text.endswith("AH") and str(hijri(today).year) in hijri_text
        assert str(today.year) in gregorian
    # Both dates fit: nothing sticks out of the screen or makes it scroll sideways.
    box = page.locator(".masthead-date").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS[viewport]["width"] + 0.5
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    header = page.locator("header").first.bounding_box()
    page.screenshot(
        path=str(artifacts_dir / f"masthead-hijri-{language}-{viewport}.png"),
        clip={
            "x": 0,
            "y": 0,
            "width": VIEWPORTS[viewport]["width"],
            "height": min(header["y"] + header["height"] + 8, 400),
        },
    )
