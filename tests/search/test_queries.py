"""A search costs the same whatever the size of the archive: only the newest
NEWSROOM_SEARCH_LIMIT matches are ranked, listed and counted (docs/search.md, "At scale")."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from public.search import SearchView
from public.views import public_articles
from search.checks import typo_tolerance_available
from search.queries import search_stories, similar_headlines
from tests.factories import ArticleFactory
from tests.search.conftest import found, on_postgres

pytestmark = pytest.mark.django_db

BUDGET = 6  # as in test_search_page.py
LIMIT = 5


def story(days_ago=0, **fields):
    return ArticleFactory(
        published=True, published_at=timezone.now() - timedelta(days=days_ago, minutes=1),
        **fields,
    )


@pytest.fixture
def limit(settings):
    settings.NEWSROOM_SEARCH_LIMIT = LIMIT
    return LIMIT


@pytest.fixture
def eight_matches(limit):
    """Eight stories about an earthquake, one a day, the newest first, under two newer
    stories about something else; two have it in the headline: one among the newest five,
    one older."""
    story(days_ago=0, title_ar="أمطار غزيرة في الشمال")
    story(days_ago=0, title_ar="افتتاح معرض الكتاب")
    stories = []
    for n in range(8):
        title = "زلزال يضرب المدينة" if n in (3, 6) else f"خبر رقم {n}"
        stories.append(story(days_ago=1 + n, title_ar=title,
                             body_ar="<p>شعر السكان بهزة زلزال قوية.</p>"))
    return stories


def queries_of(client, query, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": query, **params})
    return response, [q["sql"] for q in queries]


class TestOnlyTheNewestMatchesCount:
    def test_the_newest_five_are_listed_a_headline_match_among_them_first(
        self, client, eight_matches
    ):
        newest = eight_matches[:LIMIT]

        assert found(client, "زلزال") == [newest[3], newest[0], newest[1], newest[2], newest[4]]

    def test_an_older_headline_match_is_not_listed(self, client, eight_matches):
        assert eight_matches[6] not in found(client, "زلزال")

    def test_the_page_says_there_are_more_and_asks_for_another_word(
        self, client, eight_matches
    ):
        response = client.get("/search/", {"q": "زلزال"})

        assert response.context["more_than"] == LIMIT
        assert response.context["paginator"].count == LIMIT
        html = response.content.decode()
        assert "عُثر على أكثر من 5 أخبار: أضف كلمة لتضييق البحث." in html
        assert "عُثر على 5 أخبار." not in html

    def test_the_english_edition_says_it_in_english(self, client, limit):
        for n in range(LIMIT + 1):
            story(days_ago=n, title_ar="زلزال", title_en=f"Earthquake {n}",
                  body_en="<p>An earthquake.</p>")

        html = client.get("/en/search/", {"q": "earthquake"}).content.decode()

        assert "More than 5 stories found: add a word to narrow the search." in html

    def test_exactly_the_limit_is_counted_not_more(self, client, limit):
        for n in range(LIMIT):
            story(days_ago=n, title_ar=f"زلزال رقم {n}")

        response = client.get("/search/", {"q": "زلزال"})

        assert response.context["more_than"] is None
        assert "عُثر على 5 أخبار." in response.content.decode()

    def test_pages_stop_at_the_limit_then_404(self, client, eight_matches, monkeypatch):
        monkeypatch.setattr(SearchView, "paginate_by", 2)

        last = client.get("/search/", {"q": "زلزال", "page": 3})
        beyond = client.get("/search/", {"q": "زلزال", "page": 4})  # stories 7 and 8

        assert last.status_code == 200
        assert list(last.context["articles"]) == [eight_matches[4]]
        assert beyond.status_code == 404

    def test_page_two_is_past_the_limit_at_twenty_a_page(self, client, eight_matches):
        assert client.get("/search/", {"q": "زلزال", "page": 2}).status_code == 404


class TestCost:
    def test_the_query_count_does_not_grow_with_the_matches(self, client, limit):
        for n in range(LIMIT + 1):
            story(days_ago=n, title_ar=f"زلزال رقم {n}")
        client.get("/search/", {"q": "زلزال"})  # site settings cached, as on a live site
        _response, few = queries_of(client, "زلزال")
        for n in range(20):
            story(days_ago=10 + n, title_ar=f"زلزال آخر {n}")

        response, many = queries_of(client, "زلزال")

        assert len(response.context["articles"]) == LIMIT
        assert len(many) == len(few) <= BUDGET, many

    def test_no_query_counts_or_ranks_every_match(self, client, eight_matches):
        _response, queries = queries_of(client, "زلزال")

        counts = [sql for sql in queries if "COUNT(" in sql.upper()]
        assert len(counts) == 1
        assert f"LIMIT {LIMIT + 1}" in counts[0]  # one more than the limit: "more than"?
        page = next(sql for sql in queries if " IN (SELECT " in sql and "COUNT(" not in sql)
        assert re.search(rf" IN \(SELECT .* LIMIT {LIMIT}\)", page, re.DOTALL), page

    def test_the_limit_is_inside_the_in_subquery(self, limit):
        with translation.override("ar"):
            sql = str(search_stories(public_articles(), "زلزال", "ar").query)

        outer, _in, inner = sql.partition(" IN (SELECT ")
        assert inner, sql
        inner, _end, outer_order = inner.rpartition(f" LIMIT {LIMIT})")
        assert re.search(r'ORDER BY "U0"."published_at" DESC, \S+ DESC$', inner), sql
        assert "LIMIT" not in outer + outer_order
        assert outer_order.startswith(") ORDER BY "), sql  # headline first, then the newest


@on_postgres
@pytest.mark.postgres
class TestSimilarHeadlinesAreBounded:
    @pytest.fixture(autouse=True)
    def _trigrams_read_arabic(self, db):
        if not typo_tolerance_available(connection):
            pytest.skip("pg_trgm cannot read Arabic here: the database's LC_CTYPE is C")

    def test_only_the_newest_look_alikes_are_offered_and_counted(self, client, settings):
        settings.NEWSROOM_SEARCH_SIMILAR_LIMIT = 3
        alike = [story(days_ago=n, title_ar=f"زيلينسكي يلتقي الوفد رقم {n}") for n in range(5)]

        response, queries = queries_of(client, "زيلنسكي")

        assert response.context["similar"] is True
        assert list(response.context["articles"]) == alike[:3]  # as alike: newest first
        assert response.context["paginator"].count == 3
        counts = [sql for sql in queries if "COUNT(" in sql.upper()]
        assert len(counts) == 2 and all("LIMIT" in sql for sql in counts), counts
        assert len(queries) <= BUDGET

    def test_the_limit_is_inside_the_in_subquery(self, settings):
        settings.NEWSROOM_SEARCH_SIMILAR_LIMIT = 7
        with translation.override("ar"):
            sql = str(similar_headlines(public_articles(), "زيلنسكي", "ar").query)

        assert re.search(r" IN \(SELECT .*%>>.* LIMIT 7\)\) ORDER BY ", sql, re.DOTALL), sql
