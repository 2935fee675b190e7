"""Test-only URLconf: the site's URLs and error handlers, plus views that fail on purpose."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.db import OperationalError
from django.urls import path

from newsroom.urls import handler400, handler403, handler404, handler500  # noqa: F401
from newsroom.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a bug")


def database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


def forbidden(request):
    raise PermissionDenied


def bad(request):
    raise BadRequest("nonsense")


urlpatterns = [
    path("test-broken/", broken),
    path("test-database-gone/", database_gone),
    path("test-forbidden/", forbidden),
    path("test-bad/", bad),
    path("en/test-broken/", broken),
    *site_urlpatterns,
]
