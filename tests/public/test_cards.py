"""Story cards without model instances (articles/cards.py) and their rendered copies
(caching/fragments.py): a card shows what the story shows, in each edition; a query compiled
once answers like the queryset it came from; an edit shows at once."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from articles.cards import CompiledCards, cards
from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory
from tests.public.helpers import photo

pytestmark = pytest.mark.django_db


def story(minutes_ago, **fields):
    return ArticleFactory(
        published=True, published_at=timezone.now() - timedelta(minutes=minutes_ago), **fields
    )


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_card_shows_what_the_story_shows(language):
    section = SectionFactory(name_en="")  # an English name never written: Arabic shows
    image = photo()
    story(5, section=section, lead_image=image, kicker_ar="حصري", title_en="Oil",
          body_en="<p>Text.</p>", summary_en="", kicker_en="Exclusive")
    with translation.override(language):
        [article] = Article.objects.for_readers(language)
        [card] = cards(Article.objects.for_readers(language))
        for field in ("pk", "slug", "title", "kicker", "summary", "title_ar", "kicker_ar",
                      "published_at", "section_id", "is_featured"):
            assert getattr(card, field) == getattr(article, field), field
        assert card.get_absolute_url() == article.get_absolute_url()
        assert card.section.name == article.section.name
        assert card.section.get_absolute_url() == article.section.get_absolute_url()
        assert (card.section.parent_id, card.section.is_active) == (None, True)
        for field in ("src", "srcset", "width", "height", "focal_classes"):
            assert getattr(card.lead_image, field) == getattr(article.lead_image, field), field
        assert card == article and article == card and [card] == [article]


def test_a_card_without_a_photo_has_none():
    story(5)
    assert cards(Article.objects.for_readers("ar"))[0].lead_image is None


def _newest_of_section(now, section_id, exclude_ids):
    return (Article.objects.for_readers(translation.get_language(), now)
            .filter(section_id=section_id).exclude(pk__in=exclude_ids)[:3])


def test_a_compiled_query_answers_like_its_queryset():
    compiled = CompiledCards(_newest_of_section)
    one, two = SectionFactory(), SectionFactory()
    first = [story(n + 1, section=one) for n in range(4)]
    second = [story(n + 1, section=two) for n in range(2)]
    with translation.override("ar"):
        assert compiled(one.pk, [first[0].pk]) == first[1:4]
        # The same shape, other ids: the SQL is reused with this call's values.
        assert compiled(two.pk, [first[0].pk]) == second
        assert compiled(one.pk, [first[1].pk]) == [first[0], first[2], first[3]]
        assert len(compiled.compiled._plans) == 1
        # Another shape compiles once more.
        assert compiled(one.pk, [first[0].pk, first[1].pk]) == first[2:4]
        assert len(compiled.compiled._plans) == 2


def test_a_compiled_query_reads_the_moment_of_each_call():
    compiled = CompiledCards(_newest_of_section)
    section = SectionFactory()
    older = story(10, section=section)
    with translation.override("ar"):
        assert compiled(section.pk, [0]) == [older]
        soon = ArticleFactory(published=True, section=section,
                              published_at=timezone.now() + timedelta(seconds=1))
        assert compiled(section.pk, [0]) == [older]  # scheduled: not yet
        Article.objects.filter(pk=soon.pk).update(
            published_at=timezone.now() - timedelta(seconds=1))
        assert compiled(section.pk, [0]) == [soon, older]


def _section_since(now, section_id, since):
    return (Article.objects.for_readers(translation.get_language(), now)
            .filter(section_id=section_id, published_at__gte=since)[:3])


def test_a_compiled_query_takes_each_calls_moments():
    compiled = CompiledCards(_section_since)
    section = SectionFactory()
    old, new = story(48 * 60, section=section), story(2 * 60, section=section)
    with translation.override("ar"):
        assert compiled(section.pk, timezone.now() - timedelta(hours=12)) == [new]
        assert compiled(section.pk, timezone.now() - timedelta(days=3)) == [new, old]
        assert compiled(section.pk, timezone.now() - timedelta(hours=1)) == []
        assert len(compiled.compiled._plans) == 1


def test_a_compiled_query_keeps_one_sql_per_edition():
    compiled = CompiledCards(_newest_of_section)
    section = SectionFactory()
    arabic = story(2, section=section)
    both = story(1, section=section, title_en="Both", body_en="<p>Text.</p>")
    with translation.override("ar"):
        assert compiled(section.pk, [0]) == [both, arabic]
    with translation.override("en"):
        [card] = compiled(section.pk, [0])
        assert card == both and card.title == "Both"


def test_an_edited_card_shows_at_once(client):
    """Rendered cards are kept under everything they show, so an edit needs no purge."""
    section = SectionFactory()
    stories = [story(n + 1, section=section) for n in range(3)]
    assert "خبر محرر" not in client.get(section.get_absolute_url()).content.decode()
    Article.objects.filter(pk=stories[1].pk).update(title_ar="خبر محرر", title="خبر محرر")
    assert "خبر محرر" in client.get(section.get_absolute_url()).content.decode()
    section.name_ar = "قسم جديد"
    section.save()
    html = client.get("/").content.decode()
    assert html.count("قسم جديد") >= 2  # the menu and the cards
