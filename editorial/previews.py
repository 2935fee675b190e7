"""Signed, expiring, revocable preview links for readers without an account.

The URL carries the link's random token, signed with the site's secret: a forged or
mistyped URL fails the signature before any query, a revoked or expired link is refused
by its row. Links are made and revoked only by the services below.
"""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial import permissions
from editorial.models import ArticleEvent, PreviewLink
from editorial.services import record

SALT = "newsroom.preview-link"
DEFAULT_HOURS = 48
MAX_HOURS = 24 * 30


@transaction.atomic
def create_preview_link(article: Article, *, by, note: str = "",
                        hours: int = DEFAULT_HOURS) -> PreviewLink:
    """A link to the story for someone without an account, valid 1 hour to 30 days."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    permissions.require(permissions.can_manage_preview_links, by, article)
    hours = min(max(hours, 1), MAX_HOURS)
    link = PreviewLink.objects.create(
        article=article, note=note.strip()[:200], created_by=by,
        expires_at=timezone.now() + timedelta(hours=hours),
    )
    record(article, action=ArticleEvent.Action.LINK_CREATED, by=by, note=link.note)
    return link


@transaction.atomic
def revoke_preview_link(article: Article, link_id: int, *, by) -> bool:
    """Stop one of the story's links at once; False if it was revoked already or is not
    one of this story's links."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    permissions.require(permissions.can_manage_preview_links, by, article)
    link = PreviewLink.objects.filter(
        pk=link_id, article=article, revoked_at__isnull=True
    ).first()
    if link is None:
        return False
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    record(article, action=ArticleEvent.Action.LINK_REVOKED, by=by, note=link.note)
    return True


def preview_link_url(request, link: PreviewLink) -> str:
    """The link's absolute address, as the editor sends it."""
    signed = signing.dumps(link.token, salt=SALT, compress=False)
    return request.build_absolute_uri(reverse("editorial:shared_preview", args=[signed]))


def active_links(article: Article):
    """The story's links that still open it, newest first."""
    return article.preview_links.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


def active_link(signed: str) -> PreviewLink | None:
    """The link behind `signed` if it is genuine, unexpired and not revoked; else None."""
    try:
        token = signing.loads(signed, salt=SALT)
    except signing.BadSignature:
        return None
    return (
        PreviewLink.objects.filter(
            token=token, revoked_at__isnull=True, expires_at__gt=timezone.now()
        ).select_related("article").first()
    )
