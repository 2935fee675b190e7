"""The desk inbox in a real browser: a journalist submits, the editor's first page after
signing in shows it waiting, the header counts it, the inbox names it; a send-back's note
reaches the journalist the same way. Screenshots: test-artifacts/desk-my-desk.png and
test-artifacts/desk-inbox.png (and desk-inbox-journalist.png for the send-back)."""

import pytest
from django.core import mail

from editorial.workflow import Status
from tests.browser.test_workflow_story import log_in, new_page
from tests.factories import ArticleFactory, SectionFactory

HEADLINE = "بلدية الموصل تعيد فتح جسر الحرية بعد الترميم"
SUBMIT_NOTE = "جاهز للمراجعة، الصورة من أرشيفنا."
SEND_BACK_NOTE = "أضف موعد الافتتاح الرسمي واسم المقاول."


def move(page, name, note):
    form = page.locator(f".desk-panel .desk-move-{name}")
    form.locator("textarea[name=note]").fill(note)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.wait_for_selector(".messagelist .success")


def shoot(page, path):
    path.unlink(missing_ok=True)
    page.screenshot(path=path, full_page=True)
    assert path.exists() and path.stat().st_size > 0, path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_submission_reaches_the_editors_inbox(
    browser, page, live_server, journalist, editor, artifacts_dir
):
    journalist.first_name, journalist.last_name = "سلمى", "الحداد"
    journalist.email = "journalist@example.org"
    journalist.save()
    editor.first_name, editor.email = "رامي", "editor@example.org"
    editor.save()
    story = ArticleFactory(created_by=journalist, title_ar=HEADLINE,
                           section=SectionFactory(name_ar="محليات"))
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"

    # The journalist submits the draft from the desk panel.
    log_in(page, live_server, journalist)
    page.goto(change)
    move(page, "submit", SUBMIT_NOTE)
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]

    desk = new_page(browser)
    try:
        # The editor's first page after signing in is their desk: the story is waiting.
        log_in(desk, live_server, editor)
        assert desk.url == f"{live_server.url}/admin/"
        assert desk.evaluate("document.documentElement.dir") == "rtl"
        inbox_link = desk.locator("#user-tools a.desk-inbox-link")
        assert inbox_link.inner_text() == "الوارد (1)"
        waiting = desk.locator(".desk-shelf-awaiting_review")
        assert HEADLINE in waiting.inner_text()
        shoot(desk, artifacts_dir / "desk-my-desk.png")

        # The inbox names the story, marks it new, and shows the journalist's note.
        inbox_link.click()
        desk.wait_for_selector(".desk-inbox")
        item = desk.locator(".desk-inbox-item")
        assert item.count() == 1
        text = item.inner_text()
        assert HEADLINE in text and SUBMIT_NOTE in text and "سلمى الحداد" in text
        assert item.locator(".desk-unread-mark").is_visible()
        shoot(desk, artifacts_dir / "desk-inbox.png")

        # Opening it goes to the story and leaves nothing unread.
        with desk.expect_navigation():
            item.locator("button.desk-inbox-story").click()
        desk.wait_for_selector(".desk-panel")
        assert desk.url == change
        assert desk.locator("#user-tools a.desk-inbox-link").inner_text() == "الوارد (0)"

        # Sent back: the journalist's header counts it and their inbox shows the note.
        move(desk, "send_back", SEND_BACK_NOTE)
        page.goto(f"{live_server.url}/admin/")
        assert page.locator("#user-tools a.desk-inbox-link").inner_text() == "الوارد (1)"
        assert HEADLINE in page.locator(".desk-shelf-sent_back").inner_text()
        page.locator("#user-tools a.desk-inbox-link").click()
        page.wait_for_selector(".desk-inbox")
        note = page.locator(".desk-inbox-item .desk-inbox-note")
        assert SEND_BACK_NOTE in note.inner_text()
        shoot(page, artifacts_dir / "desk-inbox-journalist.png")
        assert [m.to for m in mail.outbox][-1] == ["journalist@example.org"]
    finally:
        desk.context.close()
