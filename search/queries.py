"""The queries: which stories match a reader's words, on PostgreSQL (the stored, GIN-indexed
vectors) and on SQLite (a regex over the normalised text), bounded to the newest matches so
that a search costs the same whatever the size of the archive (docs/search.md)."""

import operator
from functools import reduce

from django.conf import settings
from django.contrib.postgres.search import (
    SearchQuery,
    SearchQueryField,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connections, models
from django.db.models import F, Func, Value, When
from django.db.models.expressions import Col, Expression
from django.db.models.functions import Concat
from django.db.models.lookups import IRegex

from search.plurals import plural_rewrites
from search.terms import query_terms, term_forms_pattern, without_lone_letters

SEARCH_CONFIGS = {"ar": "newsroom_arabic", "en": "english"}


def _normalized(expression) -> Func:
    return Func(expression, function="newsroom_search_normalize", output_field=models.TextField())


def search_stories(stories, query: str, language: str, limit: int | None = None):
    """The newest `limit` (settings.NEWSROOM_SEARCH_LIMIT) `stories` that match `query` in the
    `language` edition, headline matches first (all the query's words in the headline), then
    the newest.

    One shape on both databases: `pk IN (SELECT pk FROM <matches> ORDER BY published_at DESC,
    pk DESC LIMIT n)`, the outer query ranking those n rows only (docs/search.md, "At scale").
    """
    conditions = _match_conditions(stories, query, language)
    if conditions is None:
        return stories.none()
    matches, headline = conditions
    limit = settings.NEWSROOM_SEARCH_LIMIT if limit is None else limit
    return (
        newest_matches(stories, matches, limit)
        .annotate(headline_match=_true_when(headline))
        .order_by("-headline_match", "-published_at", "-pk")
    )


def matching_stories(stories, query: str, language: str):
    """Every one of `stories` that matches, in no order: only ever to be sliced (and counted)
    as `matching_stories(…)[:n]`, never counted whole (docs/search.md, "At scale")."""
    conditions = _match_conditions(stories, query, language)
    if conditions is None:
        return stories.none()
    return stories.filter(conditions[0]).order_by()


def either_edition_matches(stories, query: str):
    """A condition for `stories.filter()`: the story matches `query` in its Arabic or its
    English edition; None when the query has no word to look for.

    For the desk's search box, which looks at both editions of every story it may show
    (drafts included), where the public search looks at the reader's edition of published
    stories. Same matching, same indexes: on PostgreSQL one GIN index per edition, which
    the planner can OR together (BitmapOr) instead of reading the table.
    """
    matches = [
        conditions[0]
        for language in SEARCH_CONFIGS
        if (conditions := _match_conditions(stories, query, language)) is not None
    ]
    return reduce(operator.or_, map(models.Q, matches)) if matches else None


def newest_matches(stories, condition, limit):
    """`stories` limited to the newest `limit` that meet `condition`, in a subquery.

    The LIMIT inside the IN: the database may stop after `limit` matches, newest first, or
    collect a rare word's few matches from its index. Asked instead for a page's first rows
    of `stories.filter(condition)`, PostgreSQL may walk the newest-first index testing every
    story, which for a word it guesses too common reads the whole archive."""
    newest = stories.filter(condition).order_by("-published_at", "-pk").values("pk")[:limit]
    return stories.filter(pk__in=newest)


def _match_conditions(stories, query, language):
    """(story matches, headline matches): two boolean expressions that can go in filter()
    or When() of any query over the article table, a subquery included; None when the query
    has no word to look for."""
    language = language if language in SEARCH_CONFIGS else "ar"
    query = without_lone_letters(query)
    if connections[stories.db].vendor == "postgresql":
        return _postgres_conditions(query, language)
    return _sqlite_conditions(query_terms(query), language)


class _StoredVector(Expression):
    """A story's stored `search_vector_<language>` column (not a model field: Python never
    reads it, and a field would be loaded with every story), qualified with the alias the
    query gives the article table, which Django renames inside a subquery (U0). A RawSQL
    naming "articles_article" would, in a subquery, silently read the outer query's row."""

    def __init__(self, language):
        super().__init__(output_field=SearchVectorField())
        self.language = language

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False,
                           for_save=False):
        column = SearchVectorField()
        column.set_attributes_from_name(f"search_vector_{self.language}")
        return Col(query.get_initial_alias(), column)


def _postgres_conditions(query, language):
    config = SEARCH_CONFIGS[language]
    tsquery = SearchQuery(_normalized(Value(query)), config=config, search_type="websearch")
    for word, others in plural_rewrites(query):
        tsquery = _WithOtherForms(tsquery, word, others, config)
    vector = _StoredVector(language)
    headline = Func(vector, Value("{a}"), function="ts_filter", output_field=SearchVectorField())
    return SearchVectorExact(vector, tsquery), SearchVectorExact(headline, tsquery)


class _WithOtherForms(SearchQuery):
    """`ts_rewrite(query, word, word | other forms)`: the query with each occurrence of one
    word's lexeme replaced by an OR of that word and its broken plural (or singular) forms,
    inside a phrase or a negation too (docs/search.md, "Broken plurals"). The words are
    normalised already (search.plurals), so they are only stemmed here. IMMUTABLE with
    constant arguments: the planner folds it and estimates the final tsquery."""

    def __init__(self, query, word, others, config):
        def lexemes(text):
            return SearchQuery(Value(text), config=config, search_type="plain")

        substitute = reduce(operator.or_, map(lexemes, others), lexemes(word))
        Func.__init__(self, query, lexemes(word), substitute, output_field=SearchQueryField())
        self.function, self.config, self.invert = "ts_rewrite", None, False


def _true_when(condition):
    return models.Case(
        When(condition, then=True), default=False, output_field=models.BooleanField()
    )


def _sqlite_conditions(terms, language):
    # Every term somewhere in the text: one pass of lookaheads per story.
    if not terms:
        return None
    every_term = "".join(
        rf"(?=[\s\S]*?(?:^|\W){term_forms_pattern(term)})" for term in terms
    )
    fields = [
        F(f"title_{language}"), F(f"kicker_{language}"), F(f"summary_{language}"),
        Func(F(f"body_{language}"), function="newsroom_search_strip_html"), F("search_extra"),
    ]
    parts = []
    for field in fields:
        parts += [_normalized(field), Value("\n")]
    document = Concat(*parts, output_field=models.TextField())
    return (
        IRegex(document, every_term),
        IRegex(_normalized(F(f"title_{language}")), every_term),
    )


class _WordsLike(Func):
    """`text %>> query`: whole words of text look like query (pg_trgm strict word
    similarity at its default threshold, 0.5). Plain word similarity (0.6) misses a name
    spelled one letter short, زيلنسكي for زيلينسكي; this catches it."""

    arg_joiner = " %%>> "
    template = "(%(expressions)s)"
    output_field = models.BooleanField()


def similar_headlines(stories, query: str, language: str, limit: int | None = None):
    """The newest `limit` (settings.NEWSROOM_SEARCH_SIMILAR_LIMIT) `stories` whose headline
    has words that look like `query` (a typo, another spelling of a name), most alike first;
    None where the database cannot tell (SQLite).

    Bounded like search_stories: `%>>` goes through the trigram GIN index when few headlines
    look alike, and the newest-first walk stops after `limit` when many do; likeness is
    computed and sorted for those rows only.
    """
    if connections[stories.db].vendor != "postgresql":
        return None
    language = language if language in SEARCH_CONFIGS else "ar"
    title = _normalized(F(f"title_{language}"))
    wanted = _normalized(Value(without_lone_letters(query)))
    limit = settings.NEWSROOM_SEARCH_SIMILAR_LIMIT if limit is None else limit
    return (
        newest_matches(stories, _WordsLike(title, wanted), limit)
        .annotate(
            likeness=Func(wanted, title, function="strict_word_similarity",
                          output_field=models.FloatField())
        )
        .order_by("-likeness", "-published_at", "-pk")
    )
