"""Pure text functions for Arabic content: slugs and HTML sanitising."""

import re
from html.parser import HTMLParser

import nh3
from django.conf import settings
from django.utils.text import slugify

# What a story body may contain. Everything else (script, style, iframes, event handlers,
# javascript: URLs, inline styles) is removed by nh3 (the Rust ammonia sanitiser).
BODY_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "a", "figure", "figcaption", "img", "hr",
}
BODY_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "data-image-id"},
    "figure": {"data-image-id"},
    "ol": {"start"},
    "*": {"dir"},
}
BODY_URL_SCHEMES = {"http", "https", "mailto", "tel"}



def _only_library_images(tag: str, attribute: str, value: str) -> str | None:
    # Body images come from our media library (served under MEDIA_URL), never from another
    # site: a hot-linked image can track readers or change after the editor approved it.
    if tag == "img" and attribute == "src" and not value.startswith(settings.MEDIA_URL):
        return None
    return value


_body_cleaner = nh3.Cleaner(
    tags=BODY_TAGS,
    attribute_filter=_only_library_images,
    attributes=BODY_ATTRIBUTES,
    url_schemes=BODY_URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)

_EMPTY_PARAGRAPH = re.compile(r"^\s*<(p|h[2-4])>\s*</\1>\s*$")


def sanitize_body(html: str) -> str:
    """Return the body with only the allowed tags, attributes and URL schemes kept.

    Text inside removed tags is kept (a `<font>` loses its tag, not its words); the
    content of `<script>` and `<style>` is dropped entirely. An editor's lone empty
    paragraph becomes the empty string, so an untouched field stays empty.
    """
    if not html:
        return ""
    cleaned = _body_cleaner.clean(html).strip()
    return "" if _EMPTY_PARAGRAPH.match(cleaned) else cleaned


def arabic_slug(text: str, max_length: int = 200) -> str:
    """A URL slug that keeps Arabic letters (and drops diacritics, tatweel and punctuation).

    `slugify` without `allow_unicode` turns an Arabic headline into "". Cut at a word
    boundary so a long headline gives a readable slug.
    """
    slug = slugify(text.replace("\u0640", ""), allow_unicode=True)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


def unique_slug(instance, base: str, fallback: str) -> str:
    """`base`, or `base-2`, `base-3`… so that no other row of the instance's model has it."""
    base = base or fallback
    slug, n = base, 2
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class _MarkupCensus(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag not in BODY_TAGS:
            self.found.add(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.add(name)
            elif name in ("href", "src") and value:
                scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
                if scheme and scheme not in BODY_URL_SCHEMES:
                    self.found.add(f"{scheme}:")


def removed_markup(html: str) -> list[str]:
    """What `sanitize_body` takes out of `html` that a writer should be told about.

    Disallowed tags, event handlers, inline styles and unsafe link schemes, sorted; harmless
    normalisation (quotes, entity spelling) is not reported.
    """
    census = _MarkupCensus()
    census.feed(html or "")
    census.close()
    return sorted(census.found)


# Characters XML 1.0 forbids: a pasted control character would make the feed generator
# raise (a 500) instead of printing the story.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text) -> str:
    """`text` without the characters XML cannot carry."""
    return XML_ILLEGAL.sub("", str(text or ""))
