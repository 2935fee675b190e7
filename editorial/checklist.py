"""The pre-publish checklist: what a story should have before readers see it.

Each item is a small function of a `Draft` (a saved story, or the desk form's unsaved data)
giving a `Result`: passed (True), failed (False) or not known yet (None: links not checked
yet). The site settings say which items block publishing, which only warn and which are
skipped; `require_ready` is the rule the publish and schedule services apply.
Ranges and choices are explained in docs/checklist.md.
"""

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article, Tag
from editorial.models import LinkCheck
from images.models import Image
from sitesettings.models import CHECKLIST_ITEMS, CheckLevel, SiteSettings

# Headline length in characters. Under 15 is a placeholder ("عنوان", "تجربة"), not a news
# headline (the shortest real ones, "انفجار في بغداد", are three words); over 110 wraps past
# two lines on the home page's cards and is cut by search engines and social networks.
HEADLINE_MIN, HEADLINE_MAX = 15, 110
# What search engines show under the headline: shorter says too little, longer is cut.
SEO_MIN, SEO_MAX = 50, 160
# The outside links the task checks per story (and the checklist reports).
MAX_LINKS = 20
ENGLISH = "en"


class BadInput(ValueError):
    """The desk form's data cannot be read (a section that is not a number, say)."""


@dataclass(frozen=True)
class Draft:
    """What the checklist reads of a story, saved or still in the desk's form."""

    text: Callable[[str, str], str]  # (field, language) -> text, "" when empty
    has_section: bool
    lead_image: Image | None
    bylines: int
    tags: int


@dataclass(frozen=True)
class Result:
    ok: bool | None  # None: not known yet
    message: str


@dataclass(frozen=True)
class Entry:
    """One item of a story's checklist, as the desk shows it."""

    key: str
    label: str
    level: str  # CheckLevel
    ok: bool | None
    message: str

    @property
    def state(self) -> str:
        return {True: "pass", False: "fail", None: "pending"}[self.ok]

    @property
    def state_label(self):
        return {True: _("passes"), False: _("fails"), None: _("not checked yet")}[self.ok]

    @property
    def level_label(self):
        return _("blocks publishing") if self.level == CheckLevel.BLOCK else _("warning")


@dataclass(frozen=True)
class Report:
    entries: list[Entry]

    @property
    def blocking(self) -> list[Entry]:
        return [e for e in self.entries if e.ok is False and e.level == CheckLevel.BLOCK]

    @property
    def warnings(self) -> list[Entry]:
        return [e for e in self.entries if e.ok is False and e.level == CheckLevel.WARN]

    @property
    def summary(self) -> str:
        if self.blocking:
            n = len(self.blocking)
            return ngettext("%(n)s item must be fixed before publishing.",
                            "%(n)s items must be fixed before publishing.", n) % {"n": n}
        if self.warnings:
            n = len(self.warnings)
            return ngettext("%(n)s warning: an editor may publish anyway.",
                            "%(n)s warnings: an editor may publish anyway.", n) % {"n": n}
        return str(_("Ready to publish."))

    def as_json(self) -> dict:
        return {
            "items": [
                {"key": e.key, "label": str(e.label), "level": e.level, "state": e.state,
                 "message": str(e.message), "level_label": str(e.level_label),
                 "state_label": str(e.state_label)}
                for e in self.entries
            ],
            "blocking": len(self.blocking),
            "warnings": len(self.warnings),
            "summary": self.summary,
        }


# --- reading a story ---


def from_article(article: Article) -> Draft:
    """A saved story as the checklist reads it."""

    def text(field, lang):
        return (getattr(article, f"{field}_{lang}", "") or "").strip()

    return Draft(
        text=text,
        has_section=article.section_id is not None,
        lead_image=article.lead_image if article.lead_image_id else None,
        bylines=article.bylines.count(),
        tags=article.tags.count(),
    )


def from_form(data) -> Draft:
    """The desk form's unsaved data (a QueryDict) as the checklist reads it; BadInput when a
    number is not a number."""

    def text(field, lang):
        return (data.get(f"{field}_{lang}") or "").strip()

    section = _number(data.get("section"))
    lead = _number(data.get("lead_image"))
    tags = {_number(value) for value in data.getlist("tags") if value}
    total = data.get("bylines-TOTAL_FORMS") or "0"
    if not (total.isascii() and total.isdigit()) or int(total) > 1000:
        raise BadInput(total)  # 0 is fine: the last byline row removed
    total = int(total)
    bylines = sum(
        1 for i in range(total)
        if _number(data.get(f"bylines-{i}-author")) and not data.get(f"bylines-{i}-DELETE")
    )
    return Draft(
        text=text,
        has_section=section is not None,
        lead_image=Image.objects.filter(pk=lead).first() if lead else None,
        bylines=bylines,
        tags=Tag.objects.filter(pk__in=tags).count() if tags else 0,
    )


def _number(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise BadInput(value) from None
    if not 0 < number < 2**63:
        raise BadInput(value)
    return number


class _BodyParser(HTMLParser):
    """The outside links and the photos of a body, in order."""

    def __init__(self):
        super().__init__()
        self.links, self.images, self.words = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and (attrs.get("href") or "").startswith(("http://", "https://")):
            self.links.append(attrs["href"])
        elif tag == "img":
            self.images.append((attrs.get("alt") or "").strip())

    def handle_data(self, data):
        if data.strip():
            self.words.append(data)


def _parse(html: str) -> _BodyParser:
    parser = _BodyParser()
    parser.feed(html or "")
    parser.close()
    return parser


def body_links(bodies) -> list[str]:
    """The distinct outside (http/https) links of `bodies`, in order, at most MAX_LINKS."""
    links = []
    for body in bodies:
        for link in _parse(body).links:
            # LinkCheck.url's limit, in bytes: an index entry must fit PostgreSQL's page.
            if link not in links and len(link.encode()) <= 2000:
                links.append(link)
    return links[:MAX_LINKS]


def article_links(article: Article) -> list[str]:
    return body_links(getattr(article, f"body_{lang}", "") for lang, _name in settings.LANGUAGES)


# --- the items ---


def headline(draft: Draft) -> Result:
    n = len(draft.text("title", settings.LANGUAGE_CODE))
    params = {"n": n, "min": HEADLINE_MIN, "max": HEADLINE_MAX}
    if n < HEADLINE_MIN:
        return Result(False, _("The headline is %(n)s characters: write at least %(min)s.")
                      % params)
    if n > HEADLINE_MAX:
        return Result(False, _("The headline is %(n)s characters: keep it to %(max)s.") % params)
    return Result(True, _("The headline is %(n)s characters (%(min)s to %(max)s).") % params)


def summary(draft: Draft) -> Result:
    if draft.text("summary", settings.LANGUAGE_CODE):
        return Result(True, _("The summary is written."))
    return Result(False, _("No summary: write one or two sentences under the headline."))


def image(draft: Draft) -> Result:
    lead = draft.lead_image
    if lead is not None:
        # The Arabic alt text: the share image is the Arabic edition's first.
        if (getattr(lead, f"alt_text_{settings.LANGUAGE_CODE}", None) or "").strip():
            return Result(True, _("The lead image has its alternative text."))
        return Result(False, _("The lead image has no alternative text."))
    photos = _parse(draft.text("body", settings.LANGUAGE_CODE)).images
    if photos and photos[0]:
        return Result(True, _("No lead image: the first photo in the body is the share image."))
    if photos:
        return Result(False, _("The first photo in the body, the share image, has no "
                               "alternative text."))
    return Result(False, _("No lead image and no photo in the body: the story would be "
                           "shared as a bare link."))


def section(draft: Draft) -> Result:
    if draft.has_section:
        return Result(True, _("The section is chosen."))
    return Result(False, _("Choose the section."))


def byline(draft: Draft) -> Result:
    if draft.bylines:
        return Result(True, _("The story has a byline."))
    return Result(False, _("No byline: add who wrote the story."))


def tags(draft: Draft) -> Result:
    if draft.tags:
        return Result(True, ngettext("%(n)s tag.", "%(n)s tags.", draft.tags) % {"n": draft.tags})
    return Result(False, _("No tag: add at least one topic."))


def seo(draft: Draft) -> Result:
    own = draft.text("seo_description", settings.LANGUAGE_CODE)
    text = own or draft.text("summary", settings.LANGUAGE_CODE)
    n = len(text)
    params = {"n": n, "min": SEO_MIN, "max": SEO_MAX}
    if not text:
        return Result(False, _("No search engine description, and no summary to stand in."))
    if not own:
        if SEO_MIN <= n <= SEO_MAX:
            return Result(True, _("No search engine description: the summary (%(n)s "
                                  "characters) stands in.") % params)
        return Result(False, _("No search engine description, and the summary that stands in "
                               "is %(n)s characters: write one of %(min)s to %(max)s.") % params)
    if n < SEO_MIN:
        return Result(False, _("The search engine description is %(n)s characters: write at "
                               "least %(min)s.") % params)
    if n > SEO_MAX:
        return Result(False, _("The search engine description is %(n)s characters: keep it "
                               "to %(max)s.") % params)
    return Result(True, _("The search engine description is %(n)s characters (%(min)s to "
                          "%(max)s).") % params)


def english(draft: Draft) -> Result:
    parts = {
        "title": (_("headline"), draft.text("title", ENGLISH)),
        "summary": (_("summary"), draft.text("summary", ENGLISH)),
        "body": (_("body"), _has_text(draft.text("body", ENGLISH))),
    }
    if not any(value for _label, value in parts.values()):
        return Result(True, _("No English edition started."))
    missing = [str(label) for label, value in parts.values() if not value]
    if missing:
        return Result(False, _("The English edition is started but has no %(parts)s.")
                      % {"parts": "، ".join(missing)})
    return Result(True, _("The English edition has its headline, summary and body."))


def _has_text(html: str) -> bool:
    parsed = _parse(html)
    return bool(parsed.words or parsed.images)


def links(draft: Draft) -> Result:
    found = body_links(draft.text("body", lang) for lang, _name in settings.LANGUAGES)
    if not found:
        return Result(True, _("No outside links in the body."))
    checks = {check.url: check for check in LinkCheck.objects.filter(url__in=found)}
    broken = [url for url in found if url in checks and not checks[url].ok]
    if broken:
        return Result(False, ngettext(
            "A link does not answer: %(links)s", "%(n)s links do not answer: %(links)s",
            len(broken)) % {"n": len(broken), "links": " ، ".join(broken)})
    unchecked = sum(1 for url in found if url not in checks)
    if unchecked:
        return Result(None, ngettext(
            "%(n)s link not checked yet: it is checked when the story is saved.",
            "%(n)s links not checked yet: they are checked when the story is saved.",
            unchecked) % {"n": unchecked})
    return Result(True, ngettext("The link answers.", "All %(n)s links answer.", len(found))
                  % {"n": len(found)})


ITEMS = {
    "headline": (_("Headline length"), headline),
    "summary": (_("Summary"), summary),
    "image": (_("Lead or share image"), image),
    "section": (_("Section"), section),
    "byline": (_("Byline"), byline),
    "tags": (_("Tags"), tags),
    "seo": (_("Search engine description"), seo),
    "english": (_("English edition"), english),
    "links": (_("Links"), links),
}
assert tuple(ITEMS) == CHECKLIST_ITEMS, "sitesettings.models.CHECKLIST_ITEMS names the items"


def run(draft: Draft, site: SiteSettings | None = None) -> Report:
    """Every item the site checks (its level not "off"), in the desk's order."""
    # Read, never created here: the checklist writes nothing (a missing row has the defaults).
    site = site or SiteSettings.objects.filter(pk=1).first() or SiteSettings()
    entries = []
    for key, (label, check) in ITEMS.items():
        level = site.check_level(key)
        if level == CheckLevel.OFF:
            continue
        result = check(draft)
        entries.append(Entry(key, label, level, result.ok, result.message))
    return Report(entries)


def for_article(article: Article) -> Report:
    return run(from_article(article))


# --- the rule the publish and schedule services apply ---


class NotReady(ValidationError):
    """A blocking item fails, or warnings fail and nobody chose to publish anyway."""

    def __init__(self, entries: list[Entry], *, blocking: bool):
        self.entries = entries
        items = "، ".join(str(e.label) for e in entries)
        if blocking:
            message = _("Not published: fix these checklist items first: %(items)s.")
        else:
            message = _("Not published: the checklist warns about %(items)s. Tick “Publish "
                        "anyway” to publish despite the warnings.")
        super().__init__(message, code="checklist", params={"items": items})


def require_ready(article: Article, *, override: bool) -> list[Entry]:
    """Raise NotReady unless `article` may go in front of readers: no blocking item fails,
    and failing warnings only with `override`. The warnings overridden (to record).

    The entries are worded in the desk's language, whoever calls: they go into the history."""
    with translation.override(settings.LANGUAGE_CODE):
        report = for_article(article)
    if report.blocking:
        raise NotReady(report.blocking, blocking=True)
    if report.warnings and not override:
        raise NotReady(report.warnings, blocking=False)
    return report.warnings


def override_note(entries: list[Entry]) -> str:
    """The failed items of an override, one a line, in the desk's language (for the history)."""
    with translation.override(settings.LANGUAGE_CODE):
        return "\n".join(f"{e.label}: {e.message}" for e in entries)
