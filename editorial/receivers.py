"""Who hears of a desk event: connected in EditorialConfig.ready() to ArticleEvent's
post_save, so the inbox lines are written in the event's own transaction; the mail they
carry is a task queued on commit (editorial/notifications.py, editorial/tasks.py)."""

from editorial import notifications


def record_notifications(sender, instance, created, raw=False, **kwargs):
    """A new desk event: the inbox lines (and one mail) for the people it concerns."""
    if created and not raw:
        notifications.notify(instance)
