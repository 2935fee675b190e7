"""A WordPress post's markup (block editor or classic editor) as a story body we allow.

The block editor stores plain HTML between `<!-- wp:… -->` comments; the classic editor
stores text whose blank lines are paragraphs (WordPress adds the `<p>` when it shows the
post, wpautop). Both end in core.text.sanitize_body, the one authority on what a body may
hold; this module only translates what the sanitiser would otherwise lose or mangle:
photos (to library photos with their ids), headings outside h2–h4, embeds (a link), and
`[caption]` shortcodes.
"""

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from core.text import sanitize_body

# A photo's id in WordPress's markup: class="wp-image-12" (block and classic editors).
_WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d{1,18})\b")
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_FIGURE_OPEN = re.compile(r"<figure\b[^>]*>", re.I)
_EMBED = re.compile(
    r"<!--\s*wp:(?:core-)?embed\s+(\{.*?\})\s*-->.*?<!--\s*/wp:(?:core-)?embed\s*-->", re.S
)
_CAPTION = re.compile(r"\[caption\b[^\]]*\](.*?)\[/caption\]", re.S | re.I)
_SHORTCODE = re.compile(r"\[(/?)([a-z][\w-]*)\b[^\]]*\]")
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[\s\S]*?-->")
_BLOCK_LEVEL = re.compile(
    r"^\s*<(p|h[1-6]|ul|ol|li|blockquote|figure|div|table|pre|hr|dl|section|address)\b", re.I
)
# The shortcodes WordPress core ships with; a theme's or plugin's are kept as text (reported).
_CORE_SHORTCODES = {"caption", "wp_caption", "gallery", "playlist", "audio", "video", "embed"}


@dataclass
class Converted:
    body: str
    images: list[int] = field(default_factory=list)  # library ids, in order
    missing_images: list[str] = field(default_factory=list)  # WordPress sources not found
    notes: list[str] = field(default_factory=list)


def has_blocks(content: str) -> bool:
    return "<!-- wp:" in content


def autop(text: str) -> str:
    """WordPress's wpautop, in short: a blank line ends a paragraph, a newline is a <br>."""
    chunks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        if _BLOCK_LEVEL.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>") + "</p>")
    return "\n".join(out)


def _attributes(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTRIBUTE.finditer(tag)
    }


def convert(content: str, find_image: Callable[[int | None, str], object | None]) -> Converted:
    """`content` as a sanitised body. `find_image(wordpress_id, src)` returns the library
    Image for a WordPress photo (by its attachment id when the markup names it, else by its
    URL), or None when it could not be brought in: that photo is then left out."""
    result = Converted(body="")
    text = content or ""
    text = _EMBED.sub(lambda m: _embed_link(m.group(1)), text)
    text = _CAPTION.sub(lambda m: _caption_figure(m.group(1)), text)
    text = _BLOCK_COMMENT.sub("", text)
    if not has_blocks(content or ""):
        text = autop(text)  # the classic editor's text: WordPress adds the <p> on display
    unknown = sorted(
        {m.group(2) for m in _SHORTCODE.finditer(text) if not m.group(1)} - _CORE_SHORTCODES
    )
    text = _SHORTCODE.sub(lambda m: "" if m.group(2) in _CORE_SHORTCODES else m.group(0), text)
    if unknown:
        result.notes.append("shortcodes kept as text: " + ", ".join(f"[{s}]" for s in unknown))
    text = re.sub(r"<(/?)h1\b", r"<\1h2", text, flags=re.I)
    text = re.sub(r"<(/?)h[56]\b", r"<\1h4", text, flags=re.I)

    def image(match) -> str:
        attrs = _attributes(match.group(0))
        found = _WP_IMAGE_CLASS.search(attrs.get("class", ""))
        wp_id = int(found.group(1)) if found else None
        picture = find_image(wp_id, attrs.get("src", ""))
        if picture is None:
            result.missing_images.append(attrs.get("src", "") or f"#{wp_id}")
            return ""
        result.images.append(picture.pk)
        alt = attrs.get("alt", "") or picture.alt_text_ar
        return (
            f'<img src="{html.escape(picture.file.url)}" alt="{html.escape(alt)}" '
            f'width="{picture.width}" height="{picture.height}" '
            f'data-image-id="{picture.pk}">'
        )

    text = _IMG.sub(image, text)
    text = _tag_figures(text)
    # A quote's source: its own line in the quote (the sanitiser has no <cite>).
    text = re.sub(r"<cite\b[^>]*>(.*?)</cite>", r"<p>— \1</p>", text, flags=re.S | re.I)
    # The block editor's blank lines between blocks, and paragraphs left empty, are not content.
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r">\s*\n\s*<", ">\n<", text)
    result.body = sanitize_body(text)
    return result


def image_references(content: str) -> list[tuple[int | None, str]]:
    """(WordPress attachment id or None, src) of each <img> in `content`."""
    found = []
    for match in _IMG.finditer(content or ""):
        attrs = _attributes(match.group(0))
        wp_id = _WP_IMAGE_CLASS.search(attrs.get("class", ""))
        found.append((int(wp_id.group(1)) if wp_id else None, attrs.get("src", "")))
    return found


def _tag_figures(text: str) -> str:
    """Give each <figure> the id of the library photo inside it, as the desk's editor does;
    a figure left without a photo loses its tag (its caption stays as text)."""
    out, position = [], 0
    for match in _FIGURE_OPEN.finditer(text):
        out.append(text[position : match.start()])
        end = text.lower().find("</figure>", match.end())
        inner = text[match.end() : end if end != -1 else len(text)]
        found = re.search(r'data-image-id="(\d+)"', inner)
        out.append(f'<figure data-image-id="{found.group(1)}">' if found else "<figure>")
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def _embed_link(attributes: str) -> str:
    try:
        url = str(json.loads(attributes).get("url", ""))
    except (ValueError, AttributeError):
        return ""
    if not url.startswith(("http://", "https://")):
        return ""
    safe = html.escape(url)
    return f'<p><a href="{safe}">{safe}</a></p>'


def _caption_figure(inner: str) -> str:
    # [caption]<a><img …></a> The caption text[/caption] → a figure with its figcaption.
    images = list(_IMG.finditer(inner))
    if not images:
        return inner
    last = images[-1]
    caption = re.sub(r"^\s*</a>", "", inner[last.end() :]).strip()
    return f"<figure>{last.group(0)}<figcaption>{caption}</figcaption></figure>"
