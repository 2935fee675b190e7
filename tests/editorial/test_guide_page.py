"""The desk guide inside the admin: staff read it in Arabic, right to left, with its
screenshots; nobody else does, and its image view serves nothing but the guide's own PNGs."""

import re

import html5lib
import pytest
from django.test import Client, RequestFactory

from editorial.admin import guide
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/admin/guide/"


def parse_fragment(markup):
    return html5lib.parseFragment(markup, namespaceHTMLElements=False)


def parse(response):
    return html5lib.parse(response.content.decode(), namespaceHTMLElements=False)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def a_guide_image():
    names = sorted(p.name for p in guide.IMAGE_DIR.glob("*.png"))
    assert names, "docs/guide/img/ holds the guide's screenshots"
    return names[0]


def test_staff_read_the_guide_in_arabic_right_to_left(journalist):
    response = logged_in(journalist).get(PAGE)

    assert response.status_code == 200
    html = parse(response)
    assert html.get("dir") == "rtl"
    assert html.get("lang") == "ar"
    article = html.find(".//article[@class='desk-guide']")
    assert article.get("dir") == "rtl"
    assert article.find(".//h1").text == "دليل مكتب التحرير"
    headings = [h.text for h in article.iter("h2")]
    assert "كتابة خبر" in " ".join(headings)
    # The screenshots are addressed relative to the page, as in docs/guide/ itself.
    sources = [img.get("src") for img in article.iter("img")]
    assert "img/desk-login.png" in sources
    assert all(src.startswith("img/") for src in sources)
    assert "دليل المكتب" in response.content.decode()  # the page title
    # The file's opening line for developers, in English, stays in the file.
    assert "The newsroom desk guide" in guide.GUIDE_FILE.read_text(encoding="utf-8")
    assert "The newsroom desk guide" not in response.content.decode()


def test_the_guide_as_the_desk_shows_it_has_no_english_word():
    """Arabic all the way: buttons and keys are named in Arabic (the file's first line, for
    developers, is English and is not shown)."""
    text = "".join(parse_fragment(guide.guide_html()).itertext())
    # Image addresses are attributes, not text; what a reader reads has no Latin word.
    assert re.findall(r"[A-Za-z]+", text) == []


def test_the_guide_is_linked_from_the_desk_header(editor):
    response = logged_in(editor).get("/admin/")

    links = parse(response).findall(".//div[@id='user-tools']//a")
    guide_links = [a for a in links if a.get("href") == PAGE]
    assert len(guide_links) == 1
    assert guide_links[0].text == "دليل المكتب"


@pytest.mark.parametrize("who", ["anonymous", "not staff"])
def test_people_off_the_desk_are_sent_to_the_login(who):
    client = Client()
    if who == "not staff":
        client.force_login(UserFactory(is_staff=False))

    for url in (PAGE, f"{PAGE}img/{a_guide_image()}"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/admin/login/?next={url}"


def test_the_guide_images_are_served_to_staff(journalist):
    name = a_guide_image()

    response = logged_in(journalist).get(f"{PAGE}img/{name}")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == (guide.IMAGE_DIR / name).read_bytes()


@pytest.mark.parametrize("name", [
    "..%2Fdesk-guide.md",
    "%2E%2E%2F%2E%2E%2F%2E%2E%2Fmanage.py",
    "..%5C..%5Cmanage.py",
    "desk-guide.md",
    "no-such-shot.png",
    "%2Fetc%2Fpasswd",
    "..",
])
def test_nothing_but_the_guide_images_is_served(journalist, name):
    assert logged_in(journalist).get(f"{PAGE}img/{name}").status_code == 404


@pytest.mark.parametrize("name", ["../desk-guide.md", "../../../manage.py", "/etc/passwd",
                                  "img/../../desk-guide.md", "..\\..\\manage.py"])
def test_the_image_view_refuses_paths_even_if_a_url_let_one_through(journalist, name):
    request = RequestFactory().get("/")
    request.user = journalist
    with pytest.raises(guide.Http404):
        guide.guide_image(request, name)


def test_html_written_in_the_guide_is_shown_as_text_not_run(tmp_path, monkeypatch):
    page = tmp_path / "desk-guide.md"
    page.write_text("# دليل\n\n<script>alert(1)</script>\n\n![صورة](img/x.png)\n",
                    encoding="utf-8")
    monkeypatch.setattr(guide, "GUIDE_FILE", page)

    rendered = guide.guide_html()

    assert "<script>" not in rendered
    assert "&lt;script&gt;" in rendered
    assert '<img src="img/x.png" alt="صورة"' in rendered


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_journalist_opens_the_guide_from_the_header_and_sees_its_screenshots(
    page, live_server, journalist, artifacts_dir
):
    from tests.browser.test_workflow_story import log_in

    log_in(page, live_server, journalist)
    page.locator("#user-tools a.desk-guide-link").click()
    page.wait_for_selector("article.desk-guide h1")
    page.wait_for_load_state("load")  # the screenshots included

    assert page.url == f"{live_server.url}{PAGE}"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    shown = page.locator("article.desk-guide img").evaluate_all(
        "imgs => imgs.filter(img => img.complete && img.naturalWidth > 0)"
        ".map(img => img.getAttribute('src'))"
    )
    committed = {f"img/{p.name}" for p in guide.IMAGE_DIR.glob("*.png")}
    # Every committed screenshot the guide shows is loaded (the view and the CSP allow it).
    assert committed and committed <= set(shown)
    # The column fits the page: no screenshot wider than the guide's text.
    width = page.locator("article.desk-guide").bounding_box()["width"]
    widest = page.locator("article.desk-guide img").evaluate_all(
        "imgs => Math.max(...imgs.map(img => img.getBoundingClientRect().width))"
    )
    assert widest <= width
    path = artifacts_dir / "guide-page.png"
    page.screenshot(path=path)
    assert path.stat().st_size > 0
