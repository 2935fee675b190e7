"""Each ArticleFactory state trait builds a story in the state it names, as the desk and the
readers' door (Article.objects.published) understand that state."""

import pytest
from django.utils import timezone

from articles.models import Article, Status
from editorial import services
from tests.factories import HIDDEN_STATES, STATES, ArticleFactory

pytestmark = pytest.mark.django_db


def build(state: str) -> Article:
    article = ArticleFactory(**{state: True})
    article.refresh_from_db()  # what the database kept, not what the factory set
    return article


@pytest.mark.parametrize("state", STATES)
def test_only_the_published_state_is_for_readers(state):
    article = build(state)

    assert (article in Article.objects.published()) is (state == "published")
    assert (article in Article.objects.scheduled()) is (state == "scheduled")
    assert article.is_scheduled is (state == "scheduled")


@pytest.mark.parametrize(("state", "status"), [
    ("draft", Status.DRAFT), ("in_review", Status.IN_REVIEW), ("scheduled", Status.PUBLISHED),
    ("embargoed", Status.IN_REVIEW), ("published", Status.PUBLISHED),
    ("unpublished", Status.UNPUBLISHED),
])
def test_each_state_has_its_status(state, status):
    assert build(state).status == status


def test_a_scheduled_story_is_published_for_a_time_to_come():
    article = build("scheduled")

    assert article.published_at > timezone.now()
    assert article.embargo_until is None


def test_a_published_story_went_live_in_the_past():
    article = build("published")

    assert article.published_at <= timezone.now()
    assert article.embargo_until is None


def test_an_unpublished_story_was_live_once():
    assert build("unpublished").published_at < timezone.now()


def test_an_embargoed_story_cannot_be_published_yet(editor):
    article = build("embargoed")

    assert article.embargo_until > timezone.now()
    with pytest.raises(services.Embargoed):
        services.publish_article(article, by=editor, override=True)


def test_hidden_states_are_every_state_but_published():
    assert set(HIDDEN_STATES) == set(STATES) - {"published"}


def test_a_state_trait_leaves_explicit_fields_alone():
    """`published=True, published_at=…` still sets the time, as tests have always done."""
    when = timezone.now() - timezone.timedelta(days=3)

    assert ArticleFactory(published=True, published_at=when).published_at == when
