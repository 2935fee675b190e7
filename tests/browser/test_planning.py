"""The story budget in a real browser: an editor plans a story from the calendar's day view,
the week shows it beside an overdue one (flagged in red), the journalist finds both on their
desk and starts the draft from the calendar. Screenshots: test-artifacts/planning-day.png,
planning-week.png, planning-my-desk.png, planning-converted.png."""

from datetime import datetime

import pytest
from django.utils import timezone

from authors.models import Author
from editorial import planning
from editorial.models import Assignment
from editorial.workflow import Status
from tests.browser.test_inbox import shoot
from tests.browser.test_workflow_story import log_in, new_page
from tests.factories import SectionFactory

PLANNED = "افتتاح معرض بغداد الدولي للكتاب"
LATE = "تقرير عن أزمة المياه في البصرة"
RED = "rgb(198, 40, 40)"  # the overdue flag's colour (static/editorial/desk.css)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_plan_flag_and_convert_from_the_calendar(
    browser, page, live_server, journalist, editor, artifacts_dir
):
    journalist.first_name, journalist.last_name = "زينب", "الموسوي"
    journalist.save()
    editor.first_name, editor.last_name = "علي", "الكعبي"
    editor.save()
    Author.objects.create(name_ar="زينب الموسوي", user=journalist)
    section = SectionFactory(name_ar="ثقافة")
    today = timezone.localdate()
    # An assignment that was due at the start of today: missed, and in this week.
    midnight = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    late = planning.create_assignment(
        Assignment(
            headline=LATE,
            section=section,
            assignee=journalist,
            due_at=midnight,
            notes="صور من شط العرب",
        ),
        by=editor,
    )

    # The editor opens the budget from the header, on today's day view, and plans a story.
    log_in(page, live_server, editor)
    page.locator("#user-tools a.desk-planning-link").click()
    page.wait_for_selector(".desk-planning")
    page.locator(".desk-plan-view-day").click()
    page.wait_for_selector(".desk-planning-day")
    page.locator("a.desk-plan-add").click()
    page.wait_for_selector("#assignment_form")
    assert page.locator("#id_due_at_0").input_value() == today.isoformat()  # the day chosen
    page.fill("#id_headline", PLANNED)
    page.select_option("#id_section", label="ثقافة")
    page.select_option("#id_assignee", label="زينب الموسوي")
    page.fill("#id_due_at_1", "23:59")
    page.fill("#id_notes", "مقابلة مع مدير المعرض")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    page.wait_for_selector(".desk-planning-day")
    planned = Assignment.objects.get(headline=PLANNED)
    assert planned.assignee == journalist and planned.created_by == editor
    assert PLANNED in page.locator(".desk-plan-days").inner_text()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    shoot(page, artifacts_dir / "planning-day.png")

    # The week view: both on their days, the missed one flagged and the other not.
    page.locator(".desk-plan-view-week").click()
    page.wait_for_selector(".desk-planning-week")
    assert page.locator(".desk-plan-day").count() == 7
    overdue = page.locator(f".desk-plan-card[data-assignment='{late.pk}']")
    on_time = page.locator(f".desk-plan-card[data-assignment='{planned.pk}']")
    assert overdue.locator(".desk-overdue-badge").is_visible()
    assert overdue.locator(".desk-overdue-badge").inner_text() == "متأخر"
    border = overdue.evaluate("e => getComputedStyle(e).borderInlineStartColor")
    assert border == RED, border
    assert on_time.is_visible() and on_time.locator(".desk-overdue-badge").count() == 0
    shoot(page, artifacts_dir / "planning-week.png")

    desk = new_page(browser)
    try:
        # The journalist's desk lists both assignments, the missed one flagged.
        log_in(desk, live_server, journalist)
        shelf = desk.locator(".desk-shelf-assignments")
        assert PLANNED in shelf.inner_text() and LATE in shelf.inner_text()
        assert shelf.locator(".desk-plan-overdue .desk-overdue-badge").count() == 1
        assert "(2)" in desk.locator("#user-tools a.desk-inbox-link").inner_text()
        shoot(desk, artifacts_dir / "planning-my-desk.png")

        # From the calendar's day, they start the overdue one's draft and land in it.
        due_day = today.isoformat()
        desk.goto(f"{live_server.url}/admin/desk/planning/?view=day&date={due_day}")
        card = desk.locator(f".desk-plan-card[data-assignment='{late.pk}']")
        with desk.expect_navigation():
            card.locator(".desk-plan-convert button").click()
        desk.wait_for_selector(".messagelist .success")
        late.refresh_from_db()
        story = late.article
        assert story is not None and story.status == Status.DRAFT
        assert story.created_by == journalist and story.title_ar == LATE
        assert desk.url.endswith(f"/admin/articles/article/{story.pk}/change/")
        assert desk.locator("#id_title_ar").input_value() == LATE
        # The draft names the assignment it came from, still overdue until it is submitted.
        assert desk.locator(".desk-from-assignment .desk-overdue-badge").is_visible()
        shoot(desk, artifacts_dir / "planning-converted.png")

        # Back on the calendar: the card names its story and the story's state; still
        # overdue (a draft is not handed in), and no second draft can be started.
        desk.goto(f"{live_server.url}/admin/desk/planning/?view=day&date={due_day}")
        card = desk.locator(f".desk-plan-card[data-assignment='{late.pk}']")
        assert card.locator(".desk-plan-state").inner_text() == str(Status.DRAFT.label)
        assert card.locator(".desk-overdue-badge").is_visible()
        assert card.locator(".desk-plan-convert").count() == 0
    finally:
        desk.context.close()
