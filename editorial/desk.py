"""What the desk shows a user: the moves open to them now, the filters and counts of the list.

Built from workflow.py (which moves exist) and permissions.py (who may take them), so a
button is shown exactly when the service behind it would accept the request.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from editorial import permissions
from editorial.models import MOVE_ACTIONS, ArticleEvent
from editorial.workflow import MOVES, Status


@dataclass(frozen=True)
class Move:
    name: str  # the URL segment and the service it calls
    label: str
    needs_note: bool = False  # a note or reason is required
    takes_note: bool = False  # an optional note may be given
    needs_time: bool = False  # a publication time is chosen
    style: str = ""


def available_moves(user, article: Article) -> list[Move]:
    """The moves `user` may take on `article` in its current status, in desk order."""
    status = article.status

    def open_(move):
        return MOVES[move].allows(article)

    moves = []
    if open_("submit") and permissions.can_submit(user, article):
        moves.append(Move("submit", _("Submit for review"), takes_note=True, style="primary"))
    if open_("send_back") and permissions.can_send_back(user, article):
        moves.append(Move("send_back", _("Send back to the author"), needs_note=True))
    # Both buttons publish (services.publish_article): now, or at a chosen time.
    if (open_("publish") or open_("reschedule")) and permissions.can_publish(user, article):
        label = _("Republish now") if status == Status.UNPUBLISHED else _("Publish now")
        moves.append(Move("publish", label, style="primary"))
        moves.append(Move("schedule", _("Schedule"), needs_time=True))
    if open_("unpublish") and permissions.can_unpublish(user, article):
        moves.append(Move("unpublish", _("Unpublish"), needs_note=True, style="danger"))
    if open_("return_to_draft") and permissions.can_return_to_draft(user, article):
        moves.append(Move("return_to_draft", _("Return to draft"), takes_note=True))
    return moves


def with_last_action(queryset):
    """Annotate each story with the action of its latest move (`last_action`); take-overs,
    corrections and the like leave a story where its last move put it."""
    latest = ArticleEvent.objects.filter(
        article=OuterRef("pk"), action__in=MOVE_ACTIONS
    ).order_by("-at", "-pk")
    return queryset.annotate(last_action=Subquery(latest.values("action")[:1]))


# The desk's own views of the list: (key, label, filter). Each takes (queryset, user).
def _mine(qs, user):
    return qs.filter(created_by=user)


DESK_VIEWS = [
    ("my_drafts", _("My drafts"),
     lambda qs, user: _mine(qs, user).filter(status=Status.DRAFT)),
    ("sent_back", _("Sent back to me"),
     lambda qs, user: with_last_action(_mine(qs, user).filter(status=Status.DRAFT)).filter(
         last_action=ArticleEvent.Action.SENT_BACK)),
    ("awaiting_review", _("Awaiting review"),
     lambda qs, user: qs.filter(status=Status.IN_REVIEW)),
    ("scheduled", _("Scheduled"),
     lambda qs, user: qs.scheduled()),
    ("published_today", _("Published today"),
     lambda qs, user: qs.filter(
         status=Status.PUBLISHED,
         published_at__gte=timezone.localtime().replace(hour=0, minute=0, second=0,
                                                        microsecond=0),
         published_at__lte=timezone.now())),
]
