"""The readers' site end to end with the page cache on, as in production.

An editor publishes, edits, unpublishes and schedules stories through the desk's services;
anonymous readers, whose every page, feed and sitemap was cached a moment before, see each
change on their very next request (tests/readers.py reads all the places).
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from articles.models import Article
from editorial import services
from tests.readers import (
    LANGUAGES,
    assert_hidden_from_readers,
    assert_shown_to_readers,
    english,
    place,
    reader_urls,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True


@pytest.fixture
def neighbour(placement):
    """A live story in the same section, byline and tag: the pages exist before ours is out."""
    return place(placement, published=True, title_ar="خبر سابق في القسم",
                 **english("An earlier story"))


@pytest.fixture
def story(placement, neighbour):
    """A story in review with its byline, tag and English edition."""
    return place(placement, in_review=True, title_ar="البرلمان يقر الموازنة",
                 **{**english("Parliament passes the budget"), "summary_en": "After a vote."})


def publish(story, editor, commit, **kwargs):
    with commit():
        services.publish_article(story, by=editor, **kwargs, override=True)


def desk_edit(story, commit, **fields):
    """What the desk's save does to a live story (editorial.admin.workflow, save_model)."""
    with commit():
        for name, value in fields.items():
            setattr(story, name, value)
        story.version += 1
        story.save()
        services.announce_public_change(story)


def test_readers_pages_come_from_the_cache(client, neighbour):
    """A change that bypasses the desk is not seen: the pages are cached, so the checks
    below prove that each desk change reaches the cache, not merely the database."""
    assert_shown_to_readers(client, neighbour)

    Article.objects.filter(pk=neighbour.pk).update(title_ar="عنوان لم يمر بالمكتب")

    for _place, url in reader_urls(neighbour, "ar", ["article", "home", "feed"]):
        assert "عنوان لم يمر بالمكتب" not in client.get(url).content.decode(), url


def test_a_published_story_is_everywhere_on_the_next_request(client, editor, story, commit):
    assert_hidden_from_readers(client, story)  # and every one of those answers is cached

    publish(story, editor, commit)

    assert_shown_to_readers(client, story)


def test_an_edit_to_the_live_story_is_everywhere_on_the_next_request(
    client, editor, story, commit
):
    publish(story, editor, commit)
    assert_shown_to_readers(client, story)

    old = {language: getattr(story, f"title_{language}") for language in LANGUAGES}

    desk_edit(story, commit, title_ar="الموازنة تمر في البرلمان",
              title_en="Budget clears parliament")

    # Every place that prints headlines: the sitemap files print addresses only.
    places = ["article", "home", "section", "author", "tag", "feed", "tag-feed", "news-sitemap"]
    for language in LANGUAGES:
        new = getattr(story, f"title_{language}")
        for _place, url in reader_urls(story, language, places):
            body = client.get(url).content.decode()
            assert new in body, url
            assert old[language] not in body, url


def test_an_unpublished_story_is_gone_on_the_next_request(
    client, editor, story, neighbour, commit
):
    publish(story, editor, commit)
    assert_shown_to_readers(client, story)

    with commit():
        services.unpublish_article(story, by=editor, reason="خطأ في المصدر")

    assert_hidden_from_readers(client, story)  # its address answers 410 Gone
    assert_shown_to_readers(client, neighbour)  # the pages themselves are still there


def test_a_scheduled_story_appears_once_its_time_passes(client, editor, story, commit):
    at = timezone.now() + timedelta(hours=1)
    publish(story, editor, commit, at=at)
    assert_hidden_from_readers(client, story)

    with mock.patch("django.utils.timezone.now", return_value=at + timedelta(seconds=1)):
        assert_shown_to_readers(client, story)
