"""Queries compiled once (core/compiled.py) answer exactly as the querysets they stand for:
the story page's story, bylines and tags in both editions, each call's own ids and moment,
in any thread."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles.models import Article, ArticleAuthor
from core.compiled import Compiled
from public import views
from tests.factories import ArticleFactory, AuthorFactory, TagFactory


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def rich_story(**extra):
    story = ArticleFactory(published=True, title_en="Both", body_en="<p>Text.</p>", **extra)
    for order, author in enumerate([AuthorFactory(), AuthorFactory(), AuthorFactory()]):
        ArticleAuthor.objects.create(article=story, author=author, order=2 - order)
    story.tags.add(TagFactory(), TagFactory(), TagFactory())
    return story


def page_object(pk):
    view = views.ArticleDetailView()
    view.kwargs = {"pk": pk}
    return view.get_object()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_story_page_reads_what_its_queryset_reads(language):
    story, other = rich_story(), rich_story()
    with translation.override(language):
        expected = (
            Article.objects.for_readers(language).defer(None)
            .prefetch_related(
                Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author")),
                "tags",
            ).get(pk=story.pk)
        )
        for pk in (other.pk, story.pk):  # the second call reuses the first one's SQL
            with CaptureQueriesContext(connection) as queries:
                article = page_object(pk)
                bylines, tags = list(article.bylines.all()), list(article.tags.all())
                section, photo = article.section, article.lead_image
            assert len(queries) == 3  # story (with section and photo), bylines, tags

    assert fields(article) == fields(expected)
    assert fields(section) == fields(expected.section)
    assert (photo and fields(photo)) == (expected.lead_image and fields(expected.lead_image))
    assert [(b.pk, fields(b.author)) for b in bylines] == [
        (b.pk, fields(b.author)) for b in expected.bylines.all()
    ]
    assert [fields(t) for t in tags] == [fields(t) for t in expected.tags.all()]
    assert len(tags) == 3 and len(bylines) == 3


@pytest.mark.django_db
def test_hidden_stories_are_not_found():
    from django.http import Http404

    hidden = [
        ArticleFactory(),  # a draft
        ArticleFactory(published=True, published_at=timezone.now() + timedelta(minutes=5)),
        ArticleFactory(published=True, embargo_until=timezone.now() + timedelta(minutes=5)),
    ]
    page_object(rich_story().pk)  # compiled with a public story first
    for story in hidden:
        with pytest.raises(Http404):
            page_object(story.pk)
    with translation.override("en"), pytest.raises(Http404):
        page_object(ArticleFactory(published=True).pk)  # not written in English


@pytest.mark.django_db
def test_each_call_reads_its_own_moment():
    soon = ArticleFactory(published=True, published_at=timezone.now() + timedelta(seconds=2))
    query = Compiled(lambda now, pk: Article.objects.for_readers("ar", now).filter(pk=pk))
    assert query.objects(soon.pk) == []
    Article.objects.filter(pk=soon.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert query.objects(soon.pk) == [soon]


@pytest.mark.django_db(transaction=True)
def test_a_plan_compiled_in_one_thread_runs_in_another():
    story = rich_story()
    page_object(story.pk)
    found = []

    def read():
        try:
            found.append(page_object(story.pk).pk)
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert found == [story.pk]


@pytest.mark.django_db
def test_an_id_beyond_any_database_integer_finds_nothing():
    from django.http import Http404

    page_object(rich_story().pk)
    with pytest.raises(Http404):
        page_object(10**25)  # /article/10000000000000000000000000/x/: no row, no error
