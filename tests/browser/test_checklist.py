"""The pre-publish checklist in a real browser: it follows the journalist as they write, and
the editor sees it, is refused without "publish anyway", and publishes with it (recorded).

Leaves test-artifacts/desk-checklist.png: the editor's page with the checklist and the box.
"""

import pytest

from articles.models import Article
from editorial.models import ArticleEvent
from editorial.workflow import Status
from tests.browser.test_workflow_story import BODY_EDITOR, log_in, wait_for_body_editor
from tests.factories import ArticleFactory, SectionFactory

HEADLINE = "وزارة النقل تفتتح خط حافلات جديدا بين الكرخ والرصافة"
SUMMARY = "خط جديد يربط ضفتي بغداد ويختصر الرحلة إلى نصف ساعة."


def item(page, key):
    return page.locator(f".desk-checklist .checklist-item[data-key={key}]")


def wait_for_state(page, key, state):
    page.wait_for_selector(f".desk-checklist .checklist-item[data-key={key}].checklist-{state}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_checklist_follows_the_journalist_as_they_write(page, live_server, journalist):
    section = SectionFactory(name_ar="محليات")
    log_in(page, live_server, journalist)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    wait_for_body_editor(page)

    # An empty form: the checklist, drawn by the page's first request, finds it wanting.
    wait_for_state(page, "headline", "fail")
    wait_for_state(page, "section", "fail")
    wait_for_state(page, "summary", "fail")
    assert "checklist-level-block" in item(page, "section").get_attribute("class")
    # A journalist never publishes: no "publish anyway" for them.
    assert page.locator(".desk-checklist input[name=override]").count() == 0

    page.locator("#id_title_ar").press_sequentially(HEADLINE[:10])
    wait_for_state(page, "headline", "fail")  # ten characters: still too short
    page.locator("#id_title_ar").press_sequentially(HEADLINE[10:])
    wait_for_state(page, "headline", "pass")

    page.locator("#id_summary_ar").fill(SUMMARY)
    wait_for_state(page, "summary", "pass")
    wait_for_state(page, "seo", "pass")  # the summary stands in for the description

    page.locator(".field-section .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill(section.name_ar)
    page.locator(".select2-results__option", has_text=section.name_ar).click()
    wait_for_state(page, "section", "pass")

    # A link typed in the body is "not checked yet": it is checked once the story is saved.
    page.locator(BODY_EDITOR).click()
    page.keyboard.type("افتتحت الوزارة اليوم خطا جديدا للحافلات.")
    wait_for_state(page, "links", "pass")
    # The editor keeps its textarea up to date as it is typed in: what the checklist posts.
    assert "خطا جديدا" in page.locator("#id_body_ar").input_value()
    page.locator("#id_body_ar").evaluate(
        "(t, url) => { t.value = `<p><a href=\"${url}\">المصدر</a></p>`;"
        " t.dispatchEvent(new Event('input', {bubbles: true})); }",
        "https://example.org/source",
    )
    wait_for_state(page, "links", "pending")
    assert Article.objects.count() == 0  # nothing was saved by the checking


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_editor_publishes_with_publish_anyway(page, live_server, editor, artifacts_dir):
    article = ArticleFactory(
        status=Status.IN_REVIEW, title_ar=HEADLINE, summary_ar="", seo_description_ar="",
    )
    log_in(page, live_server, editor)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    wait_for_body_editor(page)

    for key in ("summary", "image", "byline", "tags", "seo"):
        wait_for_state(page, key, "fail")
    for key in ("headline", "section", "english", "links"):
        wait_for_state(page, key, "pass")
    override = page.locator(".desk-checklist input[name=override]")
    assert override.is_visible()
    # For the guide: the desk's moves, the checklist and the box ticked, as the editor sees them.
    override.check()
    path = artifacts_dir / "desk-checklist.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=path, full_page=False)
    assert path.exists() and path.stat().st_size > 0
    override.uncheck()

    # Without the box: refused, with the reason, and the story still in review.
    with page.expect_navigation():
        page.locator(".desk-move-publish button[type=submit]").click()
    error = page.locator(".messagelist .error").inner_text()
    assert "انشر رغم التنبيهات" in error, error
    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW

    # The editor writes the summary: one warning fewer, as they type.
    page.locator("#id_summary_ar").fill(SUMMARY)
    wait_for_state(page, "summary", "pass")
    wait_for_state(page, "seo", "pass")

    page.locator(".desk-checklist input[name=override]").check()

    with page.expect_navigation():
        page.locator(".desk-move-publish button[type=submit]").click()
    page.wait_for_selector(".messagelist .success")
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
    history = page.locator(".desk-history tr.desk-event").evaluate_all(
        "rows => rows.map(row => row.className.replace('desk-event ', ''))"
    )
    assert history == ["desk-event-published", "desk-event-checklist_overridden"]
    # The summary typed above was never saved: the override names what the story lacked.
    note = ArticleEvent.objects.get(article=article, action="checklist_overridden").note
    assert "لا ملخص" in note and "لا وسوم" in note
