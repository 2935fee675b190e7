"""The media library in the admin, through real HTTP requests as a journalist."""

import io
import re

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image as PILImage

from images.models import Image
from tests.images import samples

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/images/image/add/"
ALT_TEXT = "متظاهرون في ساحة التحرير ببغداد يرفعون الأعلام"


@pytest.fixture
def desk(client, journalist):
    client.force_login(journalist)
    return client


def post(client, url, file=None, **fields):
    data = {
        "alt_text_ar": ALT_TEXT, "caption_ar": "", "credit_ar": "",
        "alt_text_en": "", "caption_en": "", "credit_en": "",
        "focal_x": "", "focal_y": "", "rights_note": "",
        **fields,
    }
    if file is not None:
        data["file"] = file
    # The desk is Arabic whatever the browser asks for, so the messages checked below are the
    # Arabic ones a journalist reads.
    return client.post(url, data)


def file_errors(response) -> list:
    assert response.status_code == 200, "a refused upload re-shows the form"
    return response.context["adminform"].form.errors.as_data().get("file", [])


def assert_refused(response, code: str, *message_parts: str) -> str:
    """The form is re-shown with our error, and only ours, on the file field."""
    errors = file_errors(response)
    assert [error.code for error in errors] == [code]
    html = response.content.decode()
    error_list = re.search(r'<ul class="errorlist"[^>]*id="id_file_error">(.*?)</ul>', html, re.S)
    assert error_list, "the error is shown on the file field"
    for part in message_parts:
        assert part in error_list.group(1)
    assert "Upload a valid image" not in html
    assert Image.objects.count() == 0
    return html


def stored_image(image: Image) -> PILImage.Image:
    with default_storage.open(image.file.name) as f:
        return PILImage.open(io.BytesIO(f.read()))


class TestRefusedUploads:
    def test_text_file_named_photo_jpg_is_refused(self, desk):
        """(a) A renamed text file: the message says what it is not; nothing is saved."""
        text = samples.upload(b"Notes from the press conference\n" * 50, "photo.jpg")

        response = post(desk, ADD_URL, text)

        assert_refused(response, "not_an_image", "ليس صورة بصيغة JPEG أو PNG أو WebP")

    def test_png_declaring_60000_by_60000_pixels_is_refused(self, desk):
        """(b) A decompression bomb: the declared dimensions and the limit are named."""
        bomb = samples.upload(samples.png_declaring(60_000, 60_000), "map.png", "image/png")

        response = post(desk, ADD_URL, bomb)

        limit = f"{settings.NEWSROOM_IMAGE_MAX_PIXELS / 1_000_000:g} مليون بكسل"
        assert_refused(response, "too_many_pixels", "60000 × 60000 بكسل", limit)

    def test_file_one_byte_over_the_real_limit_is_refused(self, desk):
        """(c) A genuine JPEG padded to NEWSROOM_IMAGE_MAX_BYTES + 1, the configured limit."""
        limit = settings.NEWSROOM_IMAGE_MAX_BYTES
        jpeg = samples.image_bytes((64, 48))
        padded = jpeg + b"\0" * (limit + 1 - len(jpeg))
        assert len(padded) == limit + 1

        response = post(desk, ADD_URL, samples.upload(padded, "big.jpg"))

        assert_refused(response, "file_too_large", f"أكبر من {limit / 1024 / 1024:g} ميغابايت")

    def test_truncated_jpeg_is_refused(self, desk):
        jpeg = samples.image_bytes((300, 200))

        response = post(desk, ADD_URL, samples.upload(jpeg[: len(jpeg) // 2]))

        assert_refused(response, "corrupt", "ملف JPEG هذا تالف أو ناقص")

    def test_typed_fields_survive_a_refused_upload(self, desk):
        """(g) The alt text and credit the journalist typed are in the re-shown form."""
        response = post(
            desk, ADD_URL, samples.upload(b"not a photo"),
            credit_ar="وكالة الأنباء العراقية", rights_note="Bought from the agency",
        )

        html = assert_refused(response, "not_an_image")
        assert f'value="{ALT_TEXT}"' in html
        assert 'value="وكالة الأنباء العراقية"' in html
        assert 'value="Bought from the agency"' in html

    def test_missing_file_is_reported_on_the_field(self, desk):
        response = post(desk, ADD_URL)

        assert [error.code for error in file_errors(response)] == ["required"]
        assert Image.objects.count() == 0


class TestAcceptedUploads:
    def test_gps_and_camera_exif_are_not_stored(self, desk, journalist, media_backend):
        """(d) A phone photo with GPS, make and model: none of it reaches storage."""
        original = samples.image_bytes(
            (800, 600), exif=samples.camera_exif(), xmp=samples.XMP, comment=b"home"
        )
        assert PILImage.open(io.BytesIO(original)).getexif().get_ifd(samples.GPS_IFD)

        response = post(desk, ADD_URL, samples.upload(original, "IMG_0001.JPG"))

        assert response.status_code == 302
        image = Image.objects.get()
        assert image.uploaded_by == journalist
        assert image.alt_text_ar == ALT_TEXT
        stored = stored_image(image)
        exif = stored.getexif()
        assert dict(exif) == {}
        assert exif.get_ifd(samples.GPS_IFD) == {}
        assert samples.MAKE not in exif and samples.MODEL not in exif
        assert not {"exif", "xmp", "comment"} & set(stored.info)
        with default_storage.open(image.file.name) as f:
            raw = f.read()
        for leak in (b"Exif", b"NewsCam", b"Reporter X100", b"SecretCity"):
            assert leak not in raw

    def test_exif_orientation_6_is_applied(self, desk):
        """(e) A 40×20 photo tagged "turn clockwise" is stored 20×40, its left edge on top."""
        original = samples.two_halves_jpeg((40, 20), exif=samples.camera_exif(orientation=6))

        response = post(desk, ADD_URL, samples.upload(original))

        assert response.status_code == 302
        image = Image.objects.get()
        assert (image.width, image.height) == (20, 40)
        stored = stored_image(image).convert("RGB")
        assert stored.size == (20, 40)
        assert samples.ORIENTATION not in stored.getexif()
        top, bottom = stored.getpixel((10, 5)), stored.getpixel((10, 35))
        assert top[0] > 150 and top[2] < 100, f"top should be red, is {top}"
        assert bottom[2] > 150 and bottom[0] < 100, f"bottom should be blue, is {bottom}"

    @pytest.mark.parametrize(
        ("size", "widths"),
        [((1000, 600), [320, 640, 960, 1000]), ((2400, 1200), [320, 640, 960, 1280, 1920]),
         ((200, 100), [200])],
    )
    def test_webp_renditions_at_ladder_widths_never_upscaled(self, desk, size, widths):
        """(f) Renditions exist as WebP at each width; srcset lists exactly those."""
        response = post(desk, ADD_URL, samples.upload(samples.image_bytes(size, "PNG"), "a.png"))

        assert response.status_code == 302
        image = Image.objects.get()
        assert image.rendition_widths == widths
        folder = "renditions/" + image.file.name.rsplit(".", 1)[0]
        assert sorted(default_storage.listdir(folder)[1]) == sorted(f"{w}.webp" for w in widths)
        for width in widths:
            with default_storage.open(f"{folder}/{width}.webp") as f, PILImage.open(f) as r:
                assert r.format == "WEBP"
                assert r.size == (width, round(size[1] * width / size[0]))
                assert r.width <= size[0]
        assert image.srcset == ", ".join(
            f"{settings.MEDIA_URL}{folder}/{w}.webp {w}w" for w in widths
        )


class TestChangeForm:
    def add(self, desk, size=(1400, 700), **fields) -> Image:
        response = post(desk, ADD_URL, samples.upload(samples.image_bytes(size)), **fields)
        assert response.status_code == 302
        return Image.objects.get()

    def test_change_page_previews_the_image(self, desk, media_backend):
        image = self.add(desk, focal_x="0.25", focal_y="0.75")

        response = desk.get(f"/admin/images/image/{image.pk}/change/")

        html = response.content.decode()
        assert response.status_code == 200
        assert f'srcset="{image.srcset}"' in html
        assert "focal-marker fx-25 fy-75" in html  # placed by static/css/focal.css

    def test_editing_text_keeps_the_file_and_renditions(self, desk, media_backend):
        image = self.add(desk)
        files_before = default_storage.listdir("renditions/" + image.file.name.rsplit(".", 1)[0])

        response = post(
            desk, f"/admin/images/image/{image.pk}/change/", credit_ar="المصور الصحفي"
        )

        assert response.status_code == 302
        edited = Image.objects.get()
        assert edited.credit_ar == "المصور الصحفي"
        assert (edited.file.name, edited.rendition_widths) == (
            image.file.name, image.rendition_widths,
        )
        assert default_storage.listdir("renditions/" + image.file.name.rsplit(".", 1)[0]) == (
            files_before
        )

    def test_new_file_is_processed_and_old_renditions_removed(
        self, desk, django_capture_on_commit_callbacks, media_backend
    ):
        image = self.add(desk, size=(1400, 700))
        old_folder = "renditions/" + image.file.name.rsplit(".", 1)[0]
        replacement = samples.image_bytes((500, 900), exif=samples.camera_exif())

        with django_capture_on_commit_callbacks(execute=True):
            response = post(
                desk, f"/admin/images/image/{image.pk}/change/", samples.upload(replacement)
            )

        assert response.status_code == 302
        changed = Image.objects.get()
        assert changed.file.name != image.file.name
        assert (changed.width, changed.height, changed.rendition_widths) == (
            500, 900, [320, 500],
        )
        assert dict(stored_image(changed).getexif()) == {}
        assert not default_storage.exists(image.file.name)
        assert default_storage.listdir(old_folder) == ([], [])
        new_folder = "renditions/" + changed.file.name.rsplit(".", 1)[0]
        assert sorted(default_storage.listdir(new_folder)[1]) == ["320.webp", "500.webp"]

    def test_refused_replacement_keeps_the_old_file(self, desk, media_backend):
        image = self.add(desk)

        response = post(
            desk, f"/admin/images/image/{image.pk}/change/",
            samples.upload(samples.png_declaring(60_000, 60_000), "x.png"),
        )

        assert [e.code for e in file_errors(response)] == ["too_many_pixels"]
        unchanged = Image.objects.get()
        assert (unchanged.file.name, unchanged.width) == (image.file.name, 1400)
        assert default_storage.exists(image.file.name)


def test_list_shows_the_smallest_rendition_as_thumbnail(desk, media_backend):
    response = post(desk, ADD_URL, samples.upload(samples.image_bytes((1000, 500))))
    assert response.status_code == 302
    image = Image.objects.get()

    listing = desk.get("/admin/images/image/", headers={"accept-language": "en"})

    html = listing.content.decode()
    assert listing.status_code == 200
    assert f'<img src="{image.rendition_url(320)}"' in html
    assert image.rendition_url(320).endswith("/320.webp")
    assert "1000 × 500" in html
    assert ALT_TEXT in html


def test_lead_image_autocomplete_still_searches_the_library(desk):
    """The article admin's autocomplete relies on ImageAdmin.search_fields."""
    post(desk, ADD_URL, samples.upload(samples.image_bytes()))

    response = desk.get(
        "/admin/autocomplete/",
        {"term": "ساحة التحرير", "app_label": "articles", "model_name": "article",
         "field_name": "lead_image"},
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [ALT_TEXT]


class TestFocalPointField:
    """The focal point is picked on the photo (static/images/focal.js, driven in
    tests/browser/test_focal_point.py); the form keeps two hidden fields the server checks."""

    def add(self, desk, **fields) -> Image:
        response = post(desk, ADD_URL, samples.upload(samples.image_bytes((800, 600))), **fields)
        assert response.status_code == 302
        return Image.objects.get()

    def test_change_page_offers_the_photo_to_click_and_no_number_fields(self, desk):
        image = self.add(desk)

        html = desk.get(f"/admin/images/image/{image.pk}/change/").content.decode()

        assert 'class="image-preview focal-picker"' in html
        assert re.search(r'<input type="hidden" name="focal_x"[^>]*id="id_focal_x"', html)
        assert re.search(r'<input type="hidden" name="focal_y"[^>]*id="id_focal_y"', html)
        assert 'type="number"' not in html
        assert "images/focal.js" in html
        # No point chosen yet: the marker waits, hidden, and the page says crops keep the centre.
        assert re.search(r'class="focal-marker fx-50 fy-50" hidden', html)
        assert "تحتفظ القصّات بوسط الصورة" in html

    def test_the_add_page_says_where_the_focal_point_is_chosen(self, desk):
        html = desk.get(ADD_URL).content.decode()

        assert "بعد حفظها، انقر على الصورة لاختيار نقطتها المحورية." in html

    def test_a_clicked_point_is_stored(self, desk):
        image = self.add(desk)

        response = post(desk, f"/admin/images/image/{image.pk}/change/",
                        focal_x="0.312", focal_y="0.875")

        assert response.status_code == 302
        image.refresh_from_db()
        assert (image.focal_x, image.focal_y) == (0.312, 0.875)
        html = desk.get(f"/admin/images/image/{image.pk}/change/").content.decode()
        assert "focal-marker fx-31 fy-88" in html
        assert "31% من اليسار" in html

    @pytest.mark.parametrize("focal", [("1.5", "0.5"), ("0.5", "-0.1"), ("left", "0.5")])
    def test_a_point_off_the_photo_is_refused_with_a_message(self, desk, focal):
        image = self.add(desk, focal_x="0.2", focal_y="0.2")

        response = post(desk, f"/admin/images/image/{image.pk}/change/",
                        credit_ar="مصور", focal_x=focal[0], focal_y=focal[1])

        assert response.status_code == 200
        form = response.context["adminform"].form
        assert [e.code for e in form.non_field_errors().as_data()] == ["focal_point"]
        html = response.content.decode()
        assert "النقطة المحورية يجب أن تكون نقطة على الصورة" in html
        assert 'value="مصور"' in html  # what was typed is still in the form
        image.refresh_from_db()
        assert (image.focal_x, image.focal_y, image.credit_ar or "") == (0.2, 0.2, "")
