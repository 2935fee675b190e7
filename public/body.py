"""A story's body as readers get it: every library photo served from its renditions.

The desk stores a photo as ``<figure data-image-id="N"><img src="original">…</figure>``
(articles/editor.py). On the way out, each one becomes an ``<img>`` with the WebP renditions
in ``srcset``, ``sizes``, its size (no layout shift), lazy loading and the library's alt text
when the stored one is empty. One query loads every photo of the body; the result is kept on
the story object, so the page's body and its share image (public/seo.py) share that query.
The stored body is already sanitised (core/text.py); this runs after, on its output, and
escapes every text and attribute it writes back (docs/architecture-notes.md, "Body photos").
"""

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from images.models import Image

# The body column: as wide as the screen on a phone, --measure (42rem) from 44rem up. The
# lead photo's <img> (templates/articles/article_detail.html) says the same.
BODY_IMAGE_SIZES = "(min-width: 44rem) 42rem, 100vw"

# An id the database can hold; anything longer is not one of ours.
_IMAGE_ID = re.compile(r"[0-9]{1,18}")
_VOID_TAGS = {"br", "hr", "img"}


@dataclass(frozen=True)
class ReaderBody:
    """The body's HTML for readers and its library photos, in the order they appear."""

    html: SafeString
    images: list[Image] = field(default_factory=list)


def reader_body(article) -> ReaderBody:
    """``article``'s body in the active language, rendered once per story object."""
    language = translation.get_language()
    rendered = article.__dict__.setdefault("_reader_body", {})
    if language not in rendered:
        rendered[language] = render_body(getattr(article, "body", "") or "")
    return rendered[language]


def render_body(html: str) -> ReaderBody:
    """The sanitised body ``html`` with its library photos served from their renditions.

    A photo whose id is unknown (deleted from the library since) keeps the markup it was
    stored with, lazily loaded; nothing raises. A body without photos costs no query.
    """
    if "<img" not in html:
        return ReaderBody(mark_safe(html))
    tokens = _Tokens()
    tokens.feed(html)
    tokens.close()
    ids = [image_id for kind, _tag, attrs, image_id in tokens.items
           if kind == "start" and image_id is not None]
    library = Image.objects.in_bulk(set(ids)) if ids else {}
    out, shown = [], {}
    for kind, tag, attrs, image_id in tokens.items:
        if kind == "data":
            out.append(escape(tag, quote=False))
        elif kind == "end":
            out.append(f"</{tag}>")
        elif tag == "img":
            image = library.get(image_id)
            if image is not None:
                shown.setdefault(image.pk, image)
                attrs = _photo_attributes(image, dict(attrs))
            else:
                attrs = [*attrs, ("loading", "lazy"), ("decoding", "async")]
            out.append(_start_tag(tag, attrs))
        else:
            out.append(_start_tag(tag, attrs))
    return ReaderBody(mark_safe("".join(out)), list(shown.values()))


def _photo_attributes(image: Image, stored: dict) -> list[tuple[str, str | None]]:
    """The <img> attributes of a library photo: renditions, size, alt, lazy loading."""
    attributes = [("src", image.src)]
    if image.rendition_widths:
        attributes += [("srcset", image.srcset), ("sizes", BODY_IMAGE_SIZES)]
    alt = (stored.get("alt") or "").strip()
    if not alt:
        alt = image.alt_text or ""
        language = translation.get_language()
        # The English edition falls back to the Arabic alt text: say it is Arabic.
        if language != settings.LANGUAGE_CODE and not getattr(image, f"alt_text_{language}", ""):
            attributes.append(("lang", settings.LANGUAGE_CODE))
    attributes.append(("alt", alt))
    if image.width and image.height:
        attributes += [("width", str(image.width)), ("height", str(image.height))]
    attributes += [("loading", "lazy"), ("decoding", "async")]
    return attributes


def _start_tag(tag: str, attrs) -> str:
    parts = [tag]
    for name, value in attrs:
        parts.append(name if value is None else f'{name}="{escape(value, quote=True)}"')
    return f"<{' '.join(parts)}>"


class _Tokens(HTMLParser):
    """The body as (kind, tag or text, attributes, library image id) tuples.

    An <img>'s image id is its own ``data-image-id`` or its <figure>'s.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[tuple] = []
        self._figures: list[int | None] = []

    def handle_starttag(self, tag, attrs):
        image_id = None
        if tag == "figure":
            self._figures.append(_image_id(attrs))
        elif tag == "img":
            image_id = _image_id(attrs) or next(
                (f for f in reversed(self._figures) if f is not None), None
            )
        self.items.append(("start", tag, attrs, image_id))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _VOID_TAGS:
            return
        if tag == "figure" and self._figures:
            self._figures.pop()
        self.items.append(("end", tag, None, None))

    def handle_data(self, data):
        self.items.append(("data", data, None, None))


def _image_id(attrs) -> int | None:
    value = dict(attrs).get("data-image-id") or ""
    return int(value) if _IMAGE_ID.fullmatch(value) else None
