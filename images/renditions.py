"""WebP renditions of library photos at a fixed ladder of widths, and focal-point crops.

Renditions are made once, at upload, from the pixels ``images.processing`` has just decoded,
and ``Image.rendition_widths`` records them, so a template builds every ``srcset`` URL from
the row with no query and no storage call. Why not sorl-thumbnail or django-imagekit:
docs/architecture-notes.md, "Photo renditions".
"""

import functools
import io
from fractions import Fraction
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils.functional import empty
from PIL import Image as PILImage

from images.processing import to_srgb

# Widths that cover phones (1x and 2x), article columns and full-width photos on large
# screens. Changing it applies to new uploads; run regenerate_renditions for the rest.
LADDER = (320, 640, 960, 1280, 1920)
# The ``src`` fallback: about an article column wide on a desktop screen.
SRC_WIDTH = 960
WEBP_QUALITY = 80


def widths_for(original_width: int) -> list[int]:
    """The rendition widths for an original this wide: never wider than the original.

    Every ladder step up to the original's width, plus the original width itself when it is
    narrower than the top step, so the sharpest version a small photo has is offered too.
    """
    widths = [width for width in LADDER if width <= original_width]
    if 0 < original_width < LADDER[-1] and original_width not in widths:
        widths.append(original_width)
    return widths


def rendition_name(file_name: str, width: int) -> str:
    """The storage name of the ``width`` rendition of the original stored as ``file_name``.

    One directory per original: its stored path without the extension. Stored names are
    unique and ours are ``<uuid>.<ext>``, so two originals never share a directory.
    """
    original = PurePosixPath(file_name)
    return str(PurePosixPath("renditions", original.parent, original.stem, f"{width}.webp"))


def rendition_url(file_name: str, width: int) -> str:
    """The public URL of a rendition, built without touching the storage's files.

    Remembered per process, because a page shows the same photos on every request (cost:
    docs/benchmarks.md, "Photo renditions"); the key includes the storage's base URL, so a
    changed MEDIA_URL (or bucket, or CDN address) is never served stale. Signed URLs expire,
    so a storage that signs them is asked each time."""
    key = _storage_key()
    if key is None:
        return default_storage.url(rendition_name(file_name, width))
    return _rendition_url(key, file_name, width)


# The storage the last key was made for, and what its URLs depend on (computed once per
# storage object: reading attributes a storage lacks raises and catches, which costs ~10x
# the whole memoised call).
_key_memo: list = [None, None]


def _storage_key():
    # What a storage's URLs depend on: MEDIA_URL for the filesystem (read each time: it can
    # change under the same object); bucket, prefix, endpoint and CDN domain for S3
    # (django-storages). None: signed URLs, which expire and must not be remembered.
    if default_storage._wrapped is empty:
        default_storage._setup()
    storage = default_storage._wrapped
    if _key_memo[0] is not storage:
        _key_memo[:] = [storage, _describe(storage)]
    described = _key_memo[1]
    if described is None:
        return None
    if isinstance(storage, FileSystemStorage):
        return (described, storage.base_url)
    return described


def _describe(storage):
    if getattr(storage, "querystring_auth", False):
        return None
    return (type(storage).__qualname__,) + tuple(
        getattr(storage, name, None)
        for name in ("bucket_name", "location", "endpoint_url", "custom_domain", "url_protocol")
    )


@functools.lru_cache(maxsize=8192)
def _rendition_url(storage_key, file_name: str, width: int) -> str:
    return default_storage.url(rendition_name(file_name, width))


def make_renditions(
    pixels: PILImage.Image, file_name: str, icc_profile: bytes | None = None
) -> list[int]:
    """Write the WebP renditions of ``pixels`` for the original stored as ``file_name``.

    Renditions are sRGB (converted with ``icc_profile`` when there is one), so they carry
    no profile and no metadata. Returns the widths written, narrowest first.
    """
    srgb = to_srgb(pixels, icc_profile)
    widths = widths_for(srgb.width)
    for width in widths:
        height = max(1, round(srgb.height * width / srgb.width))
        resized = srgb if width == srgb.width else srgb.resize(
            (width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0
        )
        buffer = io.BytesIO()
        resized.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
        _save_exactly(rendition_name(file_name, width), buffer.getvalue())
    return widths


def delete_renditions(file_name: str, widths) -> None:
    """Remove the renditions of the original stored as ``file_name`` (missing ones are fine)."""
    for width in widths:
        default_storage.delete(rendition_name(file_name, width))


def focal_crop_box(
    size: tuple[int, int],
    aspect: tuple[int, int],
    focal_point: tuple[float | None, float | None] = (None, None),
) -> tuple[int, int, int, int]:
    """The largest ``aspect`` box (e.g. ``(16, 9)``) inside an image of ``size``.

    The box is centred on the focal point (fractions of the width and height, 0 to 1; the
    centre when not set) as far as the image's edges allow, so the point stays in view.
    Returns ``(left, top, right, bottom)`` for ``PIL.Image.crop``.
    """
    width, height = size
    ratio = Fraction(*aspect)
    if Fraction(width, height) > ratio:
        box_width, box_height = min(width, round(height * ratio)), height
    else:
        box_width, box_height = width, min(height, round(width / ratio))
    focal_x, focal_y = (0.5 if value is None else value for value in focal_point)
    left = _clamp(round(focal_x * width - box_width / 2), 0, width - box_width)
    top = _clamp(round(focal_y * height - box_height / 2), 0, height - box_height)
    return left, top, left + box_width, top + box_height


def crop_to_aspect(
    pixels: PILImage.Image,
    aspect: tuple[int, int],
    focal_point: tuple[float | None, float | None] = (None, None),
) -> PILImage.Image:
    """``pixels`` cropped to ``aspect`` around the focal point (see ``focal_crop_box``)."""
    return pixels.crop(focal_crop_box(pixels.size, aspect, focal_point))


def _clamp(value: int, lowest: int, highest: int) -> int:
    return max(lowest, min(value, highest))


def _save_exactly(name: str, content: bytes) -> None:
    # The path is the URL, so a leftover file must be replaced, not renamed around
    # (storages add a suffix to a name that is taken).
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:
        raise RuntimeError(f"Storage saved rendition {name!r} as {saved!r}")
