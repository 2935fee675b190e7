"""Who has a story's edit page open: the page opens a session, beats, and leaves.

Each page posts here (static/editorial/desk.js); a page silent for EDITING_TIMEOUT is no
longer announced. Only these functions and services.take_over write EditSession rows.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles.models import Article
from editorial import permissions
from editorial.models import ArticleEvent, EditSession

# A page that has not sent a heartbeat for this long is no longer "editing".
EDITING_TIMEOUT = timedelta(seconds=90)
# A page whose session an editor ended within this long is told it was taken over.
TAKEN_OVER_NOTICE = EDITING_TIMEOUT * 10


@dataclass(frozen=True)
class Presence:
    others: list  # the other users' fresh EditSessions, oldest first
    taken_over_by: object = None  # the editor who took the story from this page, if any


@transaction.atomic
def open_story(article: Article, *, by) -> Presence:
    """A freshly loaded edit page: start (or resume) `by`'s session on the story.

    A session silent for longer than the timeout belongs to a page closed long ago, so
    coming back starts a new `since`: others read the time of the return.
    """
    permissions.require(permissions.can_edit, by, article)
    now = timezone.now()
    session, created = EditSession.objects.select_for_update().get_or_create(
        article=article, user=by, defaults={"since": now, "last_seen": now}
    )
    if not created:
        if session.last_seen < now - EDITING_TIMEOUT:
            session.since = now
        session.last_seen = now
        session.save(update_fields=["since", "last_seen"])
    return Presence(others=list(others_editing(article, by)))


@transaction.atomic
def heartbeat(article: Article, *, by) -> Presence:
    """An open edit page says it is still there, and learns who else is.

    A page whose session is gone was taken over (told so, and not re-registered until it
    is reloaded) or lost its row (registered again).
    """
    permissions.require(permissions.can_edit, by, article)
    now = timezone.now()
    taken_over_by = None
    if not EditSession.objects.filter(article=article, user=by).update(last_seen=now):
        last = article.events.filter(action=ArticleEvent.Action.TOOK_OVER).first()
        if last and last.by_id != by.pk and last.at > now - TAKEN_OVER_NOTICE:
            taken_over_by = last.by
        else:
            EditSession.objects.get_or_create(
                article=article, user=by, defaults={"since": now, "last_seen": now}
            )
    return Presence(others=list(others_editing(article, by)), taken_over_by=taken_over_by)


def leave_story(article: Article, *, by) -> None:
    """`by` no longer has the story open for editing (saved, or the page is read-only)."""
    EditSession.objects.filter(article=article, user=by).delete()


def close_sessions(article: Article, *, except_for) -> None:
    """End everyone's session on the story but `except_for`'s (services.take_over)."""
    EditSession.objects.filter(article=article).exclude(user=except_for).delete()


def others_editing(article: Article, user):
    """The fresh sessions of users other than `user` on the story, oldest first."""
    fresh = timezone.now() - EDITING_TIMEOUT
    return (
        EditSession.objects.filter(article=article, last_seen__gte=fresh)
        .exclude(user=user).select_related("user").order_by("since")
    )


def has_session(article: Article, user) -> bool:
    """Whether `user` holds a session on the story (a read-only page then leaves it)."""
    return EditSession.objects.filter(article=article, user=user).exists()


def display_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""
