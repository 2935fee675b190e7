"""No page, listing, feed, sitemap or JSON-LD ever shows a story readers may not see.

Each kind of not-public story sits beside a live one with the same section, byline and tag,
in both editions; every place must show the live story (so it really covers that section,
author or tag) and never the other (tests/readers.py checks them all).
"""

import pytest
from django.utils import timezone

from tests.factories import HIDDEN_STATES
from tests.readers import (
    PLACES,
    assert_hidden_from_readers,
    assert_shown_to_readers,
    english,
    place,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(placement):
    return place(placement, published=True, title_ar="خبر منشور يراه الجميع",
                 **english("A story everyone can read"))


def hidden(placement, **fields):
    return place(placement, title_ar="خبر لا يجوز أن يراه القراء",
                 **english("A story readers must not see"), **fields)


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_story_not_public_is_nowhere_readers_look(client, placement, live, state):
    story = hidden(placement, **{state: True})

    shown = assert_shown_to_readers(client, live)
    checked = assert_hidden_from_readers(client, story)

    # Both editions of every place: the story page (and a guess at it), home, the section,
    # author and tag pages and feeds, the site feed, a sitemap file, the news sitemap.
    assert len(shown) == len(PLACES) * 2
    assert len(checked) == len(PLACES) * 2 - 1  # one news sitemap for both editions


def test_published_story_still_under_embargo_is_hidden(client, placement, live):
    """Made directly (the publish service refuses it): the readers' door refuses it too."""
    story = hidden(placement, published=True, embargo_until=timezone.now() + timezone.timedelta(
        hours=1))

    assert_hidden_from_readers(client, story)


def test_the_check_fails_for_a_story_readers_can_see(client, live):
    with pytest.raises(AssertionError, match=f"story {live.pk}|/article/{live.pk}/"):
        assert_hidden_from_readers(client, live)


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_the_check_fails_for_a_story_readers_cannot_see(client, placement, state):
    story = hidden(placement, **{state: True})

    with pytest.raises(AssertionError):
        assert_shown_to_readers(client, story)


@pytest.mark.parametrize("where", ["home", "tag", "feed", "sitemap", "news-sitemap"])
def test_each_place_alone_catches_a_leak(client, live, where):
    """The check of each place reads that place: a live story fails it there."""
    with pytest.raises(AssertionError):
        assert_hidden_from_readers(client, live, places=[where])
