"""The workflow's states and the moves between them, as data. Imports nothing from our apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")  # published_at in the future = scheduled
    UNPUBLISHED = "unpublished", _("Unpublished")


TRANSITIONS = {
    # Draft straight to published is allowed: editors publish breaking news themselves.
    # Who may take a move is permissions.py's business, not this table's.
    Status.DRAFT: {Status.IN_REVIEW, Status.PUBLISHED},
    Status.IN_REVIEW: {Status.DRAFT, Status.PUBLISHED},
    Status.PUBLISHED: {Status.UNPUBLISHED},
    Status.UNPUBLISHED: {Status.DRAFT, Status.PUBLISHED},
}


class InvalidTransition(Exception):
    """The article's current status does not allow the requested move."""

    def __init__(self, current, target):
        self.current = current
        self.target = target
        super().__init__(current, target)
