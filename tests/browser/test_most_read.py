"""«الأكثر قراءة» in Chromium: opening a story sends the beacon (static/public/hit.js) and
the story's count rises on each visit, with the page cache on and no CSP violation. That a
page served from the page cache is counted is pinned, hit header and all, by
tests/public/test_most_read.py (here a content change made by another part of the session
may re-render the second visit)."""

import pytest

from public.models import ArticleViews
from tests.browser.test_csp import Watch
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def views_of(article) -> int:
    return sum(ArticleViews.objects.filter(article=article).values_list("views", flat=True))


def test_opening_a_story_sends_the_beacon_and_the_count_rises(
    page, live_server, settings, artifacts_dir
):
    settings.NEWSROOM_PAGE_CACHE = True
    story = ArticleFactory(published=True, title_ar="خبر يقرؤه الناس")
    other = ArticleFactory(published=True, title_ar="خبر آخر")
    watch = Watch(page)
    url = live_server.url + story.get_absolute_url()
    for expected in (1, 2):
        with page.expect_response(lambda r: "/hit/" in r.url) as beacon:
            response = page.goto(url)
        assert response.status == 200 and response.headers.get("x-cache") in ("miss", "hit")
        assert beacon.value.status == 204
        assert beacon.value.request.method == "POST"
        assert views_of(story) == expected
    assert views_of(other) == 0
    # The list is kept under the content version (5 minutes at most): the next publication
    # renews it, and the home page lists the story read.
    ArticleFactory(published=True, title_ar="خبر جديد")
    page.goto(live_server.url + "/")
    aside = page.locator("aside.most-read")
    assert aside.get_by_role("heading").inner_text() == "الأكثر قراءة"
    assert aside.locator("li a").all_inner_texts() == ["خبر يقرؤه الناس"]
    aside.screenshot(path=artifacts_dir / "most-read-ar.png")
    assert watch.violations == [] and watch.errors == []
