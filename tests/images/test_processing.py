"""images.processing: uploads are judged by their bytes, then re-encoded without metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from images.processing import process_upload
from tests.images import samples


def process(content: bytes, name="photo.jpg"):
    return process_upload(ContentFile(content, name=name))


def refusal(content: bytes, name="photo.jpg") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        process(content, name)
    return caught.value


def stored(processed) -> Image.Image:
    processed.file.seek(0)
    return Image.open(io.BytesIO(processed.file.read()))


def gif_with_frame(width: int, height: int) -> bytes:
    """A 1×1 GIF whose first frame claims ``width`` × ``height`` pixels.

    Pillow grows the image to the frame's extent, checking its own bomb limit as it does.
    """
    data = bytearray(samples.image_bytes((1, 1), "GIF"))
    descriptor = data.index(b"\x2c\x00\x00\x00\x00")  # ',' then a frame at 0, 0
    data[descriptor + 5:descriptor + 9] = width.to_bytes(2, "little") + height.to_bytes(
        2, "little"
    )
    return bytes(data)


@pytest.mark.usefixtures("english")
class TestRefusals:
    def test_text_file_named_jpg_is_not_an_image(self):
        """The name and extension count for nothing: a renamed text file is refused."""
        error = refusal(b"Minutes of the editorial meeting\n" * 20, name="photo.jpg")

        assert error.code == "not_an_image"
        assert "not a JPEG, PNG, WebP or GIF image" in error.messages[0]

    def test_other_image_formats_are_refused(self):
        """BMP and TIFF are real images, but not formats we publish."""
        for format in ("BMP", "TIFF"):
            assert refusal(samples.image_bytes(format=format)).code == "not_an_image"

    def test_file_over_byte_limit_is_refused_before_it_is_read(self, settings):
        """The size is checked first: an oversized file's content is never looked at."""
        settings.NEWSROOM_IMAGE_MAX_BYTES = 1024
        content = b"not even an image" + b"\0" * 1024

        error = refusal(content)

        assert error.code == "file_too_large"

    def test_byte_limit_is_inclusive(self, settings):
        """A file of exactly the limit is accepted; one byte more is refused."""
        jpeg = samples.image_bytes()
        settings.NEWSROOM_IMAGE_MAX_BYTES = len(jpeg) + 100
        padding = b"\0" * 100  # a JPEG decoder ignores what follows the end marker

        assert process(jpeg + padding).width == 64
        assert refusal(jpeg + padding + b"\0").code == "file_too_large"

    def test_byte_limit_message_names_limit_in_megabytes(self, settings):
        settings.NEWSROOM_IMAGE_MAX_BYTES = 15 * 1024 * 1024
        oversized = samples.image_bytes() + b"\0" * (15 * 1024 * 1024)

        assert "larger than 15 MB" in refusal(oversized).messages[0]

    def test_fractional_megabyte_limit_is_shown_with_one_decimal(self, settings):
        settings.NEWSROOM_IMAGE_MAX_BYTES = 512 * 1024
        oversized = samples.image_bytes() + b"\0" * (512 * 1024)

        assert "larger than 0.5 MB" in refusal(oversized).messages[0]

    def test_declared_dimensions_over_pixel_limit_are_refused_before_decoding(self, settings):
        """A 1×1 PNG whose header claims 60,000 × 60,000 (3.6 gigapixels) is named and refused."""
        settings.NEWSROOM_IMAGE_MAX_PIXELS = 40_000_000
        bomb = samples.png_declaring(60_000, 60_000)
        assert len(bomb) < 100

        error = refusal(bomb)

        assert error.code == "too_many_pixels"
        assert "60000 × 60000 pixels" in error.messages[0]
        assert "40 million pixels" in error.messages[0]

    def test_pixel_limit_is_inclusive(self, settings):
        """Exactly the limit is accepted; one more row of pixels is refused."""
        settings.NEWSROOM_IMAGE_MAX_PIXELS = 64 * 48

        assert process(samples.image_bytes((64, 48))).height == 48
        error = refusal(samples.image_bytes((64, 49)))
        assert error.code == "too_many_pixels"
        assert "64 × 49 pixels" in error.messages[0]

    def test_pillow_decompression_bomb_error_is_refused_as_too_many_pixels(self, settings):
        """A GIF frame far larger than its 1×1 screen trips Pillow's own bomb check."""
        settings.NEWSROOM_IMAGE_MAX_PIXELS = 40_000_000
        error = refusal(gif_with_frame(60_000, 60_000))

        assert error.code == "too_many_pixels"
        assert "more than the 40 million pixels" in error.messages[0]

    def test_pillow_decompression_bomb_warning_is_refused_too(self, settings):
        """Over Pillow's warning threshold (~89 MP) is refused even if our limit is higher."""
        settings.NEWSROOM_IMAGE_MAX_PIXELS = 10**9
        assert Image.MAX_IMAGE_PIXELS < 10_000 * 10_000

        assert refusal(gif_with_frame(10_000, 10_000)).code == "too_many_pixels"

    def test_truncated_jpeg_is_corrupt(self):
        jpeg = samples.image_bytes((200, 150))

        error = refusal(jpeg[: len(jpeg) // 2])

        assert error.code == "corrupt"
        assert "This JPEG file is damaged or incomplete" in error.messages[0]

    def test_truncated_png_is_corrupt(self):
        png = samples.image_bytes((200, 150), "PNG")

        assert refusal(png[: len(png) // 2]).code == "corrupt"

    def test_png_with_a_flipped_bit_is_corrupt(self):
        """PNG chunks carry checksums; one damaged byte is caught."""
        png = bytearray(samples.image_bytes((30, 30), "PNG"))
        idat = png.index(b"IDAT")
        png[idat + 6] ^= 0xFF

        assert refusal(bytes(png)).code == "corrupt"

    def test_jpeg_header_without_image_data_is_corrupt(self):
        assert refusal(b"\xff\xd8\xff\xe0" + b"\0" * 40).code == "corrupt"


class TestAcceptedFormats:
    @pytest.mark.parametrize(
        ("format", "stored_format", "extension"),
        [("JPEG", "JPEG", "jpg"), ("PNG", "PNG", "png"), ("WEBP", "WEBP", "webp"),
         ("GIF", "PNG", "png")],
    )
    def test_accepted_format_is_stored_under_a_generated_name(
        self, format, stored_format, extension
    ):
        """The stored name is a fresh UUID with the real format's extension, not the upload's."""
        processed = process(samples.image_bytes((64, 48), format), name="../../evil name.exe")

        assert processed.format == stored_format
        assert stored(processed).format == stored_format
        stem, _, suffix = processed.file.name.partition(".")
        assert suffix == extension
        assert len(stem) == 32 and int(stem, 16) >= 0
        assert (processed.width, processed.height) == (64, 48)

    def test_each_upload_gets_its_own_name(self):
        jpeg = samples.image_bytes()

        assert process(jpeg).file.name != process(jpeg).file.name

    def test_gif_keeps_its_transparency_as_png(self):
        """A transparent GIF stays transparent once stored as PNG."""
        picture = Image.new("P", (10, 10), 1)
        picture.putpalette([255, 255, 255, 200, 0, 0] + [0, 0, 0] * 254)
        picture.paste(0, (0, 0, 5, 10))
        buffer = io.BytesIO()
        picture.save(buffer, "GIF", transparency=0)

        result = stored(process(buffer.getvalue())).convert("RGBA")

        assert result.getpixel((1, 1))[3] == 0
        assert result.getpixel((8, 8)) == (200, 0, 0, 255)

    def test_animated_gif_keeps_its_first_frame(self):
        frames = [Image.new("RGB", (8, 8), color) for color in (samples.RED, samples.BLUE)]
        buffer = io.BytesIO()
        frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)

        result = stored(process(buffer.getvalue()))

        assert getattr(result, "n_frames", 1) == 1
        assert colour(result.convert("RGB"), (4, 4)) == "red"

    def test_cmyk_jpeg_is_stored_as_rgb(self):
        """Browsers show CMYK JPEGs unreliably, so print exports are converted."""
        cmyk = samples.image_bytes(mode="CMYK", color=(0, 255, 255, 0))  # pure red ink

        result = stored(process(cmyk))

        assert result.mode == "RGB"
        red, green, blue = result.getpixel((5, 5))
        assert red > 200 and green < 60 and blue < 60


class TestMetadata:
    def test_exif_gps_camera_xmp_and_comment_are_removed(self):
        """Nothing that could locate a source or identify a camera survives."""
        original = samples.image_bytes(
            (64, 48), exif=samples.camera_exif(), xmp=samples.XMP, comment=b"shot at home"
        )
        before = Image.open(io.BytesIO(original))
        assert before.getexif().get_ifd(samples.GPS_IFD)  # the sample really has GPS
        assert before.getexif()[samples.MAKE] == "NewsCam"

        processed = process(original)
        raw = processed.file.read()
        result = stored(processed)

        assert dict(result.getexif()) == {}
        assert result.getexif().get_ifd(samples.GPS_IFD) == {}
        for key in ("exif", "xmp", "comment"):
            assert key not in result.info
        for leak in (b"Exif", b"NewsCam", b"Reporter X100", b"SecretCity", b"shot at home"):
            assert leak not in raw

    def test_png_text_and_exif_chunks_are_removed(self):
        from PIL.PngImagePlugin import PngInfo

        text = PngInfo()
        text.add_text("Author", "Secret Source")
        original = samples.image_bytes(
            (16, 16), "PNG", pnginfo=text, exif=samples.camera_exif()
        )

        raw = process(original).file.read()

        for leak in (b"tEXt", b"eXIf", b"Secret Source", b"NewsCam"):
            assert leak not in raw

    def test_webp_exif_and_xmp_are_removed(self):
        original = samples.image_bytes(
            (16, 16), "WEBP", exif=samples.camera_exif(), xmp=samples.XMP
        )
        assert b"NewsCam" in original

        raw = process(original).file.read()

        for leak in (b"EXIF", b"XMP ", b"NewsCam", b"SecretCity"):
            assert leak not in raw

    def test_icc_profile_is_kept(self):
        profile = samples.srgb_profile()
        original = samples.image_bytes(icc_profile=profile, exif=samples.camera_exif())

        processed = process(original)

        assert stored(processed).info["icc_profile"] == profile
        assert processed.icc_profile == profile

    def test_unreadable_icc_profile_is_dropped(self):
        """A broken profile helps no browser, and would trip the colour conversion later."""
        original = samples.image_bytes(icc_profile=b"not a colour profile" * 10)

        processed = process(original)

        assert processed.icc_profile is None
        assert "icc_profile" not in stored(processed).info

    @pytest.mark.parametrize(
        ("orientation", "top_and_bottom"), [(6, ("red", "blue")), (8, ("blue", "red"))],
    )
    def test_exif_orientation_is_applied_to_the_pixels(self, orientation, top_and_bottom):
        """Orientation 6 turns the photo clockwise, 8 anticlockwise; the tag is then gone.

        The sample is 40×20 with a red left half: upright it is 20×40, red on top (6) or at
        the bottom (8).
        """
        original = samples.two_halves_jpeg(exif=samples.camera_exif(orientation=orientation))

        processed = process(original)
        result = stored(processed).convert("RGB")

        assert (processed.width, processed.height) == (20, 40)
        assert result.size == (20, 40)
        assert samples.ORIENTATION not in result.getexif()
        assert (colour(result, (10, 5)), colour(result, (10, 35))) == top_and_bottom


def colour(picture: Image.Image, xy) -> str:
    red, green, blue = picture.getpixel(xy)[:3]
    if red > 150 and blue < 100:
        return "red"
    if blue > 150 and red < 100:
        return "blue"
    return f"other {red, green, blue}"
