"""The readers' furniture in Chromium: a phone header that leaves room for the lead, a
reading line of 70-90 characters on a wide screen, dark mode (axe-clean), and print.

Figures (before this work: a 315 px header and breaking bar on a phone, 103 characters a
line at 1366 px): docs/furniture.md. Screenshots: test-artifacts/.
"""

import re

import pytest
from django.utils import timezone

from articles.models import ArticleAuthor
from authors.models import Author
from tests.browser.test_public_pages import (
    axe_violations,
    describe,
    load_fully,
    make_content,
    page_path,
    photo,
)
from tests.factories import ArticleFactory
from tests.readers import path_of
from tests.seed import body_with_photo, load_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def record(artifacts_dir, figure: str) -> None:
    """Keep a measured figure in test-artifacts/furniture-figures.txt (docs/furniture.md)."""
    with (artifacts_dir / "furniture-figures.txt").open("a", encoding="utf-8") as out:
        out.write(figure + "\n")

LANGUAGES = ["ar", "en"]
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 768}
# What the header (masthead and menu) may take on a 390 x 844 phone, and with the breaking
# bar, before the lead story starts.
PHONE_HEADER_PX = 120
PHONE_LEAD_TOP_PX = 205


def seed_story():
    """The seed article as readers get it: headline, byline, lead photo, body, correction."""
    seed = load_seed()
    outlet = Author.objects.create(name_ar=seed.byline, kind=Author.Kind.OUTLET)
    story = ArticleFactory(
        published=True, published_at=timezone.now(), title_ar=seed.headline, summary_ar="",
        body_ar=body_with_photo(seed),
        lead_image=photo("voters", seed.photo_alt, "Voters", seed.photo_caption),
        correction_note_ar="صُحح اسم المتحدث في الفقرة الثالثة.",
        corrected_at=timezone.now(),
    )
    ArticleAuthor.objects.create(article=story, author=outlet, order=0)
    return story


# Characters per line of the story's body: each character's line found from its box, the
# median over the full lines of every paragraph (a paragraph's last line is partial).
CHARS_PER_LINE = """() => {
    const counts = [];
    for (const p of document.querySelectorAll('.story .body p')) {
        const text = p.firstChild;
        if (!text || text.nodeType !== Node.TEXT_NODE) continue;
        const range = document.createRange();
        const lines = new Map();
        for (let i = 0; i < text.length; i++) {
            range.setStart(text, i); range.setEnd(text, i + 1);
            const rect = range.getBoundingClientRect();
            if (!rect.height) continue;
            const top = Math.round(rect.top + rect.height / 2);
            let key = [...lines.keys()].find(k => Math.abs(k - top) < rect.height / 2);
            if (key === undefined) { key = top; lines.set(key, 0); }
            lines.set(key, lines.get(key) + 1);
        }
        const full = [...lines.entries()].sort((a, b) => a[0] - b[0]).slice(0, -1);
        counts.push(...full.map(([, n]) => n));
    }
    counts.sort((a, b) => a - b);
    return counts.length ? counts[Math.floor(counts.length / 2)] : 0;
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_phone_header_leaves_the_first_screen_to_the_lead(
    page, live_server, artifacts_dir, language
):
    content = make_content()  # with a breaking story, as on a busy day
    page.set_viewport_size(PHONE)
    load_fully(page, live_server.url + page_path("home", language, content))
    page.screenshot(path=artifacts_dir / f"header-phone-{language}.png")

    header = page.locator(".site-header").bounding_box()
    lead = page.locator("main .card").first.bounding_box()
    record(artifacts_dir,
           f"phone {language}: header {header['height']:.1f}px, lead at {lead['y']:.0f}px")
    assert header["y"] + header["height"] <= PHONE_HEADER_PX
    assert lead["y"] <= PHONE_LEAD_TOP_PX
    # Brand, date, language switch and search field are all in the header and visible.
    for selector in (".brand", ".masthead-date", ".language-switch a", ".header-search input"):
        box = page.locator(selector).bounding_box()
        assert box and box["y"] + box["height"] <= PHONE_HEADER_PX, selector
    # The menu is one row that scrolls sideways, and the page itself does not.
    nav = page.locator(".site-nav ul")
    tops = {round(b["y"]) for b in (a.bounding_box() for a in nav.locator("a").all())}
    assert len(tops) == 1, f"menu on {len(tops)} rows"
    assert nav.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_story_reads_at_70_to_90_characters_a_line_on_a_wide_screen(
    page, live_server, artifacts_dir
):
    story = seed_story()
    page.set_viewport_size(WIDE)
    load_fully(page, live_server.url + path_of(story))
    chars = page.evaluate(CHARS_PER_LINE)
    size, line = page.locator(".story .body p").first.evaluate(
        "el => [parseFloat(getComputedStyle(el).fontSize), "
        "parseFloat(getComputedStyle(el).lineHeight)]")
    leading = line / size
    record(artifacts_dir, f"1366 px: {chars} characters a line at {size}px, leading {leading:.2f}")
    assert 65 <= chars <= 95
    assert size >= 19
    assert round(leading, 2) == 1.8
    # A phone keeps the 17 px text.
    page.set_viewport_size(PHONE)
    assert page.locator(".story .body p").first.evaluate(
        "el => getComputedStyle(el).fontSize") == "17px"


@pytest.mark.parametrize("language", LANGUAGES)
def test_dark_mode_is_applied_and_axe_clean(page, live_server, artifacts_dir, language):
    content = make_content()
    page.emulate_media(color_scheme="dark")
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        for name in ("home", "article"):
            load_fully(page, live_server.url + page_path(name, language, content))
            if name == "article":
                page.screenshot(path=artifacts_dir / f"article-{language}-{width}-dark.png",
                                full_page=True)
            colours = page.evaluate("""() => {
                const s = el => getComputedStyle(document.querySelector(el));
                return [s('body').backgroundColor, s('body').color, s('.site-footer a').color];
            }""")
            assert colours == ["rgb(21, 21, 21)", "rgb(236, 236, 236)", "rgb(255, 154, 143)"]
            # Photos are shown as they are: never inverted or filtered.
            filters = page.evaluate(
                "[...document.images].map(img => getComputedStyle(img).filter)")
            assert set(filters) <= {"none"}
            violations = axe_violations(page)
            assert not violations, f"axe on {page.url} (dark):\n{describe(violations)}"
    # The breaking bar: dark ink on the light accent.
    load_fully(page, live_server.url + page_path("home", language, content))
    bar = page.locator(".breaking p").evaluate(
        "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]")
    assert bar == ["rgb(255, 154, 143)", "rgb(21, 21, 21)"]


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def test_a_story_prints_alone_on_one_page(page, live_server, artifacts_dir):
    story = seed_story()
    load_fully(page, live_server.url + path_of(story))
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 680, "height": 1000})  # A4's text block, at 96 px/inch
    height = page.evaluate("document.documentElement.scrollHeight")
    for selector in (".site-nav", ".header-search", ".skip-link", ".share", ".footer-links",
                     ".language-switch", ".breaking", ".related"):
        locator = page.locator(selector)
        assert all(not el.is_visible() for el in locator.all()), selector
    for selector in (".story h1", ".story .meta", ".story figure.lead img", ".story .body",
                     ".correction"):
        assert page.locator(selector).first.is_visible(), selector
    page.screenshot(path=artifacts_dir / "article-ar-print.png", full_page=True)
    pdf = page.pdf(path=artifacts_dir / "article-ar-print.pdf", format="A4",
                   print_background=True)
    pages = pdf_pages(pdf)
    record(artifacts_dir, f"print: {height}px of layout at A4's width, {pages} A4 page(s)")
    assert pages == 1
