"""Desk mail: who hears of a move. Connected in EditorialConfig.ready() to signals the
services send after the commit; the mail itself is a task (editorial/tasks.py)."""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction

from editorial.tasks import check_links, send_desk_mail


def notify_editors_of_submission(sender, article, event, **kwargs):
    editors = get_user_model().objects.filter(
        groups__name="Editors", is_active=True
    ).exclude(email="").exclude(pk=event.by_id)
    _mail("editorial/email/submitted.txt", event, [u.email for u in editors])


def notify_author(sender, article, event, **kwargs):
    """Sent back (with the note), scheduled or published: the author hears of it."""
    author = article.created_by
    if author is None or not author.email or author.pk == event.by_id:
        return
    _mail("editorial/email/to_author.txt", event, [author.email])


def _mail(template, event, recipients):
    if recipients:
        send_desk_mail.enqueue(template, event.pk, recipients)


def check_links_on_save(sender, instance, update_fields=None, **kwargs):
    """A story saved with its text: its outside links are checked by a task, after commit."""
    if update_fields is not None and not any(f.startswith("body") for f in update_fields):
        return  # a move (status, time) leaves the links as they were
    transaction.on_commit(partial(check_links.enqueue, instance.pk), robust=True)
