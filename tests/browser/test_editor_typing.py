"""The body editor follows the writer: typed top to bottom, photos in place, pasted from Word.

A journalist types the seed story (tests/seed.py) as written: paragraphs, two subheads, the
photo with its caption, then on. Every way out of a caption (Enter, ArrowDown, the forward
arrow, Ctrl+Enter, Esc, a click below) lands in a paragraph after the photo; a paste from a
word processor keeps paragraphs and subheads and drops the rest. Assertions are on the body
saved in the database, read back as its top-level blocks.
"""

from html.parser import HTMLParser

import pytest

from articles.models import Article
from tests.browser.test_editor import body_editor, library_image, log_in, open_add_article, save
from tests.factories import ArticleFactory, SectionFactory
from tests.seed import load_seed

SEED = load_seed()
VOID = {"img", "br", "hr"}


class _Blocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.depth = [], 0

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.blocks.append({"tag": tag, "text": "", "inside": [], "attrs": dict(attrs)})
        else:
            self.blocks[-1]["inside"].append(tag)
        if tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag not in VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.blocks[-1]["text"] += data


def blocks(html):
    """The body's top-level blocks: tag, text, the tags inside and the block's attributes."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


def outline(html):
    return [(block["tag"], block["text"]) for block in blocks(html)]


def seed_outline():
    """The seed body in order: paragraphs, the photo (by its caption) and both subheads."""
    items = []
    for index, paragraph in enumerate(SEED.paragraphs):
        if index == SEED.photo_after:
            items.append(("figure", SEED.photo_caption))
        headings = zip(SEED.headings, SEED.heading_after, strict=True)
        items += [("h2", heading) for heading, after in headings if after == index]
        items.append(("p", paragraph))
    return items


def start_story(page, live_server, user, headline):
    """Log in, open a new story, type its headline, pick a section, click into the body."""
    section = SectionFactory(name_ar="السياسة الدولية")
    log_in(page, live_server, user)
    open_add_article(page, live_server)
    page.locator("#id_title_ar").click()
    page.keyboard.type(headline)
    page.locator(".field-section .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill(section.name_ar)
    page.locator(".select2-results__option", has_text=section.name_ar).click()
    arabic = body_editor(page, "ar")
    arabic.locator(".ProseMirror").click()
    return arabic


def write(page, text):
    """Type as a writer does; long paragraphs go in as text input (typing each key is slow)."""
    if len(text) > 60:
        page.keyboard.type(text[:20])
        page.keyboard.insert_text(text[20:])
    else:
        page.keyboard.type(text)


def insert_photo(page, arabic, image, search):
    arabic.locator("[data-name=figure]").click()
    page.locator(".newsroom-picker input[type=search]").fill(search)
    page.locator(f".newsroom-picker__image[data-image-id='{image.pk}']").click()
    page.wait_for_selector(".newsroom-picker", state="detached")


def click_below_last_block(page, arabic):
    """A click in the editor's empty room under its last block, as a writer clicks there."""
    surface = arabic.locator(".ProseMirror")
    surface.evaluate("el => el.scrollIntoView({block: 'end'})")
    box = surface.bounding_box()
    last = surface.locator(":scope > :last-child").bounding_box()
    y = last["y"] + last["height"] + 4
    assert y < box["y"] + box["height"], "no room below the last block to click in"
    page.mouse.click(box["x"] + box["width"] / 2, y)


def editor_outline(arabic):
    """What the editor shows now: each top-level block's tag and text."""
    return arabic.locator(".ProseMirror").evaluate(
        "el => [...el.children].map(c => [c.localName, c.textContent])"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_journalist_types_the_seed_story_top_to_bottom(
    page, live_server, journalist, artifacts_dir
):
    """Paragraphs, subheads (toolbar and shortcut) and the photo with a typed caption, in order.

    After the caption the journalist presses Enter and goes on writing: every later paragraph
    is a <p> after the figure, none in its <figcaption>.
    """
    photo = library_image(alt_text_ar=SEED.photo_alt)
    arabic = start_story(page, live_server, journalist, SEED.headline)

    items = seed_outline()
    headings_set = 0
    for position, (kind, text) in enumerate(items):
        if kind == "figure":
            insert_photo(page, arabic, photo, SEED.photo_alt)
            # The library has no caption for it: the cursor waits in an empty caption.
            empty_caption = arabic.locator("figcaption.is-empty")
            assert empty_caption.get_attribute("data-placeholder") == "اكتب تعليق الصورة"
            page.keyboard.type(text)
        elif kind == "h2":
            if headings_set == 0:
                arabic.locator("[data-name=heading2]").click()
            else:
                page.keyboard.press("Control+Alt+2")
            headings_set += 1
            page.keyboard.type(text)
        else:
            write(page, text)
        if position < len(items) - 1:
            page.keyboard.press("Enter")

    assert editor_outline(arabic)[: len(items)] == [list(item) for item in items]
    figure = arabic.locator(".ProseMirror figure")
    # The photo near the top of the window: the paragraph before it, the photo, its caption
    # and the paragraphs written after it.
    figure.evaluate("el => { el.scrollIntoView({block: 'start'}); window.scrollBy(0, -120) }")
    screenshot = artifacts_dir / "desk-editor-photo.png"
    page.screenshot(path=screenshot)
    assert screenshot.stat().st_size > 0

    save(page)

    body = Article.objects.get(title_ar=SEED.headline).body_ar
    assert outline(body) == items
    assert body.count("<figure") == 1
    figure_block = next(block for block in blocks(body) if block["tag"] == "figure")
    assert figure_block["attrs"]["data-image-id"] == str(photo.pk)
    assert figure_block["inside"] == ["img", "figcaption"]
    for paragraph in SEED.paragraphs:
        assert f"<p>{paragraph}</p>" in body


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_way_out_of_a_caption_reaches_a_paragraph(page, live_server, journalist):
    """Enter, ArrowDown, the forward arrow (left in Arabic), Ctrl+Enter and Esc at the end of
    a caption, and a click below the last photo, each put the next words after the photo.

    A photo inserted at the end always leaves an empty paragraph after it; one whose caption
    comes from the library puts the cursor there, and the writer just goes on typing.
    """
    plain = library_image(alt_text_ar="مبنى وزارة الخارجية")
    captioned = library_image(
        alt_text_ar="قاعة الاجتماع في جنيف", caption_ar="قاعة الاجتماع", credit_ar="رويترز"
    )
    arabic = start_story(page, live_server, journalist, "اختبار الخروج من تعليق الصورة")
    write(page, "فقرة قبل الصور.")
    page.keyboard.press("Enter")

    keys = ["Enter", "ArrowDown", "ArrowLeft", "Control+Enter", "Escape"]
    expected = [("p", "فقرة قبل الصور.")]
    for n, key in enumerate(keys, start=1):
        insert_photo(page, arabic, plain, "مبنى")
        # At the end of the body: an empty paragraph after the photo, from the start.
        assert editor_outline(arabic)[-2:] == [["figure", ""], ["p", ""]]
        page.keyboard.type(f"تعليق {n}")
        page.keyboard.press(key)
        page.keyboard.type(f"فقرة بعد الصورة {n}")
        page.keyboard.press("Enter")
        expected += [("figure", f"تعليق {n}"), ("p", f"فقرة بعد الصورة {n}")]

    # A click below the last photo, its caption typed.
    insert_photo(page, arabic, plain, "مبنى")
    page.keyboard.type("تعليق بالنقر")
    click_below_last_block(page, arabic)
    page.keyboard.type("فقرة بعد النقر")
    expected += [("figure", "تعليق بالنقر"), ("p", "فقرة بعد النقر")]

    # The original trap: a paragraph, a library photo (with its caption) inserted at the end
    # of it, then more words.
    insert_photo(page, arabic, captioned, "جنيف")
    assert editor_outline(arabic)[-2:] == [["figure", "قاعة الاجتماع — رويترز"], ["p", ""]]
    page.keyboard.type("فقرة أخيرة")
    expected += [("figure", "قاعة الاجتماع — رويترز"), ("p", "فقرة أخيرة")]

    save(page)

    body = Article.objects.get(title_ar="اختبار الخروج من تعليق الصورة").body_ar
    assert outline(body) == expected
    assert "<figcaption></figcaption>" not in body


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_click_below_a_saved_story_ending_with_a_photo(page, live_server, journalist):
    """A story saved with a photo last: a click below it gives a paragraph to write in."""
    image = library_image(alt_text_ar="صورة أخيرة", caption_ar="تعليق محفوظ")
    figure = (
        f'<figure data-image-id="{image.pk}"><img src="{image.file.url}" alt="صورة أخيرة"'
        ' width="600" height="400"><figcaption>تعليق محفوظ</figcaption></figure>'
    )
    article = ArticleFactory(created_by=journalist, body_ar=f"<p>فقرة محفوظة.</p>{figure}")
    log_in(page, live_server, journalist)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    arabic = body_editor(page, "ar")
    photo = arabic.locator(".ProseMirror figure")
    photo.wait_for()

    click_below_last_block(page, arabic)
    # A paragraph with the cursor in it, at once (not only a gap cursor that makes one later).
    assert editor_outline(arabic) == [["p", "فقرة محفوظة."], ["figure", "تعليق محفوظ"], ["p", ""]]
    assert arabic.locator(".ProseMirror > p:last-child").evaluate(
        "p => p.contains(getSelection().anchorNode)"
    )
    page.keyboard.type("فقرة جديدة بعد الصورة.")
    save(page)

    article.refresh_from_db()
    assert outline(article.body_ar) == [
        ("p", "فقرة محفوظة."), ("figure", "تعليق محفوظ"), ("p", "فقرة جديدة بعد الصورة."),
    ]


WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta charset="utf-8">
<style>p.MsoNormal {margin:0cm; font-family:"Simplified Arabic"}</style></head>
<body lang=AR-IQ dir=RTL><!--StartFragment-->
<h1 dir=RTL style='mso-margin-top-alt:auto'><span lang=AR-IQ style='font-size:24.0pt'>
عنوان من وورد</span></h1>
<p class=MsoNormal dir=RTL style='text-align:justify;mso-bidi-font-family:"Simplified Arabic"'>
<span lang=AR-IQ style='font-size:14.0pt;color:#222222'>الفقرة الأولى من المستند، فيها
<b style='mso-bidi-font-weight:normal'>كلمة غامقة</b> و<i>كلمة مائلة</i>
و<a href="https://example.org/report" style="color:blue">رابط التقرير</a>.</span></p>
<p class=MsoNormal dir=RTL><o:p>&nbsp;</o:p></p>
<p class=MsoNormal dir=RTL><font face="Arial" size="4" color="red">فقرة بخط قديم.</font></p>
<h3 style='margin:6pt'><span style='font-family:Arial'>عنوان فرعي ثالث</span></h3>
<p class=MsoNormal><img width=300 height=200 src="https://tracker.example.com/photo.jpg"
alt="صورة خارجية"></p>
<p class=MsoListParagraphCxSpFirst dir=RTL style='mso-list:l0 level1 lfo1'><!--[if !supportLists]-->
<span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span>
</span><!--[endif]-->البند الأول</p>
<p class=MsoListParagraphCxSpLast dir=RTL style='mso-list:l0 level1 lfo1'><!--[if !supportLists]-->
<span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span>
</span><!--[endif]-->البند الثاني</p>
<table class=MsoTableGrid border=1 style='border-collapse:collapse'><tr>
<td style='width:200pt'><p class=MsoNormal>خلية أولى</p></td>
<td><p class=MsoNormal>خلية ثانية</p></td>
</tr></table>
<h5>عنوان صغير</h5>
<div style="background:yellow"><span class="x-junk">فقرة أخيرة من صفحة ويب.</span></div>
<p class=MsoNormal>&nbsp;</p>
<!--EndFragment--></body></html>"""

# Google Docs: the whole copy in a <b style="font-weight:normal">, bold as a styled span.
WEB_HTML = """<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b">
<h1 dir="rtl" style="line-height:1.38"><span style="font-size:20pt;font-family:Arial">عنوان من
مستندات جوجل</span></h1><p dir="rtl"><span style="font-weight:400">نص عادي و</span><span
style="font-weight:700;color:#000">جملة غامقة</span><span style="font-weight:400"> بالنمط.</span>
</p><br><p dir="rtl"><span style="font-size:11pt"><br></span></p></b>"""

PASTE = """(el, html) => {
  const data = new DataTransfer()
  data.setData("text/html", html)
  data.setData("text/plain", el.ownerDocument.createRange().createContextualFragment(html)
    .textContent)
  el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
    cancelable: true}))
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_paste_from_word_keeps_paragraphs_and_subheads(page, live_server, journalist):
    """Word's markup pasted: paragraphs, subheads, lists, links, bold and italic stay; styles,
    spans, fonts, mso junk, empty paragraphs, an outside image and the table's grid go."""
    arabic = start_story(page, live_server, journalist, "خبر ملصوق من وورد")
    arabic.locator(".ProseMirror").evaluate(PASTE, WORD_HTML)
    page.keyboard.press("Enter")
    arabic.locator(".ProseMirror").evaluate(PASTE, WEB_HTML)
    page.keyboard.press("Enter")
    page.keyboard.type("فقرة مكتوبة بعد اللصق.")
    save(page)

    body = Article.objects.get(title_ar="خبر ملصوق من وورد").body_ar
    assert outline(body) == [
        ("h2", "عنوان من وورد"),
        ("p", "الفقرة الأولى من المستند، فيها كلمة غامقة وكلمة مائلة ورابط التقرير."),
        ("p", "فقرة بخط قديم."),
        ("h3", "عنوان فرعي ثالث"),
        ("ul", "البند الأولالبند الثاني"),
        ("p", "خلية أولى"),
        ("p", "خلية ثانية"),
        ("h4", "عنوان صغير"),
        ("p", "فقرة أخيرة من صفحة ويب."),
        ("h2", "عنوان من مستندات جوجل"),
        ("p", "نص عادي وجملة غامقة بالنمط."),
        ("p", "فقرة مكتوبة بعد اللصق."),
    ]
    assert "<strong>جملة غامقة</strong>" in body
    assert body.count("<strong>") == 2
    assert "<strong>كلمة غامقة</strong>" in body
    assert "<em>كلمة مائلة</em>" in body
    assert 'href="https://example.org/report"' in body
    for junk in ("style=", "class=", "<span", "<font", "<img", "<table", "<td", "mso", "<o:p",
                 "tracker.example.com", "·", "<p></p>", "&nbsp;"):
        assert junk not in body, junk
