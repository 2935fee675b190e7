"""Every move of a story through the desk. The only code that writes `Article.status`.

Each service locks the story's row, checks who is asking (PermissionDenied: "not you"),
then whether the move exists from the current status (InvalidTransition: "not from
here"), records an ArticleEvent, saves only the fields it changed, and sends its signal
once the transaction has committed (so mail never goes out about a rolled-back move);
public_content_changed alone is sent inside the transaction (see editorial/signals.py).
"""

from datetime import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from editorial import permissions, signals
from editorial.models import ArticleEvent
from editorial.workflow import MOVES, InvalidTransition, Status

Action = ArticleEvent.Action


class Embargoed(Exception):
    """The story is under embargo until `until`; nobody may publish it before then."""

    def __init__(self, until: datetime):
        self.until = until
        super().__init__(until)


@transaction.atomic
def submit_for_review(article: Article, *, by, note: str = "") -> Article:
    """The author hands a draft to the editors, optionally with a note for them."""
    article = _locked(article)
    permissions.check_can_submit(by, article)
    event = _move(article, "submit", action=Action.SUBMITTED, by=by, note=note)
    article.save(update_fields=["status", "updated_at"])
    _after_commit(signals.article_submitted, article, event)
    return article


@transaction.atomic
def send_back(article: Article, *, by, note: str) -> Article:
    """An editor returns a story to its author as a draft, saying what needs fixing."""
    article = _locked(article)
    permissions.check_can_send_back(by, article)
    _require_note(note, _("Say what the author should fix: the note is required."))
    event = _move(article, "send_back", action=Action.SENT_BACK, by=by, note=note)
    article.save(update_fields=["status", "updated_at"])
    _after_commit(signals.article_sent_back, article, event)
    return article


@transaction.atomic
def publish_article(article: Article, *, by, at: datetime | None = None, note: str = "") -> Article:
    """Publish now, or schedule for `at` if it is in the future.

    A scheduled story is simply PUBLISHED with a future `published_at`: the public query
    shows it from that moment, with no worker or cron job to run. Works from draft
    (breaking news), in review and unpublished (republish).
    """
    article = _locked(article)
    permissions.check_can_publish(by, article)
    now = timezone.now()
    when = at or now
    if article.embargo_until and when < article.embargo_until:
        raise Embargoed(article.embargo_until)
    if article.status == Status.PUBLISHED and article.published_at <= now:
        # Live already. A scheduled story may be published now or re-timed; a live one not.
        raise InvalidTransition(article.status, Status.PUBLISHED)
    scheduled = when > now
    event = _move(
        article, "publish", action=Action.SCHEDULED if scheduled else Action.PUBLISHED,
        by=by, note=note, scheduled_for=when if scheduled else None,
    )
    article.published_at = when
    article.save(update_fields=["status", "published_at", "updated_at"])
    _after_commit(signals.article_published, article, event)
    _public_change(article, event)
    return article


@transaction.atomic
def unpublish_article(article: Article, *, by, reason: str) -> Article:
    """Take a story down. Its address then answers 410 Gone; the reason is kept."""
    article = _locked(article)
    permissions.check_can_unpublish(by, article)
    _require_note(reason, _("Give the reason for unpublishing: it is required."))
    event = _move(article, "unpublish", action=Action.UNPUBLISHED, by=by, note=reason)
    article.save(update_fields=["status", "updated_at"])
    _after_commit(signals.article_unpublished, article, event)
    _public_change(article, event)
    return article


@transaction.atomic
def return_to_draft(article: Article, *, by, note: str = "") -> Article:
    """An unpublished story goes back to the desk as a draft, to be reworked."""
    article = _locked(article)
    permissions.check_can_return_to_draft(by, article)
    _move(article, "return_to_draft", action=Action.RETURNED_TO_DRAFT, by=by, note=note)
    article.published_at = None
    article.save(update_fields=["status", "published_at", "updated_at"])
    return article


def record(article: Article, *, action: str, by, note: str = "") -> ArticleEvent:
    """Record a desk event that is not a status move (take-over, restore, correction)."""
    return ArticleEvent.objects.create(
        article=article, action=action, from_status=article.status,
        to_status=article.status, by=by, note=note,
    )


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _move(article, move: str, *, action, by, note="", scheduled_for=None) -> ArticleEvent:
    rule = MOVES[move]
    if article.status not in rule.sources:
        raise InvalidTransition(article.status, rule.target)
    to = rule.target
    event = ArticleEvent.objects.create(
        article=article, action=action, from_status=article.status, to_status=to, by=by,
        note=note.strip(), scheduled_for=scheduled_for,
    )
    article.status = to
    return event


def _require_note(note: str, message) -> None:
    if not (note or "").strip():
        raise ValidationError({"note": message})


def _after_commit(signal, article, event) -> None:
    transaction.on_commit(partial(signal.send, sender=Article, article=article, event=event))


def _public_change(article, event) -> None:
    # Sent now, inside the move's transaction: whoever keeps readers' caches records the
    # change in it, and does its own work after the commit.
    signals.public_content_changed.send(sender=Article, article=article, event=event)


def announce_public_change(article: Article) -> None:
    """A live story was edited, corrected or restored: tell whoever keeps readers' caches."""
    signals.public_content_changed.send(sender=Article, article=article, event=None)
