"""The focal point of a library photo, chosen by clicking on the photo in its change page
(static/images/focal.js): the stored values are where the click landed, under the enforced
Content-Security-Policy."""

import io
import mimetypes
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image as PillowImage
from PIL import ImageDraw

from images.models import Image
from images.services import create_image
from tests.browser.test_csp import Watch
from tests.browser.test_editor import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where the subject of the test photo stands, as fractions of its width and height.
SUBJECT = (0.7, 0.3)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def photo(media_root):
    """A 1200×800 photo with its subject (a yellow disc) off centre, with its renditions."""
    picture = PillowImage.new("RGB", (1200, 800), (70, 110, 150))
    draw = ImageDraw.Draw(picture)
    x, y = SUBJECT[0] * 1200, SUBJECT[1] * 800
    draw.ellipse((x - 90, y - 90, x + 90, y + 90), fill=(240, 200, 40))
    draw.rectangle((0, 640, 1200, 800), fill=(90, 80, 60))
    data = io.BytesIO()
    picture.save(data, "JPEG", quality=90)
    return create_image(file=ContentFile(data.getvalue(), name="x.jpg"),
                        alt_text_ar="شمس فوق سوق الشورجة", credit_ar="المصور")


def serve_media(page, live_server, media_root):
    """Photos from MEDIA_ROOT, as nginx serves them in production (the live server has no
    /media/ route)."""

    def fulfil(route):
        name = route.request.url.split(settings.MEDIA_URL, 1)[1].split("?")[0]
        path = media_root / name
        if not path.is_file():
            route.fulfill(status=404)
            return
        route.fulfill(status=200, body=path.read_bytes(),
                      content_type=mimetypes.guess_type(path.name)[0] or "image/webp")

    page.route(f"{live_server.url}{settings.MEDIA_URL}**", fulfil)


def open_photo(page, live_server, image):
    page.goto(f"{live_server.url}/admin/images/image/{image.pk}/change/")
    picture = page.locator(".focal-picker img")
    picture.wait_for()
    page.wait_for_function(
        "() => document.querySelector('.focal-picker img').naturalWidth > 0"
    )
    return picture


def save(page):
    page.locator("input[name=_continue]").click()
    page.wait_for_selector(".messagelist .success")


def test_a_click_on_the_photo_sets_the_focal_point(
    page, live_server, journalist, photo, media_root, artifacts_dir
):
    watch = Watch(page)
    serve_media(page, live_server, media_root)
    log_in(page, live_server, journalist)
    picture = open_photo(page, live_server, photo)
    marker = page.locator(".focal-picker .focal-marker")
    assert marker.is_hidden()
    # The two 0–1 number fields are gone from sight: only the photo is offered.
    assert page.locator("input[name=focal_x]").get_attribute("type") == "hidden"
    assert page.locator("input[name=focal_x]:visible").count() == 0

    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * SUBJECT[0], "y": box["height"] * SUBJECT[1]})

    assert marker.is_visible()
    status = page.locator(".focal-status")
    assert status.inner_text() == "النقطة المحورية: 70% من اليسار، و30% من الأعلى."
    # The marker sits on the click: its centre is where the subject is.
    spot = marker.bounding_box()
    centre = (spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2)
    assert abs(centre[0] - (box["x"] + box["width"] * SUBJECT[0])) <= box["width"] * 0.01
    assert abs(centre[1] - (box["y"] + box["height"] * SUBJECT[1])) <= box["height"] * 0.01
    # The photo with its marker, the sentence under it and the "centre" button, in view.
    page.locator(".focal-reset").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "desk-focal-point.png"))

    save(page)

    stored = Image.objects.get(pk=photo.pk)
    assert stored.focal_x == pytest.approx(SUBJECT[0], abs=0.005)
    assert stored.focal_y == pytest.approx(SUBJECT[1], abs=0.005)
    # The page shows the stored point again, and crops now keep the subject in view.
    assert page.locator(".focal-picker .focal-marker.fx-70.fy-30").is_visible()
    left, top, right, bottom = stored.crop_box((1, 1))
    assert left <= SUBJECT[0] * 1200 <= right and top <= SUBJECT[1] * 800 <= bottom
    assert (watch.violations, watch.errors) == ([], [])


def test_arrow_keys_move_the_point_and_the_centre_clears_it(
    page, live_server, journalist, photo, media_root
):
    Image.objects.filter(pk=photo.pk).update(focal_x=0.25, focal_y=0.5)
    serve_media(page, live_server, media_root)
    log_in(page, live_server, journalist)
    open_photo(page, live_server, photo)
    picker = page.locator(".focal-picker")

    picker.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowDown")
    save(page)

    stored = Image.objects.get(pk=photo.pk)
    assert (stored.focal_x, stored.focal_y) == (pytest.approx(0.26), pytest.approx(0.6))

    page.get_by_role("button", name="استخدام الوسط").click()
    assert page.locator(".focal-picker .focal-marker").is_hidden()
    save(page)

    stored = Image.objects.get(pk=photo.pk)
    assert (stored.focal_x, stored.focal_y) == (None, None)
