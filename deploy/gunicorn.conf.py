"""Gunicorn for production: `gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi`.

It runs behind deploy/nginx.conf, which buffers slow clients and keeps the connections to
readers, so gunicorn only ever talks to nginx on loopback. The environment may override the
measured defaults (GUNICORN_WORKER_CLASS, GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_BIND),
and `bench/run.py --sweep` re-measures them.

Workers and threads were chosen by measurement (docs/benchmarks.md, "Gunicorn workers").
"""

import os

# Loopback only: nginx is the only client. Use a unix socket or another port if you like.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Measured with `bench/run.py --sweep` on the 2-core bench machine (1,012 stories, wrk -t2
# -c16 straight at gunicorn, two sweeps; req/s of the uncached article, the uncached home and
# the cached article):
#   2 sync            15 / 9 / 252    10 / 4 / 182    64 MB per worker
#   3 sync             6 / 2 /  76     9 / 3 / 102    64 MB
#   4 sync             3 / 1 /  68     4 / 2 /  88    64 MB
#   5 sync             4 / 1 / 108     6 / 3 /  88    64 MB
#   2 gthread x 4      6 / 3 / 328     5 / 6 / 331    71-75 MB
#   3 gthread x 2     13 / 8 / 366    19 / 12 / 663   68-72 MB
# The machine was shared with other work (load average 3 to 13 during the sweeps), so the
# absolute figures are low and noisy; the ranking held in both sweeps. More sync workers
# than cores only queue more renders on two CPUs. 3 gthread workers of 2 threads matched or
# beat the best sync set-up on uncached pages (a thread waiting on PostgreSQL lets another
# render) and served cached pages 1.5-4x faster, because gthread keeps connections alive
# where a sync worker closes every one (so the `keepalive 16` of nginx's upstream in
# deploy/nginx.conf only works with gthread). Re-measure on the production machine.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Each thread holds its own database connection (CONN_MAX_AGE): 3 x 2 = 6 per server.

# Import Django and the project once in the master, so the workers share those pages of
# memory (copy on write) and a broken deploy fails before any worker starts. Django opens
# no database connection at import, so no connection is shared across the fork.
preload_app = True

# Recycle each worker after about 5,000 requests, staggered so they never restart together:
# bounds the damage of a slow leak in any library we use. Not much lower: a cached page
# takes a few milliseconds, so at 1,000 a busy worker would be replaced every few seconds,
# and each new one opens its database and Redis connections again.
max_requests = 5000
max_requests_jitter = 500

# A page that takes 30 s is broken; kill the worker rather than queue readers behind it.
timeout = 30
graceful_timeout = 20
# nginx keeps its upstream connections open between requests (gthread honours it).
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
    """Start every worker warm, recycled ones included.

    With preload_app the master has imported the project, but Django still does much on a
    worker's first request: the URLconf and every view module, template parsing and tag
    libraries, the Arabic catalogue and date formats, and redis-py (imported when the cache
    is first used). Measured on the bench machine that first request took over a second more
    than the next. Doing it here, once, before the workers fork, shares the result with all of
    them. Nothing here opens a database or cache connection, so none crosses the fork.
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
