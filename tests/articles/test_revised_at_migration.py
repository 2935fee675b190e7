"""Migration 0009 fills `revised_at` for stories already saved well after publication, so
their "Updated" line survives, and leaves the rest (nearly all) untouched."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("articles.migrations.0009_article_revised_at")


def test_backfill_takes_updated_at_only_after_the_threshold(settings):
    settings.NEWSROOM_UPDATED_AFTER_MINUTES = 30
    now = timezone.now()
    late, prompt, draft = (ArticleFactory(published=True), ArticleFactory(published=True),
                           ArticleFactory(draft=True))
    for story, published, updated in [
        (late, now - timedelta(hours=3), now - timedelta(hours=1)),
        (prompt, now - timedelta(hours=3), now - timedelta(hours=3) + timedelta(seconds=1)),
        (draft, None, now),
    ]:
        Article.objects.filter(pk=story.pk).update(published_at=published, updated_at=updated)

    migration.from_updated_at(apps, None)

    revised = dict(Article.objects.values_list("pk", "revised_at"))
    assert revised == {late.pk: now - timedelta(hours=1), prompt.pk: None, draft.pk: None}
    assert Article.objects.get(pk=late.pk).updated_for_readers == now - timedelta(hours=1)
