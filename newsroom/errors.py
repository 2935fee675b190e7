"""Error pages that still answer when the database does not.

`server_error` tells a database outage (503 with Retry-After) from a bug (500), and neither
page touches the database or the cache; each page says its message in both languages, the
edition's first. Details: docs/architecture-notes.md, "Error pages".
"""

import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language_from_path

# Seconds a client (or a load balancer) should wait before asking again during an outage.
RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_database_unavailable(exc) -> bool:
    """Whether `exc`, or an exception it was raised from or while handling, says the
    database cannot be reached or used right now."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DATABASE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _languages(request) -> list[str]:
    """The page's languages, the first one leading: English first under /en/."""
    first = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    return ["en", "ar"] if first == "en" else ["ar", "en"]


def error_response(request, template_name, status, **extra) -> HttpResponse:
    """A standalone error page: no database, no cache, no context processor."""
    from sitesettings.models import SiteSettings  # not at import: LOGGING loads this module

    languages = _languages(request)
    context = {
        "languages": languages,
        "first_language": languages[0],
        "first_dir": "ltr" if languages[0] == "en" else "rtl",
        # The brand as shipped: the editable name lives in the database.
        "site_name": SiteSettings._meta.get_field("site_name").default,
        "home_url": "/en/" if languages[0] == "en" else "/",
        "status": status,
        **extra,
    }
    body = loader.get_template(template_name).render(context)
    response = HttpResponse(body, status=status)
    # Never kept by our page cache, nginx or a browser: the last good copy stays served.
    response["Cache-Control"] = "no-store"
    return response


def service_unavailable(request) -> HttpResponse:
    response = error_response(request, "503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def bad_request(request, exception):
    if isinstance(exception, RequestDataTooBig):
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return error_response(request, "413.html", 413, limit_mb=limit_mb)
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        return error_response(request, "400.html", 400, too_many_fields=True)
    return error_response(request, "400.html", 400)


def permission_denied(request, exception):
    return error_response(request, "403.html", 403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the branded 403, saying the form has expired."""
    return error_response(request, "403.html", 403, csrf=True)


def page_not_found(request, exception):
    """The site's own 404 (menu and all), or the 503 page when the database is down."""
    try:
        return render(request, "404.html", status=404)
    except DATABASE_ERRORS:
        return service_unavailable(request)


def server_error(request):
    """500, or 503 when the exception being handled is a database outage."""
    if is_database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return error_response(request, "500.html", 500)


class OneLineWarning(logging.Filter):
    """Log a rejected request (too big, too many fields) as one WARNING line.

    Django logs these at ERROR with a traceback, which says nothing a reader's oversized
    form post needs and would page whoever watches the errors.
    """

    def filter(self, record):
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info, record.exc_text = None, None
        return True


class DatabaseOutageOneLine(logging.Filter):
    """During a database outage every request fails the same way: log each as one ERROR
    line naming the error instead of a full traceback."""

    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and is_database_unavailable(exc):
            first_line = (str(exc).strip().splitlines() or [""])[0]
            record.msg = (
                f"{record.getMessage()} (database unavailable: {type(exc).__name__}: "
                f"{first_line})"
            )
            record.args, record.exc_info, record.exc_text = (), None, None
        return True
