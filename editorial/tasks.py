"""The desk's side effects, run by the task worker (`manage.py db_worker`), never by a request."""

import http.client
import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
from editorial.checklist import article_links
from editorial.models import ArticleEvent, AssignmentEvent, LinkCheck
from editorial.planning import notify_overdue


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


@task
def send_assignment_mail(kind: str, event_id: int, recipients: list[str]) -> int:
    """Mail one planning event (assigned, reassigned away, overdue) to `recipients`; the
    number of messages sent (0 when the assignment is gone)."""
    event = (
        AssignmentEvent.objects.select_related("assignment", "assignment__section", "by")
        .filter(pk=event_id).first()
    )
    if event is None:
        return 0
    assignment = event.assignment
    with translation.override("ar"):
        text = render_to_string(f"editorial/email/assignment_{kind}.txt", {
            "assignment": assignment, "event": event,
            "headline": " ".join(assignment.headline.split()),
            "calendar_path": settings.NEWSROOM_SITE_URL.rstrip("/")
            + reverse("desk:planning") + f"?date={timezone.localdate(assignment.due_at)}",
        })
    subject, _blank, body = text.strip().partition("\n")
    return send_mail(" ".join(subject.split()), body.strip(), None, recipients)


@task
def notify_overdue_assignments() -> int:
    """The overdue sweep (editorial.planning.notify_overdue), for the worker; how many."""
    return notify_overdue()


# How long one outside address may take to answer, and how the checker names itself.
LINK_TIMEOUT = 5
LINK_AGENT = "AlamsarLinkCheck/1.0 (+newsroom desk checklist)"


@task
def check_links(article_id: int) -> int:
    """Ask each outside link of a story's bodies whether it answers (HEAD, then GET for a
    server that refuses HEAD) and keep the answers as LinkCheck rows for the checklist;
    the number of links checked (0 when the story is gone)."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return 0
    urls = article_links(article)
    for url in urls:
        status = _answer(url)
        LinkCheck.objects.update_or_create(url=url, defaults={
            "status": status, "ok": status is not None and 200 <= status < 400,
            "checked_at": timezone.now(),
        })
    return len(urls)


def _answer(url: str) -> int | None:
    """The HTTP status `url` answers with; None when nothing answers (DNS, refused, timeout)."""
    status = _request(url, "HEAD")
    # Some servers refuse or mishandle HEAD: ask again with GET (the body is not read).
    if status is None or status in (403, 405, 501) or status >= 500:
        status = _request(url, "GET") or status
    return status


def _request(url: str, method: str) -> int | None:
    if not _public(url):
        return None
    request = urllib.request.Request(url, method=method, headers={"User-Agent": LINK_AGENT})
    try:
        with _opener.open(request, timeout=LINK_TIMEOUT) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (OSError, ValueError, http.client.HTTPException):
        return None


def _public(url: str) -> bool:
    """Whether every address `url`'s host resolves to is on the public internet.

    The worker sits inside the newsroom's network: a body link (or a redirect) to localhost,
    10.x or a metadata address must not make it fetch there. Readers cannot reach such an
    address either, so for the checklist it is a link that does not answer.
    """
    if settings.NEWSROOM_LINK_CHECK_PRIVATE:
        return True
    host = urllib.parse.urlsplit(url).hostname
    if not host:
        return False
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    return all(ipaddress.ip_address(info[4][0]).is_global for info in infos)


class _PublicRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to a public address (see `_public`)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not _public(newurl):
            raise urllib.error.URLError("redirect to a private address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_PublicRedirects)
