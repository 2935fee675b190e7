"""The API shows nothing readers cannot see on the site: the readers' pages' own check
(tests/readers.py) over the API's places, in both editions, for every hidden state."""

import pytest
from django.utils import timezone

from tests.factories import HIDDEN_STATES, ArticleFactory, AuthorFactory, TagFactory
from tests.readers import (
    API_PLACES,
    assert_hidden_from_readers,
    assert_shown_to_readers,
    english,
    place,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(placement):
    return place(
        placement,
        published=True,
        title_ar="خبر منشور يراه الجميع",
        **english("A story everyone can read"),
    )


def hidden(placement, **fields):
    return place(
        placement,
        title_ar="خبر لا يجوز أن يراه القراء",
        **english("A story readers must not see"),
        **fields,
    )


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_story_not_public_is_nowhere_in_the_api(client, placement, live, state):
    story = hidden(placement, **{state: True})

    shown = assert_shown_to_readers(client, live, places=API_PLACES)
    checked = assert_hidden_from_readers(client, story, places=API_PLACES)

    # Both editions of: the story, the list, the list by section, byline and tag, a search.
    assert len(shown) == len(API_PLACES) * 2
    assert len(checked) == len(API_PLACES) * 2


def test_published_story_still_under_embargo_is_hidden(client, placement, live):
    story = hidden(
        placement, published=True, embargo_until=timezone.now() + timezone.timedelta(hours=1)
    )

    assert_hidden_from_readers(client, story, places=API_PLACES)


def test_the_check_fails_for_a_story_readers_can_see(client, live):
    with pytest.raises(AssertionError):
        assert_hidden_from_readers(client, live, places=API_PLACES)


@pytest.mark.parametrize("where", API_PLACES)
def test_each_api_place_alone_catches_a_leak(client, live, where):
    """The check of each place reads that place: a live story fails it there."""
    with pytest.raises(AssertionError):
        assert_hidden_from_readers(client, live, places=[where])


def test_a_tag_only_hidden_stories_carry_is_not_in_the_api(client, placement):
    """A topic the desk has not released (a tag on a draft) is not listed, nor filterable."""
    secret_tag, secret_author = TagFactory(name="وفاة مسؤول"), AuthorFactory(name="كاتب سري")
    story = ArticleFactory(draft=True, section=placement["section"], bylines=[secret_author])
    story.tags.add(secret_tag)
    place(placement, published=True)  # the shared byline and tag are public

    tags = client.get("/api/v1/tags/").json()["results"]
    authors = client.get("/api/v1/authors/").json()["results"]

    assert secret_tag.slug not in [t["slug"] for t in tags]
    assert secret_author.slug not in [a["slug"] for a in authors]
    assert client.get(f"/api/v1/tags/{secret_tag.slug}/").status_code == 404
    assert client.get(f"/api/v1/authors/{secret_author.slug}/").status_code == 404
    assert client.get("/api/v1/stories/", {"tag": secret_tag.slug}).status_code == 404
    assert client.get("/api/v1/stories/", {"author": secret_author.slug}).status_code == 404
    # The public ones are there: the check above can tell.
    assert placement["tag"].slug in [t["slug"] for t in tags]
    assert placement["author"].slug in [a["slug"] for a in authors]
