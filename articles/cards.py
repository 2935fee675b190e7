"""Story cards without model instances: the few columns a card shows, read with `.values()`
from the readers' door, in light objects the card template reads as it read a story.

A home page builds about 80 cards; as Article, Section and Image instances (modeltranslation's
constructor and descriptors included) they cost more than the SQL that fetches them
(docs/benchmarks.md, "Faster misses"). A card equals the story (or card) with the same id, so
lists of cards compare with lists of stories.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone, translation

from core.compiled import Compiled
from core.memo import cached_reverse
from images.models import Image

# The texts a card shows in every edition's language: the served edition's own, and the
# Arabic ones an Arabic-edition card on another edition shows (`in_arabic`).
_TEXTS = ("title", "kicker", "summary")
_SECTION = ("section__slug", "section__parent_id", "section__is_active")
_IMAGE = ("file", "width", "height", "focal_x", "focal_y", "rendition_widths")
_IMAGE_FILE = Image._meta.get_field("file")
_LANGUAGES = [code for code, _name in settings.LANGUAGES]
_TEXT_COLUMNS = [f"{name}_{lang}" for name in _TEXTS for lang in _LANGUAGES]
_SECTION_NAMES = [f"name_{lang}" for lang in _LANGUAGES]
_DEFAULT_NAME = f"name_{settings.LANGUAGE_CODE}"


def card_fields() -> list[str]:
    """The columns `cards()` reads: `.values(*card_fields())`."""
    return [
        "pk", "slug", "published_at", "is_featured", "section_id", "lead_image_id",
        *_TEXT_COLUMNS,
        *_SECTION,
        *(f"section__{name}" for name in _SECTION_NAMES),
        *(f"lead_image__{name}" for name in _IMAGE),
    ]


class CardSection:
    """What a card shows of its section: name (Arabic when the edition has none, as the
    Section model falls back), link, and what the home page groups by."""

    __slots__ = ("pk", "slug", "parent_id", "is_active", "name", "__dict__")

    def __init__(self, pk, slug, parent_id, is_active, names, language=None):
        self.pk, self.slug, self.parent_id, self.is_active = pk, slug, parent_id, is_active
        self.__dict__.update(names)  # name_ar, name_en…
        language = language or translation.get_language()
        self.name = (names.get(f"name_{language}") or names.get(_DEFAULT_NAME) or "")

    def get_absolute_url(self):
        return cached_reverse("sections:detail", slug=self.slug)


class _File:
    """The stored file's name and URL, as Image.file offers them, without a FieldFile."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __bool__(self):
        return bool(self.name)

    @property
    def url(self):
        return _IMAGE_FILE.storage.url(self.name)


class CardImage:
    """A lead photo's src, srcset, size and focal point, computed by Image's own code."""

    __slots__ = ("pk", "file", "width", "height", "focal_x", "focal_y", "rendition_widths")

    def __init__(self, pk, file, width, height, focal_x, focal_y, rendition_widths):
        self.pk, self.file = pk, _File(file)
        self.width, self.height = width, height
        self.focal_x, self.focal_y = focal_x, focal_y
        self.rendition_widths = rendition_widths or []

    rendition_url = Image.rendition_url
    src = Image.src
    srcset = Image.srcset
    focal_classes = Image.focal_classes


class Card:
    """A story as a card shows it: `title`, `kicker`, `summary` in the edition being served
    (stories have no fallback: translation.py), their `_ar` versions, `section`,
    `lead_image`, `published_at`, `get_absolute_url()`. `arabic_url` may be set by a view."""

    def __init__(self, row, language=None):
        language = language or translation.get_language()
        # Everything the card shows comes from the row: its values are the key of its
        # rendered HTML (caching/fragments.py). The photo's rendition widths are its one list.
        key = list(row.values())
        for position, value in enumerate(key):
            if value.__class__ is list:
                key[position] = tuple(value)
        self.key = tuple(key)
        self.pk = self.id = row["pk"]
        self.slug = row["slug"]
        self.published_at = row["published_at"]
        self.is_featured = row["is_featured"]
        self.section_id = row["section_id"]
        self.lead_image_id = row["lead_image_id"]
        texts = {name: row[name] or "" for name in _TEXT_COLUMNS}
        for name in _TEXTS:
            texts[name] = texts.get(f"{name}_{language}", "")
        self.__dict__.update(texts)
        self.section = CardSection(
            row["section_id"], row["section__slug"], row["section__parent_id"],
            row["section__is_active"],
            {name: row[f"section__{name}"] for name in _SECTION_NAMES}, language,
        )
        self.lead_image = None if row["lead_image_id"] is None else CardImage(
            row["lead_image_id"], *(row[f"lead_image__{name}"] for name in _IMAGE)
        )

    def get_absolute_url(self):
        return cached_reverse("articles:detail", pk=self.pk, slug=self.slug or "-")

    def __eq__(self, other):
        if isinstance(other, Card):
            return self.pk == other.pk
        from articles.models import Article

        if isinstance(other, Article):
            return self.pk == other.pk
        return NotImplemented

    def __hash__(self):
        return hash(self.pk)

    def __repr__(self):
        return f"<Card {self.pk}>"


def cards(queryset) -> list[Card]:
    """The stories of `queryset` (from the readers' door, in its order) as cards."""
    language = translation.get_language()
    return [Card(row, language) for row in queryset.values(*card_fields())]


# --- compiled once --------------------------------------------------------------------------


class CompiledCards:
    """A card query compiled to SQL once per shape (core/compiled.py), run with each call's
    ids and moments: `build(now, *args)` returns the queryset, from the readers' door
    (`for_readers(language, now)`); `args` are ids, lists of ids or moments."""

    def __init__(self, build):
        self.build = build
        self.compiled = Compiled(build, prepare=lambda queryset: queryset.values(*card_fields()))

    def __call__(self, *args, using=DEFAULT_DB_ALIAS) -> list[Card]:
        plan = self.compiled.plan(args, using)
        if plan is None:  # Django builds it: see Compiled.plan
            return cards(self.build(timezone.now(), *args))
        names, converters = self._converters(plan)
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, self.compiled.params(plan, args, using))
            rows = cursor.fetchall()
        result, language = [], translation.get_language()
        for row in rows:
            row = list(row[: len(names)])
            for position, (functions, expression) in converters.items():
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            result.append(Card(dict(zip(names, row, strict=True)), language))
        return result

    @staticmethod
    def _converters(plan):
        """(column names, converters) of a plan's values() query, kept on the plan."""
        cached = getattr(plan.compiler, "_card_converters", None)
        if cached is None:
            query, compiler = plan.queryset.query, plan.compiler
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
            converters = compiler.get_converters([s[0] for s in compiler.select[: len(names)]])
            cached = compiler._card_converters = (names, converters)
        return cached
