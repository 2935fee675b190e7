"""The seed article (tests/fixtures/amsar-article.txt), split into its parts (its README)."""

from dataclasses import dataclass
from html import escape
from pathlib import Path

SEED_FILE = Path(__file__).resolve().parent / "fixtures" / "amsar-article.txt"

# Line numbers (1-based) from tests/fixtures/amsar-article.README.md.
MASTHEAD_LINES = (1, 2, 3)
HEADLINE_LINE = 5
PUBLISHED_LABEL_LINE, BYLINE_LINE = 7, 8
PARAGRAPH_LINES = (10, 12, 14, 19, 23, 27, 29, 33, 35, 37, 39)
PHOTO_ALT_LINE, PHOTO_CAPTION_LINE = 16, 17
HEADING_LINES = (21, 31)
TAG_LINE = 25


@dataclass(frozen=True)
class Seed:
    masthead: str
    headline: str
    byline: str
    paragraphs: list[str]
    photo_alt: str
    photo_caption: str
    headings: list[str]
    tag: str
    # Where the photo and the headings sit in the body: after which paragraph (0-based).
    photo_after: int
    heading_after: list[int]


def load_seed() -> Seed:
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()

    def line(n):
        return lines[n - 1].strip()

    def paragraphs_before(n):
        return sum(1 for p in PARAGRAPH_LINES if p < n)

    return Seed(
        masthead="\n".join(line(n) for n in MASTHEAD_LINES),
        headline=line(HEADLINE_LINE),
        byline=line(BYLINE_LINE),
        paragraphs=[line(n) for n in PARAGRAPH_LINES],
        photo_alt=line(PHOTO_ALT_LINE),
        photo_caption=line(PHOTO_CAPTION_LINE),
        headings=[line(n) for n in HEADING_LINES],
        tag=line(TAG_LINE),
        photo_after=paragraphs_before(PHOTO_ALT_LINE),
        heading_after=[paragraphs_before(n) for n in HEADING_LINES],
    )


def body_with_photo(seed: Seed, image=None) -> str:
    """The seed article's body as the desk's editor stores it (articles/editor.py): its
    paragraphs, two subheads, and `image` from the library in its place, captioned (without
    an image, a figure holding the seed's caption alone)."""
    if image is None:
        figure = f"<figure><figcaption>{escape(seed.photo_caption)}</figcaption></figure>"
    else:
        figure = (
            f'<figure data-image-id="{image.pk}"><img src="{image.file.url}" '
            f'alt="{escape(image.alt_text_ar)}" width="{image.width}" height="{image.height}">'
            f"<figcaption>{escape(image.caption_ar)}</figcaption></figure>"
        )
    parts = []
    for n, paragraph in enumerate(seed.paragraphs):
        for heading, after in zip(seed.headings, seed.heading_after, strict=True):
            if after == n:
                parts.append(f"<h2>{escape(heading)}</h2>")
        if n == seed.photo_after:
            parts.append(figure)
        parts.append(f"<p>{escape(paragraph)}</p>")
    return "".join(parts)
