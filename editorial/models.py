import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import Status


class ArticleEvent(models.Model):
    """One row per thing that happened to a story on the desk: who, when, what, and why.

    Status moves record their from/to statuses; take-overs, restores, corrections and
    preview links record the status the story had at the time in both.
    """

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        SENT_BACK = "sent_back", _("Sent back to the author")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Unpublished")
        RETURNED_TO_DRAFT = "returned_to_draft", _("Returned to draft")
        TOOK_OVER = "took_over", _("Took over editing")
        RESTORED = "restored", _("Restored an earlier version")
        CORRECTED = "corrected", _("Correction added")
        LINK_CREATED = "link_created", _("Preview link created")
        LINK_REVOKED = "link_revoked", _("Preview link revoked")
        CHECKLIST_OVERRIDDEN = "checklist_overridden", _("Published despite warnings")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    note = models.TextField(_("note"), blank=True)
    # For a schedule: the time the story goes live.
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)

    class Meta:
        verbose_name = _("desk event")
        verbose_name_plural = _("desk events")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.article_id}"


# The events that move a story between statuses (the others leave its status as it was).
MOVE_ACTIONS = frozenset({
    ArticleEvent.Action.SUBMITTED, ArticleEvent.Action.SENT_BACK, ArticleEvent.Action.PUBLISHED,
    ArticleEvent.Action.SCHEDULED, ArticleEvent.Action.UNPUBLISHED,
    ArticleEvent.Action.RETURNED_TO_DRAFT,
})


class EditSession(models.Model):
    """Who has a story's edit page open, kept fresh by a heartbeat from that page."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="edit_sessions"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_session_per_editor"),
        ]

    def __str__(self):
        return f"{self.user} · {self.article_id}"


def _new_token():
    return secrets.token_urlsafe(32)


class PreviewLink(models.Model):
    """A link that lets someone without an account read a story before it is public.

    The URL carries a random token (and is signed); it stops working at `expires_at` or
    as soon as an editor revokes it.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="preview_links"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    note = models.CharField(
        _("for whom"), max_length=200, blank=True,
        help_text=_("e.g. “the lawyer” or “the translator”, so you know which link is which."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        ordering = ["-created_at"]

    def __str__(self):
        return self.note or self.token[:8]

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class Notification(models.Model):
    """One line in a desk user's inbox: something happened to a story that concerns them.

    Written by editorial/notifications.py in the transaction of the event it reports, so a
    move that rolls back leaves no notification and one that commits always has its own.
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted to you for review")
        SENT_BACK = "sent_back", _("Sent back to you")
        SCHEDULED = "scheduled", _("Your story is scheduled")
        PUBLISHED = "published", _("Your story is published")
        CORRECTED = "corrected", _("A correction was added to your story")
        TAKEN_OVER = "taken_over", _("Your editing was taken over")
        ASSIGNED = "assigned", _("A story was assigned to you")
        UNASSIGNED = "unassigned", _("Your assignment went to someone else")
        OVERDUE = "overdue", _("Your assignment is overdue")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
        related_name="desk_notifications",
    )
    # A line about a story has its story; a line about an assignment (editorial/planning.py)
    # has the assignment and, once converted, no story until the assignment names one.
    article = models.ForeignKey(
        "articles.Article", verbose_name=_("story"), on_delete=models.CASCADE, related_name="+",
        null=True, blank=True,
    )
    assignment = models.ForeignKey(
        "Assignment", verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="+",
        null=True, blank=True,
    )
    assignment_event = models.ForeignKey(
        "AssignmentEvent", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The desk event reported (its time of publication, for a schedule); one line per person.
    event = models.ForeignKey(
        ArticleEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            # The header's unread count reads this small index only.
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True),
                         name="notification_unread"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient"], name="one_notification_per_event"
            ),
            models.UniqueConstraint(
                fields=["assignment_event", "recipient"],
                name="one_notification_per_assignment_event",
            ),
            models.CheckConstraint(
                condition=models.Q(article__isnull=False) | models.Q(assignment__isnull=False),
                name="notification_names_story_or_assignment",
            ),
        ]

    def __str__(self):
        about = self.article_id or self.assignment_id
        return f"{self.get_kind_display()} · {about} → {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class WorkingCopy(models.Model):
    """What one person has typed into a story's form since its last save (editorial.autosave).

    Kept apart from the story, so readers never see it and a live story's text never changes
    by it; `article` is empty for a story not yet saved (the "add" page), one per person.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, null=True, blank=True,
        related_name="working_copies",
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The form's fields as the page posted them: {"fields": {name: value or [values]},
    # "labels": {name: {value: label}}} (labels of chosen options, for autocomplete selects).
    data = models.JSONField(default=dict)
    # The story's version the form was built from: saving the copy is refused if it is old.
    base_version = models.PositiveIntegerField(null=True, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("working copy")
        verbose_name_plural = _("working copies")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], condition=models.Q(article__isnull=False),
                name="one_working_copy_per_story_and_user",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(article__isnull=True),
                name="one_new_story_working_copy_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.article_id or '-'}"


class LinkCheck(models.Model):
    """The latest answer of one outside address linked from a story body (editorial/tasks.py).

    Kept in the database, not the cache: the worker that checks and the web process that
    shows the checklist must see the same answer, whatever cache each one has.
    """

    url = models.URLField(_("link address"), max_length=2000, unique=True)
    status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    ok = models.BooleanField(_("answers"), default=False)
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)

    class Meta:
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")

    def __str__(self):
        return self.url


class Assignment(models.Model):
    """A planned story on the desk's budget: what is wanted, from whom, by when.

    Written only by editorial/planning.py. Once converted, `article` is the draft it became;
    the assignment stays, so the calendar shows the story and the state it is in.
    """

    headline = models.CharField(_("working headline"), max_length=300)
    section = models.ForeignKey(
        "sections.Section", verbose_name=_("section"), on_delete=models.PROTECT,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="assignments",
    )
    due_at = models.DateTimeField(_("due"), db_index=True)
    publish_at = models.DateTimeField(
        _("planned publication"), null=True, blank=True,
        help_text=_("The slot the desk plans to publish it in; the story is not scheduled by it."),
    )
    notes = models.TextField(_("notes"), blank=True)
    article = models.OneToOneField(
        "articles.Article", verbose_name=_("story"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="assignment",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("planned by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # When the assignee was told it is overdue (editorial/planning.py's sweep); cleared when
    # the due time moves, so a new deadline missed is told again.
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_at", "pk"]

    def __str__(self):
        return self.headline

    def clean(self):
        # A story cannot be published before it is handed in.
        if self.publish_at and self.due_at and self.publish_at < self.due_at:
            raise ValidationError({
                "publish_at": _("The planned publication comes before the story is due: "
                                "move one of them."),
            })

    def is_overdue(self, now=None) -> bool:
        """Due time passed and no story handed in: none yet, or still a draft."""
        now = now or timezone.now()
        handed_in = self.article_id is not None and self.article.status != Status.DRAFT
        return self.due_at < now and not handed_in


def overdue_q(now) -> models.Q:
    """Assignment.is_overdue as a query."""
    return models.Q(due_at__lt=now) & (
        models.Q(article__isnull=True) | models.Q(article__status=Status.DRAFT)
    )


class AssignmentEvent(models.Model):
    """One row per thing done to an assignment (the budget's audit trail, as ArticleEvent)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Planned")
        ASSIGNED = "assigned", _("Assigned")
        REASSIGNED = "reassigned", _("Reassigned")
        CHANGED = "changed", _("Changed")
        CONVERTED = "converted", _("Draft started")
        OVERDUE = "overdue", _("Overdue")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # The assignee once the event is done, and the one before (a reassignment's).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    previous_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("assignment event")
        verbose_name_plural = _("assignment events")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.assignment_id}"
