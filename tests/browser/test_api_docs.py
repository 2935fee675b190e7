"""The API's browsable page (/api/v1/docs/) works in Chromium under our
Content-Security-Policy, every file from our own server: Swagger UI lists the endpoints and
runs a request against the API."""

import pytest

from tests.browser.test_csp import Watch
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_runs_from_our_files_under_the_policy(page, live_server, artifacts_dir):
    ArticleFactory(published=True, title_ar="خبر يظهر في الواجهة البرمجية")
    watch = Watch(page)
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server.url) else elsewhere.append(request.url)
        ),
    )

    page.goto(f"{live_server.url}/api/v1/docs/")
    stories = page.locator(".opblock-summary-path", has_text="/api/v1/stories/").first
    stories.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    stories.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    response = page.locator(".live-responses-table .response-col_description pre").first
    response.wait_for()
    page.screenshot(path=artifacts_dir / "api-docs.png", full_page=False)

    assert {"/api/v1/stories/", "/api/v1/search/", "/api/v1/tags/"} <= {
        p.replace("\u200b", "").strip() for p in paths
    }
    assert "خبر يظهر في الواجهة البرمجية" in response.inner_text()
    assert elsewhere == []
    assert watch.errors == []
    assert watch.violations == []
