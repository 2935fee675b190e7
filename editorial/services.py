"""Every write the desk makes to a story (moves, edits, restores, take-over, deletion); the
only code that writes `Article.status`.

Each service locks the story's row, checks who is asking (PermissionDenied: "not you") and
whether the move is open (InvalidTransition: "not from here"), records an ArticleEvent, and
sends its signals once the transaction has committed (public_content_changed alone
inside the transaction: see editorial/signals.py). Presence and preview links are
written by presence.py and previews.py.
"""

from datetime import datetime
from functools import partial

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from articles.models import Article
from editorial import autosave, permissions, presence, signals
from editorial.models import ArticleEvent
from editorial.workflow import Status, first_allowed

Action = ArticleEvent.Action

# Fields a restore brings back: the words and placement, not bylines or tags.
RESTORED_FIELDS = [
    f"{name}_{lang}"
    for name in ("title", "kicker", "summary", "body", "lead_image_caption", "seo_description")
    for lang, _name in settings.LANGUAGES
] + ["section_id", "lead_image_id"]


class Embargoed(Exception):
    """The story is under embargo until `until`; nobody may publish it before then."""

    def __init__(self, until: datetime):
        self.until = until
        super().__init__(until)


class StaleVersion(ValidationError):
    """The edit was built from an older version of the story: someone saved in between."""

    def __init__(self, who, at: datetime):
        super().__init__(
            _("Not saved: %(who)s saved this story at %(time)s, after you opened it. "
              "Your text is still in the form below: copy what you changed, reload the "
              "page, and apply it to the latest version."),
            code="stale_version",
            params={
                "who": (who.get_full_name() or who.username) if who else _("someone else"),
                "time": date_format(timezone.localtime(at), "TIME_FORMAT"),
            },
        )


# --- the moves ---


@transaction.atomic
def submit_for_review(article: Article, *, by, note: str = "") -> Article:
    """The author hands a draft to the editors, optionally with a note for them."""
    article = _locked(article)
    permissions.require(permissions.can_submit, by, article)
    _simple_move(article, "submit", Action.SUBMITTED, signals.article_submitted, by=by, note=note)
    return article


@transaction.atomic
def send_back(article: Article, *, by, note: str) -> Article:
    """An editor returns a story to its author as a draft, saying what needs fixing."""
    article = _locked(article)
    permissions.require(permissions.can_send_back, by, article)
    _require_note(note, _("Say what the author should fix: the note is required."))
    _simple_move(article, "send_back", Action.SENT_BACK, signals.article_sent_back,
                 by=by, note=note)
    return article


@transaction.atomic
def publish_article(article: Article, *, by, at: datetime | None = None, note: str = "") -> Article:
    """Publish now, or schedule for `at` if it is in the future.

    A scheduled story is simply PUBLISHED with a future `published_at`: the public query
    shows it from that moment, with no worker or cron job to run. Works from draft
    (breaking news), in review, unpublished (republish) and scheduled (workflow.MOVES).
    """
    article = _locked(article)
    permissions.require(permissions.can_publish, by, article)
    now = timezone.now()
    when = at or now
    if article.embargo_until and when < article.embargo_until:
        raise Embargoed(article.embargo_until)
    scheduled = when > now
    # A live story is not published again; a scheduled one may be published now or re-timed.
    event = _move(
        article, "publish", "reschedule", by=by, note=note,
        action=Action.SCHEDULED if scheduled else Action.PUBLISHED,
        scheduled_for=when if scheduled else None,
    )
    article.published_at = when
    article.save(update_fields=["status", "published_at", "updated_at"])
    _after_commit(signals.article_published, article, event)
    _public_change(article, event)
    return article


@transaction.atomic
def schedule_article(article: Article, *, by, at: datetime | None, note: str = "") -> Article:
    """The desk's Schedule button: publish at `at`, which must still be to come."""
    article = _locked(article)
    permissions.require(permissions.can_publish, by, article)
    if at is None or at <= timezone.now():
        raise ValidationError({"at": _("Choose a publication time in the future.")})
    return publish_article(article, by=by, at=at, note=note)


@transaction.atomic
def unpublish_article(article: Article, *, by, reason: str) -> Article:
    """Take a story down. Its address then answers 410 Gone; the reason is kept."""
    article = _locked(article)
    permissions.require(permissions.can_unpublish, by, article)
    _require_note(reason, _("Give the reason for unpublishing: it is required."))
    event = _simple_move(article, "unpublish", Action.UNPUBLISHED, signals.article_unpublished,
                         by=by, note=reason)
    _public_change(article, event)
    return article


@transaction.atomic
def return_to_draft(article: Article, *, by, note: str = "") -> Article:
    """An unpublished story goes back to the desk as a draft, to be reworked."""
    article = _locked(article)
    permissions.require(permissions.can_return_to_draft, by, article)
    _move(article, "return_to_draft", action=Action.RETURNED_TO_DRAFT, by=by, note=note)
    article.published_at = None
    article.save(update_fields=["status", "published_at", "updated_at"])
    return article


# --- the story's text ---


@transaction.atomic
def create_story(article: Article, *, by) -> Article:
    """Save a new story built by the desk's form, as a draft written by `by`."""
    permissions.require(permissions.can_create, by, article)
    article.created_by = by
    # Every story starts as a draft: going public is a move, with its event.
    article.status, article.published_at = Status.DRAFT, None
    article.save()
    autosave.discard(by, None)  # the add page's working copy is now the story
    return article


def check_version(article: Article, edit_version: int | None) -> Article:
    """Lock the story's row and raise StaleVersion unless the edit was built from its current
    version; the current row. Call inside a transaction (the lock lasts until the save)."""
    current = _locked(article)
    if edit_version != current.version:
        last = Version.objects.get_for_object_reference(Article, article.pk).first()
        raise StaleVersion(last.revision.user if last else None, current.updated_at)
    return current


@transaction.atomic
def save_story(article: Article, *, by, edit_version: int | None) -> Article:
    """Save an edit of `article` (its fields changed in memory) as the story's next version.

    Refuses an edit built from an older version, stamps and records a new correction note,
    tells the caches when the story is public, and closes `by`'s edit session (the page is left).
    """
    current = check_version(article, edit_version)
    permissions.require(permissions.can_edit, by, current)
    notes = [f"correction_note_{lang}" for lang, _name in settings.LANGUAGES]
    corrected = any(
        getattr(article, field) and getattr(article, field) != getattr(current, field)
        for field in notes
    )
    # Moves are the services' to make: the form's copy of them may predate the lock.
    article.status, article.published_at = current.status, current.published_at
    article.version = current.version + 1
    if corrected:
        article.corrected_at = timezone.now()
    if _is_live(current) and article.reader_view() != current.reader_view():
        article.revised_at = timezone.now()  # readers may be told: Article.updated_for_readers
    article.save()
    if corrected:
        record(article, action=Action.CORRECTED, by=by,
               note=article.correction_note_ar or article.correction_note_en or "")
    if article.status == Status.PUBLISHED:
        announce_public_change(article)
    presence.leave_story(article, by=by)
    autosave.discard(by, article)  # saved: the working copy has nothing the story lacks
    return article


@transaction.atomic
def restore_version(article: Article, version_id: int, *, by) -> tuple[Article, int]:
    """Bring back an earlier version's words as a new version; nothing is destroyed.

    Returns the story and the restored version's number; Version.DoesNotExist when
    `version_id` is not a version of this story.
    """
    article = _locked(article)
    permissions.require(permissions.can_restore, by, article)
    versions = Version.objects.get_for_object(article)
    version = versions.get(pk=version_id)
    number = versions.filter(pk__lte=version.pk).count()
    comment = _("Restored version %(n)s") % {"n": number}
    data = version.field_dict
    before = article.reader_view()
    for field in RESTORED_FIELDS:
        key = field if field in data else field.removesuffix("_id")
        if key in data and _still_exists(field, data[key]):
            setattr(article, field, data[key])
    if _is_live(article) and article.reader_view() != before:
        article.revised_at = timezone.now()
    article.version += 1
    with reversion.create_revision():
        article.save()
        reversion.set_user(by)
        reversion.set_comment(comment)
    record(article, action=Action.RESTORED, by=by, note=comment)
    if article.status == Status.PUBLISHED:
        announce_public_change(article)
    return article, number


@transaction.atomic
def take_over(article: Article, *, by) -> ArticleEvent:
    """An editor takes the story from whoever has it open: their pages are told so."""
    article = _locked(article)
    permissions.require(permissions.can_take_over, by, article)
    names = "، ".join(
        presence.display_name(session.user) for session in presence.others_editing(article, by)
    )
    event = record(
        article, action=Action.TOOK_OVER, by=by,
        note=_("Took over from %(names)s") % {"names": names} if names else "",
    )
    presence.close_sessions(article, except_for=by)
    return event


@transaction.atomic
def delete_story(article: Article, *, by) -> None:
    """Delete a story and its desk history; a public one leaves the readers' pages too."""
    article = _locked(article)
    permissions.require(permissions.can_delete, by, article)
    # Through a queryset, so `article` keeps its pk for the pages to refresh after commit.
    Article.objects.filter(pk=article.pk).delete()
    if article.status == Status.PUBLISHED:
        announce_public_change(article)


# --- shared steps ---


def record(article: Article, *, action: str, by, note: str = "") -> ArticleEvent:
    """Record a desk event that is not a status move (take-over, restore, correction, link)."""
    return ArticleEvent.objects.create(
        article=article, action=action, from_status=article.status,
        to_status=article.status, by=by, note=note,
    )


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _move(article, *moves: str, action, by, note="", scheduled_for=None) -> ArticleEvent:
    to = first_allowed(article, *moves).target  # InvalidTransition if none is open
    event = ArticleEvent.objects.create(
        article=article, action=action, from_status=article.status, to_status=to, by=by,
        note=note.strip(), scheduled_for=scheduled_for,
    )
    article.status = to
    return event


def _still_exists(field: str, value) -> bool:
    """A version may name a section or image deleted since: that one cannot come back, and
    the story keeps the one it has now (rather than failing on the foreign key)."""
    if not field.endswith("_id") or value is None:
        return True
    related = Article._meta.get_field(field.removesuffix("_id")).related_model
    return related._default_manager.filter(pk=value).exists()


def _simple_move(article, move: str, action, signal, *, by, note: str) -> ArticleEvent:
    """A move that changes only the status: recorded, saved, its signal sent after commit."""
    event = _move(article, move, action=action, by=by, note=note)
    article.save(update_fields=["status", "updated_at"])
    _after_commit(signal, article, event)
    return event


def _is_live(article) -> bool:
    return article.status == Status.PUBLISHED and not article.is_scheduled


def _require_note(note: str, message) -> None:
    if not (note or "").strip():
        raise ValidationError({"note": message})


def _after_commit(signal, article, event) -> None:
    # Robust: the move has committed, so a failing receiver is logged, never the desk's error.
    transaction.on_commit(
        partial(signal.send, sender=Article, article=article, event=event), robust=True
    )


def _public_change(article, event) -> None:
    # Sent now, inside the move's transaction: whoever keeps readers' caches records the
    # change in it, and does its own work after the commit.
    signals.public_content_changed.send(sender=Article, article=article, event=event)


def announce_public_change(article: Article) -> None:
    """A live story was edited, corrected or restored: tell whoever keeps readers' caches."""
    signals.public_content_changed.send(sender=Article, article=article, event=None)
