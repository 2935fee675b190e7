"""Gunicorn for production: `gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi`.

It runs behind deploy/nginx.conf, which buffers slow clients, so gunicorn only ever talks to
nginx on loopback. The defaults were measured (docs/benchmarks.md, "Gunicorn workers"); the
GUNICORN_* environment variables override them and `bench/run.py --sweep` re-measures them.
"""

import os

# Loopback only: nginx is the only client. Use a unix socket or another port if you like.
# Never bind a public address, nor put a load balancer that does not buffer in front: a slow
# client holds a whole sync worker for as long as it likes (docs/architecture-notes.md and
# docs/benchmarks.md, "Gunicorn configuration").
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# One sync worker per CPU (at least 2): rendering is CPU work, so threads only add waiting
# for the interpreter lock (docs/benchmarks.md, "Gunicorn workers"). The cost: a slow request
# holds a whole worker. Re-measure on the production machine (`bench/run.py --sweep`).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
workers = int(os.environ.get("GUNICORN_WORKERS", str(max(2, os.cpu_count() or 2))))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Each worker (each thread, with gthread) holds its own database connection (CONN_MAX_AGE).

# Import Django and the project once in the master, so the workers share those pages of
# memory (copy on write) and a broken deploy fails before any worker starts. Django opens
# no database connection at import, so no connection is shared across the fork.
preload_app = True

# Recycle each worker after 50,000 to 55,000 requests (jitter: each worker draws its own limit,
# so they never restart together): bounds the damage of a slow leak in any library we use.
# Not much lower: a new worker starts with an empty page memory and new connections
# (docs/benchmarks.md, "Gunicorn configuration").
max_requests = 50_000
max_requests_jitter = 5_000

# A page that takes 30 s is broken; kill the worker rather than queue readers behind it.
# nginx waits 35 s (proxy_read_timeout), so this verdict comes first and nginx serves the
# stale copy it holds.
timeout = 30
# On a reload or a recycle, a worker finishes the request in hand (at most `timeout`).
graceful_timeout = 20
# nginx keeps its upstream connections open between requests; only gthread workers honour
# it (a sync worker closes each connection after its response).
keepalive = 5

# nginx logs every request already; gunicorn's access log would double the I/O.
# Set GUNICORN_ACCESS_LOG=- to get it on stdout while debugging.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Gunicorn >= 25 opens a control socket under $HOME by default; two instances on one host
# would fight over it, and nothing of ours uses it.
control_socket_disable = True

# Workers' temporary heartbeat files in RAM, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def when_ready(server):
    """Start every worker warm, recycled ones included: load once in the master, before the
    fork, what Django otherwise loads on each worker's first request (docs/benchmarks.md,
    "Gunicorn configuration").

    Nothing here opens a database or cache connection, so none crosses the fork.
    """
    if not server.cfg.preload_app:
        return
    try:
        _warm_up()
    except Exception:  # a failed warm-up only costs speed; never stop the site for it
        server.log.exception("Warm-up before forking failed; workers will start cold.")


def _warm_up():
    import contextlib
    import importlib
    from pathlib import Path

    from django.conf import settings
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import formats, translation

    get_resolver()._populate()  # imports every urls.py and the views they name
    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        importlib.import_module("redis")
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            formats.get_format("DATE_FORMAT")
    # The project's own templates (the public site); the admin's are left to load on use.
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(directory).rglob("*.html"):
            if "admin" not in path.relative_to(directory).parts:
                # A broken template shows itself on the request that uses it.
                with contextlib.suppress(TemplateDoesNotExist, TemplateSyntaxError):
                    get_template(str(path.relative_to(directory)))
