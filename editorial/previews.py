"""Signed, expiring, revocable preview links for readers without an account.

The URL carries the link's random token, signed with the site's secret: a forged or
mistyped URL fails the signature before any query, a revoked or expired link is refused
by its row.
"""

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from editorial.models import PreviewLink

SALT = "newsroom.preview-link"


def preview_link_url(request, link: PreviewLink) -> str:
    signed = signing.dumps(link.token, salt=SALT, compress=False)
    return request.build_absolute_uri(reverse("editorial:shared_preview", args=[signed]))


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
