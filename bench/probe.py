"""The bench's hands inside Django: run by bench/run.py with the project's venv and the same
environment as the gunicorn it measures. Each command prints one JSON object.

    probe.py urls               the pages to load: home, an article, a section, a tag, search, feed
    probe.py queries URL...     SQL queries of each page through the test client (2nd request)
    probe.py unpublish          take the newest story down (by an editor), for the publish check
    probe.py publish PK         publish it again through editorial.services.publish_article
    probe.py soak-plan          what bench/soak.py loads: hot and archive stories, words, tags,
                                and the stories its desk client edits, moves and kills saves of
    probe.py story-state PK...  each story's row, revisions and desk events (bench/soak.py
                                judges from them whether a killed save left it half-saved)

With NEWSROOM_FRONT_URL set (bench/run.py sets it to its nginx front), unpublish and publish
also wait for the front's refresh task that the change enqueued (caching/tasks.py) to be run
by the task worker bench/run.py starts, and report how long that took.
"""

# Its output is one JSON line for bench/run.py to read.
# ruff: noqa: T201

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.production")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.tasks.signals import task_enqueued  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.encoding import iri_to_uri  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from articles.models import Article, ArticleAuthor, Tag  # noqa: E402
from caching import pagecache  # noqa: E402
from editorial.services import publish_article, unpublish_article  # noqa: E402
from editorial.workflow import Status  # noqa: E402
from sections.models import Section  # noqa: E402

# Longest wait for the worker to run the front's refresh after a publish.
FRONT_REFRESH_WAIT_S = 10.0
FRONT_REFRESH_TASK = "caching.tasks.refresh_front"
_enqueued: list[str] = []  # ids of the refresh tasks this process enqueued


def _note_refresh(sender, task_result, **kwargs):
    if task_result.task.module_path == FRONT_REFRESH_TASK:
        _enqueued.append(task_result.id)


task_enqueued.connect(_note_refresh)
# Words too common to tell anything about search (articles and prepositions).
STOP_WORDS = {
    "على", "إلى", "الى", "عن", "من", "في", "مع", "بعد", "قبل", "حول", "بين", "التي", "الذي",
}


def urls() -> dict:
    translation.activate("ar")
    published = Article.objects.published()
    # A recent story with tags, as most readers read recent ones; not the newest, which the
    # publish check takes down and puts back.
    recent = published.order_by("-published_at", "-pk")
    article = recent.filter(tags__isnull=False).distinct()[5:6].first() or recent.first()
    section = (
        Section.objects.filter(is_active=True, parent__isnull=True)
        .annotate(n=Count("articles", filter=Q(articles__status=Status.PUBLISHED)))
        .order_by("-n").first()
    )
    tag = Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n").first()
    with translation.override("en"):
        english = Article.objects.for_readers("en").order_by("-published_at", "-pk").first()
        article_en = english.get_absolute_url() if english else None
    return {
        "article_en": article_en,  # bench/pageweight.py's English story
        "pages": {
            "home": "/",
            "article": article.get_absolute_url() if article else None,
            "section": section.get_absolute_url() if section else None,
            "tag": tag.get_absolute_url() if tag else None,
            "search": "/search/?" + urlencode({"q": _common_word(published)}),
            "feed": "/feed/",
        },
        "n_stories": Article.objects.count(),
        "n_published": published.count(),
    }


def _common_word(published) -> str:
    """The commonest longer word in recent headlines: a search readers would make."""
    words = Counter()
    for title in published.order_by("-published_at").values_list("title", flat=True)[:500]:
        words.update(w for w in title.split() if len(w) >= 4 and w not in STOP_WORDS)
    word = words.most_common(1)[0][0] if words else "الحكومة"
    return "".join(c for c in word if c.isalnum())


def queries(paths: list[str]) -> dict:
    """Queries per page, in steady state: the second request of each (the first warms the
    connection and per-process lookups such as content types)."""
    client = Client(raise_request_exception=False)
    result = {}
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        result[path] = {"status": response.status_code, "queries": len(ctx.captured_queries)}
    return result


def _editor():
    return get_user_model().objects.filter(
        groups__name="Editors", is_active=True, is_staff=True
    ).order_by("pk").first()


def unpublish() -> dict:
    translation.activate("ar")
    article = Article.objects.published().order_by("-published_at", "-pk").first()
    editor = _editor()
    if article is None or editor is None:
        return {"error": "no published story or no active editor"}
    unpublish_article(article, by=editor, reason="Benchmark: publish-latency check.")
    return {"pk": article.pk, "url": article.get_absolute_url(), **_wait_for_front()}


def publish(pk: int) -> dict:
    article = Article.objects.get(pk=pk)
    editor = _editor()
    _warm_up()
    committed_at = []
    with transaction.atomic():
        # The first on-commit callback, so it runs the moment the row is committed: before
        # the desk's own (the page-cache bump, enqueueing the mail and the front's refresh),
        # which may make the story visible at the front before publish_article has returned.
        transaction.on_commit(lambda: committed_at.append(time.time()))
        publish_article(article, by=editor, override=True)
    return {"pk": pk, "committed_at": committed_at[0], **_wait_for_front()}


def _warm_up() -> None:
    """Do first what a running app process (gunicorn's when_ready) has done before anyone
    publishes, so that the time from the commit is not this fresh process's start-up: the
    cache client (importing redis-py and connecting took 1.5 s on a busy bench machine, and
    the page-cache bump after the commit is the first use of the cache)."""
    pagecache.current_version()


def _wait_for_front() -> dict:
    """Wait for the worker to run the refresh tasks this process enqueued; their outcome."""
    started = time.monotonic()
    deadline = started + FRONT_REFRESH_WAIT_S
    while True:
        tasks = list(DBTaskResult.objects.filter(id__in=_enqueued))
        finished = all(t.finished_at is not None for t in tasks)
        if finished or time.monotonic() >= deadline:
            break
        time.sleep(0.05)
    outcomes = [t.return_value or {} for t in tasks]
    return {"front_refresh": {
        "queued": len(tasks), "done": sum(o.get("done", 0) for o in outcomes),
        "failed": sum(o.get("failed", 0) for o in outcomes)
        + sum(t.status == "FAILED" for t in tasks),
        "finished": finished, "waited_s": round(time.monotonic() - started, 3),
    }}


def soak_plan(n_hot: int = 5) -> dict:
    """Disjoint sets of published stories: hot ones (read over and over, so cached), three
    for the desk client (two it edits, one it unpublishes and publishes in turn), one taken
    down during a Redis outage, one whose save is killed; the rest is the archive readers
    pick from at random. Addresses are percent-encoded, ready for http.client."""
    translation.activate("ar")
    published = list(
        Article.objects.published().order_by("-published_at", "-pk").values_list("pk", flat=True)
    )
    if len(published) < n_hot + 10:
        return {"error": f"only {len(published)} published stories; seed more"}
    by_pk = Article.objects.in_bulk(published)
    url = {pk: iri_to_uri(by_pk[pk].get_absolute_url()) for pk in published}
    hot, rest = published[:n_hot], published[n_hot:]
    desk, victim, killed, archive = rest[:3], rest[3], rest[4], rest[5:]
    words = Counter()
    for title in Article.objects.filter(pk__in=archive[:2000]).values_list("title", flat=True):
        words.update(w for w in title.split() if len(w) >= 4 and w not in STOP_WORDS)
    tags = Tag.objects.annotate(n=Count("tagged_articles")).filter(n__gt=0).order_by("-n")
    return {
        "hot": [url[pk] for pk in hot],
        "archive": [url[pk] for pk in archive],
        "words": [w for w, _n in words.most_common(300)],
        "tag_feeds": [iri_to_uri(f"{t.get_absolute_url()}feed/") for t in tags[:500]],
        "desk": desk,
        "victim": {"pk": victim, "url": url[victim]},
        "killed": killed,
    }


def story_state(pks: list[int]) -> dict:
    """What a save or a move writes, read back: the row, its django-reversion versions (with
    the bylines each revision kept) and its desk events, oldest first."""
    from django.contrib.contenttypes.models import ContentType
    from reversion.models import Revision, Version

    byline_type = ContentType.objects.get_for_model(ArticleAuthor)
    stories = {}
    for pk in pks:
        article = Article.objects.get(pk=pk)
        versions = list(Version.objects.get_for_object(article).select_related("revision"))
        latest = versions[0].field_dict if versions else None
        latest_bylines = None
        if versions:
            kept = Version.objects.filter(revision=versions[0].revision, content_type=byline_type)
            # django-reversion keys a foreign key by its column: article_id, author_id.
            latest_bylines = sorted(
                v.field_dict["author_id"] for v in kept if v.field_dict.get("article_id") == pk
            )
        stories[str(pk)] = {
            "title_ar": article.title_ar, "version": article.version, "status": article.status,
            "updated_at": article.updated_at.isoformat(),
            "bylines": sorted(article.bylines.values_list("author_id", flat=True)),
            "n_versions": len(versions),
            "latest_version": None if latest is None else {
                "title_ar": latest.get("title_ar"), "version": latest.get("version"),
                "status": latest.get("status"),
            },
            "latest_bylines": latest_bylines,
            "events": list(article.events.order_by("at", "pk").values_list(
                "action", "from_status", "to_status")),
        }
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in trans%%'")
        idle_in_transaction = cursor.fetchone()[0]
    return {
        "stories": stories,
        # A revision row without versions is what a save cut between its inserts would leave.
        "empty_revisions": Revision.objects.filter(version__isnull=True).count(),
        "idle_in_transaction": idle_in_transaction,
    }


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    handlers = {
        "urls": lambda: urls(),
        "queries": lambda: queries(args),
        "unpublish": lambda: unpublish(),
        "publish": lambda: publish(int(args[0])),
        "soak-plan": lambda: soak_plan(),
        "story-state": lambda: story_state([int(a) for a in args]),
    }
    print(json.dumps(handlers[command](), ensure_ascii=False))
