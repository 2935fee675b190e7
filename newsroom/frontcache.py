"""Refresh the nginx front's copies of the pages a public change touched, right after it.

The front (deploy/nginx.conf) keeps each page a second (`s-maxage=1`, counted by nginx in
whole seconds), then serves the old copy while one background request renders the new one:
a publish showed through it after 4.5 s at 100,000 stories, and open-source nginx has no
purge. So when a public change commits (editorial.receivers.bump_public_version, after the
page-cache version bump), the app GETs the pages concerned through the front with
`X-Newsroom-Refresh: 1`. nginx honours that header from trusted addresses only (loopback
and the app servers), skips its copy, and stores the page gunicorn renders in its place.

Which pages: the home page and the feed of every edition; for a story, also the story in
each edition it exists in, its section (and the parent section, which lists it too) and the
first page of its bylines and tags, at most MAX_PATHS in all. A section, byline or tag that
changed adds its own page.

The requests run on a few daemon threads, off the request that made the change, with a
short timeout each; a front that is down or failing is logged, never raised: the change is
committed already. `wait()` lets a short-lived process (a management command, bench/probe.py)
let them finish, and an atexit hook does so for a while on exit.

NEWSROOM_FRONT_URL (e.g. http://127.0.0.1:80, several separated by commas) says where the
front listens; unset, nothing is sent. Each request carries the public site's host and
scheme (NEWSROOM_SITE_URL), so it renews the very copy readers get (the cache key is
scheme, host and path).
"""

import atexit
import http.client
import logging
import os
import threading
import time
from collections import deque
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

logger = logging.getLogger(__name__)

REFRESH_HEADER = "X-Newsroom-Refresh"
MAX_PATHS = 20
WORKERS = 3
REQUEST_TIMEOUT_S = 5.0
EXIT_WAIT_S = 10.0
EXPECTED_STATUS = (200, 301, 404, 410)  # what the front may store; anything else is logged

_cond = threading.Condition()
_queue: deque = deque()  # (front, host, proto, path), waiting for a worker
_queued: set = set()  # the same, to skip a path already waiting
_busy = 0  # requests being made now
_workers: list[threading.Thread] = []
# Since the process started, for reports: done is a page the front could store (an
# EXPECTED_STATUS), failed an error or any other answer.
_counts = {"queued": 0, "done": 0, "failed": 0}
_exit_hook_registered = False


def front_urls() -> list[str]:
    value = getattr(settings, "NEWSROOM_FRONT_URL", "") or ""
    return [url.strip().rstrip("/") for url in value.split(",") if url.strip()]


def refresh_after_change(article=None, instance=None) -> None:
    """On commit of a public change: queue the refresh of the pages it concerns.

    Never raises: it runs after the commit, where an error would only turn a done change
    into an error page.
    """
    fronts = front_urls()
    if not fronts:
        return
    try:
        try:
            paths = pages_for(article=article, instance=instance)
        except Exception:
            logger.exception("Could not list the pages to refresh at the front; home pages only")
            paths = pages_for()
        refresh(paths, fronts)
    except Exception:
        logger.exception("Could not ask the front to refresh its pages")


def pages_for(article=None, instance=None) -> list[str]:
    """The paths to refresh, most read first, at most MAX_PATHS."""
    languages = [code for code, _name in settings.LANGUAGES]
    paths = []
    for language in languages:
        with translation.override(language):
            paths += [reverse("articles:home"), reverse("articles:feed")]
    if article is not None:
        editions = [code for code in languages if article.has_edition(code)]
        section = article.section
        related = [article, section, section.parent if section.parent_id else None]
        related += list(article.authors.all()[:MAX_PATHS])
        related += list(article.tags.all()[:MAX_PATHS])
        paths += _urls(related, editions)
    if instance is not None and instance is not article:
        paths += _urls([instance], languages)
    return list(dict.fromkeys(paths))[:MAX_PATHS]


def _urls(objects, languages) -> list[str]:
    paths = []
    for obj in objects:
        if obj is None or not hasattr(obj, "get_absolute_url"):
            continue
        for language in languages:
            with translation.override(language):
                try:
                    paths.append(obj.get_absolute_url())
                except NoReverseMatch:  # e.g. a tag saved without a slug yet
                    break
    return paths


def refresh(paths, fronts=None) -> None:
    """Queue GETs of `paths` at each front; returns at once."""
    fronts = front_urls() if fronts is None else fronts
    if not fronts or not paths:
        return
    site = urlsplit(settings.NEWSROOM_SITE_URL)
    host, proto = site.netloc, site.scheme or "http"
    with _cond:
        _start_workers()
        for front in fronts:
            for path in paths:
                item = (front, host, proto, path)
                if item not in _queued:  # one waiting already: it will show this change too
                    _queued.add(item)
                    _queue.append(item)
                    _counts["queued"] += 1
        _cond.notify_all()


def wait(timeout: float | None = None) -> bool:
    """Block until every queued refresh is done (True) or `timeout` seconds pass (False)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    with _cond:
        while _queue or _busy:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            _cond.wait(remaining)
    return True


def pending() -> int:
    with _cond:
        return len(_queue) + _busy


def counts() -> dict:
    """Refreshes queued, done (the front answered) and failed since this process started."""
    with _cond:
        return dict(_counts)


def _start_workers() -> None:
    """Called with _cond held. Daemon threads, so a hung front never keeps a process alive."""
    global _exit_hook_registered
    _workers[:] = [t for t in _workers if t.is_alive()]
    while len(_workers) < WORKERS:
        thread = threading.Thread(target=_work, name="frontcache", daemon=True)
        thread.start()
        _workers.append(thread)
    if not _exit_hook_registered:
        atexit.register(_wait_at_exit)
        _exit_hook_registered = True


def _work() -> None:
    global _busy
    while True:
        with _cond:
            while not _queue:
                _cond.wait()
            item = _queue.popleft()
            # Off the waiting set before the request: a change committed while it is being
            # made queues the path again, as this request may have rendered the page before.
            _queued.discard(item)
            _busy += 1
        outcome = "failed"
        try:
            if _get(*item) in EXPECTED_STATUS:
                outcome = "done"
        except (OSError, http.client.HTTPException) as error:  # down, refused, timed out
            logger.warning("Front refresh of %s%s failed: %r", item[0], item[3], error)
        except Exception:  # a bug here must not stop the worker, nor reach anyone else
            logger.exception("Front refresh of %s%s failed", item[0], item[3])
        finally:
            with _cond:
                _busy -= 1
                _counts[outcome] += 1
                _cond.notify_all()


def _get(front: str, host: str, proto: str, path: str) -> int:
    parts = urlsplit(front)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT_S)
    try:
        # No cookies, ever: the front stores what a refresh gets, for every reader.
        connection.request("GET", parts.path.rstrip("/") + path, headers={
            "Host": host, REFRESH_HEADER: "1", "X-Forwarded-Proto": proto,
            "User-Agent": "newsroom-frontcache",
        })
        response = connection.getresponse()
        response.read()  # to the end, so nginx finishes and stores the page
    finally:
        connection.close()
    if response.status not in EXPECTED_STATUS:
        logger.warning("Front refresh of %s%s answered %s", front, path, response.status)
    else:
        logger.debug("Front refresh of %s%s: %s, front %s, app %s", front, path,
                     response.status, response.getheader("X-Micro-Cache"),
                     response.getheader("X-Cache"))
    return response.status


def _wait_at_exit() -> None:
    if not wait(EXIT_WAIT_S):
        logger.warning("Exiting with %d front refreshes unfinished", pending())


def _after_fork_in_child() -> None:
    """A forked child (gunicorn worker) inherits no threads: start afresh."""
    global _cond, _busy
    _cond = threading.Condition()
    _queue.clear()
    _queued.clear()
    _busy = 0
    _workers.clear()
    _counts.update(queued=0, done=0, failed=0)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
