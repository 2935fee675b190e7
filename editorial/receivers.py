"""Reactions to desk events: mail to the people concerned, and the public-cache hook.

Connected in EditorialConfig.ready(); signals are sent after commit, so nothing here runs
for a move that was rolled back.
"""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from newsroom import frontcache, pagecache

logger = logging.getLogger(__name__)


def bump_public_version(sender, article=None, instance=None, **kwargs):
    """Any change readers may see: every cached public page is stale from now on, and the
    nginx front is asked to fetch the pages it concerns again (NEWSROOM_FRONT_URL).

    Two on-commit callbacks, run in this order: the front's requests must find the page
    cache bumped already, or they would get the old pages back from it.
    """
    transaction.on_commit(pagecache.bump_version)
    transaction.on_commit(
        partial(frontcache.refresh_after_change, article=article, instance=instance)
    )


def notify_editors_of_submission(sender, article, event, **kwargs):
    editors = get_user_model().objects.filter(
        groups__name="Editors", is_active=True
    ).exclude(email="").exclude(pk=event.by_id)
    _mail("editorial/email/submitted.txt", article, event, [u.email for u in editors])


def notify_author(sender, article, event, **kwargs):
    """Sent back (with the note), scheduled or published: the author hears of it."""
    author = article.created_by
    if author is None or not author.email or author.pk == event.by_id:
        return
    _mail("editorial/email/to_author.txt", article, event, [author.email])


def _mail(template, article, event, recipients):
    if not recipients:
        return
    # The desk works in Arabic; mail is written in the site's default language. The
    # templates are plain text (autoescape off); the headline, which starts the subject
    # line, is kept on one line, so a line break typed into it cannot cut the subject or
    # spill into the body, and the subject is flattened once more whatever it holds.
    with translation.override("ar"):
        text = render_to_string(template, {
            "article": article, "event": event, "title": " ".join(article.title.split()),
            "admin_path": settings.NEWSROOM_SITE_URL.rstrip("/")
            + reverse("admin:articles_article_change", args=[article.pk]),
        })
    subject, _blank, body = text.strip().partition("\n")
    try:
        send_mail(" ".join(subject.split()), body.strip(), None, recipients)
    except OSError:
        # A mail server being down must not undo a move that has already been committed.
        logger.exception("Could not send desk mail about article %s", article.pk)
