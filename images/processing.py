"""Check an uploaded photo by its content, then re-encode it without its metadata.

The checks read bytes, never the file name or the browser's content type, cheapest first:
byte size, signature, the dimensions the header declares, then a full decode. The upright
pixels are encoded again with only their ICC profile, and a GIF is stored as its first frame
in PNG (docs/architecture-notes.md, "Photo uploads").
"""

import io
import struct
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import GifImagePlugin, ImageCms, ImageOps, JpegImagePlugin, PngImagePlugin, WebPImagePlugin
from PIL import Image as PILImage

# What Pillow raises for a file it cannot parse or decode. Plugins signal "not my format"
# or a broken header with SyntaxError; decoders signal bad data with OSError.
_PILLOW_READ_ERRORS = (
    OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error,
)

# The formats we accept, as Pillow names them, with the plugin that reads each one.
_READERS = {
    "JPEG": JpegImagePlugin.JpegImageFile,
    "PNG": PngImagePlugin.PngImageFile,
    "WEBP": WebPImagePlugin.WebPImageFile,
    "GIF": GifImagePlugin.GifImageFile,
}
# The name an editor knows each format by, for messages.
_DISPLAY_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
# What each accepted format is stored as (a GIF as its first frame, in PNG).
_STORED_AS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
_ENCODER_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {},
    "WEBP": {"quality": 85, "method": 4},
}

ACCEPTED_CONTENT_TYPES = "image/jpeg,image/png,image/webp,image/gif"

MESSAGES = {
    "not_an_image": _(
        "This file is not a JPEG, PNG, WebP or GIF image. Its content was checked, "
        "not its name."
    ),
    "file_too_large": _(
        "This file is larger than %(limit)s MB, the largest upload we accept. Export the "
        "photo at a smaller size and try again."
    ),
    "too_many_pixels": _(
        "This image is %(width)s × %(height)s pixels, more than the %(limit)s million "
        "pixels we accept. Resize it and try again."
    ),
    "too_many_pixels_undeclared": _(
        "This image would open to more than the %(limit)s million pixels we accept. "
        "Resize it and try again."
    ),
    "corrupt": _(
        "This %(format)s file is damaged or incomplete, so it cannot be opened. Export it "
        "again and upload the new file."
    ),
}


@dataclass(frozen=True, eq=False)
class ProcessedImage:
    """An upload that passed every check, re-encoded without metadata.

    ``file`` is what to store: named ``<uuid>.<ext>``, the extension from the stored format.
    ``pixels`` are the decoded, upright pixels, kept so that renditions are made without
    decoding the file a second time.
    """

    file: ContentFile
    width: int
    height: int
    format: str
    pixels: PILImage.Image
    icc_profile: bytes | None


def process_upload(file) -> ProcessedImage:
    """Check an uploaded photo by its content and return it cleaned, ready to store.

    Raises ``ValidationError`` (codes ``file_too_large``, ``not_an_image``,
    ``too_many_pixels``, ``corrupt``) with a message that tells the editor what is wrong.
    """
    _check_byte_size(file)
    file.seek(0)
    data = file.read()
    source_format = _identify(data)
    pixels = _decode(data, source_format)
    ImageOps.exif_transpose(pixels, in_place=True)
    icc_profile = _readable_profile(pixels.info.get("icc_profile"))
    if pixels.mode == "CMYK":
        # Browsers render CMYK JPEGs unreliably; agencies' print exports are CMYK.
        pixels = to_srgb(pixels, icc_profile)
        icc_profile = None
    stored_format = _STORED_AS[source_format]
    content = ContentFile(
        _encode(pixels, stored_format, icc_profile),
        name=f"{uuid.uuid4().hex}.{_EXTENSIONS[stored_format]}",
    )
    return ProcessedImage(
        file=content,
        width=pixels.width,
        height=pixels.height,
        format=stored_format,
        pixels=pixels,
        icc_profile=icc_profile,
    )


def to_srgb(pixels: PILImage.Image, icc_profile: bytes | None) -> PILImage.Image:
    """Return the pixels converted to sRGB (RGB, or RGBA if they have transparency).

    With an ICC profile the conversion is colour-managed (LittleCMS); without one, or with a
    profile LittleCMS cannot read, it is Pillow's plain conversion, which is what a browser
    would show for an untagged image anyway.
    """
    if pixels.mode in ("I", "I;16", "I;16B", "I;16L"):
        # 16-bit grey (archive scans): scale to 8 bits; a plain conversion clips to white.
        pixels = pixels.convert("I").point(lambda value: value / 256).convert("L")
    target_mode = "RGBA" if pixels.has_transparency_data else "RGB"
    if icc_profile and pixels.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            srgb = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(
                pixels, source, srgb, outputMode=target_mode
            )
        except (ImageCms.PyCMSError, OSError):
            pass
        else:
            return converted
    if pixels.mode == target_mode:
        return pixels
    return pixels.convert(target_mode)


def _readable_profile(icc_profile: bytes | None) -> bytes | None:
    # A profile LittleCMS cannot parse would be useless to browsers too: drop it.
    if not icc_profile:
        return None
    try:
        ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
    except (ImageCms.PyCMSError, OSError):
        return None
    return icc_profile


def _check_byte_size(file) -> None:
    limit = settings.NEWSROOM_IMAGE_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            MESSAGES["file_too_large"],
            code="file_too_large",
            params={"limit": _format_limit(limit / (1024 * 1024))},
        )


def _identify(data: bytes) -> str:
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "WEBP"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    raise ValidationError(MESSAGES["not_an_image"], code="not_an_image")


def _decode(data: bytes, source_format: str) -> PILImage.Image:
    # The format's own plugin reads the header, not ``PIL.Image.open``, whose bomb check would
    # refuse a bomb before we learn the declared size the message names.
    reader = _READERS[source_format]
    corrupt = ValidationError(
        MESSAGES["corrupt"], code="corrupt",
        params={"format": _DISPLAY_NAMES[source_format]},
    )
    try:
        # Pillow only warns between its limit and twice its limit; we refuse. (Before
        # Python 3.14, catch_warnings changes process-wide filters; at worst, another thread
        # also treats this one warning as an error, which is what we want anyway.)
        with warnings.catch_warnings(action="error", category=PILImage.DecompressionBombWarning):
            # Reading the plugin's header parses no pixel data.
            header = reader(io.BytesIO(data))
            _check_pixel_count(*header.size)
            # verify() checks what decoding alone may not notice (PNG chunk checksums);
            # it leaves the object unusable, so the pixels come from a second reader.
            header.verify()
            pixels = reader(io.BytesIO(data))
            pixels.load()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        raise ValidationError(
            MESSAGES["too_many_pixels_undeclared"], code="too_many_pixels",
            params={"limit": _format_limit(settings.NEWSROOM_IMAGE_MAX_PIXELS / 1_000_000)},
        ) from exc
    except _PILLOW_READ_ERRORS as exc:
        raise corrupt from exc
    if pixels.width < 1 or pixels.height < 1:
        raise corrupt
    return pixels


def _check_pixel_count(width: int, height: int) -> None:
    limit = settings.NEWSROOM_IMAGE_MAX_PIXELS
    if width * height > limit:
        raise ValidationError(
            MESSAGES["too_many_pixels"],
            code="too_many_pixels",
            params={
                "width": width,
                "height": height,
                "limit": _format_limit(limit / 1_000_000),
            },
        )


def _encode(pixels: PILImage.Image, stored_format: str, icc_profile: bytes | None) -> bytes:
    # Pillow's encoders fall back to ``info`` for some keys (a JPEG's comment, for one), so
    # ``info`` keeps only what the pixels need to look right: the transparent colour of a
    # palette or grey image. The colour profile is passed explicitly.
    pixels.info = {key: pixels.info[key] for key in ("transparency",) if key in pixels.info}
    options = dict(_ENCODER_OPTIONS[stored_format])
    if icc_profile:
        options["icc_profile"] = icc_profile
    buffer = io.BytesIO()
    pixels.save(buffer, format=stored_format, **options)
    return buffer.getvalue()


def _format_limit(value: float) -> str:
    # "15", or "7.5" when a limit is not a whole number, with the active locale's separator.
    decimals = 0 if float(value).is_integer() else 1
    return number_format(value, decimal_pos=decimals)
