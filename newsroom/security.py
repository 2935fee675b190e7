"""Login throttling glue for django-axes: whose address a login comes from, and the page a
locked-out login gets.

The address: behind nginx, REMOTE_ADDR is nginx's own (loopback), and the reader's address
is in X-Forwarded-For, which nginx *appends* to whatever the client sent
($proxy_add_x_forwarded_for). Only the entries added by our own proxies can be trusted, so
with NEWSROOM_TRUSTED_PROXIES = n we take the n-th entry from the right; anything a client
wrote further left is ignored, and a forged header cannot move the lockout elsewhere.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone

LOCKOUT_TEMPLATE = "admin/lockout.html"


def client_ip(request) -> str | None:
    """The client's address as our own proxies saw it (see the module docstring)."""
    proxies = settings.NEWSROOM_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR")
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    ]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # Not through all our proxies (a misconfiguration): the one address nobody forged.
        return remote
    return forwarded[-proxies]


def lockout_response(request, original_response=None, credentials=None):
    """The desk's own page for a locked-out login, in the desk's language and style."""
    cool_off = settings.AXES_COOLOFF_TIME or timedelta(0)
    context = {
        **admin.site.each_context(request),
        "title": admin.site.site_header,
        "retry_at": timezone.localtime() + cool_off,
        "cool_off_minutes": int(cool_off.total_seconds() // 60),
    }
    response = TemplateResponse(
        request, LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response.render()
