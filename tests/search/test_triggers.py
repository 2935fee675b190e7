"""The database keeps each story's tag and byline names (`search_extra`) current, whatever
the write: saves, QuerySet.update(), bulk_create and queryset deletes alike."""

import pytest

from articles.models import Article, ArticleAuthor, Tag, TaggedArticle
from authors.models import Author
from search.document import search_extra_for
from tests.factories import ArticleFactory, AuthorFactory, TagFactory
from tests.search.conftest import found

pytestmark = pytest.mark.django_db


@pytest.fixture
def live():
    return ArticleFactory(published=True, title_ar="خبر عن الطقس")


def stored(story) -> str:
    return Article.objects.values_list("search_extra", flat=True).get(pk=story.pk)


class TestTheText:
    def test_tags_by_name_then_bylines_in_order_each_name_once(self, live):
        """The database writes what the Python twin (search_extra_for) writes."""
        for name_ar, name_en in [("سياسة", "Politics"), ("اقتصاد", ""), ("جمانة", None)]:
            live.tags.add(TagFactory(name_ar=name_ar, name=name_ar, name_en=name_en))
        jumana = AuthorFactory(name_ar="جمانة", name_en="Jumana")
        layla = AuthorFactory(name_ar="ليلى", name_en="Layla")
        ArticleAuthor.objects.create(article=live, author=jumana, order=1)
        ArticleAuthor.objects.create(article=live, author=layla, order=0)

        assert stored(live) == "اقتصاد\nجمانة\nسياسة\nPolitics\nليلى\nLayla\nJumana"
        assert stored(live) == search_extra_for([live.pk])[live.pk]

    def test_a_story_without_tags_or_bylines_has_none(self, live):
        assert stored(live) == "" == search_extra_for([live.pk])[live.pk]

    def test_a_byline_moved_moves_its_names(self, live):
        first, second = AuthorFactory(name_ar="أحمد"), AuthorFactory(name_ar="سارة")
        bylines = [ArticleAuthor.objects.create(article=live, author=a, order=n)
                   for n, a in enumerate([first, second])]

        bylines[0].order, bylines[1].order = 1, 0
        ArticleAuthor.objects.bulk_update(bylines, ["order"])

        assert stored(live) == "سارة\nأحمد"

    def test_the_column_cannot_be_written_from_outside(self, live):
        live.tags.add(TagFactory(name_ar="الانتخابات", name="الانتخابات"))

        Article.objects.filter(pk=live.pk).update(search_extra="كلام قديم")

        assert stored(live) == "الانتخابات"


class TestWritesThatBypassSignals:
    """What the signal receivers this replaced could not see: none leaves the names stale."""

    def test_a_headline_changed_by_update(self, client, live):
        Article.objects.filter(pk=live.pk).update(title_ar="زلزال في الشمال")

        assert found(client, "زلزال") == [live]
        assert found(client, "الطقس") == []

    def test_taggings_made_by_bulk_create(self, client, live):
        tag = TagFactory(name_ar="الانتخابات", name="الانتخابات")

        TaggedArticle.objects.bulk_create([TaggedArticle(content_object=live, tag=tag)])

        assert found(client, "انتخابات") == [live]

    def test_bylines_made_by_bulk_create(self, client, live):
        author = AuthorFactory(name_ar="سارة الحسيني")

        ArticleAuthor.objects.bulk_create([ArticleAuthor(article=live, author=author)])

        assert found(client, "الحسيني") == [live]

    def test_a_tag_renamed_by_update(self, client, live):
        tag = TagFactory(name_ar="الاقتصاد", name="الاقتصاد")
        live.tags.add(tag)

        Tag.objects.filter(pk=tag.pk).update(name_ar="المال")

        assert found(client, "المال") == [live]
        assert found(client, "الاقتصاد") == []

    def test_an_author_renamed_by_update(self, client, live):
        author = AuthorFactory(name_ar="جمانة")
        ArticleAuthor.objects.create(article=live, author=author)

        Author.objects.filter(pk=author.pk).update(name_ar="ليلى")

        assert found(client, "ليلى") == [live]
        assert found(client, "جمانة") == []

    def test_a_tagging_deleted_by_a_queryset(self, client, live):
        live.tags.add(TagFactory(name_ar="الرياضة", name="الرياضة"))

        TaggedArticle.objects.filter(content_object=live).delete()

        assert found(client, "الرياضة") == []

    def test_a_byline_deleted_by_a_queryset(self, client, live):
        ArticleAuthor.objects.create(article=live, author=AuthorFactory(name_ar="يوسف"))

        ArticleAuthor.objects.filter(article=live).delete()

        assert found(client, "يوسف") == []

    def test_a_tagging_moved_to_another_story_by_update(self, client, live):
        other = ArticleFactory(published=True, title_ar="خبر آخر")
        live.tags.add(TagFactory(name_ar="البرلمان", name="البرلمان"))

        TaggedArticle.objects.filter(content_object=live).update(content_object=other)

        assert found(client, "البرلمان") == [other]
        assert stored(live) == ""


class TestEverydayWrites:
    def test_a_tag_added_is_searchable_and_a_tag_removed_is_not(self, client, live):
        tag = TagFactory(name_ar="الانتخابات", name="الانتخابات")

        live.tags.add(tag)
        assert found(client, "انتخابات") == [live]

        live.tags.remove(tag)
        assert found(client, "انتخابات") == []

    def test_clearing_tags_clears_their_names(self, client, live):
        live.tags.add(TagFactory(name_ar="البرلمان", name="البرلمان"))

        live.tags.clear()

        assert found(client, "البرلمان") == []

    def test_a_byline_added_is_searchable_and_a_byline_removed_is_not(self, client, live):
        byline = ArticleAuthor.objects.create(article=live, author=AuthorFactory(name_ar="سارة"))
        assert found(client, "سارة") == [live]

        byline.delete()
        assert found(client, "سارة") == []

    def test_renaming_a_tag_or_an_author_renames_them_in_search(self, client, live):
        tag = TagFactory(name_ar="الاقتصاد", name="الاقتصاد")
        author = AuthorFactory(name_ar="جمانة")
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

    def test_a_deleted_tag_leaves_no_name_behind(self, client, live):
        tag = TagFactory(name_ar="الرياضة", name="الرياضة")
        live.tags.add(tag)

        tag.delete()

        assert found(client, "الرياضة") == []

    def test_english_tag_names_serve_the_english_edition(self, client):
        story = ArticleFactory(published=True, title_en="Weather", body_en="<p>Rain.</p>")
        story.tags.add(TagFactory(name_ar="الانتخابات", name_en="Elections", name="الانتخابات"))

        assert found(client, "elections", url="/en/search/") == [story]

    def test_keeping_names_current_is_not_an_edit(self, live):
        """Tagging changes neither the story's `updated_at` nor its version."""
        before = Article.objects.values_list("updated_at", "version").get(pk=live.pk)

        live.tags.add(TagFactory())

        assert Article.objects.values_list("updated_at", "version").get(pk=live.pk) == before

    def test_saving_an_instance_older_than_a_byline_keeps_the_byline(self, client, live):
        stale = Article.objects.get(pk=live.pk)
        ArticleAuthor.objects.create(article=live, author=AuthorFactory(name_ar="يوسف"))

        stale.kicker_ar = "عاجل"
        stale.save()

        assert found(client, "يوسف") == [live]

    def test_deleting_a_story_with_bylines_and_tags_works(self, live):
        ArticleAuthor.objects.create(article=live, author=AuthorFactory())
        live.tags.add(TagFactory())

        live.delete()

        assert not Article.objects.filter(pk=live.pk).exists()
