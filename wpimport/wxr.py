"""Reading a WordPress export (WXR 1.0–1.2, what Tools → Export writes) into plain records.

Streamed with iterparse, twice: `read_catalogue` keeps what is small (authors, terms,
photos, counts) and `iter_items` yields one post at a time, so a large archive never sits in
memory. defusedxml refuses a document type with entities (XML bombs, outside files), which
an export never has.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

# Namespace prefixes by their URI's start: every WXR version has its own wp/excerpt URI.
NAMESPACES = {
    "http://wordpress.org/export/": "wp",
    "http://wordpress.org/export/1.0/excerpt/": "excerpt",
    "http://wordpress.org/export/1.1/excerpt/": "excerpt",
    "http://wordpress.org/export/1.2/excerpt/": "excerpt",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}


# What the import reads of an attachment's postmeta: its file under uploads/, its alt text.
ATTACHMENT_META = {"_wp_attached_file", "_wp_attachment_image_alt"}


class WxrError(Exception):
    """The file is not a WordPress export we can read; the message says why."""


@dataclass
class Author:
    login: str
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""

    @property
    def name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return self.display_name.strip() or full or self.login


@dataclass
class Term:
    """A category or a tag, keyed by its (decoded) nicename."""

    slug: str
    name: str
    parent: str = ""


@dataclass
class Item:
    """One <item>: a post, a page, an attachment or anything else a plugin exported."""

    id: int
    post_type: str = ""
    status: str = ""
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date: str = ""  # local time of the old site, "YYYY-MM-DD HH:MM:SS"
    date_gmt: datetime | None = None
    name: str = ""
    parent: int = 0
    password: str = ""
    attachment_url: str = ""
    categories: list[Term] = field(default_factory=list)
    tags: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def thumbnail_id(self) -> int | None:
        value = self.meta.get("_thumbnail_id", "")
        return int(value) if value.isdigit() else None

    def old_paths(self) -> list[str]:
        """The addresses readers may have of this post: its permalink (decoded) and `/?p=id`."""
        paths = [f"/?p={self.id}"]
        for url in (self.link, self.guid):
            path = address_path(url)
            if path and path not in paths:
                paths.append(path)
        return paths


@dataclass
class Catalogue:
    """What a first pass over the export finds: everything but the posts' text."""

    version: str = ""
    site: str = ""
    title: str = ""
    authors: dict[str, Author] = field(default_factory=dict)
    categories: dict[str, Term] = field(default_factory=dict)
    tags: dict[str, Term] = field(default_factory=dict)
    attachments: dict[int, Item] = field(default_factory=dict)
    types: Counter = field(default_factory=Counter)  # item count per post type
    statuses: Counter = field(default_factory=Counter)  # post count per status


def address_path(url: str) -> str:
    """The part of an old URL a reader's request carries, decoded: "/2025/01/02/عنوان/" or
    "/?p=123"; "" for the home page or an empty URL."""
    parts = urlsplit((url or "").strip())
    path = unquote(parts.path or "/")
    if parts.query:
        for pair in parts.query.split("&"):
            key, _eq, value = pair.partition("=")
            if key in ("p", "page_id") and value.isdigit():
                return f"/?{key}={int(value)}"
    return "" if path == "/" else path


def _name(tag: str) -> str:
    if not tag.startswith("{"):
        return tag
    uri, _brace, local = tag[1:].partition("}")
    prefix = NAMESPACES.get(uri) or next(
        (p for start, p in NAMESPACES.items() if uri.startswith(start) and p == "wp"), None
    )
    return f"{prefix}:{local}" if prefix else local


def _text(element, name: str) -> str:
    for child in element:
        if _name(child.tag) == name:
            return child.text or ""
    return ""


def _date_gmt(value: str) -> datetime | None:
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _int(value: str) -> int:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else 0


def _category(element) -> Term:
    return Term(
        slug=unquote(_text(element, "wp:category_nicename").strip()),
        name=_text(element, "wp:cat_name"),
        parent=unquote(_text(element, "wp:category_parent").strip()),
    )


def _tag(element) -> Term:
    return Term(
        slug=unquote(_text(element, "wp:tag_slug").strip()), name=_text(element, "wp:tag_name")
    )


# <item> child -> (Item attribute, how its text is read)
_ITEM_FIELDS = {
    "title": ("title", str),
    "link": ("link", str.strip),
    "guid": ("guid", str.strip),
    "dc:creator": ("creator", str.strip),
    "content:encoded": ("content", str),
    "excerpt:encoded": ("excerpt", str),
    "wp:post_date": ("date", str.strip),
    "wp:post_date_gmt": ("date_gmt", _date_gmt),
    "wp:post_name": ("name", lambda text: unquote(text.strip())),
    "wp:status": ("status", str.strip),
    "wp:post_parent": ("parent", _int),
    "wp:post_type": ("post_type", str.strip),
    "wp:post_password": ("password", str),
    "wp:attachment_url": ("attachment_url", str.strip),
}


def _item(element) -> Item:
    item = Item(id=_int(_text(element, "wp:post_id")))
    for child in element:
        name, text = _name(child.tag), child.text or ""
        if name in _ITEM_FIELDS:
            attribute, read = _ITEM_FIELDS[name]
            setattr(item, attribute, read(text))
            continue
        match name:
            case "category":
                term = Term(slug=unquote(child.get("nicename", "")), name=text)
                if child.get("domain") == "category":
                    item.categories.append(term)
                elif child.get("domain") == "post_tag":
                    item.tags.append(term)
            case "wp:postmeta":
                item.meta[_text(child, "wp:meta_key")] = _text(child, "wp:meta_value")
    return item


def _events(path: Path):
    """(event, element, depth) over the export; WxrError for anything unreadable."""
    depth = 0
    try:
        for event, element in iterparse(path, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                yield event, element, depth
            else:
                yield event, element, depth
                depth -= 1
    except DefusedXmlException as exc:
        raise WxrError(f"refused: the file declares a document type or entities ({exc})") from exc
    except ParseError as exc:
        raise WxrError(f"not well-formed XML: {exc}") from exc
    except OSError as exc:
        raise WxrError(str(exc)) from exc


def read_catalogue(path: Path) -> Catalogue:
    """First pass: the site, its authors, categories, tags, photos and item counts."""
    catalogue = Catalogue()
    seen_rss = False
    for event, element, depth in _events(path):
        name = _name(element.tag)
        if event == "start":
            if depth == 1 and name != "rss":
                raise WxrError(f"not a WordPress export: the document is <{name}>, not <rss>")
            seen_rss = True
            continue
        if depth != 3:
            if depth > 3:
                continue
            if name == "item":  # not at depth 3: malformed
                element.clear()
            continue
        match name:
            case "wp:wxr_version":
                catalogue.version = (element.text or "").strip()
            case "wp:base_site_url":
                catalogue.site = (element.text or "").strip().rstrip("/")
            case "title":
                catalogue.title = element.text or ""
            case "wp:author":
                author = Author(
                    login=_text(element, "wp:author_login").strip(),
                    display_name=_text(element, "wp:author_display_name"),
                    first_name=_text(element, "wp:author_first_name"),
                    last_name=_text(element, "wp:author_last_name"),
                    email=_text(element, "wp:author_email"),
                )
                if author.login:
                    catalogue.authors[author.login] = author
            case "wp:category":
                term = _category(element)
                if term.slug:
                    catalogue.categories[term.slug] = term
            case "wp:tag":
                term = _tag(element)
                if term.slug:
                    catalogue.tags[term.slug] = term
            case "item":
                item = _item(element)
                catalogue.types[item.post_type] += 1
                if item.post_type == "attachment":
                    # Kept for the whole run: only what the import reads of a photo.
                    item.content = ""
                    item.meta = {k: v for k, v in item.meta.items() if k in ATTACHMENT_META}
                    catalogue.attachments[item.id] = item
                elif item.post_type == "post":
                    catalogue.statuses[item.status] += 1
        element.clear()
    if not seen_rss or not catalogue.version:
        raise WxrError("not a WordPress export: no <wp:wxr_version> in the channel")
    return catalogue


def iter_items(path: Path):
    """Second pass: every <item> but the attachments, one at a time, in the file's order."""
    for event, element, depth in _events(path):
        if event == "end" and depth == 3 and _name(element.tag) == "item":
            item = _item(element)
            element.clear()
            if item.post_type != "attachment":
                yield item
        elif event == "end" and depth == 3:
            element.clear()
