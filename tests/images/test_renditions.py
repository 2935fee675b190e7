"""images.renditions: the width ladder, where renditions live, and focal-point crops."""

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from images import renditions
from tests.images import samples


class TestWidths:
    @pytest.mark.parametrize(
        ("original", "expected"),
        [
            (4000, [320, 640, 960, 1280, 1920]),
            (1920, [320, 640, 960, 1280, 1920]),
            (1000, [320, 640, 960, 1000]),
            (960, [320, 640, 960]),
            (300, [300]),
            (1, [1]),
        ],
    )
    def test_never_wider_than_the_original(self, original, expected):
        """Every ladder step the original can fill, plus its own width below the top step."""
        assert renditions.widths_for(original) == expected
        assert max(expected) <= original


class TestNames:
    def test_name_is_derived_from_the_stored_path(self):
        name = renditions.rendition_name("images/2026/11/3f2a9c.jpg", 640)

        assert name == "renditions/images/2026/11/3f2a9c/640.webp"

    def test_url_is_built_from_media_url(self, settings):
        settings.MEDIA_URL = "/media/"

        assert renditions.rendition_url("images/2026/11/3f2a9c.jpg", 320) == (
            "/media/renditions/images/2026/11/3f2a9c/320.webp"
        )


class TestMakeRenditions:
    def test_writes_webp_files_at_each_width_keeping_the_aspect_ratio(self, media_root):
        pixels = Image.new("RGB", (1000, 500), samples.RED)

        widths = renditions.make_renditions(pixels, "images/2026/11/abc.jpg")

        assert widths == [320, 640, 960, 1000]
        for width in widths:
            path = media_root / "renditions/images/2026/11/abc" / f"{width}.webp"
            with Image.open(path) as rendition:
                assert rendition.format == "WEBP"
                assert rendition.size == (width, width // 2)
        assert sorted(p.name for p in (media_root / "renditions/images/2026/11/abc").iterdir()) == [
            "1000.webp", "320.webp", "640.webp", "960.webp",
        ]

    def test_making_them_again_overwrites_in_place(self, media_root):
        """The path is the URL, so a second run must not leave '640_AbC12.webp' beside it."""
        name = "images/2026/11/abc.jpg"
        renditions.make_renditions(Image.new("RGB", (700, 100), samples.RED), name)

        renditions.make_renditions(Image.new("RGB", (700, 100), samples.BLUE), name)

        folder = media_root / "renditions/images/2026/11/abc"
        assert sorted(p.name for p in folder.iterdir()) == ["320.webp", "640.webp", "700.webp"]
        with Image.open(folder / "640.webp") as rendition:
            red, _, blue = rendition.convert("RGB").getpixel((5, 5))
        assert blue > 150 and red < 100

    def test_transparency_is_kept(self):
        pixels = Image.new("RGBA", (400, 100), (0, 0, 0, 0))

        renditions.make_renditions(pixels, "images/a.png")

        with default_storage.open("renditions/images/a/320.webp") as f, Image.open(f) as rendition:
            assert rendition.mode == "RGBA"
            assert rendition.getpixel((3, 3))[3] == 0

    def test_renditions_are_srgb_without_a_profile(self):
        renditions.make_renditions(
            Image.new("RGB", (400, 100), samples.RED), "images/a.jpg", samples.srgb_profile()
        )

        with default_storage.open("renditions/images/a/320.webp") as f, Image.open(f) as rendition:
            assert "icc_profile" not in rendition.info or not rendition.info["icc_profile"]
            assert "exif" not in rendition.info

    @pytest.mark.parametrize(
        ("mode", "value", "expected_grey"), [("I;16", 32768, 128), ("1", 1, 255), ("L", 90, 90)],
    )
    def test_grey_and_16_bit_images_keep_their_tone(self, mode, value, expected_grey):
        """A 16-bit archive scan at half grey stays half grey, not clipped to white."""
        renditions.make_renditions(Image.new(mode, (400, 100), value), "images/scan.png")

        with default_storage.open("renditions/images/scan/320.webp") as f, Image.open(f) as r:
            red, green, blue = r.convert("RGB").getpixel((10, 10))
        assert abs(red - expected_grey) <= 2 and red == green == blue

    def test_delete_removes_them(self, media_root):
        renditions.make_renditions(Image.new("RGB", (700, 100)), "images/abc.jpg")

        renditions.delete_renditions("images/abc.jpg", [320, 640, 700, 1280])

        assert list((media_root / "renditions/images/abc").iterdir()) == []


class TestFocalCrop:
    @pytest.mark.parametrize("size", [(2000, 1000), (1000, 2000), (1600, 900), (333, 777)])
    @pytest.mark.parametrize("focal", [(None, None), (0, 0), (1, 1), (0.3, 0.8), (0.9, 0.1)])
    def test_box_has_the_aspect_fits_and_contains_the_focal_point(self, size, focal):
        width, height = size
        left, top, right, bottom = renditions.focal_crop_box(size, (16, 9), focal)

        assert 0 <= left < right <= width and 0 <= top < bottom <= height
        # The largest such box: it spans the whole width or the whole height.
        assert right - left == width or bottom - top == height
        assert abs((right - left) / (bottom - top) - 16 / 9) < 2 / (bottom - top)
        focal_x, focal_y = (0.5 if v is None else v for v in focal)
        assert left <= focal_x * width <= right
        assert top <= focal_y * height <= bottom

    def test_wide_photo_is_cropped_around_the_focal_point(self):
        """A 3000×1000 panorama, subject at 70% across: the 16:9 box is centred on it."""
        box = renditions.focal_crop_box((3000, 1000), (16, 9), (0.7, 0.5))

        assert box == (2100 - 889, 0, 2100 - 889 + 1778, 1000)

    def test_box_stops_at_the_edge(self):
        """A subject at the very left edge: the box cannot go further left than 0."""
        assert renditions.focal_crop_box((3000, 1000), (16, 9), (0.0, 0.5))[0] == 0
        assert renditions.focal_crop_box((3000, 1000), (16, 9), (1.0, 0.5))[2] == 3000

    def test_unset_focal_point_means_the_centre(self):
        box = renditions.focal_crop_box((1000, 1000), (1, 2))

        assert box == (250, 0, 750, 1000)

    def test_crop_to_aspect_keeps_the_subject(self):
        """A blue subject on the right of a red photo is in the crop; the left edge is not."""
        photo = Image.new("RGB", (1600, 400), samples.RED)
        photo.paste(samples.BLUE, (1400, 150, 1500, 250))

        card = renditions.crop_to_aspect(photo, (16, 9), (1450 / 1600, 0.5))

        assert card.size == (711, 400)
        assert samples.BLUE in [colour for _, colour in card.getcolors()]
