"""The story model: the readers' door and its editions, scheduling, and what save() derives."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from articles.models import Article, Status
from tests.factories import STATES, ArticleFactory
from tests.readers import english

pytestmark = pytest.mark.django_db


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


class TestForReaders:
    def test_is_the_published_due_stories_of_the_edition(self):
        arabic_only = ArticleFactory(published=True)
        both = ArticleFactory(published=True, **english())
        for state in STATES:
            if state != "published":
                ArticleFactory(**{state: True}, **english())

        assert ids(Article.objects.for_readers("ar")) == {arabic_only.pk, both.pk}
        assert ids(Article.objects.for_readers("en")) == {both.pk}

    def test_a_card_does_not_load_the_bodies(self):
        ArticleFactory(published=True)

        card = Article.objects.for_readers("ar").get()

        assert {"body_ar", "body_en", "search_extra"} <= card.get_deferred_fields()
        assert "title_ar" not in card.get_deferred_fields()

    def test_published_under_embargo_is_not_for_readers(self):
        """Belt and braces: the publish service refuses it, the door refuses it too."""
        ArticleFactory(published=True, embargo_until=timezone.now() + timezone.timedelta(hours=1))

        assert not Article.objects.for_readers("ar").exists()


class TestEditions:
    @pytest.mark.parametrize(("fields", "in_english"), [
        ({}, False),
        ({"title_en": "Headline only"}, False),
        ({"body_en": "<p>Body only.</p>"}, False),
        ({"title_en": "Both", "body_en": "<p>Text.</p>"}, True),
    ])
    def test_the_english_edition_needs_a_headline_and_a_body(self, fields, in_english):
        story = ArticleFactory(**fields)

        assert (story.pk in ids(Article.objects.in_edition("en"))) is in_english
        assert story.has_edition("en") is in_english
        assert story.has_edition("ar")

    def test_the_arabic_edition_and_an_unknown_language_have_every_story(self):
        stories = {ArticleFactory().pk, ArticleFactory(**english()).pk}

        assert ids(Article.objects.in_edition("ar")) == stories
        assert ids(Article.objects.in_edition("xx")) == stories


class TestScheduling:
    @pytest.mark.parametrize("state", STATES)
    def test_scheduled_and_is_scheduled_agree(self, state):
        story = ArticleFactory(**{state: True})

        assert (story.pk in ids(Article.objects.scheduled())) is story.is_scheduled

    def test_a_future_time_schedules_only_a_published_story(self):
        later = timezone.now() + timezone.timedelta(hours=1)

        assert ArticleFactory(published=True, published_at=later).is_scheduled
        assert not ArticleFactory(in_review=True, published_at=later).is_scheduled

    def test_a_scheduled_story_is_for_readers_once_its_time_passes(self):
        story = ArticleFactory(scheduled=True)
        assert story.pk not in ids(Article.objects.published())

        Article.objects.filter(pk=story.pk).update(
            published_at=timezone.now() - timezone.timedelta(seconds=1)
        )
        story.refresh_from_db()

        assert story.pk in ids(Article.objects.published())
        assert not story.is_scheduled
        assert story.pk not in ids(Article.objects.scheduled())

    def test_a_published_story_must_have_a_time(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            ArticleFactory(status=Status.PUBLISHED, published_at=None)


class TestSave:
    def test_slug_is_made_from_the_arabic_headline(self):
        story = ArticleFactory(title_ar="البرلمانُ يُقرّ الموازنةَ الجديدة!", title_en="Budget")

        assert story.slug == "البرلمان-يقر-الموازنة-الجديدة"

    def test_a_headline_without_letters_gets_a_slug_still(self):
        assert ArticleFactory(title_ar="!!! ؟؟").slug == "article"

    def test_the_slug_stays_when_the_headline_changes(self):
        """Shared links keep working: the page redirects from a stale slug, not to a new one."""
        story = ArticleFactory(title_ar="عنوان أول")
        story.title_ar = "عنوان ثان"
        story.save()

        story.refresh_from_db()
        assert story.slug == "عنوان-أول"

    def test_a_given_slug_is_kept(self):
        assert ArticleFactory(slug="budget-2027").slug == "budget-2027"

    def test_address_is_the_id_and_the_slug_in_each_edition(self):
        story = ArticleFactory(title_ar="خبر")

        assert story.get_absolute_url() == f"/article/{story.pk}/%D8%AE%D8%A8%D8%B1/"
        with translation.override("en"):
            assert story.get_absolute_url() == f"/en/article/{story.pk}/%D8%AE%D8%A8%D8%B1/"

    @pytest.mark.parametrize("language", ["ar", "en"])
    def test_body_is_sanitised_on_save_in_each_language(self, language):
        """A shell, a command or an import stores no script, whatever the form did."""
        story = ArticleFactory(**{
            f"body_{language}": '<p onclick="steal()">نص<script>alert(1)</script></p>'
            '<img src="https://evil.example/x.png">',
        })

        stored = Article.objects.get(pk=story.pk)
        body = getattr(stored, f"body_{language}")
        assert body.startswith("<p>نص</p>")
        assert "script" not in body and "alert" not in body and "onclick" not in body
        assert "evil.example" not in body  # only library images are kept
