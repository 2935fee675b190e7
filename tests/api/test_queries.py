"""Each endpoint's SQL queries, pinned: the same however many stories, bylines and tags a
page holds (django_assert_num_queries). Counts are of the request as a reader makes it,
page cache off (the test settings), every middleware included."""

import pytest

from tests.factories import ArticleFactory, AuthorFactory, TagFactory
from tests.public.helpers import photo
from tests.readers import english

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(placement):
    """12 stories in both editions, each with two bylines, two tags and a photo."""
    stories = []
    for n in range(12):
        story = ArticleFactory(
            published=True,
            section=placement["section"],
            lead_image=photo((480, 270)),
            bylines=[placement["author"], AuthorFactory()],
            **english(f"Story {n}"),
        )
        story.tags.add(placement["tag"], TagFactory())
        stories.append(story)
    return stories


# endpoint -> queries: stories (1), their bylines (1) and tags (1); a filter's look-up (1);
# a story's page its row, bylines and tags; a list of bylines or tags one query.
COUNTS = {
    "/api/v1/stories/": 3,
    "/api/v1/stories/?lang=en": 3,
    "/api/v1/stories/?page_size=50": 3,
    "/api/v1/stories/?section={section}": 4,
    "/api/v1/stories/?author={author}": 4,
    "/api/v1/stories/?tag={tag}": 4,
    "/api/v1/stories/{story}/": 3,
    "/api/v1/stories/{story}/?lang=en": 3,
    "/api/v1/search/?q=خبر": 3,
    "/api/v1/search/?q=story&lang=en": 3,
    "/api/v1/sections/": 1,
    "/api/v1/sections/{section}/": 1,
    "/api/v1/authors/": 1,
    "/api/v1/authors/{author}/": 1,
    "/api/v1/tags/": 1,
    "/api/v1/tags/{tag}/": 1,
    "/api/v1/schema/": 0,
}


@pytest.mark.parametrize(("url", "queries"), COUNTS.items())
def test_queries_per_endpoint(client, placement, archive, django_assert_num_queries, url, queries):
    url = url.format(
        section=placement["section"].slug,
        author=placement["author"].slug,
        tag=placement["tag"].slug,
        story=archive[-1].pk,
    )
    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200, (url, response.status_code)
    if response["Content-Type"] == "application/json" and "results" in response.json():
        assert response.json()["results"]


def test_the_count_does_not_grow_with_the_page(
    client, placement, archive, django_assert_num_queries
):
    """Twelve stories or two: the same three queries."""
    with django_assert_num_queries(3):
        small = client.get("/api/v1/stories/?page_size=2").json()
    with django_assert_num_queries(3):
        large = client.get("/api/v1/stories/?page_size=12").json()

    assert (len(small["results"]), len(large["results"])) == (2, 12)
    assert all(
        len(story["authors"]) == 2
        and len(story["tags"]) == 2
        and story["lead_image"]["url"].startswith("http://testserver/")
        for story in large["results"]
    )
