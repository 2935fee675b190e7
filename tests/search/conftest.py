
import pytest
from django.db import connection

from authors.models import Author
from tests.factories import ArticleFactory, TagFactory
from tests.seed import body_with_photo, load_seed

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://…)"
)


def seed_body(seed) -> str:
    """The seed article's body as the editor produces it: paragraphs, headings, a caption."""
    return body_with_photo(seed)


@pytest.fixture
def seed_story(db):
    """The seed article, still a draft: headline, body, its topic and the outlet's byline."""
    seed = load_seed()
    outlet = Author.objects.create(name_ar=seed.byline, kind=Author.Kind.OUTLET)
    story = ArticleFactory(
        title_ar=seed.headline, summary_ar="", body_ar=seed_body(seed), bylines=[outlet]
    )
    story.tags.add(TagFactory(name_ar=seed.tag, name=seed.tag))
    return story


def found(client, query, url="/search/", **params):
    """The stories the search page lists for `query`, in order."""
    response = client.get(url, {"q": query, **params})
    assert response.status_code == 200, (query, response.status_code)
    return list(response.context["articles"])
