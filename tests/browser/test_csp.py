"""The enforced Content-Security-Policy breaks nothing: Chromium reports no violation while
an editor signs in, writes a story with every widget of the form, and a reader reads.

Every `securitypolicyviolation` event and every console error is collected, on every page
(an init script, which the policy does not cover, reports them to the test). The detector is
itself checked: with a deliberately too strict policy the same walk reports violations.
"""

import pytest
from django.utils.csp import CSP

from articles.models import Article
from tests.browser.test_editor import (
    body_editor,
    fill_headline_and_section,
    library_image,
    log_in,
    open_add_article,
)
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = """
document.addEventListener('securitypolicyviolation', e => window.__newsroomCsp({
  page: location.href, directive: e.effectiveDirective, blocked: e.blockedURI,
  source: e.sourceFile, line: e.lineNumber, sample: e.sample,
}), true);
"""


class Watch:
    """CSP violations and console errors of everything `page` loads from now on."""

    def __init__(self, page):
        self.violations, self.errors = [], []
        page.expose_function("__newsroomCsp", lambda violation: self.violations.append(violation))
        page.add_init_script(REPORT)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))

    def _console(self, message):
        if message.type != "error":
            return
        # Photos are served by nginx in production (the test server has no /media/ route),
        # and the browser asks for /favicon.ico by itself: neither is the page's doing.
        url = message.location.get("url", "")
        if "/media/" in url or url.endswith("/favicon.ico"):
            return
        self.errors.append(f"{message.location.get('url')}: {message.text}")


@pytest.fixture
def content(db):
    section = SectionFactory(name_ar="سياسة", name_en="Politics")
    author = AuthorFactory(name_ar="ليلى حسن", name_en="Layla Hassan")
    tag = TagFactory(name_ar="الانتخابات", name_en="Elections")
    photo = library_image(alt_text_ar="حافلة في شارع الرشيد", caption_ar="حافلة جديدة",
                          credit_ar="رويترز", focal_x=0.3, focal_y=0.6)
    story = ArticleFactory(
        published=True, section=section, lead_image=photo,
        title_ar="المفوضية تعلن موعد الانتخابات", title_en="Election date set",
        body_en="<p>The commission set the date.</p>",
    )
    story.tags.add(tag)
    return {"section": section, "author": author, "tag": tag, "photo": photo, "story": story}


def pick(page, field, text):
    """Choose `text` in the select2 autocomplete of the form row `.field-<field>`."""
    page.locator(f".field-{field} .select2-selection").first.click()
    # In the dropdown for a single choice, inline in the box for several (tags).
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def write_a_story(page, live_server, editor, content):
    log_in(page, live_server, editor)
    open_add_article(page, live_server)
    fill_headline_and_section(page, content["section"])
    pick(page, "tags", content["tag"].name_ar)
    pick(page, "lead_image", content["photo"].alt_text_ar)
    pick(page, "author", content["author"].name_ar)  # the first byline row

    arabic = body_editor(page, "ar")
    arabic.locator(".ProseMirror").click()
    arabic.locator("[data-name=bold]").click()
    page.keyboard.type("فقرة")
    arabic.locator("[data-name=bold]").click()
    arabic.locator("[data-name=figure]").click()
    page.locator(".newsroom-picker input[type=search]").fill("حافلة")
    page.locator(f".newsroom-picker__image[data-image-id='{content['photo'].pk}']").click()
    page.wait_for_selector(".newsroom-picker", state="detached")

    page.locator("input[name=_save]").click()
    page.wait_for_selector(".messagelist .success")
    story = Article.objects.exclude(pk=content["story"].pk).get()
    assert story.tags.get() == content["tag"] and story.lead_image == content["photo"]
    assert story.bylines.get().author == content["author"]
    assert f'data-image-id="{content["photo"].pk}"' in story.body_ar
    # The list with its thumbnails and status badges, and the photo with its focal point.
    page.goto(f"{live_server.url}/admin/articles/article/")
    page.goto(f"{live_server.url}/admin/images/image/{content['photo'].pk}/change/")
    page.wait_for_selector(".image-preview .focal-marker")


def read_the_site(page, live_server, content):
    page.context.clear_cookies()  # a reader, served what the page cache stores
    story, section = content["story"], content["section"].get_absolute_url()
    for path in ["/", story.get_absolute_url(), section, "/search/?q=الانتخابات",
                 "/en/", f"/en{story.get_absolute_url()}", f"/en{section}",
                 "/en/search/?q=election"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "content-security-policy" in response.headers
        page.evaluate("() => document.fonts.ready")


def test_no_violation_while_editing_and_reading(page, live_server, editor, content, settings):
    settings.AXES_ENABLED = True  # the real sign-in, through the lockout check
    watch = Watch(page)

    write_a_story(page, live_server, editor, content)
    # The focal point is placed by a class of static/css/focal.css, not a style attribute.
    marker = page.locator(".focal-marker").bounding_box()
    preview = page.locator(".image-preview img").bounding_box()
    assert abs(marker["x"] + marker["width"] / 2 - preview["x"] - 0.3 * preview["width"]) < 3
    read_the_site(page, live_server, content)
    page.goto(live_server.url + "/")
    card = page.locator(".card img.focal").first
    assert card.evaluate("img => getComputedStyle(img).objectPosition") == "30% 60%"

    assert watch.violations == []
    assert watch.errors == []


def test_a_too_strict_policy_is_seen(page, live_server, editor, content, settings):
    """The detector works: scripts without the nonce and images refused are reported."""
    settings.SECURE_CSP = {**settings.SECURE_CSP, "script-src": [CSP.SELF],
                           "img-src": [CSP.NONE]}
    watch = Watch(page)

    log_in(page, live_server, editor)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.goto(f"{live_server.url}/")

    directives = {v["directive"] for v in watch.violations}
    assert {"script-src-elem", "img-src"} <= directives, watch.violations
