"""The API's endpoints: read-only, one edition at a time (`?lang=ar`, the default, or `en`).

Every story query starts from `Article.objects.for_readers(language)`, the readers' door, so
the API shows exactly what the site's pages show; sections, bylines and tags are listed only
where readers meet them (an active section; a byline or tag on a story readers can see).
Caching (page cache, ETag and 304) is the site's own, by URL name: caching/deps.py.
"""

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.http import http_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from articles.models import Article, ArticleAuthor, Status, Tag
from authors.models import Author
from search.queries import search_stories
from search.terms import clean_query, query_terms
from sections.models import Section

from . import serializers
from .pagination import BySlug, NewestFirst

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
SLUG_MAX = 300  # longer than any slug field (sections 120, bylines 160, tags 100)

LANG = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=list(LANGUAGES),
    default=settings.LANGUAGE_CODE,
    description="The edition: ar (Arabic, the default) or en (English).",
)


def _filter(name, what):
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        description=f"Only the stories of this {what} (its slug); 404 when readers cannot see it.",
    )


class EditionMixin:
    # `?lang=` chooses the edition; the whole request runs in its language (names, URLs,
    # messages), and says so in Content-Language. An unknown edition is a 400. (A comment,
    # not a docstring: the schema would give it as every endpoint's description.)

    def dispatch(self, request, *args, **kwargs):
        wanted = request.GET.get("lang", settings.LANGUAGE_CODE)
        self.language = wanted if wanted in LANGUAGES else None
        with translation.override(self.language or settings.LANGUAGE_CODE):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # the throttle first: a 400 costs too
        if self.language is None:
            raise ValidationError(
                {
                    "lang": [
                        _("Unknown edition; use one of: %(codes)s.")
                        % {"codes": ", ".join(LANGUAGES)}
                    ]
                }
            )

    def handle_exception(self, exc):
        # Django's 404 names the model in English ("No Article matches…"): DRF's own, in the
        # edition's language, says as much.
        if isinstance(exc, Http404):
            exc = NotFound()
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = self.language or settings.LANGUAGE_CODE
        return response

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "language": self.language}

    def stories(self):
        """The readers' door for this edition."""
        return Article.objects.for_readers(self.language)


def visible_authors(stories):
    """Bylines on at least one of `stories` (from the readers' door)."""
    return Author.objects.filter(
        Exists(stories.filter(bylines__author=OuterRef("pk")).values("pk"))
    )


def visible_tags(stories):
    """Tags on at least one of `stories` (from the readers' door)."""
    return Tag.objects.filter(Exists(stories.filter(tags=OuterRef("pk")).values("pk")))


def with_bylines_and_tags(stories):
    return stories.prefetch_related(
        Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author")),
        "tags",
    )


@extend_schema_view(
    get=extend_schema(
        summary="Stories, newest first",
        parameters=[
            LANG,
            _filter("section", "section (and its sub-sections)"),
            _filter("author", "byline"),
            _filter("tag", "tag"),
        ],
    )
)
class StoryList(EditionMixin, generics.ListAPIView):
    """The edition's published stories, newest first, in cursor pages (`next`, `previous`)."""

    serializer_class = serializers.StorySerializer
    pagination_class = NewestFirst

    def get_queryset(self):
        stories = self.stories()
        params = self.request.query_params
        for name in ("section", "author", "tag"):
            # No slug holds a NUL (PostgreSQL refuses it in a query) or is this long.
            if name in params and ("\x00" in params[name] or len(params[name]) > SLUG_MAX):
                raise Http404
        if "section" in params:
            section = get_object_or_404(Section.objects.active(), slug=params["section"])
            stories = stories.filter(
                Q(section_id=section.pk) | Q(section__parent_id=section.pk, section__is_active=True)
            )
        if "author" in params:
            author = get_object_or_404(visible_authors(self.stories()), slug=params["author"])
            stories = stories.filter(bylines__author=author)
        if "tag" in params:
            tag = get_object_or_404(visible_tags(self.stories()), slug=params["tag"])
            stories = stories.filter(tags=tag)
        return with_bylines_and_tags(stories)


@extend_schema_view(
    get=extend_schema(
        summary="One story, with its body",
        parameters=[LANG],
        responses={
            200: serializers.StoryDetailSerializer,
            404: OpenApiTypes.OBJECT,
            410: OpenApiTypes.OBJECT,
        },
    )
)
class StoryDetail(EditionMixin, generics.RetrieveAPIView):
    """404 for a story readers cannot see (or not written in this edition), 410 for one that
    was taken down, as on the site."""

    serializer_class = serializers.StoryDetailSerializer

    def get_queryset(self):
        return with_bylines_and_tags(self.stories().defer(None))

    def retrieve(self, request, *args, **kwargs):
        try:
            story = self.get_object()
        except Http404:
            if Article.objects.filter(pk=kwargs["pk"], status=Status.UNPUBLISHED).exists():
                return Response(
                    {"detail": _("This story was withdrawn.")}, status=status.HTTP_410_GONE
                )
            raise
        response = Response(self.get_serializer(story).data)
        # With the ETag (ConditionalGetMiddleware), a client revalidates cheaply: 304.
        response["Last-Modified"] = http_date(story.updated_at.timestamp())
        return response


@extend_schema_view(
    get=extend_schema(
        summary="Search the edition's stories, newest first",
        parameters=[
            LANG,
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                required=True,
                description="Words to look for (Arabic normalised as on the site's search).",
            ),
        ],
    )
)
class StorySearch(EditionMixin, generics.ListAPIView):
    """The site's search (search.queries): the newest NEWSROOM_SEARCH_LIMIT matches, paged
    newest first."""

    serializer_class = serializers.StorySerializer
    pagination_class = NewestFirst

    def get_queryset(self):
        query = clean_query(self.request.query_params.get("q", ""))
        if not query_terms(query):
            raise ValidationError({"q": [_("Give at least one word to search for.")]})
        return with_bylines_and_tags(search_stories(self.stories(), query, self.language))


@extend_schema_view(
    get=extend_schema(summary="Sections, in the site's menu order", parameters=[LANG])
)
class SectionList(EditionMixin, generics.ListAPIView):
    """Every active section; few enough for one answer (no cursor)."""

    serializer_class = serializers.SectionSerializer

    def get_queryset(self):
        return Section.objects.active().select_related("parent")

    def list(self, request, *args, **kwargs):
        data = self.get_serializer(self.get_queryset(), many=True).data
        return Response({"next": None, "previous": None, "results": data})


@extend_schema_view(get=extend_schema(summary="One section", parameters=[LANG]))
class SectionDetail(EditionMixin, generics.RetrieveAPIView):
    """An active section; its stories are at `stories_url`."""

    serializer_class = serializers.SectionSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Section.objects.active().select_related("parent")


@extend_schema_view(
    get=extend_schema(summary="Bylines with a story in the edition", parameters=[LANG])
)
class AuthorList(EditionMixin, generics.ListAPIView):
    """Bylines on at least one story readers can see in the edition, by slug."""

    serializer_class = serializers.AuthorSerializer
    pagination_class = BySlug

    def get_queryset(self):
        return visible_authors(self.stories()).select_related("photo")


@extend_schema_view(get=extend_schema(summary="One byline", parameters=[LANG]))
class AuthorDetail(EditionMixin, generics.RetrieveAPIView):
    """A byline on at least one story readers can see in the edition; else 404."""

    serializer_class = serializers.AuthorSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return visible_authors(self.stories()).select_related("photo")


@extend_schema_view(
    get=extend_schema(summary="Tags with a story in the edition", parameters=[LANG])
)
class TagList(EditionMixin, generics.ListAPIView):
    """Tags on at least one story readers can see in the edition, by slug."""

    serializer_class = serializers.TagSerializer
    pagination_class = BySlug

    def get_queryset(self):
        return visible_tags(self.stories())


@extend_schema_view(get=extend_schema(summary="One tag", parameters=[LANG]))
class TagDetail(EditionMixin, generics.RetrieveAPIView):
    """A tag on at least one story readers can see in the edition; else 404."""

    serializer_class = serializers.TagSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return visible_tags(self.stories())


class Schema(SpectacularAPIView):
    """The OpenAPI schema, in English whatever the site's language (field names and our
    descriptions are English; DRF's own would otherwise come in Arabic), rendered inside the
    override because its texts are lazy."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            response = super().dispatch(request, *args, **kwargs)
            return response.render() if hasattr(response, "render") else response
