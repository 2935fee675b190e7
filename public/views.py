"""Public pages. Every one starts from `public_articles()`: what readers may see, in the
edition (language) being served. Each view declares the joins its template needs, and a test
holds each page to a fixed number of SQL queries however long its lists are."""

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date
from django.views.generic import DetailView, ListView, TemplateView

from articles.cards import Card, CompiledCards, card_fields, cards
from articles.models import (
    Article,
    ArticleAuthor,
    Status,
    Tag,
    TaggedArticle,
    edition_condition,
)
from authors.models import Author
from core.compiled import Compiled
from sections.models import Section

from .context_processors import navigation_for
from .pagination import ArchivePaginator

PAGE_SIZE = 20
SECTION_BLOCK_SIZE = 4
BREAKING_HOURS = 12
RELATED_COUNT = 6
# The home page's section blocks come from the newest stories; a desk with fewer than
# SECTION_BLOCK_SIZE among them gets one small query of its own (see HomeView). Each
# candidate costs three model instances (docs/architecture-notes.md, "Readers' pages").
HOME_CANDIDATES = 60
# The home page's lists under the lead: top stories (with small photos), then the latest.
HOME_TOP = 4
HOME_LATEST = 10
# An edition other than Arabic with fewer stories than this on its home page (short of the
# lead, top and latest lists' 15) is followed by the newest HOME_FROM_ARABIC stories of the
# Arabic edition (see HomeView).
HOME_EDITION_MIN = 12
HOME_FROM_ARABIC = 8
# Related stories are chosen among each tag's newest stories (see _related).
RELATED_PER_TAG = 50


def public_articles():
    """The readers' door for the edition being served (Article.objects.for_readers)."""
    return Article.objects.for_readers(translation.get_language())


def public_articles_of(language):
    """The readers' door for another edition than the one served: a story only in Arabic,
    seen from the English edition (ArticleDetailView, the search page's offer)."""
    return Article.objects.for_readers(language)


def edition_urls(request, view_name, kwargs=None, languages=None):
    """[(language, absolute URL)] of this page in each edition, for hreflang links."""
    urls = []
    for code, _name in settings.LANGUAGES:
        if languages is not None and code not in languages:
            continue
        with translation.override(code):
            urls.append((code, request.build_absolute_uri(reverse(view_name, kwargs=kwargs))))
    return urls


class EditionMixin:
    """Canonical URL and the other editions of the page, for <head>."""

    view_name = None

    def edition_kwargs(self):
        return self.kwargs or None

    def get_context_data(self, **kwargs):
        alternates = edition_urls(self.request, self.view_name, self.edition_kwargs())
        language = translation.get_language()
        return super().get_context_data(
            canonical_url=dict(alternates).get(language),
            alternate_urls=alternates,
            other_edition_url=next((u for c, u in alternates if c != language), None),
            **kwargs,
        )


class PublicListView(EditionMixin, ListView):
    """A paginated list of stories: `?page=` that is malformed or past the end is a 404."""

    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    allow_empty = True


class ArchiveListView(PublicListView):
    """A section's, author's or tag's stories: newest first, paged without a count and no
    deeper than public.pagination.MAX_PAGES, so the archive's size never shows in the cost."""

    paginator_class = ArchivePaginator

    def paginate_queryset(self, queryset, page_size):
        """The page's stories as cards (articles/cards.py): a list page shows nothing else."""
        rows = queryset.values(*card_fields())
        paginator, page, _rows, is_paginated = super().paginate_queryset(rows, page_size)
        page.object_list = [Card(row) for row in page.object_list]
        return paginator, page, page.object_list, is_paginated


class HomeView(EditionMixin, TemplateView):
    """The front page, in order of weight: the lead story, the top stories, the latest news,
    then a block per section. A story has one card: each list takes what the lists above it
    left. (The breaking bar is an alert, not a card: it may name a story that has one.)

    The English edition carries only stories written in English (ArticleQuerySet.in_edition).
    When its home page shows fewer than HOME_EDITION_MIN of them, a labelled block "From the
    Arabic edition" follows with the newest Arabic stories (Arabic headlines marked lang="ar",
    linked to their Arabic pages), so a thin edition is a short page, not an empty one; and
    its breaking bar shows the Arabic breaking story, marked as Arabic, when no English one
    is breaking.
    """

    template_name = "articles/home.html"
    view_name = "articles:home"
    candidates = HOME_CANDIDATES  # other values (tests) skip the compiled _newest_cards

    def get_context_data(self, **kwargs):
        # The newest stories, once: the top and latest lists and most section blocks.
        # As cards (articles/cards.py): the page shows nothing else of them. Their SQL is
        # compiled once per edition.
        newest = (_newest_cards() if self.candidates == HOME_CANDIDATES
                  else cards(public_articles()[: self.candidates]))
        # The newest featured story (a partial index makes this one index probe).
        featured = _featured_cards()
        lead = featured[0] if featured else (newest[0] if newest else None)
        rest = [a for a in newest[: 1 + HOME_TOP + HOME_LATEST] if a != lead]
        top, latest = rest[:HOME_TOP], rest[HOME_TOP:HOME_TOP + HOME_LATEST]
        above = [a for a in (lead, *top, *latest) if a is not None]
        blocks = self._section_blocks(newest, {a.pk for a in above})
        shown = [*above, *(a for _s, block in blocks for a in block)]
        return super().get_context_data(
            lead=lead, top_stories=top, latest=latest, breaking=self._breaking(),
            section_blocks=blocks, from_arabic=self._from_arabic(shown),
            # Every story of this edition on the page, once: what the page shows a reader.
            articles=shown,
            **kwargs,
        )

    def _breaking(self):
        """The newest breaking story of the last BREAKING_HOURS. On an edition other than
        Arabic, one written in it if any, else the Arabic one (the template marks it)."""
        since = timezone.now() - timezone.timedelta(hours=BREAKING_HOURS)
        language = translation.get_language()
        if language == settings.LANGUAGE_CODE:
            story = _breaking_cards(since)
            return story[0] if story else None
        recent = {"is_breaking": True, "published_at__gte": since}
        # One query: the edition's own breaking story first, else the Arabic one.
        in_edition = ExpressionWrapper(edition_condition(language), BooleanField())
        story = (
            public_articles_of(settings.LANGUAGE_CODE).filter(**recent)
            .annotate(in_edition=in_edition).order_by("-in_edition", "-published_at", "-pk")
            .first()
        )
        if story is not None and not story.in_edition:
            story.arabic_url = _arabic_url(story)
        return story

    def _from_arabic(self, shown):
        """The newest Arabic stories not on this page, when this edition (not the Arabic
        one) shows fewer than HOME_EDITION_MIN stories: one bounded query, else none."""
        if translation.get_language() == settings.LANGUAGE_CODE or len(shown) >= HOME_EDITION_MIN:
            return []
        stories = cards(
            public_articles_of(settings.LANGUAGE_CODE)
            .exclude(pk__in=[a.pk for a in shown])[:HOME_FROM_ARABIC]
        )
        for story in stories:
            story.arabic_url = _arabic_url(story)
        return stories

    def _section_blocks(self, newest, shown):
        """The newest few stories of each top-level section (a sub-section's stories count
        for its parent), in navigation order, leaving out the stories in `shown` (ids).

        Taken from `newest` when the desk has enough stories there; a quieter desk costs one
        `LIMIT` query on the section index, never a scan of the archive. A desk whose stories
        are all shown higher up has no block.
        """
        nav = navigation_for(self.request)
        by_desk = {}
        for article in newest:
            if article.pk in shown or not article.section.is_active:
                continue
            desk = article.section.parent_id or article.section_id
            by_desk.setdefault(desk, []).append(article)
        blocks = []
        for section in nav:
            block = by_desk.get(section.pk, [])[:SECTION_BLOCK_SIZE]
            if len(block) < SECTION_BLOCK_SIZE and len(newest) == self.candidates:
                desk_ids = [section.pk, *(child.pk for child in section.subsections)]
                block = _desk_cards(desk_ids, sorted(shown))
            if block:
                blocks.append((section, block))
        return blocks


def _door(now):
    return Article.objects.for_readers(translation.get_language(), now)


# The home page's two lists from the whole edition, compiled once per edition.
_newest_cards = CompiledCards(lambda now: _door(now)[:HOME_CANDIDATES])
_featured_cards = CompiledCards(lambda now: _door(now).filter(is_featured=True)[:1])
_desk_cards = CompiledCards(
    lambda now, desk_ids, shown: _door(now).filter(section_id__in=desk_ids)
    .exclude(pk__in=shown)[:SECTION_BLOCK_SIZE]
)
_breaking_cards = CompiledCards(
    lambda now, since: _door(now).filter(is_breaking=True, published_at__gte=since)[:1]
)


def _arabic_url(article):
    """The story's address in the Arabic edition, whatever edition is being served."""
    with translation.override(settings.LANGUAGE_CODE):
        return article.get_absolute_url()


class ArticleDetailView(EditionMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    view_name = "articles:detail"

    def get_object(self, queryset=None):
        """The public story with its bylines and tags, from three queries compiled once
        (core/compiled.py): building them was about a third of the page's time
        (docs/benchmarks.md, "Faster misses")."""
        pk = self.kwargs["pk"]
        found = _story.objects(pk)
        if not found:
            raise Http404
        article = found[0]
        _prefetched(article, "bylines", _bylines.objects(pk))
        _prefetched(article, "tags", _tags.objects(pk))
        return article

    def get(self, request, *args, **kwargs):
        # Looked up by id only, so an edited headline never breaks a shared link: a stale
        # slug redirects permanently to the current address.
        try:
            self.object = self.get_object()
        except Http404:
            # A public story not written in this edition: say so and link to it (200,
            # noindex), rather than a 404 that blames the reader's link.
            elsewhere = self._in_default_edition(kwargs["pk"])
            if elsewhere is not None:
                return self._only_in_default_edition(elsewhere, kwargs["slug"])
            # A story that was taken down is gone, not missing: 410 tells search engines to
            # drop it. Anything else not public (draft, scheduled, embargoed) is simply 404.
            if Article.objects.filter(pk=kwargs["pk"], status=Status.UNPUBLISHED).exists():
                return TemplateResponse(request, "410.html", status=410)
            raise
        if kwargs["slug"] != self.object.slug:
            return redirect(self.object, permanent=True)
        response = self.render_to_response(self.get_context_data(object=self.object))
        # With the ETag, lets a cache revalidate cheaply (ConditionalGetMiddleware: 304).
        response["Last-Modified"] = http_date(self.object.updated_at.timestamp())
        return response

    @staticmethod
    def _in_default_edition(pk):
        """The story `pk` if readers of the default (Arabic) edition may see it, when the
        edition being served is another; every public story is in the default edition."""
        if translation.get_language() == settings.LANGUAGE_CODE:
            return None
        return public_articles_of(settings.LANGUAGE_CODE).filter(pk=pk).first()

    def _only_in_default_edition(self, article, slug):
        """This edition's page for a public story written only in the default edition: what
        it is (its own headline and summary, marked with their language) and a link to it.

        200 rather than 404 (the address is right, the story exists), noindex so search
        engines keep only the story itself, and hreflang pointing at it."""
        if slug != article.slug:
            return redirect(reverse(self.view_name, kwargs={"pk": article.pk,
                                                            "slug": article.slug}),
                            permanent=True)
        edition = settings.LANGUAGE_CODE
        alternates = edition_urls(self.request, self.view_name,
                                  {"pk": article.pk, "slug": article.slug}, [edition])
        story_url = alternates[0][1]
        response = TemplateResponse(self.request, "articles/other_edition.html", {
            "article": article,
            "edition": edition,
            "edition_name": translation.get_language_info(edition)["name_translated"],
            "edition_dir": "rtl" if translation.get_language_info(edition)["bidi"] else "ltr",
            "headline": getattr(article, f"title_{edition}"),
            "summary": getattr(article, f"summary_{edition}") or "",
            "kicker": getattr(article, f"kicker_{edition}") or "",
            "story_url": story_url,
            "canonical_url": None,
            "alternate_urls": alternates,
            "other_edition_url": story_url,
        })
        response["Last-Modified"] = http_date(article.updated_at.timestamp())
        return response

    def edition_kwargs(self):
        return {"pk": self.object.pk, "slug": self.object.slug}

    def get_context_data(self, **kwargs):
        article = self.object
        context = super().get_context_data(related=self._related(article), **kwargs)
        # hreflang names only the editions the story is written in; the language switch
        # goes to the same address in the other edition all the same, where a story not
        # written in it has a page saying so (_only_in_default_edition).
        context["alternate_urls"] = [
            (code, url) for code, url in context["alternate_urls"] if article.has_edition(code)
        ]
        return context

    def _related(self, article):
        """Stories sharing the most tags first, then the newest; the same section's newest
        when too few share a tag.

        One query over bounded candidates (each tag's RELATED_PER_TAG newest by id, from
        tagged_tag_newest_idx, and the section's newest few), so a big tag costs what a
        small one does.
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        return _related_cards(article.pk, article.section_id, tag_ids)


_story = Compiled(lambda now, pk: _door(now).defer(None).filter(pk=pk))
_bylines = Compiled(
    lambda now, pk: ArticleAuthor.objects.filter(article_id=pk).select_related("author")
)
_tags = Compiled(
    lambda now, pk: Tag.objects.filter(**{f"{TaggedArticle.tag_relname()}__content_object": pk})
)


def _prefetched(article, name, objects):
    """`article.<name>.all()` answers `objects` without a query, as prefetch_related leaves
    it (a related manager reads its instance's prefetched objects first)."""
    found = _PREFETCH_CACHE_NAMES.get(name)
    if found is None:  # once per process: a related manager costs a query's building
        manager = getattr(article, name)
        cache_name = getattr(manager, "prefetch_cache_name", None)
        if cache_name is None:
            cache_name = manager.field.remote_field.cache_name
        found = _PREFETCH_CACHE_NAMES[name] = (cache_name, manager.model)
    cache_name, model = found
    queryset = QuerySet(model)
    queryset._result_cache, queryset._prefetch_done = list(objects), True
    article.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = queryset


_PREFETCH_CACHE_NAMES: dict = {}


def _related_query(now, pk, section_id, tag_ids):
    """The query of ArticleDetailView._related, built from ids alone (see CompiledCards)."""
    door = Article.objects.for_readers(translation.get_language(), now)
    parts = [door.filter(section_id=section_id).exclude(pk=pk).values("pk")[:RELATED_COUNT]]
    for tag_id in tag_ids:
        parts.append(TaggedArticle.objects.filter(tag_id=tag_id)
                     .order_by("-content_object_id")
                     .values("content_object_id")[:RELATED_PER_TAG])
    if connection.features.supports_slicing_ordering_in_compound:
        # One IN over a UNION ALL, which PostgreSQL joins by primary key. An OR of
        # several IN (…) it can only test row by row, over the whole archive.
        candidates = Q(pk__in=parts[0].union(*parts[1:], all=True))
    else:  # SQLite cannot LIMIT inside a UNION; its archives are small
        candidates = Q()
        for part in parts:
            candidates |= Q(pk__in=part)
    related = door.exclude(pk=pk).filter(candidates)
    if tag_ids:  # (an empty IN makes the filtered count, under .values(), match nothing)
        related = related.annotate(
            shared=Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
        ).order_by("-shared", "-published_at", "-pk")
    return related[:RELATED_COUNT]


# Its SQL is built once per edition and number of tags, not on every story page.
_related_cards = CompiledCards(_related_query)


class TagDetailView(ArchiveListView):
    template_name = "articles/tag_detail.html"
    view_name = "articles:tag"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return public_articles().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AboutView(EditionMixin, TemplateView):
    """The editorial board and contact details, from the site settings."""

    template_name = "articles/about.html"
    view_name = "articles:about"


class SectionDetailView(ArchiveListView):
    """A section's stories, its sub-sections' included, newest first."""

    template_name = "sections/section_detail.html"
    view_name = "sections:detail"

    def get_queryset(self):
        self.section = get_object_or_404(Section.objects.active(), slug=self.kwargs["slug"])
        self.subsections = list(self.section.children.filter(is_active=True))
        return public_articles().filter(section__in=[self.section, *self.subsections])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            section=self.section, subsections=self.subsections, **kwargs
        )


class AuthorDetailView(ArchiveListView):
    """A byline's page: who they are and what they signed."""

    template_name = "authors/author_detail.html"
    view_name = "authors:detail"

    def get_queryset(self):
        self.author = get_object_or_404(Author.objects.select_related("photo"),
                                        slug=self.kwargs["slug"])
        return public_articles().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
