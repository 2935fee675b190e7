"""The desk's side effects, run by the task worker (`manage.py db_worker`), never by a request."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from editorial.models import ArticleEvent


@task
def send_desk_mail(template: str, event_id: int, recipients: list[str]) -> int:
    """Render `template` about one desk event and mail it; the number of messages sent (0
    when the event is gone with its story). A mail server that fails fails the task."""
    event = ArticleEvent.objects.select_related("article", "by").filter(pk=event_id).first()
    if event is None:
        return 0
    article = event.article
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
    return send_mail(" ".join(subject.split()), body.strip(), None, recipients)
