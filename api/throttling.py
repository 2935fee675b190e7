"""The API's request budget per client address (settings.NEWSROOM_API_RATE), charged before
the page cache: a cached answer counts as much as a rendered one, so a client cannot get past
the budget by asking for what is cached. Two doors, as the page cache has (docs/api.md,
"Limits"): `ApiBudgetApp` around gunicorn's application (newsroom/wsgi.py) and
`ApiBudgetMiddleware` (outside the page cache's middleware) for runserver and the tests; a
request charged at the first is not charged again at the second.
"""

import json
from math import ceil
from urllib.parse import parse_qs

from django.conf import settings
from django.http import HttpResponse
from django.http.request import HttpHeaders
from django.utils import translation
from rest_framework.exceptions import Throttled
from rest_framework.throttling import SimpleRateThrottle

from caching import pagecache

API_PREFIX = "/api/"
# Left in the WSGI environ (request.META) once the request is charged: a key no client can
# send (request headers arrive as HTTP_*).
CHARGED_KEY = "api.budget_charged"


class _Meta:
    """What DRF's throttle reads of a request: its META (the WSGI environ) and headers."""

    def __init__(self, environ):
        self.META = environ
        self.headers = HttpHeaders(environ)


class AnonymousClientThrottle(SimpleRateThrottle):
    """Every API client is anonymous (the API has no sign-in): one budget per address, as
    REST_FRAMEWORK["NUM_PROXIES"] reads it (NEWSROOM_TRUSTED_PROXIES). The rate is read per
    request, so a changed setting applies at once."""

    scope = "api"

    def get_rate(self):
        return settings.NEWSROOM_API_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def charge(environ, path) -> int | None:
    """Charge this request to its client's budget: None if within it (or not an API request,
    or charged already), else the seconds to wait. A failing cache lets the request through."""
    if not path.startswith(API_PREFIX) or environ.get(CHARGED_KEY):
        return None
    environ[CHARGED_KEY] = True
    throttle = AnonymousClientThrottle()
    if throttle.allow_request(_Meta(environ), None):
        return None
    return max(1, ceil(throttle.wait() or 1))


def refusal(environ, wait: int) -> tuple[int, list, bytes]:
    """The 429: JSON `{"detail": …}` in the edition asked for (`?lang=`), Retry-After, and
    never stored by any cache."""
    wanted = parse_qs(environ.get("QUERY_STRING", "")).get("lang", [""])[0]
    languages = dict(settings.LANGUAGES)
    with translation.override(wanted if wanted in languages else settings.LANGUAGE_CODE):
        detail = str(Throttled(wait).detail)
        language = translation.get_language()
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    headers = [
        ("Content-Type", "application/json"),
        ("Content-Language", language),
        ("Retry-After", str(wait)),
        ("Cache-Control", "no-store"),
        ("Content-Length", str(len(body))),
    ]
    return 429, headers, body


class ApiBudgetApp:
    """The budget's WSGI door, outermost (before caching.wsgi.CachedPagesApp)."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if API_PREFIX not in environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""):
            return self.application(environ, start_response)  # a page: nothing to charge
        try:
            path = pagecache.request_path(environ)
        except Exception:  # noqa: BLE001 - let Django answer a malformed path its own way
            return self.application(environ, start_response)
        wait = charge(environ, path)
        if wait is None:
            return self.application(environ, start_response)
        status, headers, body = refusal(environ, wait)
        start_response(f"{status} Too Many Requests", headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


class ApiBudgetMiddleware:
    """The budget's Django door, just outside PublicPageCacheMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wait = charge(request.META, request.path)
        if wait is None:
            return self.get_response(request)
        status, headers, body = refusal(request.META, wait)
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        return response
