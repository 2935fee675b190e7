"""Who is editing, in a real browser: the change page's GET writes nothing, so the page's own
script must announce it (POST /open/) and, once the page is read-only, leave (POST /leave/)."""

import time

import pytest

from editorial.models import EditSession
from tests.browser.test_workflow_story import change_url, log_in, move, new_page
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_open_page_is_announced_by_its_script_and_leaves_once_read_only(
    browser, page, live_server, journalist, editor
):
    journalist.first_name, journalist.last_name = "ليلى", "حسن"
    journalist.save()
    draft = ArticleFactory(created_by=journalist)
    log_in(page, live_server, journalist)

    page.goto(change_url(live_server, draft))

    assert wait_for(lambda: EditSession.objects.filter(user=journalist).exists())
    desk = new_page(browser)
    try:
        log_in(desk, live_server, editor)
        desk.goto(change_url(live_server, draft))
        assert "ليلى حسن" in desk.locator(".desk-editing").inner_text()
        assert desk.locator("form[action$='/take-over/']").count() == 1
        assert wait_for(lambda: EditSession.objects.filter(user=editor).exists())

        # The author submits: the page they come back to is read-only and leaves.
        move(page, "submit")
        assert wait_for(lambda: not EditSession.objects.filter(user=journalist).exists())
        desk.reload()
        assert "ليلى حسن" not in desk.locator(".desk-editing").inner_text()
    finally:
        desk.context.close()
