"""The story budget: planning stories before anyone writes them (docs/planning.md).

Every write to an Assignment is a function here, in the shape of editorial/services.py: it
locks the row, checks who is asking (editorial/permissions.py), writes, records an
AssignmentEvent (whose post_save writes the inbox lines and queues the mail, as for the
workflow), and sends its signal after the commit. The reads the calendar and "my desk" use
are here too.

Overdue is computed when read (`Assignment.is_overdue`, `overdue_q`): the flag is exact at
every page view with no worker running. Telling the assignee it is overdue needs a moment
to happen at, so `notify_overdue` (run every few minutes by the `notify_overdue` command,
from a timer) records one OVERDUE event per missed deadline.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from articles.models import CARD_DEFERRED, Article, ArticleAuthor
from editorial import permissions, signals
from editorial.models import Assignment, AssignmentEvent, overdue_q
from editorial.workflow import Status

Action = AssignmentEvent.Action

# The fields the desk plans; a change to any of them is recorded.
PLANNED_FIELDS = ["headline", "section_id", "assignee_id", "due_at", "publish_at", "notes"]


STARTED_KEEPS_WRITER = _(
    "The draft is already started by its assignee; it can no longer go to someone else."
)


class AlreadyConverted(ValidationError):
    """The assignment already has its draft: a second one would split the story."""

    def __init__(self):
        super().__init__(_("This assignment already has its draft."), code="already_converted")


# --- writes ---


@transaction.atomic
def create_assignment(assignment: Assignment, *, by) -> Assignment:
    """Put a planned story on the budget (built by the desk's form or by a caller)."""
    permissions.require(permissions.can_plan, by, assignment)
    assignment.created_by = by
    assignment.article = None
    assignment.full_clean(exclude=["article"])
    assignment.save()
    _record(assignment, Action.CREATED, by=by, previous=None)
    _after_commit(signals.assignment_planned, assignment)
    return assignment


@transaction.atomic
def save_assignment(assignment: Assignment, *, by, note: str = "") -> Assignment:
    """Save the desk's changes to an assignment (fields changed in memory, as save_story).

    A new assignee is told (and the one before, that it went to someone else); a new due
    time may be missed again, so its overdue notice is sent again then.
    """
    current = _locked(assignment)
    permissions.require(permissions.can_plan, by, current)
    changed = [
        name for name in PLANNED_FIELDS if getattr(assignment, name) != getattr(current, name)
    ]
    if not changed:
        return current
    if "assignee_id" in changed and current.article_id is not None:
        # The draft is its writer's own (permissions.is_own): a new assignee could not edit it.
        raise ValidationError({"assignee": STARTED_KEEPS_WRITER})
    assignment.article_id = current.article_id  # the link is convert_to_draft's to make
    assignment.created_by_id = current.created_by_id
    assignment.overdue_notified_at = None if "due_at" in changed else current.overdue_notified_at
    assignment.full_clean(exclude=["article"])
    assignment.save()
    if "assignee_id" in changed:
        action = Action.REASSIGNED if current.assignee_id else Action.ASSIGNED
    else:
        action = Action.CHANGED
    _record(assignment, action, by=by, previous=current.assignee_id, note=note)
    _after_commit(signals.assignment_planned, assignment)
    return assignment


def assign(assignment: Assignment, *, by, to) -> Assignment:
    """Hand the assignment to `to` (a desk account), or take it off everyone with None."""
    assignment = Assignment.objects.get(pk=assignment.pk)
    assignment.assignee = to
    return save_assignment(assignment, by=by)


@transaction.atomic
def convert_to_draft(assignment: Assignment, *, by) -> Article:
    """Start the assignment's story: a draft with its headline and section, written by the
    assignee (so it is theirs to edit and submit), bylined to them when they have a byline.
    The assignment keeps the link; the calendar then shows the story and its state."""
    assignment = _locked(assignment)
    permissions.require(permissions.can_convert, by, assignment)
    if assignment.article_id is not None:
        raise AlreadyConverted
    writer = assignment.assignee or by
    article = Article(
        title_ar=assignment.headline,
        section_id=assignment.section_id,
        created_by=writer,
        status=Status.DRAFT,
        published_at=None,
    )
    article.save()
    profile = getattr(writer, "author_profile", None)
    if profile is not None:
        ArticleAuthor.objects.create(article=article, author=profile, order=0)
    assignment.article = article
    assignment.save(update_fields=["article", "updated_at"])
    _record(assignment, Action.CONVERTED, by=by, previous=assignment.assignee_id)
    _after_commit(signals.assignment_converted, assignment)
    return article


@transaction.atomic
def delete_assignment(assignment: Assignment, *, by) -> None:
    """Take a planned story off the budget; a draft it became stays, unlinked."""
    assignment = _locked(assignment)
    permissions.require(permissions.can_plan, by, assignment)
    Assignment.objects.filter(pk=assignment.pk).delete()


def notify_overdue(now: datetime | None = None) -> int:
    """Record one OVERDUE event (so the assignee's inbox line and mail) for each assignment
    that has become overdue since the last sweep; how many. Safe to run as often as one
    likes and from two places at once: each row is locked and marked in one transaction."""
    now = now or timezone.now()
    count = 0
    pending = Assignment.objects.filter(
        overdue_q(now), assignee__isnull=False, overdue_notified_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(pending):
        with transaction.atomic():
            assignment = (
                Assignment.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("article")
                .filter(pk=pk, overdue_notified_at__isnull=True)
                .first()
            )
            if assignment is None or not assignment.is_overdue(now) or not assignment.assignee_id:
                continue
            assignment.overdue_notified_at = now
            assignment.save(update_fields=["overdue_notified_at"])
            _record(assignment, Action.OVERDUE, by=None, previous=assignment.assignee_id)
            count += 1
    return count


# --- reads: the calendar and "my desk" ---


@dataclass
class Day:
    date: date
    assignments: list
    today: bool


def week_start(day: date) -> date:
    """The first day of `day`'s week, as the desk's language counts weeks (Saturday in ar)."""
    first = int(get_format("FIRST_DAY_OF_WEEK"))  # 0 = Sunday
    offset = (day.isoweekday() % 7 - first) % 7
    return day - timedelta(days=offset)


def budget(first: date, days: int, now: datetime | None = None) -> list[Day]:
    """The assignments due on each of `days` days from `first` (local days), in one query,
    each with `overdue` set."""
    now = now or timezone.now()
    start = _local_midnight(first)
    end = _local_midnight(first + timedelta(days=days))
    rows = list(
        Assignment.objects.filter(due_at__gte=start, due_at__lt=end)
        .select_related("section", "assignee", "article")
        .defer(*(f"article__{name}" for name in _ARTICLE_LONG_FIELDS))
        .order_by("due_at", "pk")
    )
    today = timezone.localdate(now)
    by_day = {first + timedelta(days=n): [] for n in range(days)}
    for row in rows:
        row.overdue = row.is_overdue(now)
        by_day[timezone.localtime(row.due_at).date()].append(row)
    return [Day(day, items, day == today) for day, items in by_day.items()]


def open_assignments(user, now: datetime | None = None):
    """The user's assignments still to hand in (no story, or still a draft), soonest first,
    each with `overdue` set; for "my desk"."""
    rows = list(
        Assignment.objects.filter(assignee=user)
        .filter(_still_open())
        .select_related("section", "article")
        .defer(*(f"article__{name}" for name in _ARTICLE_LONG_FIELDS))
        .order_by("due_at", "pk")[:20]
    )
    now = now or timezone.now()
    for row in rows:
        row.overdue = row.is_overdue(now)
    return rows


def overdue_assignments(now: datetime | None = None):
    """Every overdue assignment on the budget, most overdue first; for editors' "my desk"."""
    now = now or timezone.now()
    rows = list(
        Assignment.objects.filter(overdue_q(now))
        .select_related("section", "assignee", "article")
        .defer(*(f"article__{name}" for name in _ARTICLE_LONG_FIELDS))
        .order_by("due_at", "pk")[:20]
    )
    for row in rows:
        row.overdue = True
    return rows


# --- shared steps ---

_ARTICLE_LONG_FIELDS = CARD_DEFERRED


def _still_open():
    return Q(article__isnull=True) | Q(article__status=Status.DRAFT)


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day))


def _locked(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("article")
        .get(pk=assignment.pk)
    )


def _record(assignment, action, *, by, previous, note="") -> AssignmentEvent:
    return AssignmentEvent.objects.create(
        assignment=assignment,
        action=action,
        by=by,
        assignee_id=assignment.assignee_id,
        previous_assignee_id=previous,
        note=note,
    )


def _after_commit(signal, assignment) -> None:
    transaction.on_commit(
        partial(signal.send, sender=Assignment, assignment=assignment), robust=True
    )
