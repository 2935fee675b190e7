"""A story says "Updated" only for a real change after publication: a correction, or an edit
of what readers see more than NEWSROOM_UPDATED_AFTER_MINUTES after it went live. The
JSON-LD's dateModified (and article:modified_time) says the same time.

Times are real: the story's `published_at` is set in the past and the desk's services stamp
the edit with the clock, so no test sleeps."""

import json
import re
from datetime import datetime, timedelta

import pytest
import reversion
from django.core.cache import cache
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from caching import pagecache
from editorial import services
from tests.factories import ArticleFactory, UserFactory
from tests.readers import path_of

pytestmark = pytest.mark.django_db

THRESHOLD = 30


@pytest.fixture(autouse=True)
def threshold(settings):
    settings.NEWSROOM_UPDATED_AFTER_MINUTES = THRESHOLD


@pytest.fixture
def desk(db):
    return UserFactory(username="chief", role="editor")


def live_since(minutes: float, **fields) -> Article:
    return ArticleFactory(
        published=True, published_at=timezone.now() - timedelta(minutes=minutes),
        body_ar="<p>النص الأول.</p>", **fields,
    )


def edit(story, by, **changes) -> Article:
    """Save `changes` through the desk's service, as the change form does."""
    form_copy = Article.objects.get(pk=story.pk)
    for name, value in changes.items():
        setattr(form_copy, name, value)
    services.save_story(form_copy, by=by, edit_version=form_copy.version)
    return Article.objects.get(pk=story.pk)


def shown_updated(client, story) -> tuple[str | None, str]:
    """(the "Updated" <time>'s datetime or None, JSON-LD dateModified) on the story's page."""
    response = client.get(path_of(story))
    assert response.status_code == 200
    html = response.content.decode()
    meta = re.search(r'<p class="meta">(.*?)</p>', html, flags=re.DOTALL).group(1)
    # Published <time>, then "Updated" <time> when there is one.
    times = re.findall(r'<time datetime="([^"]+)"', meta)
    assert ("حُدّث" in meta) == (len(times) == 2), meta
    (ld,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return (times[1] if len(times) == 2 else None), json.loads(ld)["dateModified"]


def same_second(iso: str, moment) -> bool:
    """Whether `iso` (a page's time, with or without fractions) names `moment`'s second."""
    return datetime.fromisoformat(iso).replace(microsecond=0) == moment.replace(microsecond=0)


def test_an_edit_right_after_publishing_is_not_an_update(client, desk):
    story = ArticleFactory(in_review=True)
    services.publish_article(story, by=desk)

    story = edit(story, desk, body_ar="<p>النص بعد تصحيح خطأ مطبعي.</p>")

    updated, modified = shown_updated(client, story)
    assert updated is None
    assert same_second(modified, story.published_at)


def test_an_edit_within_the_threshold_is_not_shown(client, desk):
    story = edit(live_since(THRESHOLD - 5), desk, title_ar="عنوان بعد تعديل سريع")

    updated, modified = shown_updated(client, story)

    assert story.revised_at is not None
    assert updated is None
    assert same_second(modified, story.published_at)


def test_an_edit_after_the_threshold_is_shown_with_its_time(client, desk):
    story = edit(live_since(THRESHOLD + 5), desk, body_ar="<p>تطور جديد في الخبر.</p>")

    updated, modified = shown_updated(client, story)

    assert updated is not None and same_second(updated, story.revised_at)
    assert same_second(modified, story.revised_at)


def test_a_correction_is_shown_however_soon_it_comes(client, desk):
    story = edit(live_since(2), desk, correction_note_ar="صُحّح اسم الوزير.")

    updated, modified = shown_updated(client, story)

    assert updated is not None and same_second(updated, story.corrected_at)
    assert same_second(modified, story.corrected_at)


def test_a_save_that_changes_nothing_readers_see_is_not_an_update(client, desk):
    story = edit(live_since(THRESHOLD * 4), desk, is_featured=True)

    updated, modified = shown_updated(client, story)

    assert story.revised_at is None
    assert updated is None
    assert same_second(modified, story.published_at)


def test_edits_before_a_scheduled_time_are_not_updates(client, desk):
    story = ArticleFactory(scheduled=True, body_ar="<p>نص.</p>")
    story = edit(story, desk, body_ar="<p>نص منقح قبل النشر.</p>")
    assert story.revised_at is None
    # The scheduled time comes (an hour ago, as far as the page can tell).
    Article.objects.filter(pk=story.pk).update(
        published_at=timezone.now() - timedelta(hours=1)
    )

    updated, _modified = shown_updated(client, Article.objects.get(pk=story.pk))

    assert updated is None


def test_restoring_an_earlier_version_after_the_threshold_is_an_update(client, desk):
    story = live_since(THRESHOLD * 3)
    with reversion.create_revision():
        story.save()
    first = Version.objects.get_for_object(story).get()
    Article.objects.filter(pk=story.pk).update(body_ar="<p>نص آخر.</p>")

    services.restore_version(Article.objects.get(pk=story.pk), first.pk, by=desk)

    story = Article.objects.get(pk=story.pk)
    updated, _modified = shown_updated(client, story)
    assert updated is not None and same_second(updated, story.revised_at)


def test_the_threshold_is_a_setting(client, desk, settings):
    story = edit(live_since(20), desk, body_ar="<p>تطور.</p>")
    assert shown_updated(client, story)[0] is None

    settings.NEWSROOM_UPDATED_AFTER_MINUTES = 10
    cache.clear()  # the page cache still holds the page built with 30
    pagecache.forget_local()

    assert shown_updated(client, story)[0] is not None
