"""The readers' search page: /search/?q=… in each edition."""

from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.safestring import SafeString

from articles.models import Article, edition_condition
from public.views import PublicListView, public_articles, public_articles_of
from search.highlight import highlight
from search.queries import matching_stories, search_stories, similar_headlines
from search.terms import MAX_QUERY_LENGTH, clean_query, query_terms

# Fewer results than this on a page of an edition other than the default one (English) and the
# page offers the default (Arabic) edition's search for the same words, which holds every story.
FEW_RESULTS = 5


class Result(NamedTuple):
    article: Article
    title: SafeString
    summary: SafeString


class BoundedPaginator(Paginator):
    """Pages through the newest `limit` matches of a search (`object_list`) and counts no
    more than `limit` + 1 of `matches`, the same stories unranked and unbounded: `count` is at
    most `limit`, and `more` says whether more stories matched than are listed. A page past
    the limit is out of range, so a 404 like any other.

    The one extra row tells "exactly `limit`" from "more". Counting `matches[:limit + 1]`
    unordered, rather than `object_list`, lets the database stop at the first `limit` + 1
    matches it meets, in whichever order is cheapest.
    """

    def __init__(self, object_list, per_page, *, matches, limit, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.matches, self.limit = matches, limit

    @cached_property
    def found(self) -> int:
        # Newest first, like the page itself: in no order PostgreSQL counted with a scan
        # from the oldest stories, and a word rarer in old stories than in new ones read
        # far into the archive (392 ms at 1,000,000 stories, docs/benchmarks.md).
        newest_first = self.matches.order_by("-published_at", "-pk")
        return newest_first.values("pk")[: self.limit + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.found, self.limit)

    @property
    def more(self) -> bool:
        return self.found > self.limit


class SearchView(PublicListView):
    """/search/?q=… (and /en/search/): stories of the edition that match, 20 a page.

    Only the newest NEWSROOM_SEARCH_LIMIT matches are ranked and listed, and at most one more
    is counted; past that the page says there are more and asks for another word. When nothing
    matches on PostgreSQL, the newest NEWSROOM_SEARCH_SIMILAR_LIMIT headlines that look like
    the query are shown instead and the page says so. At most 4 queries of its own (count and
    page, twice).
    """

    template_name = "articles/search.html"
    view_name = "articles:search"

    def get_queryset(self):
        self.query = clean_query(self.request.GET.get("q", ""))
        self.terms = query_terms(self.query)
        self.similar = False
        if not self.terms:
            return public_articles().none()
        return search_stories(public_articles(), self.query, translation.get_language())

    def get_paginator(self, queryset, per_page, **kwargs):
        if not self.terms:
            return super().get_paginator(queryset, per_page, **kwargs)
        language = translation.get_language()
        paginator = BoundedPaginator(
            queryset, per_page, **kwargs, limit=settings.NEWSROOM_SEARCH_LIMIT,
            matches=matching_stories(public_articles(), self.query, language),
        )
        if paginator.count == 0:
            similar = similar_headlines(public_articles(), self.query, language)
            if similar is not None:
                self.similar = True
                # Its count is of the bounded IN list: SIMILAR_LIMIT rows at most.
                paginator = super().get_paginator(similar, per_page, **kwargs)
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, max_length=MAX_QUERY_LENGTH, **kwargs)
        context["similar"] = self.similar  # known once the paginator has counted
        paginator = context["paginator"]
        # "More than N stories found": N is what is listed, the limit.
        context["more_than"] = paginator.limit if getattr(paginator, "more", False) else None
        context["results"] = [
            Result(article, highlight(article.title, self.terms),
                   highlight(article.summary, self.terms))
            for article in context["articles"]
        ]
        if self.query and context["other_edition_url"]:
            # The language switch keeps the words searched for.
            context["other_edition_url"] += "?" + urlencode({"q": self.query})
        context.update(self._default_edition_offer(context))
        return context

    def _default_edition_offer(self, context) -> dict:
        """On another edition, when it found few stories (or only look-alikes): the default
        edition's search for the same words, and how many stories written only there match (at most
        NEWSROOM_SEARCH_LIMIT + 1 counted, one query). A link, not the stories themselves:
        the Arabic results read best on the Arabic page (its direction, its highlighting,
        its pages), and this page stays one bounded count dearer."""
        default = settings.LANGUAGE_CODE
        language = translation.get_language()
        paginator = context["paginator"]
        if (language == default or not self.terms or context["page_obj"].number != 1
                or (paginator.count >= FEW_RESULTS and not self.similar)):
            return {}
        limit = settings.NEWSROOM_SEARCH_LIMIT
        # Only the stories this edition lacks: those it has, it searched already.
        only_there = public_articles_of(default).exclude(edition_condition(language))
        found = (matching_stories(only_there, self.query, default)
                 .order_by("-published_at", "-pk").values("pk")[: limit + 1].count())
        if not found:
            return {}
        with translation.override(default):
            url = reverse(self.view_name)
        return {
            "default_edition_search": f"{url}?{urlencode({'q': self.query})}",
            "default_edition_found": min(found, limit),
            "default_edition_more": found > limit,
            "default_edition": default,
            "default_edition_name": translation.get_language_info(default)["name_translated"],
        }
