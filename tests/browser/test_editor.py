"""The story body editor in the admin: direction per language, toolbar, library photos.

The browser tests log in through the real login form as a journalist and drive Chromium
against the live server, so they need committed rows (`transaction=True`). conftest.py puts
the desk groups back after each test's flush.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse_lazy
from PIL import Image as PillowImage

from articles.models import Article
from images.models import Image
from tests.factories import PASSWORD, SectionFactory, UserFactory

HEADLINE = "الحكومة تعلن خطة جديدة للنقل العام"
PICKER_URL = reverse_lazy("admin:articles_article_editor_images")


def library_image(**texts):
    """A 600×400 JPEG in the media library."""
    data = io.BytesIO()
    PillowImage.new("RGB", (600, 400), (200, 80, 40)).save(data, "JPEG")
    return Image.objects.create(file=ContentFile(data.getvalue(), name="protest.jpg"), **texts)


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_selector("#user-tools")


def open_add_article(page, live_server):
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    # prose-editor replaces each body textarea with an editor once its modules have loaded.
    editor = ".prose-editor:has(textarea[name=body_en]) .ProseMirror"
    page.wait_for_selector(editor, state="attached")


def body_editor(page, language):
    return page.locator(f".prose-editor:has(textarea[name=body_{language}])")


def fill_headline_and_section(page, section):
    page.fill("#id_title_ar", HEADLINE)
    # The section is a select2 autocomplete: open it, search, pick the result.
    page.locator(".field-section .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill(section.name_ar)
    page.locator(".select2-results__option", has_text=section.name_ar).click()


def save(page):
    page.locator("input[name=_save]").click()
    page.wait_for_selector(".messagelist .success")


def computed(locator, prop):
    return locator.evaluate("(el, prop) => getComputedStyle(el)[prop]", prop)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_journalist_writes_arabic_body_with_toolbar(page, live_server, journalist, artifacts_dir):
    """An Arabic heading and a bold word typed with the toolbar are stored as <h2> and <strong>.

    The admin is right to left; the Arabic body edits right to left and the English body left
    to right, whatever the admin's direction.
    """
    section = SectionFactory(name_ar="النقل والمواصلات")
    log_in(page, live_server, journalist)
    open_add_article(page, live_server)
    fill_headline_and_section(page, section)

    arabic = body_editor(page, "ar")
    arabic.locator(".ProseMirror").click()
    arabic.locator("[data-name=heading2]").click()
    page.keyboard.type("تفاصيل الخطة")
    page.keyboard.press("Enter")
    page.keyboard.type("تشمل الخطة ")
    arabic.locator("[data-name=bold]").click()
    page.keyboard.type("الكلمة")
    arabic.locator("[data-name=bold]").click()
    page.keyboard.type(" الأهم في النص.")

    page.locator("details:has(textarea[name=body_en]) > summary").click()
    english = body_editor(page, "en")
    english.locator(".ProseMirror").click()
    page.keyboard.type("The plan covers buses and trains.")

    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert computed(arabic.locator(".ProseMirror"), "direction") == "rtl"
    assert computed(english.locator(".ProseMirror"), "direction") == "ltr"
    english_paragraph = english.locator(".ProseMirror p")
    assert computed(english_paragraph, "direction") == "ltr"
    # Left-aligned: the English text starts at the editing surface's left edge.
    surface_box = english.locator(".ProseMirror").bounding_box()
    text_left = english_paragraph.evaluate(
        "p => { const r = document.createRange(); r.selectNodeContents(p);"
        " return r.getBoundingClientRect().left }"
    )
    assert text_left - surface_box["x"] < 40
    # The toolbar speaks Arabic (djangojs.po through the admin's JavaScript catalog).
    assert arabic.locator("[data-name=bold]").get_attribute("title") == "غامق"

    screenshot = artifacts_dir / "editor-article-form.png"
    page.screenshot(path=screenshot, full_page=True)
    assert screenshot.stat().st_size > 0

    save(page)

    article = Article.objects.get(title_ar=HEADLINE)
    assert article.section == section
    assert "<h2>تفاصيل الخطة</h2>" in article.body_ar
    assert "<strong>الكلمة</strong>" in article.body_ar
    assert article.body_en == "<p>The plan covers buses and trains.</p>"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_journalist_inserts_library_image_with_caption(page, live_server, journalist):
    """A photo picked from the library is stored as a figure with its id, size and credit."""
    section = SectionFactory()
    image = library_image(
        alt_text_ar="حافلة في شارع الرشيد",
        caption_ar="حافلة نقل عام جديدة في بغداد",
        credit_ar="رويترز",
    )
    library_image(alt_text_ar="صورة أخرى لا علاقة لها بالبحث")
    log_in(page, live_server, journalist)
    open_add_article(page, live_server)
    fill_headline_and_section(page, section)

    arabic = body_editor(page, "ar")
    arabic.locator(".ProseMirror").click()
    page.keyboard.type("فقرة قبل الصورة.")
    arabic.locator("[data-name=figure]").click()
    page.locator(".newsroom-picker input[type=search]").fill("حافلة")
    choice = page.locator(f".newsroom-picker__image[data-image-id='{image.pk}']")
    choice.click()
    page.wait_for_selector(".newsroom-picker", state="detached")
    save(page)

    figure = (
        f'<figure data-image-id="{image.pk}">'
        f'<img src="{image.file.url}" alt="حافلة في شارع الرشيد" width="600" height="400">'
        "<figcaption>حافلة نقل عام جديدة في بغداد — رويترز</figcaption>"
        "</figure>"
    )
    article = Article.objects.get(title_ar=HEADLINE)
    assert article.body_ar == f"<p>فقرة قبل الصورة.</p>{figure}"

    # Opened again and edited, the editor keeps the figure as it was stored.
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    body_editor(page, "ar").locator(".ProseMirror p").click()
    page.keyboard.press("End")
    page.keyboard.type(" تحديث")
    save(page)

    article.refresh_from_db()
    assert article.body_ar == f"<p>فقرة قبل الصورة. تحديث</p>{figure}"


@pytest.mark.django_db
def test_picker_finds_library_images_in_the_body_language(client, journalist):
    """The picker's JSON lists matching images with texts in the requested language."""
    image = library_image(
        alt_text_ar="حافلة في شارع الرشيد", alt_text_en="A bus on Rashid Street",
        caption_ar="حافلة جديدة", credit_ar="رويترز",
    )
    library_image(alt_text_ar="سوق الشورجة")
    client.force_login(journalist)

    arabic = client.get(PICKER_URL, {"q": "حافلة"}).json()["results"]
    english = client.get(PICKER_URL, {"q": "Rashid", "lang": "en"}).json()["results"]

    assert arabic == [{
        "id": image.pk, "src": image.file.url, "width": 600, "height": 400,
        "alt": "حافلة في شارع الرشيد", "caption": "حافلة جديدة", "credit": "رويترز",
    }]
    assert [(r["id"], r["alt"]) for r in english] == [(image.pk, "A bus on Rashid Street")]


@pytest.mark.django_db
def test_picker_needs_permission_to_view_images(client):
    """Staff without images.view_image get a 403 from the picker, not the library."""
    library_image(alt_text_ar="حافلة في شارع الرشيد")
    client.force_login(UserFactory(username="intern"))

    response = client.get(PICKER_URL, {"q": "حافلة"})

    assert response.status_code == 403
