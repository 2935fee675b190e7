"""Hostile text in every plain-text field, read back from every place the site prints it.

Each payload goes into every plain-text field at once (headline, kicker, summary, search
description, lead caption and correction of both editions; tag; byline name, job title and
biography; section name and description; photo alt text, caption and credit; site name,
tagline, masthead note and address), and the story goes through the desk (submitted,
published: two mails). Then every output is parsed the way its reader parses it and must
show the payload as text, never as markup:

- public pages (html5lib, as a browser): no element, attribute, comment or script made by
  the payload; the payload's text is on the page; the meta, OpenGraph and Twitter
  attributes hold it exactly;
- JSON-LD: exactly one ld+json script, whose JSON gives the payload back verbatim;
- RSS feeds (xml.etree, then each title, description, creator and category as HTML, as a
  feed reader renders them): text only;
- sitemaps (xml.etree): only sitemap elements, titles verbatim;
- mail: one-line subjects, only the expected headers and recipients, the text verbatim;
- the desk (admin): the change page, the save message, the versions diff.

The body is rich text, not a plain-text field: the payload typed into it must come out
through the sanitiser (core/text.py) with no script either.
"""

import email
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import html5lib
import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article, ArticleAuthor, Tag
from authors.models import Author
from editorial import services
from editorial.diff import word_diff
from images.services import create_image
from search.highlight import highlight
from search.terms import query_terms
from sections.models import Section
from sitesettings.models import SiteSettings
from tests.editorial.test_concurrency import change_form_data
from tests.factories import ArticleFactory, UserFactory
from tests.images import samples

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "attribute-breakout": '"><svg onload=alert(1)>',
    "both-quotes-iframe": "'\"><iframe src=javascript:alert(1)>",
    "script-breakout": "</script><script>alert(1)</script>",
    "comment": "<!--<script>",
    "cdata-end": "]]><x>",
    "javascript-url": "javascript:alert(1)",
    "mail-header": "عاجل\r\nBcc: x@evil.example",
    "arabic-markup": 'عاجل: <a href="javascript:alert(1)">اضغط هنا</a> '
                     '<img src=x onerror=alert("مرحبا")> انتهى',
}
# A word of the body, so a search finds the story whatever the payload.
SEARCH_WORD = "zanzibar"

HTML_NS = "{http://www.w3.org/1999/xhtml}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP_TAGS = {
    f"{{{SITEMAP_NS}}}{name}"
    for name in ("urlset", "url", "loc", "lastmod", "changefreq", "priority", "sitemapindex",
                 "sitemap")
} | {f"{{{NEWS_NS}}}{name}" for name in ("news", "publication", "name", "language",
                                          "publication_date", "title")} | {
    "{http://www.w3.org/1999/xhtml}link",
}
# Elements none of our pages has: one of them on a page came from a payload.
FOREIGN_ELEMENTS = {"svg", "math", "iframe", "frame", "frameset", "object", "embed", "x", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href"}
# What the desk's mail carries; anything else (Bcc, Cc, a forged header) was injected.
MAIL_HEADERS = {"content-type", "mime-version", "content-transfer-encoding", "subject", "from",
                "to", "date", "message-id"}


def compact(text: str) -> str:
    """Without any whitespace: a newline may become <br>, a space or nothing on the way."""
    return "".join((text or "").split())


def one_line(text: str) -> str:
    return " ".join((text or "").split())


def local_name(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


# --- Reading HTML as a browser does --------------------------------------------------------

def parse_html(content) -> ET.Element:
    """A page as a browser builds it (our pages are UTF-8, said in the Content-Type header)."""
    if isinstance(content, bytes):
        content = content.decode()
    return html5lib.parse(content, namespaceHTMLElements=False)


def elements(doc, tag, **attributes):
    """Elements named `tag` whose attributes have the given values (`http_equiv` → http-equiv)."""
    wanted = {name.replace("_", "-"): value for name, value in attributes.items()}
    return [
        element for element in doc.iter()
        if local_name(element.tag) == tag
        and all(element.get(name) == value for name, value in wanted.items())
    ]


def meta_content(doc, **attributes) -> list[str]:
    return [element.get("content", "") for element in elements(doc, "meta", **attributes)]


def text_of(element) -> str:
    return "".join(element.itertext())


def markup_problems(doc, where: str, *, ld_json: int | None = None, svg=False) -> list[str]:
    """What a payload made of the page: elements, handlers, javascript: URLs, comments,
    scripts. `ld_json`: how many JSON-LD scripts the page must have (None: not counted).
    `svg`: the page has icons of its own (the admin's), so only a handler on one counts."""
    problems, found_ld = [], 0
    for element in doc.iter():
        if element.tag is ET.Comment:
            # Our templates' comments (the admin's) are words; "<!--" typed into a field
            # turns the rest of the page into a comment full of markup.
            if "<" in (element.text or ""):
                problems.append(f"{where}: a comment swallows markup: {element.text[:60]!r}")
            continue
        name = local_name(element.tag)
        if name in FOREIGN_ELEMENTS and not (svg and name == "svg"):
            problems.append(f"{where}: a <{name}> element")
        for attribute, value in element.attrib.items():
            attribute = local_name(attribute)
            if attribute.startswith("on"):
                problems.append(f"{where}: <{name} {attribute}={value!r}>")
            if attribute in URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value).lower() \
                    .startswith("javascript:"):
                problems.append(f"{where}: <{name} {attribute}={value!r}>")
        if name == "script":
            kind = (element.get("type") or "").lower()
            if kind in ("application/ld+json", "application/json", "importmap"):
                found_ld += kind == "application/ld+json"
                try:
                    json.loads(element.text or "")
                except ValueError:
                    problems.append(f"{where}: a {kind} script that is not JSON")
            elif not element.get("src") or (element.text or "").strip():
                problems.append(f"{where}: an inline script: {(element.text or '')[:60]!r}")
    if ld_json is not None and found_ld != ld_json:
        problems.append(f"{where}: {found_ld} JSON-LD scripts, expected {ld_json}")
    return problems


def shows_as_text(doc, payload: str, where: str) -> list[str]:
    """The payload's characters are on the page as text or in an attribute value."""
    words = [text_of(doc)] + [value for element in doc.iter() for value in element.attrib.values()]
    if compact(payload) in compact(" ".join(words)):
        return []
    return [f"{where}: the payload's text is missing (swallowed or dropped)"]


def html_fragment_problems(text: str, payload: str, where: str) -> list[str]:
    """`text` as a feed reader renders HTML: only text, which holds the payload."""
    fragment = html5lib.parseFragment(text or "", namespaceHTMLElements=False)
    problems = [
        f"{where}: renders a <{local_name(node.tag) or 'comment'}> element"
        for node in fragment.iter() if node is not fragment
    ]
    if compact(payload) not in compact(text_of(fragment)):
        problems.append(f"{where}: reads {text_of(fragment)[:80]!r}, not the payload")
    return problems


# --- The world: one payload in every plain-text field ----------------------------------------

@dataclass
class World:
    payload: str
    story: Article
    other: Article
    section: Section
    author: Author
    tag: Tag
    image: object
    editor: object
    journalist: object


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def both(field: str, payload: str) -> dict:
    return {f"{field}_ar": payload, f"{field}_en": payload}


def build_world(payload: str, capture_on_commit) -> World:
    image = create_image(
        file=ContentFile(samples.image_bytes((320, 200))), alt_text_ar=payload,
        caption_ar=payload, credit_ar=payload, alt_text_en=payload, caption_en=payload,
        credit_en=payload,
    )
    site = SiteSettings.load()
    for field in ("site_name", "tagline", "masthead_note", "contact_address"):
        for value in both(field, payload).items():
            setattr(site, *value)
    site.logo = image
    site.save()
    section = Section.objects.create(**both("name", payload), **both("description", payload))
    author = Author.objects.create(
        **both("name", payload), **both("job_title", payload), **both("bio", payload),
        kind=Author.Kind.STAFF, photo=image,
    )
    tag = Tag.objects.create(name=payload, **both("name", payload))
    journalist = UserFactory(role="journalist", email="writer@newsroom.example")
    editor = UserFactory(role="editor", email="chief@newsroom.example")
    story = ArticleFactory(
        created_by=journalist, section=section, lead_image=image, is_featured=True,
        is_breaking=True, corrected_at=timezone.now(), lead_image_caption_ar=payload,
        **both("title", payload), **both("kicker", payload), **both("summary", payload),
        **both("seo_description", payload), **both("correction_note", payload),
        # Rich text: the payload is typed as HTML and the sanitiser must clean it.
        body_ar=f"<p>نص الخبر {SEARCH_WORD}</p>{payload}",
        body_en=f"<p>The story {SEARCH_WORD}</p>{payload}",
    )
    ArticleAuthor.objects.create(article=story, author=author)
    story.tags.add(tag)
    # A second story on the same topic: related stories, lists of several cards.
    other = ArticleFactory(
        published=True, section=section, body_en="<p>Text</p>", **both("title", payload),
        **both("summary", payload),
    )
    ArticleAuthor.objects.create(article=other, author=author)
    other.tags.add(tag)
    with capture_on_commit(execute=True):
        services.submit_for_review(story, by=journalist, note=payload)
    with capture_on_commit(execute=True):
        services.publish_article(story, by=editor, note=payload, override=True)
    story.refresh_from_db()
    return World(payload, story, other, section, author, tag, image, editor, journalist)


# --- The contexts ---------------------------------------------------------------------------

def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content


def in_edition(language, target, kwargs=None) -> str:
    """The address of `target` (an object, or a view name) in the `language` edition."""
    with translation.override(language):
        if isinstance(target, str):
            return reverse(target, kwargs=kwargs)
        return target.get_absolute_url()


def public_page_problems(world: World) -> list[str]:
    payload, client, problems = world.payload, Client(), []
    for language in ("ar", "en"):
        pages = {
            "home": in_edition(language, "articles:home"),
            "section": in_edition(language, world.section),
            "author": in_edition(language, world.author),
            "tag": in_edition(language, world.tag),
            "about": in_edition(language, "articles:about"),
            "search": in_edition(language, "articles:search") + f"?q={SEARCH_WORD}",
        }
        for url in pages.values():
            doc = parse_html(get(client, url))
            problems += markup_problems(doc, url, ld_json=0)
            problems += shows_as_text(doc, payload, url)
        # The search found the story (its headline and summary shown, escaped).
        search = parse_html(get(client, pages["search"]))
        if not elements(search, "p", **{"class": "summary"}):
            problems.append(f"{pages['search']}: the search found nothing")
        # The payload as the reader's own query: reflected in the title and the box.
        url = in_edition(language, "articles:search")
        doc = parse_html(get(client, f"{url}?{urlencode({'q': payload})}"))
        problems += markup_problems(doc, f"{url}?q=<payload>", ld_json=0)
        # The page's own box (id "q") holds the query; the header's box stays empty.
        boxes = [box.get("value") for box in elements(doc, "input", name="q", id="q")]
        if [one_line(value) for value in boxes] != [one_line(payload)]:
            problems.append(f"{url}?q=<payload>: the search box holds {boxes!r}")
        header_boxes = [box.get("value") for box in elements(doc, "input", id="header-q")]
        if header_boxes != [None]:
            problems.append(f"{url}?q=<payload>: the header's search box holds {header_boxes!r}")
        problems += article_page_problems(client, world, language)
    return problems


def article_page_problems(client, world: World, language: str) -> list[str]:
    payload, story = world.payload, world.story
    url = in_edition(language, story)
    doc = parse_html(get(client, url))
    problems = markup_problems(doc, url, ld_json=1)
    problems += shows_as_text(doc, payload, url)
    expected = one_line(payload)
    attributes = {
        "description": meta_content(doc, name="description"),
        "og:title": meta_content(doc, property="og:title"),
        "og:description": meta_content(doc, property="og:description"),
        "og:site_name": meta_content(doc, property="og:site_name"),
        "og:image:alt": meta_content(doc, property="og:image:alt"),
        "article:section": meta_content(doc, property="article:section"),
        "article:tag": meta_content(doc, property="article:tag"),
        "twitter:title": meta_content(doc, name="twitter:title"),
        "twitter:description": meta_content(doc, name="twitter:description"),
        "twitter:image:alt": meta_content(doc, name="twitter:image:alt"),
        "lead image alt": [img.get("alt") for img in elements(doc, "img", fetchpriority="high")],
    }
    for name, values in attributes.items():
        if [one_line(value) for value in values] != [expected]:
            problems.append(f"{url}: {name} is {values!r}, not the payload")
    headline = elements(doc, "h1")
    if [compact(text_of(h)) for h in headline] != [compact(payload)]:
        problems.append(f"{url}: the headline reads {[text_of(h) for h in headline]!r}")
    caption = [compact(text_of(f)) for f in elements(doc, "figcaption")]
    if caption != [compact(payload) * 2]:  # the caption, then the credit
        problems.append(f"{url}: the caption reads {caption!r}")
    problems += json_ld_problems(doc, payload, url)
    return problems


def json_ld_problems(doc, payload: str, where: str) -> list[str]:
    scripts = elements(doc, "script", type="application/ld+json")
    if len(scripts) != 1:
        return [f"{where}: {len(scripts)} JSON-LD scripts"]
    try:
        data = json.loads(scripts[0].text)
    except ValueError as exc:
        return [f"{where}: the JSON-LD is not JSON ({exc}): {scripts[0].text[:80]!r}"]
    read = {
        "headline": data.get("headline"),
        "description": data.get("description"),
        "articleSection": data.get("articleSection"),
        "keywords": data.get("keywords", [None])[0],
        "author name": data["author"][0].get("name"),
        "author jobTitle": data["author"][0].get("jobTitle"),
        "publisher name": data["publisher"].get("name"),
        "image caption": data.get("image", {}).get("caption"),
        "image creditText": data.get("image", {}).get("creditText"),
        "correction": data.get("correction", {}).get("text"),
    }
    # HTML reads a CR LF in a script's text as LF; JSON escapes both, so it never sees one.
    return [
        f"{where}: JSON-LD {name} is {value!r}, not the payload"
        for name, value in read.items() if value != payload
    ]


def feed_problems(world: World) -> list[str]:
    payload, client, problems = world.payload, Client(), []
    feeds = [
        in_edition("ar", "articles:feed"),
        in_edition("en", "articles:feed"),
        in_edition("ar", "sections:feed", {"slug": world.section.slug}),
        in_edition("ar", "authors:feed", {"slug": world.author.slug}),
        in_edition("en", "articles:tag_feed", {"slug": world.tag.slug}),
    ]
    for url in feeds:
        try:
            channel = ET.fromstring(get(client, url)).find("channel")
        except ET.ParseError as exc:
            problems.append(f"{url}: not XML ({exc})")
            continue
        texts = [("channel title", channel.findtext("title")),
                 ("channel description", channel.findtext("description"))]
        items = channel.findall("item")
        if not items:
            problems.append(f"{url}: no items")
        for item in items:
            texts += [("item title", item.findtext("title")),
                      ("item description", item.findtext("description")),
                      ("item creator", item.findtext(DC_CREATOR))]
            texts += [("item category", category.text) for category in item.findall("category")]
        for name, text in texts:
            problems += html_fragment_problems(text, payload, f"{url} {name}")
    return problems


def sitemap_problems(world: World) -> list[str]:
    payload, client, problems = world.payload, Client(), []
    index = ET.fromstring(get(client, reverse("sitemap")))
    urls = [urlsplit(loc.text).path for loc in index.iter(f"{{{SITEMAP_NS}}}loc")]
    for url in [*urls, reverse("news_sitemap")]:
        try:
            root = ET.fromstring(get(client, url))
        except ET.ParseError as exc:
            problems.append(f"{url}: not XML ({exc})")
            continue
        problems += [f"{url}: a {e.tag} element" for e in root.iter() if e.tag not in SITEMAP_TAGS]
    try:
        news = ET.fromstring(get(client, reverse("news_sitemap")))
    except ET.ParseError:
        return problems  # said above
    titles = [e.text for e in news.iter(f"{{{NEWS_NS}}}title")]
    names = [e.text for e in news.iter(f"{{{NEWS_NS}}}name")]
    if not titles or any(one_line(text) != one_line(payload) for text in titles + names):
        problems.append(f"news sitemap: titles {titles!r} and names {names!r}")
    return problems


def mail_problems(world: World) -> list[str]:
    payload, problems = world.payload, []
    expected = {"submitted": ["chief@newsroom.example"], "published": ["writer@newsroom.example"]}
    if len(mail.outbox) != 2:
        return [f"mail: {len(mail.outbox)} messages, expected 2"]
    for (move, recipients), message in zip(expected.items(), mail.outbox, strict=True):
        where = f"mail ({move})"
        if "\n" in message.subject or "\r" in message.subject:
            problems.append(f"{where}: subject has a line break: {message.subject!r}")
        if compact(payload) not in compact(message.subject):
            problems.append(f"{where}: subject {message.subject!r} lacks the headline")
        if message.recipients() != recipients or message.cc or message.bcc:
            problems.append(f"{where}: sent to {message.recipients()!r}")
        wire = email.message_from_bytes(message.message().as_bytes())
        headers = {name.lower() for name in wire}
        if headers - MAIL_HEADERS:
            problems.append(f"{where}: extra headers {sorted(headers - MAIL_HEADERS)}")
        # Plain text: the headline and the note as typed, not HTML-escaped. (The mail of
        # a publication names the story in its subject only.)
        if move == "submitted" and compact(payload) not in compact(message.body):
            problems.append(f"{where}: the body does not carry the text as typed: "
                            f"{message.body[:200]!r}")
    return problems


def desk_problems(world: World) -> list[str]:
    payload, problems = world.payload, []
    client = Client()
    client.force_login(world.editor)
    change = reverse("admin:articles_article_change", args=[world.story.pk])
    page = client.get(change)
    doc = parse_html(page.content)
    problems += markup_problems(doc, change, svg=True) + shows_as_text(doc, payload, change)
    # A save from the desk: Django's "changed" message names the story, and the payload
    # typed into the body makes the sanitiser's warning list what it removed.
    saved = client.post(change, change_form_data(page, body_ar=f"<p>نص</p>{payload}"),
                        follow=True)
    assert saved.status_code == 200
    doc = parse_html(saved.content)
    problems += markup_problems(doc, "admin after save", svg=True)
    messages = [text_of(li) for li in elements(doc, "li", **{"class": "success"})]
    if not any(compact(payload) in compact(message) for message in messages):
        problems.append(f"admin after save: the message reads {messages!r}")
    versions = reverse("admin:articles_article_versions", args=[world.story.pk])
    doc = parse_html(get(client, versions))
    problems += markup_problems(doc, versions, svg=True)
    diffs = [text_of(p) for p in elements(doc, "p", **{"class": "desk-diff"})]
    if not diffs or compact(payload) not in compact(diffs[0]):
        problems.append(f"{versions}: the headline diff reads {diffs[:1]!r}")
    # The library, bylines, sections, topics and site settings in the admin.
    client.force_login(UserFactory(username="root", is_superuser=True))
    for url in [
        reverse("admin:images_image_changelist"),
        reverse("admin:images_image_change", args=[world.image.pk]),
        reverse("admin:authors_author_changelist"),
        reverse("admin:sections_section_changelist"),
        reverse("admin:articles_tag_changelist"),
        reverse("admin:sitesettings_sitesettings_change", args=[1]),
    ]:
        doc = parse_html(get(client, url))
        problems += markup_problems(doc, url, svg=True) + shows_as_text(doc, payload, url)
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_payload_is_text_in_every_output(payload, django_capture_on_commit_callbacks):
    world = build_world(payload, django_capture_on_commit_callbacks)
    problems = (
        mail_problems(world) + public_page_problems(world) + feed_problems(world)
        + sitemap_problems(world) + desk_problems(world)
    )
    assert not problems, "\n".join(problems)


# --- Builders on their own --------------------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_search_highlight_marks_words_of_escaped_text(payload):
    """Every word of the payload is a search term: the <mark>s are the only elements."""
    fragment = html5lib.parseFragment(str(highlight(payload, query_terms(payload))),
                                      namespaceHTMLElements=False)
    made = {local_name(node.tag) for node in fragment.iter() if node is not fragment}
    assert made == {"mark"}
    assert text_of(fragment) == payload.replace("\r\n", "\n")


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_revision_diff_shows_typed_markup_as_text(payload):
    for diff in (word_diff("", payload), word_diff(payload, f"{payload} و{payload}"),
                 word_diff("<p>نص</p>", f"<p>نص</p>{payload}", html=True)):
        fragment = html5lib.parseFragment(str(diff), namespaceHTMLElements=False)
        made = {local_name(node.tag) for node in fragment.iter() if node is not fragment}
        assert made <= {"ins", "del", "br"}, diff
