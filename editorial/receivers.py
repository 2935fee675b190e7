"""Who hears of a desk event: connected in EditorialConfig.ready() to ArticleEvent's
post_save, so the inbox lines are written in the event's own transaction; the mail they
carry is a task queued on commit (editorial/notifications.py, editorial/tasks.py)."""

from functools import partial

from django.db import transaction

from editorial import notifications
from editorial.tasks import check_links


def record_notifications(sender, instance, created, raw=False, **kwargs):
    """A new desk event: the inbox lines (and one mail) for the people it concerns."""
    if created and not raw:
        notifications.notify(instance)


def record_assignment_notifications(sender, instance, created, raw=False, **kwargs):
    """A new planning event: the inbox lines (and mail) for the people it concerns."""
    if created and not raw:
        notifications.notify_assignment(instance)


def check_links_on_save(sender, instance, update_fields=None, **kwargs):
    """A story saved with its text: its outside links are checked by a task, after commit."""
    if update_fields is not None and not any(f.startswith("body") for f in update_fields):
        return  # a move (status, time) leaves the links as they were
    transaction.on_commit(partial(check_links.enqueue, instance.pk), robust=True)
