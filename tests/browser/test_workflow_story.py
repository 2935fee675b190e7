"""One story through the whole desk, in a real browser: written, sent back, fixed, scheduled, live.

A journalist and an editor each log in through the real login form in their own browser
context; an anonymous reader has a third. Each step leaves a full-page screenshot in
test-artifacts/ (story-01-… to story-13-…), so a reviewer can see the desk as its users do.

"It goes live" runs no command: a scheduled story is PUBLISHED with a future `published_at`,
and the public query shows it once that time has passed. Rather than wait, the test moves the
clock: the live server answers from another thread of this process, so patching
`django.utils.timezone.now` makes the server's "now" three minutes later too.
"""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article
from editorial.models import ArticleEvent
from editorial.workflow import Status
from tests.factories import PASSWORD, SectionFactory

HEADLINE = "وزارة النقل تفتتح خط حافلات جديدا بين الكرخ والرصافة"
FIRST_BODY = "افتتحت الوزارة اليوم خطا جديدا للحافلات."
FIXED_BODY = "افتتحت وزارة النقل صباح الأحد خطا جديدا للحافلات يربط الكرخ بالرصافة."
SUBMIT_NOTE = "جاهز للمراجعة، الصور لاحقا."
SEND_BACK_NOTE = "اذكر اليوم واسم الوزارة كاملا في الفقرة الأولى."
RESUBMIT_NOTE = "أضفت اليوم واسم الوزارة."
SITE_ZONE = "Asia/Baghdad"
ZONE_IN_WORDS = "بتوقيت بغداد"  # how the Arabic desk names it (core/zones.py)
BODY_EDITOR = ".prose-editor:has(textarea[name=body_ar]) .ProseMirror"

Action = ArticleEvent.Action


def new_page(browser):
    """A fresh browser context (its own cookies), Arabic, the same size as the `page` fixture."""
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    return context.new_page()


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_selector("#user-tools")


def change_url(live_server, article):
    return f"{live_server.url}/admin/articles/article/{article.pk}/change/"


def assert_admin_is_rtl(page):
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"


def wait_for_body_editor(page):
    # prose-editor replaces the body textarea with an editor once its modules have loaded.
    page.wait_for_selector(BODY_EDITOR)


def click_and_load(page, locator):
    """Click a submit button and wait for the page the POST redirects to, with its message."""
    with page.expect_navigation():
        locator.click()
    page.wait_for_selector(".messagelist .success")


def move(page, name, note=None):
    """Take a desk move from the panel."""
    form = page.locator(f".desk-panel .desk-move-{name}")
    if note is not None:
        form.locator("textarea[name=note]").fill(note)
    click_and_load(page, form.locator("button[type=submit]"))


def status_badge(page):
    return page.locator(".desk-status .desk-badge")


class Shots:
    """Numbered full-page screenshots, each checked to exist and not be empty."""

    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    def __call__(self, page, name):
        self.count += 1
        path = self.directory / f"story-{self.count:02d}-{name}.png"
        path.unlink(missing_ok=True)
        page.screenshot(path=path, full_page=True)
        assert path.exists() and path.stat().st_size > 0, path
        return path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_story_from_draft_to_live(browser, page, live_server, journalist, editor, artifacts_dir):
    assert settings.TIME_ZONE == SITE_ZONE
    section = SectionFactory(name_ar="محليات")
    shot = Shots(artifacts_dir)
    writer = page
    contexts = []

    # 1. The journalist writes a draft, saves it and submits it with a note.
    log_in(writer, live_server, journalist)
    assert_admin_is_rtl(writer)
    writer.goto(f"{live_server.url}/admin/articles/article/add/")
    wait_for_body_editor(writer)
    writer.fill("#id_title_ar", HEADLINE)
    writer.locator(".field-section .select2-selection").click()
    writer.locator(".select2-dropdown .select2-search__field").fill(section.name_ar)
    writer.locator(".select2-results__option", has_text=section.name_ar).click()
    writer.locator(BODY_EDITOR).click()
    writer.keyboard.type(FIRST_BODY)
    click_and_load(writer, writer.locator("input[name=_continue]"))
    article = Article.objects.get(title_ar=HEADLINE)
    assert article.created_by == journalist
    assert article.status == Status.DRAFT
    assert article.body_ar == f"<p>{FIRST_BODY}</p>"
    assert_admin_is_rtl(writer)
    assert writer.locator(".desk-panel .desk-move-submit").is_visible()
    # Journalists never publish, not even their own story.
    assert writer.locator(".desk-move-publish, .desk-move-schedule").count() == 0
    shot(writer, "journalist-draft")

    move(writer, "submit", SUBMIT_NOTE)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert writer.locator(".desk-move").count() == 0
    shot(writer, "journalist-submitted")

    # 2. The editor finds it among the stories awaiting review and sends it back.
    desk = new_page(browser)
    contexts.append(desk.context)
    reader = new_page(browser)
    contexts.append(reader.context)
    try:
        log_in(desk, live_server, editor)
        desk.goto(f"{live_server.url}/admin/articles/article/?desk=awaiting_review")
        assert_admin_is_rtl(desk)
        rows = desk.locator("#result_list tbody tr")
        assert rows.count() == 1
        shot(desk, "editor-awaiting-review")
        rows.locator("a", has_text=HEADLINE).click()
        desk.wait_for_selector(".desk-panel")
        assert desk.url.startswith(change_url(live_server, article))  # + ?_changelist_filters
        assert_admin_is_rtl(desk)
        assert desk.locator(".desk-history .desk-event-submitted").count() == 1
        assert SUBMIT_NOTE in desk.locator(".desk-history").inner_text()
        shot(desk, "editor-opens-story")

        move(desk, "send_back", SEND_BACK_NOTE)
        article.refresh_from_db()
        assert article.status == Status.DRAFT
        shot(desk, "editor-sent-back")

        # 3. The journalist reloads, reads the editor's note, fixes the body and resubmits.
        writer.reload()
        wait_for_body_editor(writer)
        assert_admin_is_rtl(writer)
        note = writer.locator(".desk-panel .desk-note")
        assert note.is_visible()
        assert SEND_BACK_NOTE in note.inner_text()
        shot(writer, "journalist-reads-note")

        writer.locator(BODY_EDITOR).click()
        writer.keyboard.press("ControlOrMeta+a")
        writer.keyboard.type(FIXED_BODY)
        click_and_load(writer, writer.locator("input[name=_continue]"))
        article.refresh_from_db()
        assert article.body_ar == f"<p>{FIXED_BODY}</p>"
        shot(writer, "journalist-fixed")

        move(writer, "submit", RESUBMIT_NOTE)
        article.refresh_from_db()
        assert article.status == Status.IN_REVIEW
        shot(writer, "journalist-resubmitted")

        # 4. The editor schedules it for about two minutes from now, Baghdad time.
        desk.reload()
        desk.wait_for_selector(".desk-panel .desk-move-schedule")
        assert_admin_is_rtl(desk)
        zone = ZoneInfo(SITE_ZONE)
        at = (datetime.now(zone) + timedelta(minutes=2)).replace(second=0, microsecond=0)
        hh_mm = at.strftime("%H:%M")
        schedule = desk.locator(".desk-move-schedule")
        assert ZONE_IN_WORDS in schedule.locator("legend").inner_text()
        schedule.locator("input[name=at_0]").fill(at.strftime("%Y-%m-%d"))
        schedule.locator("input[name=at_1]").fill(hh_mm)
        label = schedule.locator("button[type=submit]").inner_text()
        assert hh_mm in label and ZONE_IN_WORDS in label, label
        # No summary, photo, byline, topic or search text: the checklist warns, and the
        # editor publishes anyway (recorded in the history).
        desk.locator(".desk-checklist input[name=override]").check()
        shot(desk, "editor-schedule-chosen")

        click_and_load(desk, schedule.locator("button[type=submit]"))
        assert_admin_is_rtl(desk)
        article.refresh_from_db()
        assert article.status == Status.PUBLISHED
        assert article.published_at == at
        badge = status_badge(desk).inner_text()
        assert hh_mm in badge and ZONE_IN_WORDS in badge, badge
        message = desk.locator(".messagelist .success").inner_text()
        assert hh_mm in message and ZONE_IN_WORDS in message, message
        history = desk.locator(".desk-history tr.desk-event").evaluate_all(
            "rows => rows.map(row => row.className.replace('desk-event ', ''))"
        )
        assert history == [  # newest first
            "desk-event-scheduled", "desk-event-checklist_overridden", "desk-event-submitted",
            "desk-event-sent_back", "desk-event-submitted",
        ]
        shot(desk, "editor-scheduled")

        # 5. It goes live, with no command run: 404 for readers until the time, then the story.
        article_url = f"{live_server.url}{article.get_absolute_url()}"
        response = reader.goto(article_url)
        assert response.status == 404
        home = reader.goto(f"{live_server.url}/")
        assert home.status == 200
        assert reader.locator(".card-title", has_text=HEADLINE).count() == 0
        reader.goto(article_url)
        shot(reader, "reader-before-time")

        real_now = timezone.now
        later = mock.patch(
            "django.utils.timezone.now", new=lambda: real_now() + timedelta(minutes=3)
        )
        with later:
            assert timezone.now() > at
            response = reader.goto(article_url)
            assert response.status == 200
            assert reader.locator("h1", has_text=HEADLINE).is_visible()
            assert FIXED_BODY in reader.locator(".story .body").inner_text()
            assert reader.evaluate("document.documentElement.lang") == "ar"
            assert reader.evaluate("document.documentElement.dir") == "rtl"
            shot(reader, "reader-story-live")

            home = reader.goto(f"{live_server.url}/")
            assert home.status == 200
            # The home may show it twice (lead story and its section's block): the lead first.
            card = reader.locator(".card-title a", has_text=HEADLINE).first
            assert card.is_visible()
            assert card.get_attribute("href") == article.get_absolute_url()
            shot(reader, "reader-home")
    finally:
        for context in contexts:
            context.close()

    events = list(ArticleEvent.objects.filter(article=article).order_by("at", "pk"))
    assert [(e.action, e.by) for e in events] == [
        (Action.SUBMITTED, journalist),
        (Action.SENT_BACK, editor),
        (Action.SUBMITTED, journalist),
        (Action.CHECKLIST_OVERRIDDEN, editor),
        (Action.SCHEDULED, editor),
    ]
    assert [e.note for e in events[:3]] == [SUBMIT_NOTE, SEND_BACK_NOTE, RESUBMIT_NOTE]
    assert events[4].scheduled_for == at
    assert shot.count == 13
