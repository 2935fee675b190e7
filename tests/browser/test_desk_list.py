"""The story list as an editor sees it on a laptop (1366 px) and a phone (390 px).

At 1366 px the headline gets the room (no word per line); at 390 px nothing scrolls sideways
and each story shows its headline, status, section, byline and time without scrolling
across. Screenshots: test-artifacts/desk-list-1366.png and desk-list-390.png.
"""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from images.services import create_image
from tests.browser.test_workflow_story import log_in
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.images.samples import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Over sixty characters, as a real headline runs.
HEADLINE = "وزارة النقل تفتتح خط حافلات جديدا يربط الكرخ بالرصافة هذا اليوم"
LIST = "/admin/articles/article/"


@pytest.fixture
def stories(editor):
    assert len(HEADLINE) >= 60
    editor.first_name = "منى"  # the header greets by name, as the guide's screenshots show it
    editor.save()
    section = SectionFactory(name_ar="محليات", parent=SectionFactory(name_ar="أخبار العراق"))
    photo = create_image(file=ContentFile(image_bytes((640, 400))), alt_text_ar="حافلة")
    bylines = [AuthorFactory(name_ar="سارة العلي"), AuthorFactory(name_ar="منى الحسن")]
    now = timezone.now()
    return [
        ArticleFactory(title_ar=HEADLINE if n == 0 else f"{HEADLINE[:40]} رقم {n}", published=True,
                       published_at=now - timedelta(minutes=n), section=section,
                       lead_image=photo, bylines=bylines)
        for n in range(6)
    ]


def open_list(browser, live_server, editor, width, height):
    context = browser.new_context(locale="ar", viewport={"width": width, "height": height})
    page = context.new_page()
    log_in(page, live_server, editor)
    page.goto(f"{live_server.url}{LIST}")
    page.wait_for_selector("#result_list")
    return page


def first_row(page):
    return page.locator("#result_list tbody tr").first


def test_at_1366_the_headline_has_the_room(browser, live_server, editor, stories, artifacts_dir):
    page = open_list(browser, live_server, editor, 1366, 900)

    cell = first_row(page).locator("th.field-title, td.field-title").first
    box = cell.bounding_box()
    link = cell.locator("a")
    line_height = float(link.evaluate("a => parseFloat(getComputedStyle(a).lineHeight)"))
    lines = round(link.bounding_box()["height"] / line_height)
    page.screenshot(path=artifacts_dir / "desk-list-1366.png", full_page=True)

    assert link.inner_text() == HEADLINE
    assert box["width"] >= 300, box
    assert lines <= 2, (lines, link.bounding_box())
    assert no_sideways_scroll(page)
    # Nor does the table scroll inside its box: every column of the row is on screen.
    results = "document.querySelector('#changelist .results')"
    assert page.evaluate(f"{results}.scrollWidth <= {results}.clientWidth")
    for name in ("field-status_badge", "field-section", "field-byline_names",
                 "field-published_at"):
        assert in_viewport(page, first_row(page).locator(f".{name}")), name


def test_at_390_the_list_fits_the_phone(browser, live_server, editor, stories, artifacts_dir):
    page = open_list(browser, live_server, editor, 390, 844)
    page.screenshot(path=artifacts_dir / "desk-list-390.png", full_page=True)

    assert no_sideways_scroll(page)
    row = first_row(page)
    assert row.locator(".field-title a").inner_text() == HEADLINE
    for name in ("field-title", "field-status_badge", "field-section", "field-byline_names",
                 "field-published_at"):
        cell = row.locator(f".{name}")
        assert in_viewport(page, cell), name
    assert "محليات" in row.locator(".field-section").inner_text()
    assert "سارة العلي" in row.locator(".field-byline_names").inner_text()


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def in_viewport(page, locator) -> bool:
    """Fully inside the window's width (the page may scroll down, never across)."""
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    if box is None or box["width"] == 0:
        return False
    return box["x"] >= 0 and box["x"] + box["width"] <= width
