"""Autosave in a real browser: a closed page loses nothing, and a working copy never
overwrites another person's save.

The page keeps a working copy a few seconds after typing stops (static/editorial/autosave.js)
and says so near the save buttons; a page closed without saving (as a crash would: no
beforeunload) is offered its copy on reopening. Screenshots: test-artifacts/desk-autosave*.png.
"""

import pytest
from django.utils import timezone

from articles.models import Article
from editorial.models import WorkingCopy
from tests.browser.test_workflow_story import (
    BODY_EDITOR,
    change_url,
    log_in,
    new_page,
    wait_for_body_editor,
)
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "افتتاح معرض بغداد الدولي للكتاب"
BODY = "<p>افتتح معرض بغداد الدولي للكتاب أبوابه صباح اليوم.</p>"
TYPED_TITLE = "افتتاح معرض بغداد الدولي للكتاب بمشاركة ثلاثمئة دار نشر"
TYPED_PARAGRAPH = "وتشارك في الدورة الحالية ثلاثمئة دار نشر من عشرين دولة."
EDITOR_TITLE = "معرض بغداد للكتاب يفتح أبوابه"
SAVED_WAIT_MS = 20_000  # the page saves 3 s after typing stops; a loaded machine is slower


def named(user, first, last):
    user.first_name, user.last_name = first, last
    user.save()
    return user


def open_story(browser, live_server, user, article):
    page = new_page(browser)
    log_in(page, live_server, user)
    page.goto(change_url(live_server, article))
    wait_for_body_editor(page)
    return page


CARET_AT_END = """editor => {
    const selection = document.getSelection();
    if (!selection.rangeCount || !editor.contains(selection.focusNode)) return false;
    const rest = document.createRange();
    rest.setStart(selection.focusNode, selection.focusOffset);
    rest.setEnd(editor, editor.childNodes.length);
    return selection.isCollapsed && rest.toString() === "";
}"""


def type_in_story(page):
    page.fill("#id_title_ar", TYPED_TITLE)
    editor = page.locator(BODY_EDITOR)
    editor.click()
    # The editor may still place the caret where the click landed just after the click
    # returns; pressing Enter before the caret is at the end would split the old paragraph.
    for _ in range(20):
        page.keyboard.press("ControlOrMeta+End")
        page.wait_for_timeout(50)
        if editor.evaluate(CARET_AT_END):
            break
    else:
        pytest.fail("the caret never reached the end of the story's body")
    page.keyboard.press("Enter")
    page.keyboard.type(TYPED_PARAGRAPH)


def wait_until_saved(page):
    status = page.locator(".submit-row .desk-autosave-status[data-state=saved]")
    status.wait_for(timeout=SAVED_WAIT_MS)
    return status


def crash(page):
    """The tab goes away without a chance to warn (a crash, a closed laptop)."""
    page.close(run_before_unload=False)
    page.context.close()


def hh_mm(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def test_a_closed_page_is_offered_its_working_copy_and_restores_it(
    browser, live_server, journalist, artifacts_dir
):
    draft = ArticleFactory(created_by=journalist, title_ar=TITLE, body_ar=BODY)
    writer = open_story(browser, live_server, journalist, draft)

    type_in_story(writer)
    status = wait_until_saved(writer)

    copy = WorkingCopy.objects.get(article=draft, user=journalist)
    assert hh_mm(copy.saved_at) in status.inner_text()
    assert "حُفظت" in status.inner_text()  # in Arabic, from the JavaScript catalog
    assert copy.data["fields"]["title_ar"] == TYPED_TITLE
    assert TYPED_PARAGRAPH in copy.data["fields"]["body_ar"]
    assert copy.base_version == 1
    # A working copy is not the story.
    draft.refresh_from_db()
    assert (draft.title_ar, draft.body_ar, draft.version) == (TITLE, BODY, 1)
    writer.locator(".submit-row").screenshot(path=artifacts_dir / "desk-autosave-saved.png")
    crash(writer)

    writer = open_story(browser, live_server, journalist, draft)
    notice = writer.locator(".desk-autosave-notice")
    assert notice.is_visible()
    assert TYPED_TITLE in notice.inner_text()
    assert notice.locator(".desk-autosave-conflict").count() == 0
    assert TYPED_PARAGRAPH not in writer.locator(BODY_EDITOR).inner_text()
    shot = artifacts_dir / "desk-autosave.png"
    shot.unlink(missing_ok=True)
    writer.screenshot(path=shot)
    assert shot.stat().st_size > 0

    notice.locator(".desk-autosave-restore").click()

    assert notice.count() == 0
    assert writer.input_value("#id_title_ar") == TYPED_TITLE
    assert TYPED_PARAGRAPH in writer.locator(BODY_EDITOR).inner_text()
    assert TYPED_PARAGRAPH in writer.input_value("textarea[name=body_ar]")
    writer.locator("input[name=_save]").click()
    writer.wait_for_selector(".messagelist .success")
    draft.refresh_from_db()
    assert draft.title_ar == TYPED_TITLE
    assert f"<p>{TYPED_PARAGRAPH}</p>" in draft.body_ar
    assert draft.version == 2
    assert not WorkingCopy.objects.exists()
    writer.context.close()


def test_a_working_copy_never_overwrites_a_second_editors_save(
    browser, live_server, journalist, editor, artifacts_dir
):
    named(journalist, "سارة", "الدليمي")
    named(editor, "عمر", "الراوي")
    draft = ArticleFactory(created_by=journalist, title_ar=TITLE, body_ar=BODY)
    writer = open_story(browser, live_server, journalist, draft)
    type_in_story(writer)
    wait_until_saved(writer)
    crash(writer)

    # The editor opens the story while the writer's page still counts as open: the desk
    # says who is editing, and the editor's typing is not autosaved (the writer has it).
    desk = open_story(browser, live_server, editor, draft)
    assert "سارة الدليمي" in desk.locator(".desk-editing").inner_text()
    desk.fill("#id_title_ar", EDITOR_TITLE)
    refused = desk.locator(".submit-row .desk-autosave-status[data-state=refused]")
    refused.wait_for(timeout=SAVED_WAIT_MS)
    assert "سارة الدليمي" in refused.inner_text()
    assert not WorkingCopy.objects.filter(user=editor).exists()
    # A real save leaves without a "leave this page?" question.
    desk.locator("input[name=_save]").click()
    desk.wait_for_selector(".messagelist .success")
    desk.context.close()
    draft.refresh_from_db()
    assert (draft.title_ar, draft.version) == (EDITOR_TITLE, 2)

    # The writer comes back: their copy is offered, saying plainly who saved after it.
    writer = open_story(browser, live_server, journalist, draft)
    notice = writer.locator(".desk-autosave-notice")
    conflict = notice.locator(".desk-autosave-conflict")
    assert conflict.is_visible()
    assert "عمر الراوي" in conflict.inner_text()
    notice.screenshot(path=artifacts_dir / "desk-autosave-conflict.png")
    notice.locator(".desk-autosave-restore").click()
    assert writer.input_value("#id_title_ar") == TYPED_TITLE
    assert writer.input_value("input[name=edit_version]") == "1"

    writer.locator("input[name=_save]").click()

    error = writer.locator(".errorlist.nonfield")
    error.wait_for()
    assert "عمر الراوي" in error.inner_text()
    draft.refresh_from_db()
    assert (draft.title_ar, draft.body_ar, draft.version) == (EDITOR_TITLE, BODY, 2)
    # The writer's text is still in the form and still kept.
    assert writer.input_value("#id_title_ar") == TYPED_TITLE
    assert WorkingCopy.objects.get(user=journalist).data["fields"]["title_ar"] == TYPED_TITLE
    writer.context.close()


def test_leaving_with_unsaved_changes_asks_first(page, live_server, journalist):
    draft = ArticleFactory(created_by=journalist, title_ar=TITLE, body_ar=BODY)
    log_in(page, live_server, journalist)
    page.goto(change_url(live_server, draft))
    wait_for_body_editor(page)
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on this page"

    page.on("dialog", answer)

    # Unchanged: leaving asks nothing.
    page.goto(f"{live_server.url}/admin/articles/article/")
    page.goto(change_url(live_server, draft))
    wait_for_body_editor(page)
    assert dialogs == []

    page.locator(BODY_EDITOR).click()
    page.keyboard.type("كلمة")
    page.close(run_before_unload=True)
    for _ in range(100):  # Playwright delivers the dialog while the test waits on the page
        if dialogs:
            break
        page.wait_for_timeout(50)

    assert dialogs == ["beforeunload"]
    assert not page.is_closed()  # the writer chose to stay


def pick(page, field, name):
    """Choose `name` in an autocomplete select (select2): open, search, click."""
    page.locator(f"{field} .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill(name)
    page.locator(".select2-results__option", has_text=name).click()


def test_the_add_page_keeps_a_working_copy_of_a_new_story(
    browser, live_server, journalist
):
    section = SectionFactory(name_ar="ثقافة")
    authors = [AuthorFactory(name_ar="ليلى كريم"), AuthorFactory(name_ar="مازن فؤاد")]
    writer = new_page(browser)
    log_in(writer, live_server, journalist)
    add_url = f"{live_server.url}/admin/articles/article/add/"
    writer.goto(add_url)
    wait_for_body_editor(writer)
    writer.fill("#id_title_ar", TYPED_TITLE)
    pick(writer, ".field-section", section.name_ar)
    # Two bylines: the second in a row added with "Add another".
    pick(writer, "#bylines-0 .field-author", authors[0].name_ar)
    writer.locator("#bylines-group .add-row a").click()
    pick(writer, "#bylines-1 .field-author", authors[1].name_ar)
    writer.locator(BODY_EDITOR).click()
    writer.keyboard.type(TYPED_PARAGRAPH)
    wait_until_saved(writer)
    copy = WorkingCopy.objects.get(user=journalist)
    assert copy.article is None
    assert copy.data["fields"]["bylines-1-author"] == str(authors[1].pk)
    crash(writer)

    writer = new_page(browser)
    log_in(writer, live_server, journalist)
    writer.goto(add_url)
    wait_for_body_editor(writer)
    writer.locator(".desk-autosave-restore").click()
    # The section comes back with its name, though the autocomplete had not loaded it.
    assert section.name_ar in writer.locator(".field-section .select2-selection").inner_text()
    assert authors[1].name_ar in writer.locator("#bylines-1 .field-author").inner_text()
    assert TYPED_PARAGRAPH in writer.locator(BODY_EDITOR).inner_text()
    writer.locator("input[name=_save]").click()
    writer.wait_for_selector(".messagelist .success")

    story = Article.objects.get(title_ar=TYPED_TITLE)
    assert story.section == section
    assert story.body_ar == f"<p>{TYPED_PARAGRAPH}</p>"
    assert {byline.author for byline in story.bylines.all()} == set(authors)
    assert not WorkingCopy.objects.exists()
    writer.context.close()
