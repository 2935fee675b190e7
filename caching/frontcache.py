"""Refresh the nginx front's copies of the pages a public change touched.

On commit the pages concerned are listed here and handed to the `refresh_front` task
(caching/tasks.py), which GETs them through the front with `X-Newsroom-Refresh: 1`; nothing
is requested by the web process. Why and how the front honours it: docs/caching.md.
"""

import http.client
import logging
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from caching import policy

logger = logging.getLogger(__name__)

REFRESH_HEADER = "X-Newsroom-Refresh"
MAX_PATHS = 20
CONNECTIONS = 3  # requests at once, per task
REQUEST_TIMEOUT_S = 5.0


def front_urls() -> list[str]:
    """NEWSROOM_FRONT_URL: where the fronts listen, as the workers reach them."""
    value = getattr(settings, "NEWSROOM_FRONT_URL", "") or ""
    return [url.strip().rstrip("/") for url in value.split(",") if url.strip()]


def refresh_after_change(article=None, instance=None) -> None:
    """On commit of a public change: enqueue the refresh of the pages it concerns.

    Never raises: it runs after the commit, where an error would only turn a done change
    into an error page.
    """
    if not front_urls():
        return
    from caching.tasks import refresh_front

    try:
        try:
            paths = pages_for(article=article, instance=instance)
        except Exception:
            logger.exception("Could not list the pages to refresh at the front; home pages only")
            paths = pages_for()
        refresh_front.enqueue(paths)
    except Exception:
        logger.exception("Could not enqueue the front's refresh")


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
        # The story's own address answers in every edition: the story, or the page saying
        # it is written only in another (public.views.ArticleDetailView).
        paths += _urls([article], languages)
        related = [section, section.parent if section.parent_id else None]
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


def refresh(paths, fronts=None) -> dict:
    """GET `paths` at each front now, a few at a time; {"done": n, "failed": n}, where done
    is an answer the front may store. Failures are logged, never raised."""
    fronts = front_urls() if fronts is None else fronts
    site = urlsplit(settings.NEWSROOM_SITE_URL)
    host, proto = site.netloc, site.scheme or "http"
    items = [(front, host, proto, path) for front in fronts for path in paths]
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        outcomes = list(pool.map(lambda item: _refresh_one(*item), items))
    return {"done": outcomes.count(True), "failed": outcomes.count(False)}


def _refresh_one(front: str, host: str, proto: str, path: str) -> bool:
    try:
        status = _get(front, host, proto, path)
    except (OSError, http.client.HTTPException) as error:  # down, refused, timed out
        logger.warning("Front refresh of %s%s failed: %r", front, path, error)
        return False
    if not policy.cacheable_status(status):
        logger.warning("Front refresh of %s%s answered %s", front, path, status)
        return False
    return True


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
    logger.debug("Front refresh of %s%s: %s, front %s, app %s", front, path, response.status,
                 response.getheader("X-Micro-Cache"), response.getheader("X-Cache"))
    return response.status
