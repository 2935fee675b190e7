"""images.services: every stored photo is checked, stripped and has its renditions."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image as PILImage

from images.models import Image
from images.processing import process_upload
from images.services import (
    create_image,
    delete_image,
    regenerate_renditions,
    replace_image_file,
    save_uploaded_image,
)
from tests.factories import UserFactory
from tests.images import samples

pytestmark = pytest.mark.django_db


def stored_files(media_root) -> list[str]:
    return sorted(
        str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()
    )


@pytest.fixture
def stored(media_backend, media_root):
    """What the media storage holds now, sorted: MEDIA_ROOT's files, or the bucket's keys.

    Tests that take it run twice, on the filesystem and on S3 (``media_backend``)."""
    if media_backend is None:
        return lambda: stored_files(media_root)
    return media_backend.names


def expected_files(image) -> list[str]:
    stem = image.file.name.rsplit(".", 1)[0]
    return sorted(
        [image.file.name] + [f"renditions/{stem}/{w}.webp" for w in image.rendition_widths]
    )


class TestCreateImage:
    def test_stores_a_clean_original_and_its_renditions(self, stored):
        """What the demo loader does: Pillow-made JPEG bytes in a ContentFile."""
        journalist = UserFactory(username="reporter")
        jpeg = samples.image_bytes((1500, 1000), exif=samples.camera_exif())

        image = create_image(
            file=ContentFile(jpeg), alt_text_ar="سوق الشورجة في بغداد صباحاً",
            caption_ar="سوق الشورجة", credit_ar="وكالة الأنباء", uploaded_by=journalist,
            alt_text_en="Shorja market in Baghdad", focal_x=0.25, focal_y=0.5,
        )

        image.refresh_from_db()
        assert image.alt_text_ar == "سوق الشورجة في بغداد صباحاً"
        assert image.alt_text_en == "Shorja market in Baghdad"
        assert (image.caption_ar, image.credit_ar) == ("سوق الشورجة", "وكالة الأنباء")
        assert image.uploaded_by == journalist
        assert (image.width, image.height) == (1500, 1000)
        assert image.focal_x == 0.25
        assert image.file.name.startswith("images/") and image.file.name.endswith(".jpg")
        assert image.rendition_widths == [320, 640, 960, 1280, 1500]
        assert stored() == expected_files(image)
        with image.file.open("rb") as f, PILImage.open(f) as original:
            assert dict(original.getexif()) == {}

    def test_refused_file_stores_nothing(self, stored):
        with pytest.raises(ValidationError) as caught:
            create_image(file=ContentFile(b"<html>not a photo</html>"), alt_text_ar="نص")

        assert caught.value.code == "not_an_image"
        assert Image.objects.count() == 0
        assert stored() == []

    def test_missing_arabic_alt_text_stores_nothing(self, stored):
        """Alt text is required in Arabic: the model's own check runs before any write."""
        with pytest.raises(ValidationError) as caught:
            create_image(file=ContentFile(samples.image_bytes()), alt_text_ar="")

        assert "alt_text_ar" in caught.value.message_dict
        assert Image.objects.count() == 0
        assert stored() == []

    def test_focal_point_outside_the_photo_is_refused(self):
        with pytest.raises(ValidationError) as caught:
            create_image(file=ContentFile(samples.image_bytes()), alt_text_ar="صورة", focal_x=1.5)

        assert "focal_x" in caught.value.message_dict


class TestSaveUploadedImage:
    def test_files_written_are_removed_when_the_row_cannot_be_saved(self, stored):
        """A database error after the files were written leaves no orphans behind."""
        processed = process_upload(ContentFile(samples.image_bytes((700, 300))))
        image = Image(alt_text_ar="أ", focal_x="left")  # not a number: the INSERT fails

        with pytest.raises(ValueError, match="focal_x"), transaction.atomic():
            save_uploaded_image(image, processed)

        assert Image.objects.count() == 0
        assert stored() == []


class TestReplaceImageFile:
    def test_new_file_gets_new_renditions_and_old_files_go_after_commit(
        self, stored, django_capture_on_commit_callbacks
    ):
        image = create_image(file=ContentFile(samples.image_bytes((2000, 1000))), alt_text_ar="أ")
        old_files = expected_files(image)

        with django_capture_on_commit_callbacks(execute=True):
            replace_image_file(image, file=ContentFile(samples.image_bytes((700, 700), "PNG")))

        image.refresh_from_db()
        assert image.file.name.endswith(".png")
        assert (image.width, image.height, image.rendition_widths) == (700, 700, [320, 640, 700])
        assert stored() == expected_files(image)
        assert not set(old_files) & set(stored())

    def test_old_files_stay_until_commit(self, stored, django_capture_on_commit_callbacks):
        """If the transaction rolled back, the row would still point at the old files."""
        image = create_image(file=ContentFile(samples.image_bytes((700, 300))), alt_text_ar="أ")
        old_files = expected_files(image)

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            replace_image_file(image, file=ContentFile(samples.image_bytes((400, 300))))

        assert set(old_files) <= set(stored())
        # The deletion waits for the commit (beside the public-cache bump of any save).
        names = [getattr(getattr(c, "func", None), "__name__", "") for c in callbacks]
        deletions = [name for name in names if name == "_delete_files"]
        assert len(deletions) == 1
        for callback in callbacks:
            callback()
        assert not set(old_files) & set(stored())

    def test_refused_file_changes_nothing(self, stored):
        image = create_image(file=ContentFile(samples.image_bytes((700, 300))), alt_text_ar="أ")
        before = stored()

        with pytest.raises(ValidationError):
            replace_image_file(image, file=ContentFile(samples.png_declaring(60_000, 60_000)))

        image.refresh_from_db()
        assert (image.width, image.height) == (700, 300)
        assert stored() == before


class TestRegenerateRenditions:
    def test_ladder_change_adds_new_widths_and_removes_dropped_ones(
        self, stored, monkeypatch, django_capture_on_commit_callbacks
    ):
        image = create_image(file=ContentFile(samples.image_bytes((1400, 700))), alt_text_ar="أ")
        original_name = image.file.name
        monkeypatch.setattr("images.renditions.LADDER", (500, 1000, 2000))

        with django_capture_on_commit_callbacks(execute=True):
            regenerate_renditions(image)

        image.refresh_from_db()
        assert image.file.name == original_name
        assert image.rendition_widths == [500, 1000, 1400]
        assert stored() == expected_files(image)


class TestDeleteImage:
    def test_row_and_files_are_removed_after_commit(
        self, stored, django_capture_on_commit_callbacks
    ):
        image = create_image(file=ContentFile(samples.image_bytes((700, 300))), alt_text_ar="أ")

        with django_capture_on_commit_callbacks(execute=True):
            delete_image(image)

        assert Image.objects.count() == 0
        assert stored() == []


class TestImageUrls:
    def test_srcset_src_and_rendition_url_need_no_query(
        self, settings, django_assert_num_queries
    ):
        settings.MEDIA_URL = "/media/"
        create_image(file=ContentFile(samples.image_bytes((1000, 800))), alt_text_ar="أ")
        image = Image.objects.get()
        base = "/media/renditions/" + image.file.name.rsplit(".", 1)[0]

        with django_assert_num_queries(0):
            srcset, src = image.srcset, image.src
            urls = [image.rendition_url(w) for w in (1, 320, 321, 960, 5000)]
            thumbnail = image.thumbnail_url

        assert srcset == (
            f"{base}/320.webp 320w, {base}/640.webp 640w, {base}/960.webp 960w, "
            f"{base}/1000.webp 1000w"
        )
        assert src == f"{base}/960.webp"
        assert urls == [
            f"{base}/320.webp", f"{base}/320.webp", f"{base}/640.webp", f"{base}/960.webp",
            f"{base}/1000.webp",
        ]
        assert thumbnail == f"{base}/320.webp"

    def test_image_without_renditions_falls_back_to_the_original(self, settings):
        """Rows stored before renditions existed still render."""
        settings.MEDIA_URL = "/media/"
        image = Image(file="images/old.jpg", width=800, height=600, rendition_widths=[])

        assert image.src == "/media/images/old.jpg"
        assert image.rendition_url(640) == "/media/images/old.jpg"
        assert image.srcset == ""

    @pytest.mark.parametrize(
        ("focal", "position"),
        [((None, None), "50% 50%"), ((0.25, 0.8), "25% 80%"), ((0, 1), "0% 100%"),
         ((0.333, 0.5), "33.3% 50%")],
    )
    def test_object_position_follows_the_focal_point(self, focal, position):
        image = Image(focal_x=focal[0], focal_y=focal[1])

        assert image.object_position == position

    def test_crop_box_uses_the_stored_focal_point(self):
        image = Image(width=3000, height=1000, focal_x=0.7, focal_y=0.5)

        assert image.crop_box((16, 9)) == (1211, 0, 2989, 1000)


def test_rendition_files_are_webp_in_default_storage(media_backend):
    """Renditions live in the default storage, where templates' URLs point."""
    image = create_image(file=ContentFile(samples.image_bytes((700, 300))), alt_text_ar="أ")

    for width in image.rendition_widths:
        stem = image.file.name.rsplit(".", 1)[0]
        rendition_file = default_storage.open(f"renditions/{stem}/{width}.webp")
        with rendition_file, PILImage.open(rendition_file) as rendition:
            assert (rendition.format, rendition.width) == ("WEBP", width)
