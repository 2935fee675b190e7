"""Health endpoints for a load balancer or an orchestrator, never cached.

`/healthz` says the process answers (liveness); `/readyz` that the database and the cache
each answer within CHECK_SECONDS, checked side by side (readiness). Details:
docs/architecture-notes.md, "Health checks".
"""

import os
import threading
import time
import uuid

from django.core.cache import caches
from django.db import connection, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

CHECK_SECONDS = 2.0


def _database_answers() -> None:
    # A connection of its own, closed at once: never the request's, whose state it could spoil.
    connection = connections.create_connection("default")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()


def _cache_answers() -> None:
    cache = caches.create_connection("default")
    try:
        key, token = f"newsroom:readyz:{os.getpid()}", uuid.uuid4().hex
        cache.set(key, token, 10)
        if cache.get(key) != token:
            raise RuntimeError("the cache did not keep a value")
    finally:
        cache.close()


def _run_checks(checks: dict) -> dict:
    """{name: "ok" | "error" | "timeout"}, every check started at once."""
    results = dict.fromkeys(checks, "timeout")

    def run(name, check):
        try:
            check()
        except Exception:  # noqa: BLE001 - any failure means not ready; the body says which
            results[name] = "error"
        else:
            results[name] = "ok"

    threads = [
        threading.Thread(target=run, args=item, daemon=True, name=f"readyz-{item[0]}")
        for item in checks.items()
    ]
    deadline = time.monotonic() + CHECK_SECONDS
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return dict(results)


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    results = _run_checks({"database": _database_answers, "cache": _cache_answers})
    ok = all(value == "ok" for value in results.values())
    return JsonResponse(results, status=200 if ok else 503)


HEALTH_VIEWS = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """The outermost middleware: answers both endpoints before the page cache, the HTTPS
    redirect and the host check, so a probe by address over plain HTTP gets its answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = HEALTH_VIEWS.get(request.path_info)
        if view is not None:
            return view(request)
        return self.get_response(request)


class DeskNeedsDatabaseMiddleware:
    """A desk request gets the 503 page when the database does not answer, not a login form
    that needs no query to render and can only fail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/"):
            # Connects, or health-checks a kept connection (CONN_HEALTH_CHECKS); an
            # OperationalError here becomes the 503 page (newsroom.errors.server_error).
            connection.cursor().close()
        return self.get_response(request)
