"""Gunicorn for production: `gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi`.

It runs behind deploy/nginx.conf, which buffers slow clients and keeps the connections to
readers, so gunicorn only ever talks to nginx on loopback. The environment may override the
measured defaults (GUNICORN_WORKER_CLASS, GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_BIND),
and `bench/run.py --sweep` re-measures them.

Workers and threads were chosen by measurement (docs/benchmarks.md, "Gunicorn workers").
"""

import os

# Loopback only: nginx is the only client. Use a unix socket or another port if you like.
# Never bind a public address, nor put a load balancer that does not buffer in front: a sync
# worker holds one connection from the first byte of the request to the last byte of the
# answer, so a client that sends or reads slowly (slowloris: 50 such connections were
# measured to stop every reader with the shipped worker count) holds a whole worker for as
# long as it likes. nginx reads the whole request before passing it on and takes the whole
# answer at once (its buffers), and cuts slow clients itself (deploy/nginx.conf: timeouts,
# per-address limits); gunicorn then only ever talks to nginx, on loopback, at full speed.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Measured with `bench/run.py --sweep` on the idle 2-core bench machine (1,012 stories, wrk
# -t2 -c16 straight at gunicorn, 10 s a run; req/s and p99 of the uncached article, the
# uncached home page and the cached article; docs/benchmarks.md, "Gunicorn workers"):
#   2 sync                 96 (253 ms) /  98 (202 ms) / 4926 (6.8 ms)    78 MB per worker
#   3 sync                104 (205 ms) /  85 (281 ms) / 4938 (199 ms)    79 MB
#   2 gthread x 2 threads  96 (392 ms) /  90 (412 ms) / 3324 (15.3 ms)   81 MB
#   3 gthread x 2 threads  86 (456 ms) /  54 (505 ms) / 4418 (18.8 ms)   81 MB
#   4 gthread x 2 threads  81 (284 ms) /  72 (503 ms) / 4594 (23.7 ms)   81 MB
# and the full bench at 1,000,012 stories: 2 sync served every cached page at p99 6.4 to
# 8.0 ms, 3 gthread x 2 at p99 16 to 26 ms, uncached pages at the same rate. Rendering is
# CPU work, so one sync worker per core renders as many pages as any set-up; threads only
# add waiting for the interpreter lock, which is what the cached pages' p99 showed. A sync
# worker handles one request at a time and closes the connection after it, which is
# gunicorn's recommended set-up behind a buffering proxy (deploy/nginx.conf: slow readers
# are nginx's business, and its micro-cache answers readers while a worker is busy). The
# cost: a slow request (an uncached search, an upload being resized) holds a whole worker.
# Re-measure on the production machine (`bench/run.py --sweep`); GUNICORN_WORKERS and
# GUNICORN_WORKER_CLASS/GUNICORN_THREADS override these.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
workers = int(os.environ.get("GUNICORN_WORKERS", str(max(2, os.cpu_count() or 2))))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Each worker (each thread, with gthread) holds its own database connection (CONN_MAX_AGE).

# Import Django and the project once in the master, so the workers share those pages of
# memory (copy on write) and a broken deploy fails before any worker starts. Django opens
# no database connection at import, so no connection is shared across the fork.
preload_app = True

# Recycle each worker after 50,000 to 55,000 requests (jitter: each worker draws its own limit,
# so they never restart together and the others keep serving while one is replaced):
# bounds the damage of a slow leak in any library we use. Not much lower: a worker answers
# about 2,500 cached pages a second on the bench machine, so at 5,000 a busy worker would be
# replaced every two seconds, and each new one starts with an empty page memory
# (caching/pagecache.py) and opens its database and Redis connections again.
max_requests = 50_000
max_requests_jitter = 5_000

# A page that takes 30 s is broken; kill the worker rather than queue readers behind it.
# nginx waits 35 s (proxy_read_timeout), so this verdict comes first and nginx serves the
# stale copy it holds. A sync worker facing a slow client would sit out this whole time
# reading or writing for it; behind nginx, which hands over whole requests and takes whole
# answers, only our own slowness can use it up.
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
