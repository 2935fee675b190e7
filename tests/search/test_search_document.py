"""Tag and byline names are part of a story's search document, and stay current."""

import pytest

from articles.models import Article, ArticleAuthor
from tests.factories import ArticleFactory, AuthorFactory, TagFactory
from tests.search.conftest import found

pytestmark = pytest.mark.django_db


@pytest.fixture
def live():
    return ArticleFactory(published=True, title_ar="خبر عن الطقس")


def test_a_tag_added_is_searchable_and_a_tag_removed_is_not(client, live):
    tag = TagFactory(name_ar="الانتخابات", name="الانتخابات")

    live.tags.add(tag)
    assert found(client, "انتخابات") == [live]

    live.tags.remove(tag)
    assert found(client, "انتخابات") == []


def test_clearing_tags_clears_their_names(client, live):
    live.tags.add(TagFactory(name_ar="البرلمان", name="البرلمان"))

    live.tags.clear()

    assert found(client, "البرلمان") == []


def test_a_byline_added_is_searchable_and_a_byline_removed_is_not(client, live):
    author = AuthorFactory(name_ar="سارة الحسيني")

    byline = ArticleAuthor.objects.create(article=live, author=author)
    assert found(client, "الحسيني") == [live]

    byline.delete()
    assert found(client, "الحسيني") == []


def test_renaming_a_tag_or_an_author_renames_them_in_search(client, live):
    tag, author = TagFactory(name_ar="الاقتصاد", name="الاقتصاد"), AuthorFactory(name_ar="جمانة")
    live.tags.add(tag)
    ArticleAuthor.objects.create(article=live, author=author)

    tag.name_ar = tag.name = "المال"
    tag.save()
    author.name_ar = "ليلى"
    author.save()

    assert found(client, "المال") == [live]
    assert found(client, "ليلى") == [live]
    assert found(client, "الاقتصاد") == []
    assert found(client, "جمانة") == []


def test_a_deleted_tag_leaves_no_name_behind(client, live):
    tag = TagFactory(name_ar="الرياضة", name="الرياضة")
    live.tags.add(tag)

    tag.delete()

    assert found(client, "الرياضة") == []


def test_english_tag_names_serve_the_english_edition(client):
    story = ArticleFactory(published=True, title_en="Weather", body_en="<p>Rain.</p>")
    story.tags.add(TagFactory(name_ar="الانتخابات", name_en="Elections", name="الانتخابات"))

    assert found(client, "elections", url="/en/search/") == [story]


def test_keeping_names_current_is_not_an_edit(live):
    """Tagging changes neither the story's `updated_at` nor its version."""
    before = Article.objects.values_list("updated_at", "version").get(pk=live.pk)

    live.tags.add(TagFactory())

    assert Article.objects.values_list("updated_at", "version").get(pk=live.pk) == before


def test_saving_an_instance_older_than_a_byline_keeps_the_byline(client, live):
    stale = Article.objects.get(pk=live.pk)
    ArticleAuthor.objects.create(article=live, author=AuthorFactory(name_ar="يوسف"))

    stale.kicker_ar = "عاجل"
    stale.save()

    assert found(client, "يوسف") == [live]


def test_deleting_a_story_with_bylines_and_tags_works(live):
    ArticleAuthor.objects.create(article=live, author=AuthorFactory())
    live.tags.add(TagFactory())

    live.delete()

    assert not Article.objects.filter(pk=live.pk).exists()
