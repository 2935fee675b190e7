"""RSS 2.0 feeds of the newest public stories of the edition served: the site, each section,
each author and each tag.

A feed costs the same few queries however many stories exist, and its plain-text fields are
escaped for HTML before the generator escapes them for XML, because feed readers render them
as HTML. Why and how: docs/architecture-notes.md, "Feeds".
"""

from dataclasses import dataclass
from heapq import merge
from itertools import islice

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from articles.models import ArticleAuthor, Tag
from authors.models import Author
from caching.content import site_settings
from core.digits import arabic_indic_text, uses_arabic_indic
from core.text import xml_text
from public.views import public_articles
from sections.models import Section
from sitesettings.models import SiteSettings

MAX_ITEMS = 30
# The fields a reader reads, whose digits follow the site's setting (core/digits.py); the
# others (link, guid, pubDate…) are the machines' and stay as they are.
HUMAN_CHANNEL_FIELDS = ("title", "description")
HUMAN_ITEM_FIELDS = ("title", "description", "author_name")
# What an item prints (see the item_* methods): the headline, the summary or search
# description, the dates, the address (pk and slug) and the section's name. Translated
# fields name all their languages (modeltranslation expands them).
FEED_FIELDS = ("slug", "published_at", "updated_at", "title", "summary", "seo_description",
               "section")
NEWEST_FIRST = ("-published_at", "-pk")
ITEM_PREFETCH = (
    Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author")),
    "tags",
)


@dataclass(frozen=True)
class Channel:
    site: SiteSettings
    subject: Section | Author | Tag | None = None


def reader_text(text) -> str:
    """A plain-text title, name or category that a reader may render as HTML: no markup.

    Only `<` is escaped, so an `&` stays single-encoded and reads right as text and as HTML.
    """
    return xml_text(text).replace("<", "&lt;")


def channel_title(site, subject) -> str:
    """"<section, author or tag> · <site>", the way page titles read; the site name alone."""
    return f"{subject.name} · {site.site_name}" if subject else site.site_name


def reader_digits(feed) -> None:
    """The human fields of `feed` (a feed generator) with Arabic-Indic digits, as the pages'
    text has them; links, guids and dates untouched."""
    for values, fields in [(feed.feed, HUMAN_CHANNEL_FIELDS),
                           *((item, HUMAN_ITEM_FIELDS) for item in feed.items)]:
        for name in fields:
            if values.get(name):
                values[name] = arabic_indic_text(values[name])
        if values.get("categories"):
            values["categories"] = [arabic_indic_text(c) for c in values["categories"]]


def newest(stories):
    """The MAX_ITEMS newest of `stories`, with only the columns an item prints."""
    return (
        stories.select_related(None).select_related("section").only(*FEED_FIELDS)
        .order_by(*NEWEST_FIRST)[:MAX_ITEMS]
    )


def newest_key(article):
    """The order of NEWEST_FIRST, as a key for `merge(..., reverse=True)`."""
    return (article.published_at, article.pk)


class LatestStoriesFeed(Feed):
    """The site's newest stories. Subclasses narrow the stories to one subject.

    One instance serves every request, so nothing is stored on `self`: what a request needs
    travels in the `Channel` that `get_object()` returns.
    """

    item_guid_is_permalink = True

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed generator writes the document in hundreds of small pieces, and an
        # HttpResponse keeps each one: the page cache would store them all and the WSGI
        # server send each in its own write. One piece, the same bytes.
        response.content = b"".join(response)
        return response

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        if uses_arabic_indic(obj.site):
            reader_digits(feed)
        return feed

    def get_object(self, request, slug=None):
        return Channel(site=site_settings(), subject=self.get_subject(slug))

    def get_subject(self, slug):
        return None

    def stories(self, subject):
        return public_articles()

    def subject_link(self, subject):
        return subject.get_absolute_url()

    def subject_description(self, subject):
        return ""

    # The channel.

    def title(self, channel):
        return reader_text(channel_title(channel.site, channel.subject))

    def link(self, channel):
        if channel.subject is None:
            return reverse("articles:home")
        return self.subject_link(channel.subject)

    def description(self, channel):
        if channel.subject is None:
            return reader_text(channel.site.tagline or channel.site.site_name)
        return reader_text(self.subject_description(channel.subject)) or self.title(channel)

    def items(self, channel):
        return newest(self.stories(channel.subject)).prefetch_related(*ITEM_PREFETCH)

    # Each story.

    def item_title(self, item):
        return reader_text(item.title)

    def item_description(self, item):
        return escape(xml_text(item.summary or item.description))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.published_at, item.updated_at)

    def item_author_name(self, item):
        # RSS 2.0's <author> must be an e-mail address; a name alone becomes <dc:creator>.
        names = [byline.author.name for byline in item.bylines.all()]
        separator = "، " if translation.get_language_bidi() else ", "
        return reader_text(separator.join(names)) or None

    def item_categories(self, item):
        names = [item.section.name, *(tag.name for tag in item.tags.all())]
        return [reader_text(name) for name in names]


class SectionFeed(LatestStoriesFeed):
    """A section's stories, its active sub-sections' included, as on the section page."""

    def get_subject(self, slug):
        return Section.objects.active().get(slug=slug)

    def items(self, channel):
        # The newest MAX_ITEMS of each section of the desk, each one short walk of the
        # section index, merged: one query over the whole desk would have to sort all its
        # stories, the section index being ordered within one section only. The queries
        # grow with the sub-sections, never with the stories.
        section = channel.subject
        desk = [section.pk, *section.children.filter(is_active=True).values_list("pk", flat=True)]
        per_section = [
            list(newest(public_articles().filter(section_id=pk))) for pk in desk
        ]
        stories = list(islice(merge(*per_section, key=newest_key, reverse=True), MAX_ITEMS))
        prefetch_related_objects(stories, *ITEM_PREFETCH)
        return stories

    def subject_description(self, section):
        return section.description


class SubjectFeed(LatestStoriesFeed):
    """The stories of one byline or topic: `model` found by slug, stories by `lookup`."""

    model = None
    lookup = ""
    description_field = ""

    def get_subject(self, slug):
        return self.model.objects.get(slug=slug)

    def stories(self, subject):
        return public_articles().filter(**{self.lookup: subject})

    def subject_description(self, subject):
        return getattr(subject, self.description_field) if self.description_field else ""


class AuthorFeed(SubjectFeed):
    """What one byline signed."""

    model, lookup, description_field = Author, "authors", "job_title"


class TagFeed(SubjectFeed):
    """The stories on one topic."""

    model, lookup = Tag, "tags"
