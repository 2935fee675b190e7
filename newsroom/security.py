"""Login throttling glue for django-axes: whose address a login comes from, and the page a
locked-out login gets.

Behind nginx the address is the NEWSROOM_TRUSTED_PROXIES-th entry of X-Forwarded-For from
the right, the one our outermost proxy added, so a forged header cannot move the lockout
elsewhere (docs/architecture-notes.md, "Login throttling").
"""

import math
from datetime import timedelta

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
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


def unlocks_at(request, credentials):
    """When the lockout of this username from this address ends: the cool-off counts from
    the failure that locked it (tries refused meanwhile are not recorded)."""
    cool_off = get_cool_off(request) or timedelta(0)
    last = (
        AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=getattr(request, "axes_ip_address", None) or client_ip(request),
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + cool_off


def lockout_response(request, original_response=None, credentials=None):
    """The desk's own page for a locked-out login, in the desk's language and style."""
    retry_at = unlocks_at(request, credentials)
    context = {
        **admin.site.each_context(request),
        "title": admin.site.site_header,
        "retry_at": timezone.localtime(retry_at),
    }
    response = TemplateResponse(
        request, LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    seconds = (retry_at - timezone.now()).total_seconds()
    response["Retry-After"] = str(max(1, math.ceil(seconds)))
    return response.render()
