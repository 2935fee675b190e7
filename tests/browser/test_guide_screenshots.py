"""The desk guide's screenshots (docs/guide/desk-guide.md), each taken while a real browser
does what the guide describes, and each step checked as it is shown.

They land in test-artifacts/ as desk-*.png; `make guide-screenshots` copies them into
docs/guide/img/. Viewport shots, not full pages, so the guide's images stay small. The stories
are complete (summary, lead image with alt text, byline, tag, SEO text), so a pre-publish check
has nothing to object to and each shot shows the step itself.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import reversion
from django.conf import settings

from articles.models import Article
from editorial.models import ArticleEvent, EditSession, PreviewLink
from editorial.workflow import Status
from tests.browser.test_editor import library_image
from tests.browser.test_workflow_story import change_url, click_and_load, log_in
from tests.editorial.test_presence_browser import wait_for
from tests.factories import PASSWORD, ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Action = ArticleEvent.Action
HEADLINE = "بلدية بغداد تفتتح حديقة عامة جديدة في الكرادة"
SUMMARY = "افتتحت أمانة بغداد صباح الأحد حديقة عامة على ضفة دجلة في الكرادة."
BODY = (
    "<p>افتتحت أمانة بغداد صباح الأحد حديقة عامة جديدة على ضفة نهر دجلة في منطقة الكرادة.</p>"
    "<h2>ممرات للمشاة وملاعب للأطفال</h2>"
    "<p>تضم الحديقة ممرات للمشاة وملاعب للأطفال ومقاعد تحت الأشجار.</p>"
)
VIEWPORT = {"width": 1280, "height": 800}


def desk_page(browser):
    """A fresh browser context (its own cookies), Arabic, the guide's screenshot size."""
    return browser.new_context(locale="ar", viewport=VIEWPORT).new_page()


def story(created_by, **fields):
    """A complete story: summary, body with a subhead, section, lead photo, byline, a tag."""
    photo = library_image(alt_text_ar="حديقة على ضفة دجلة", caption_ar="الحديقة الجديدة")
    article = ArticleFactory(
        title_ar=HEADLINE, summary_ar=SUMMARY, body_ar=BODY,
        seo_description_ar=SUMMARY, section=SectionFactory(name_ar="محليات"),
        lead_image=photo, created_by=created_by, bylines=[AuthorFactory(name_ar="ليلى حسن")],
        **fields,
    )
    article.tags.add(TagFactory(name_ar="بغداد"))
    return article


def open_story(page, live_server, article):
    page.goto(change_url(live_server, article))
    page.wait_for_selector(".desk-panel")


def shot(page, artifacts_dir, filename, show=None):
    """A viewport screenshot, with `show` (a locator) scrolled into view. The file's full name
    is written out at each call: tests/test_guide.py and the Makefile find the test by it."""
    if show is not None:
        show.scroll_into_view_if_needed()
    path = artifacts_dir / filename
    path.unlink(missing_ok=True)
    page.screenshot(path=path)
    assert path.stat().st_size > 0, path
    return path


def choose_time(form, at):
    """Fill the schedule form's date box and time box (at_0, at_1)."""
    form.locator("input[name=at_0]").fill(at.strftime("%Y-%m-%d"))
    form.locator("input[name=at_1]").fill(at.strftime("%H:%M"))


@pytest.fixture(autouse=True)
def people_with_names(journalist, editor):
    """The desk names people by their full names: the screenshots show names, not logins."""
    for user, first, last in [(journalist, "ليلى", "حسن"), (editor, "سامر", "علي")]:
        user.first_name, user.last_name = first, last
        user.save()


def test_login(browser, live_server, journalist, artifacts_dir):
    page = desk_page(browser)
    page.goto(f"{live_server.url}/admin/")
    assert page.url.startswith(f"{live_server.url}/admin/login/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.fill("#id_username", journalist.username)
    page.fill("#id_password", PASSWORD)
    shot(page, artifacts_dir, "desk-login.png")

    page.locator("input[type=submit]").click()
    page.wait_for_selector("#user-tools")
    # The desk's header links to this guide.
    link = page.locator("#user-tools a.desk-guide-link")
    assert link.get_attribute("href") == "/admin/guide/"
    page.context.close()


def test_send_for_review(browser, live_server, journalist, artifacts_dir):
    article = story(journalist)
    page = desk_page(browser)
    log_in(page, live_server, journalist)
    open_story(page, live_server, article)
    submit = page.locator(".desk-panel .desk-move-submit")
    submit.locator("textarea[name=note]").fill("جاهز للمراجعة، والصورة من مكتبة الصور.")
    shot(page, artifacts_dir, "desk-send-for-review.png", show=submit)

    click_and_load(page, submit.locator("button[type=submit]"))

    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    event = article.events.get(action=Action.SUBMITTED)
    assert (event.by, event.note) == (journalist, "جاهز للمراجعة، والصورة من مكتبة الصور.")
    # In review, the story is the desk's: the journalist's page offers no move any more.
    assert page.locator(".desk-panel .desk-move").count() == 0
    page.context.close()


def test_send_back_with_a_note(browser, live_server, journalist, editor, artifacts_dir):
    article = story(journalist, status=Status.IN_REVIEW)
    note = "اذكر اسم المسؤول الذي افتتح الحديقة في الفقرة الأولى."
    desk = desk_page(browser)
    log_in(desk, live_server, editor)
    open_story(desk, live_server, article)
    send_back = desk.locator(".desk-panel .desk-move-send_back")
    send_back.locator("textarea[name=note]").fill(note)
    shot(desk, artifacts_dir, "desk-send-back.png", show=send_back)

    click_and_load(desk, send_back.locator("button[type=submit]"))
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.events.get(action=Action.SENT_BACK).note == note

    # The journalist opens the story and reads the note above the form.
    writer = desk_page(browser)
    log_in(writer, live_server, journalist)
    open_story(writer, live_server, article)
    box = writer.locator(".desk-panel .desk-note")
    assert note in box.inner_text() and "سامر علي" in box.inner_text()
    shot(writer, artifacts_dir, "desk-sent-back-note.png", show=box)
    desk.context.close()
    writer.context.close()


def test_schedule(browser, live_server, journalist, editor, artifacts_dir):
    article = story(journalist, status=Status.IN_REVIEW)
    zone = ZoneInfo(settings.TIME_ZONE)
    at = (datetime.now(zone) + timedelta(days=1)).replace(hour=9, minute=30, second=0,
                                                          microsecond=0)
    desk = desk_page(browser)
    log_in(desk, live_server, editor)
    open_story(desk, live_server, article)
    schedule = desk.locator(".desk-panel .desk-move-schedule")
    choose_time(schedule, at)
    button = schedule.locator("button[type=submit]")
    assert "09:30" in button.inner_text()  # the button says when it will publish
    shot(desk, artifacts_dir, "desk-schedule.png", show=schedule)

    click_and_load(desk, button)

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_at == at
    assert article.is_scheduled
    assert article.events.get(action=Action.SCHEDULED).scheduled_for == at
    desk.context.close()


def test_embargo_holds_publication(browser, live_server, journalist, editor, artifacts_dir):
    zone = ZoneInfo(settings.TIME_ZONE)
    until = (datetime.now(zone) + timedelta(days=1)).replace(hour=8, minute=0, second=0,
                                                             microsecond=0)
    article = story(journalist, status=Status.IN_REVIEW, embargo_until=until)
    desk = desk_page(browser)
    log_in(desk, live_server, editor)
    open_story(desk, live_server, article)
    assert desk.locator(".desk-status .desk-embargo").is_visible()

    with desk.expect_navigation():
        desk.locator(".desk-panel .desk-move-publish button[type=submit]").click()

    error = desk.locator(".messagelist .error")
    assert error.is_visible()
    assert "08:00" in error.inner_text()
    shot(desk, artifacts_dir, "desk-embargo.png")
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert article.published_at is None
    desk.context.close()


def test_correction(browser, live_server, journalist, editor, artifacts_dir):
    article = story(journalist, published=True)
    correction = "صُحّح اسم المنطقة: الحديقة في الكرادة لا في الجادرية."
    desk = desk_page(browser)
    log_in(desk, live_server, editor)
    open_story(desk, live_server, article)
    field = desk.locator("#id_correction_note_ar")
    field.fill(correction)
    shot(desk, artifacts_dir, "desk-correction.png", show=field)

    click_and_load(desk, desk.locator("input[name=_continue]"))

    article.refresh_from_db()
    assert article.correction_note_ar == correction
    assert article.corrected_at is not None
    assert article.events.get(action=Action.CORRECTED).by == editor
    # Readers see it at the foot of the story.
    reader = desk_page(browser)
    reader.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert correction in reader.locator("body").inner_text()
    desk.context.close()
    reader.context.close()


def test_versions_and_restoring_one(browser, live_server, journalist, editor, artifacts_dir):
    article = story(journalist, status=Status.IN_REVIEW)
    with reversion.create_revision():  # the story as the journalist sent it: version 1
        reversion.set_user(journalist)
        reversion.add_to_revision(article)
    desk = desk_page(browser)
    log_in(desk, live_server, editor)
    open_story(desk, live_server, article)
    desk.fill("#id_title_ar", "أمانة بغداد تفتتح حديقة على ضفة دجلة في الكرادة")
    click_and_load(desk, desk.locator("input[name=_continue]"))

    desk.locator(".object-tools a[href$='/versions/']").click()
    versions = desk.locator(".desk-version")
    versions.first.wait_for()
    assert versions.count() == 2
    newest = versions.first
    assert newest.locator("del").count() > 0 and newest.locator("ins").count() > 0
    assert "سامر علي" in newest.locator("h2").inner_text()
    shot(desk, artifacts_dir, "desk-versions.png")

    click_and_load(desk, versions.nth(1).locator("button[type=submit]"))

    article.refresh_from_db()
    assert article.title_ar == HEADLINE
    assert article.events.get(action=Action.RESTORED).by == editor
    desk.context.close()


def test_preview_links(browser, live_server, journalist, editor, artifacts_dir):
    article = story(journalist, status=Status.IN_REVIEW)
    desk = desk_page(browser)
    log_in(desk, live_server, editor)
    open_story(desk, live_server, article)
    links = desk.locator(".desk-panel details.desk-links")
    links.locator("summary").click()
    links.locator("input[name=note]").fill("المحامي")
    links.locator("input[name=hours]").fill("24")
    click_and_load(desk, links.locator("button", has_text=re.compile("رابط")))

    link = PreviewLink.objects.get(article=article)
    assert link.note == "المحامي"
    links.locator("summary").click()  # the page came back with the list folded
    url = links.locator("input[readonly]").input_value()
    assert url.startswith(live_server.url)
    shot(desk, artifacts_dir, "desk-preview-links.png", show=links)

    # Someone without an account opens it and reads the story, not yet published.
    outsider = desk_page(browser)
    response = outsider.goto(url)
    assert response.status == 200
    assert HEADLINE in outsider.locator("h1").inner_text()
    desk.context.close()
    outsider.context.close()


def test_take_over(browser, live_server, journalist, editor, artifacts_dir):
    article = story(journalist)
    writer = desk_page(browser)
    log_in(writer, live_server, journalist)
    open_story(writer, live_server, article)
    assert wait_for(lambda: EditSession.objects.filter(user=journalist).exists())

    desk = desk_page(browser)
    log_in(desk, live_server, editor)
    open_story(desk, live_server, article)
    assert "ليلى حسن" in desk.locator(".desk-panel .desk-editing").inner_text()
    take_over = desk.locator(".desk-panel form[action$='/take-over/']")
    assert take_over.is_visible()
    shot(desk, artifacts_dir, "desk-take-over.png", show=take_over)

    click_and_load(desk, take_over.locator("button[type=submit]"))

    assert Article.objects.get(pk=article.pk).events.get(action=Action.TOOK_OVER).by == editor
    writer.context.close()
    desk.context.close()
