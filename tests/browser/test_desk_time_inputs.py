"""The schedule and embargo boxes in a browser whose clock is not Baghdad's: all in Arabic.

Django's pickers warn "Note: Enter times in the Asia/Baghdad timezone. (You are 3 hours
behind.)" when the browser's zone differs from the site's; the desk shows that note, the
calendar and the clock in Arabic, with the zone named in words. Choosing a day in the
calendar and a time from the clock schedules the story. Screenshot:
test-artifacts/desk-time-inputs.png.
"""

import re
from zoneinfo import ZoneInfo

import pytest

from editorial.workflow import Status
from tests.browser.test_workflow_story import BODY_EDITOR, change_url, log_in
from tests.factories import ArticleFactory, checklist_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LATIN = re.compile(r"[A-Za-z]{2,}")


def test_time_boxes_speak_arabic_in_another_time_zone(
    browser, live_server, editor, journalist, artifacts_dir
):
    # Complete, so the checklist has nothing to warn of: this test is about the time boxes.
    story = checklist_ready(ArticleFactory(in_review=True, created_by=journalist))
    # London is three hours behind Baghdad in December (and two in summer).
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London",
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server, editor)
    page.goto(change_url(live_server, story))
    page.wait_for_selector(BODY_EDITOR)
    schedule = page.locator(".desk-move-schedule")

    warnings = page.locator(".timezonewarning")
    warnings.first.wait_for()
    texts = warnings.all_inner_texts()
    assert texts and all("بتوقيت بغداد" in text for text in texts), texts
    assert not any(LATIN.search(text) for text in texts), texts

    schedule.locator("button[id^=calendarlink]").click()
    calendar = page.locator(".calendarbox:visible")
    assert not LATIN.search(calendar.inner_text()), calendar.inner_text()
    calendar.locator(".calendar-shortcuts a").last.click()  # yesterday | today | tomorrow
    chosen_day = schedule.locator("input[name=at_0]").input_value()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", chosen_day), chosen_day
    schedule.locator("input[name=at_1]").fill("09:30")
    label = schedule.locator("button[type=submit]").inner_text()
    assert "09:30" in label and "بتوقيت بغداد" in label, label
    schedule.screenshot(path=artifacts_dir / "desk-time-inputs.png")

    with page.expect_navigation():
        schedule.locator("button[type=submit]").click()
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    local = story.published_at.astimezone(ZoneInfo("Asia/Baghdad"))
    assert (local.strftime("%Y-%m-%d"), local.strftime("%H:%M")) == (chosen_day, "09:30")
    context.close()
