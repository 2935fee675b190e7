"""The desk inbox: who hears of a desk event, and reading what one has heard.

`notify` turns an ArticleEvent into one Notification per person it concerns, inside the
transaction that recorded the event (receivers.record_notifications, on the event's
post_save), and queues one mail about it, on commit, to those of them with an address.
The reasoning (why in the transaction, why one mail) is in docs/architecture-notes.md.
"""

from copy import copy
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import CARD_DEFERRED, Article
from editorial import permissions, presence
from editorial.models import ArticleEvent, AssignmentEvent, Notification
from editorial.tasks import send_assignment_mail, send_desk_mail

Action, Kind = ArticleEvent.Action, Notification.Kind

# The desk events that notify someone, and what each is called in their inbox.
KIND_OF_ACTION = {
    Action.SUBMITTED: Kind.SUBMITTED,
    Action.SENT_BACK: Kind.SENT_BACK,
    Action.SCHEDULED: Kind.SCHEDULED,
    Action.PUBLISHED: Kind.PUBLISHED,
    Action.CORRECTED: Kind.CORRECTED,
    Action.TOOK_OVER: Kind.TAKEN_OVER,
}
MAIL_TEMPLATES = {
    Kind.SUBMITTED: "editorial/email/submitted.txt",
    Kind.CORRECTED: "editorial/email/corrected.txt",
    Kind.TAKEN_OVER: "editorial/email/taken_over.txt",
}
AUTHOR_MAIL = "editorial/email/to_author.txt"  # sent back, scheduled, published
EDITORS_GROUP = "Editors"
# The header shows at most this many unread ("99+"): it reads a bounded list, never a count.
UNREAD_CAP = 100


def editors():
    """Everyone who reviews submissions: the active members of the Editors group."""
    return _desk_users().filter(groups__name=EDITORS_GROUP).distinct()


def authors(article: Article):
    """The story's people: whoever created it, and each byline that is a desk account."""
    return _desk_users().filter(
        Q(pk=article.created_by_id) | Q(author_profile__pk__in=article.bylines.values("author_id"))
    ).distinct()


def recipients(kind: str, event: ArticleEvent) -> list:
    """Who hears of `event`: never the person who did it, nor someone who may not open the
    story it names."""
    if kind == Kind.SUBMITTED:
        people = editors()
    elif kind == Kind.TAKEN_OVER:
        # The pages still open when the editor took the story (the names in the event's
        # note): services.take_over records the event before it closes their sessions.
        people = _desk_users().filter(
            pk__in=presence.others_editing(event.article, event.by).values("user_id")
        )
    else:
        people = authors(event.article)
    people = [person for person in people.order_by("pk") if person.pk != event.by_id]
    if kind in (Kind.SUBMITTED, Kind.TAKEN_OVER):
        return people
    # Only those who may open the story as the event leaves it: a bylined colleague does
    # not hear of a draft sent back that only its creator and the editors can see.
    after = copy(event.article)
    after.status = event.to_status
    return [person for person in people if permissions.can_view(person, after)]


def notify(event: ArticleEvent) -> list[Notification]:
    """Write the inbox lines for `event` now (in the caller's transaction) and queue its
    one mail for after the commit; the lines written (none for an event nobody hears of)."""
    kind = KIND_OF_ACTION.get(event.action)
    if kind is None:
        return []
    people = recipients(kind, event)
    if not people:
        return []
    lines = Notification.objects.bulk_create([
        Notification(recipient=person, article_id=event.article_id, event=event, kind=kind,
                     actor_id=event.by_id, note=event.note, created_at=event.at)
        for person in people
    ])
    addresses = sorted({person.email for person in people if person.email})
    if addresses:
        # Robust: the move has committed by then; a failing enqueue is logged, not a 500.
        transaction.on_commit(partial(
            send_desk_mail.enqueue, MAIL_TEMPLATES.get(kind, AUTHOR_MAIL), event.pk, addresses,
        ), robust=True)
    return lines


def notify_assignment(event: AssignmentEvent) -> list[Notification]:
    """The inbox lines (and mail, on commit) for a planning event: the new assignee hears
    they have it, the one before that it went to someone else, the assignee that it is
    overdue. Never the person who did it; only active desk accounts."""
    lines = []
    for kind, person_id in _assignment_recipients(event):
        person = _desk_users().filter(pk=person_id).first()
        if person is None or person.pk == event.by_id:
            continue
        lines.append(Notification(
            recipient=person, assignment_id=event.assignment_id, article=None,
            assignment_event=event, kind=kind, actor_id=event.by_id, note=event.note,
            created_at=event.at,
        ))
        if person.email:
            transaction.on_commit(partial(
                send_assignment_mail.enqueue, kind, event.pk, [person.email]
            ), robust=True)
    return Notification.objects.bulk_create(lines) if lines else []


def _assignment_recipients(event: AssignmentEvent):
    Action = AssignmentEvent.Action
    if event.action in (Action.CREATED, Action.ASSIGNED, Action.REASSIGNED):
        if event.assignee_id:
            yield Kind.ASSIGNED, event.assignee_id
        if event.previous_assignee_id and event.previous_assignee_id != event.assignee_id:
            yield Kind.UNASSIGNED, event.previous_assignee_id
    elif event.action == Action.OVERDUE and event.assignee_id:
        yield Kind.OVERDUE, event.assignee_id


# --- reading the inbox ---


def unread(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def unread_count(request) -> int:
    """How many unread lines the user has, up to UNREAD_CAP; one query per request."""
    if not hasattr(request, "_desk_unread"):
        user = request.user
        request._desk_unread = (
            len(unread(user).values_list("pk", flat=True)[:UNREAD_CAP])
            if user.is_authenticated else 0
        )
    return request._desk_unread


def inbox(user):
    """The user's lines, newest first, with their story, who did it and the event."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("article", "actor", "event", "assignment")
        .defer(*(f"article__{name}" for name in CARD_DEFERRED if name != "body"))
    )


@transaction.atomic
def mark_read(user, pk: int) -> Notification:
    """Mark one of the user's own lines read; the line, whose story the desk opens next.
    Notification.DoesNotExist for a line that is not theirs, as for one that never was."""
    line = Notification.objects.select_for_update().get(recipient=user, pk=pk)
    if line.read_at is None:
        line.read_at = timezone.now()
        line.save(update_fields=["read_at"])
    return line


def mark_all_read(user) -> int:
    """Mark every unread line of the user's read; how many there were."""
    return unread(user).update(read_at=timezone.now())


def _desk_users():
    return get_user_model().objects.filter(is_active=True, is_staff=True)
