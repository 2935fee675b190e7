"""Queries are prepared once per connection, except full text search, whose best plan
depends on the words searched (newsroom/db/postgresql/base.py, docs/benchmarks.md)."""

import pytest
from django.db import connection

from articles.models import Article
from search.checks import typo_tolerance_available
from search.queries import similar_headlines
from tests.factories import ArticleFactory
from tests.search.conftest import found

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def prepared(fragment: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{fragment}%"],
        )
        return [row[0] for row in cursor.fetchall()]


def test_a_readers_query_is_prepared_a_search_never(client):
    story = ArticleFactory(published=True, title_ar="زلزال يضرب المدينة")
    for _ in range(6):
        assert Article.objects.filter(pk=story.pk).exists()
        assert found(client, "زلزال") == [story]
    assert prepared('FROM "articles_article"'), "nothing prepared: is the threshold set?"
    assert prepared("_tsquery(") == []


def test_a_headline_likeness_is_never_prepared():
    if not typo_tolerance_available(connection):
        pytest.skip("needs pg_trgm")
    story = ArticleFactory(published=True, title_ar="زيلينسكي يزور بغداد")
    for _ in range(6):
        assert list(similar_headlines(Article.objects.all(), "زيلنسكي", "ar")) == [story]
    assert prepared("word_similarity(") == []
