import re
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from core.memo import cached_reverse
from core.text import arabic_slug, sanitize_body

# What the body editor offers; the server-side allow-list in text.py is the authority.
# The admin adds our own extension (articles/editor.py) for direction and library images.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    # No list-style dialog: text.py keeps <ol start>, not type="a" or data-type.
    "OrderedList": {"enableListAttributes": False},
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False},
    "HorizontalRule": True,
    "HardBreak": True,
    "Figure": True,
    "Caption": True,
    "Image": True,
    # Toolbar: one button per heading level instead of the block-type dropdown.
    "Menu": {
        "groups": [
            {"group": "headings"},
            {"group": "marks"},
            {"group": "lists"},
            {"group": "nodes -blockType -lists"},
            {"group": "link"},
            {"group": "history"},
        ],
    },
}


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")  # published_at in the future = scheduled
    UNPUBLISHED = "unpublished", _("Unpublished")


class Tag(TagBase):
    """A topic (روسيا، الانتخابات…) with its own page. The name is translated."""

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def slugify(self, tag, i=None):
        slug = arabic_slug(tag, 90) or "tag"
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self):
        return cached_reverse("articles:tag", slug=self.slug)


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag"),
        ]
        indexes = [
            # A tag's newest stories by id, read without touching the story table: the
            # candidates for a story's related stories (ArticleDetailView._related).
            models.Index(fields=["tag", "-content_object"], name="tagged_tag_newest_idx"),
        ]


def edition_condition(language: str) -> models.Q:
    """What puts a story in the `language` edition (see ArticleQuerySet.in_edition), as a
    condition on the story's own row: usable in filter() and in When()."""
    if language == settings.LANGUAGE_CODE or language not in dict(settings.LANGUAGES):
        return models.Q()
    condition = models.Q()
    for field in (f"title_{language}", f"body_{language}"):
        condition &= models.Q(**{f"{field}__isnull": False}) & ~models.Q(**{field: ""})
    return condition


# What readers see of a story: after publication, a change to one of these is an edit
# readers may be told about (Article.revised_at).
READER_FIELDS = [
    f"{name}_{lang}"
    for name in ("title", "kicker", "summary", "body", "lead_image_caption")
    for lang, _name in settings.LANGUAGES
] + ["section_id", "lead_image_id"]


# A library photo in a stored body (articles/editor.py; public/body.py reads it the same way).
BODY_PHOTO = re.compile(r'data-image-id="([0-9]{1,18})"')


def body_photo_ids(*bodies) -> str:
    """The library photos the bodies hold, as Article.body_photo_ids stores them: " 12 57 "
    (each id between spaces, so `contains=" 12 "` finds it); "" for none."""
    ids = sorted({int(found) for body in bodies for found in BODY_PHOTO.findall(body or "")})
    return f" {' '.join(map(str, ids))} " if ids else ""


# Columns a card never shows: a list of 20 stories does not read 20 story bodies.
CARD_DEFERRED = ("body", "body_ar", "body_en", "search_extra", "correction_note")


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see: published, due, and out of embargo. The only door for readers.

        A scheduled story is PUBLISHED with a future `published_at`; it appears the moment
        that time passes, with no job to run. The embargo condition is belt and braces: the
        publish service already refuses to publish before it.
        """
        now = now or timezone.now()
        return self.filter(
            models.Q(embargo_until__isnull=True) | models.Q(embargo_until__lte=now),
            status=Status.PUBLISHED,
            published_at__lte=now,
        )

    def in_edition(self, language: str):
        """Stories of the `language` edition. Stories have no language fallback
        (translation.py), so an edition other than Arabic carries only the stories with a
        headline and a body in its language."""
        return self.filter(edition_condition(language))

    def scheduled(self):
        """Published for a time still to come (see Article.is_scheduled)."""
        return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())

    def for_readers(self, language: str, now=None):
        """The readers' door: published, due stories of the `language` edition, with what a
        card shows (bodies deferred; `.defer(None)` brings them back for a story page).
        `now` (default: this moment) lets articles/cards.py compile a query once."""
        return (
            self.published(now).in_edition(language)
            .select_related("section", "lead_image").defer(*CARD_DEFERRED)
        )


class Article(models.Model):
    """A story: headline, body and everything a reader sees around it."""

    title = models.CharField(_("headline"), max_length=300)
    kicker = models.CharField(
        _("kicker"), max_length=120, blank=True,
        help_text=_("A short label above the headline, e.g. “Exclusive” or a place name."),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences under the headline.")
    )
    body = ProseEditorField(
        _("body"), blank=True, config={"extensions": BODY_EDITOR_EXTENSIONS}, sanitize=sanitize_body
    )
    slug = models.SlugField(
        _("slug"), max_length=220, allow_unicode=True, blank=True,
        help_text=_("Part of the story's address; made from the Arabic headline if left empty."),
    )
    section = models.ForeignKey(
        "sections.Section", verbose_name=_("section"), on_delete=models.PROTECT,
        related_name="articles",
    )
    authors = models.ManyToManyField(
        "authors.Author", verbose_name=_("bylines"), through="ArticleAuthor",
        related_name="articles", blank=True,
    )
    tags = TaggableManager(verbose_name=_("tags"), through=TaggedArticle, blank=True)
    lead_image = models.ForeignKey(
        "images.Image", verbose_name=_("lead image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # The library photos of the bodies (every edition), kept by save(): which stories show a
    # photo, without reading every body (caching/deps.py, docs/caching.md).
    body_photo_ids = models.TextField(editable=False, blank=True, default="")
    lead_image_caption = models.CharField(
        _("lead image caption"), max_length=500, blank=True,
        help_text=_("Leave empty to use the image's own caption."),
    )
    is_breaking = models.BooleanField(_("breaking news"), default=False)
    is_featured = models.BooleanField(_("featured"), default=False)
    seo_description = models.CharField(
        _("search engine description"), max_length=300, blank=True,
        help_text=_("Shown by search engines and social networks; the summary is used if empty."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT,
        editable=False, db_index=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    embargo_until = models.DateTimeField(
        _("embargo until"), null=True, blank=True,
        help_text=_("Nobody, editors included, can publish the story before this time."),
    )
    correction_note = models.TextField(
        _("correction"), blank=True,
        help_text=_("Shown at the foot of the story, with its time, when a published story is "
                    "corrected."),
    )
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True, editable=False)
    # The last edit of what readers see while the story was live (editorial.services); not
    # `updated_at`, which moves on every save, moves and re-saves included.
    revised_at = models.DateTimeField(_("revised at"), null=True, blank=True, editable=False)
    # Bumped on every save from the admin; a form built from an older number is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
        related_name="+", editable=False, null=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The story's tag and byline names, for search: the part of the search document that
    # lives in other tables, kept by database triggers (search app; docs/search.md).
    search_extra = models.TextField(editable=False, blank=True, default="")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("review_article", _("Can review articles")),
            ("publish_article", _("Can publish articles")),
        ]
        indexes = [
            # Newest first, in the exact order of every list (Meta.ordering): readers' lists
            # (home, feeds, tag and author pages walk it and stop after a page) and the
            # desk's list, whose undated drafts come first and would otherwise be sorted
            # in full on every page view. docs/benchmarks.md has the plans at 1,000,000.
            models.Index(fields=["-published_at", "-id"], name="article_newest_idx"),
            # The desk's lists filtered by status.
            models.Index(fields=["status", "-published_at", "-id"], name="article_public_idx"),
            # A section's published stories; the featured lead.
            models.Index(
                fields=["section", "-published_at", "-id"], name="article_section_pub_idx",
                condition=models.Q(status=Status.PUBLISHED),
            ),
            models.Index(
                fields=["-published_at"], name="article_featured_idx",
                condition=models.Q(status=Status.PUBLISHED, is_featured=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=Status.PUBLISHED) | models.Q(published_at__isnull=False),
                name="published_article_has_published_at",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The sanitiser runs here as well as in the form, so a shell, a command or an import
        # can never store a script either.
        for lang, _name in settings.LANGUAGES:
            field = f"body_{lang}"
            setattr(self, field, sanitize_body(getattr(self, field) or ""))
        self.body_photo_ids = body_photo_ids(
            *(getattr(self, f"body_{lang}") for lang, _name in settings.LANGUAGES)
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and any(f.startswith("body") for f in update_fields):
            kwargs["update_fields"] = {*update_fields, "body_photo_ids"}
        if not self.slug:
            self.slug = arabic_slug(self.title_ar or self.title) or "article"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("articles:detail", pk=self.pk, slug=self.slug or "-")

    @property
    def is_scheduled(self) -> bool:
        """Published for a time still to come: the one answer to "is this scheduled?"."""
        return (
            self.status == Status.PUBLISHED and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def has_edition(self, language: str) -> bool:
        """Whether this story exists in the `language` edition (see in_edition)."""
        if language == settings.LANGUAGE_CODE:
            return True
        title, body = (getattr(self, f"{field}_{language}", "") for field in ("title", "body"))
        return bool(title and body)

    def reader_view(self) -> tuple:
        """What readers see of the story (READER_FIELDS), to tell a real edit from a re-save.

        Bodies as they will be stored (sanitised) and empty as "" (a form's "" is the
        database's NULL), so an untouched form compares equal to the stored story."""
        return tuple(
            sanitize_body(getattr(self, name) or "") if name.startswith("body_")
            else getattr(self, name) or ""
            for name in READER_FIELDS
        )

    @property
    def updated_for_readers(self):
        """When the page says "Updated": the later of a correction and an edit made more
        than NEWSROOM_UPDATED_AFTER_MINUTES after publication; None when neither.

        Touch-ups in the first minutes (a typo, a caption) are not news; a correction always
        is (docs/architecture-notes.md, "Updated").
        """
        if not self.published_at:
            return None
        moments = []
        if self.corrected_at and self.corrected_at > self.published_at:
            moments.append(self.corrected_at)
        threshold = timedelta(minutes=settings.NEWSROOM_UPDATED_AFTER_MINUTES)
        if self.revised_at and self.revised_at - self.published_at > threshold:
            moments.append(self.revised_at)
        return max(moments, default=None)

    @property
    def description(self) -> str:
        """For search engines and social networks: the SEO text, else the summary."""
        return self.seo_description or self.summary or ""

    @property
    def lead_caption(self) -> str:
        if self.lead_image_caption:
            return self.lead_image_caption
        return self.lead_image.caption if self.lead_image_id else ""


class ArticleAuthor(models.Model):
    """One byline on one story, in the order the desk chose."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        "authors.Author", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_article_author"),
        ]

    def __str__(self):
        return str(self.author)


class OldAddress(models.Model):
    """An address a story had on the site it came from (a WordPress permalink or `/?p=123`):
    the readers' site answers it with a permanent redirect to the story, once readers may see
    the story (public/redirects.py). Written by importers (wpimport)."""

    path = models.CharField(
        _("old address"), max_length=1000, unique=True,
        help_text=_("The path as readers request it, decoded, e.g. /2025/01/02/عنوان/ or /?p=123."),
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="old_addresses"
    )

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.path
