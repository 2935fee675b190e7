"""A publish's side effects are tasks: enqueued when the move commits, run by the worker.

With the database backend (production's), a publish commits and leaves task rows for the
author's mail and the front's refresh, and nothing has been sent: no mail, no request to the
front (a real HTTP server on loopback), no socket opened at all. `manage.py db_worker
--batch` then sends the mail and the front gets its GETs. A Python audit hook records every
socket connect the process makes, so "nothing opened" is checked on the process itself.
"""

import contextlib
import io
import logging
import signal
import sys

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from editorial import services
from editorial.workflow import Status
from tests.factories import ArticleFactory, UserFactory
from tests.front import HOME_PAGES

pytestmark = pytest.mark.django_db(transaction=True)

REFRESH, MAIL = "caching.tasks.refresh_front", "editorial.tasks.send_desk_mail"
_audit = {"on": False, "connects": []}


def _record_connects(event, args):
    if event == "socket.connect" and _audit["on"]:
        _audit["connects"].append(args[1])


sys.addaudithook(_record_connects)  # hooks stay for the process: it records only when asked


@contextlib.contextmanager
def sockets_opened():
    """The addresses every socket of this process connected to meanwhile."""
    _audit["connects"] = opened = []
    _audit["on"] = True
    try:
        yield opened
    finally:
        _audit["on"] = False


def run_worker():
    """`manage.py db_worker --batch`: every task waiting, then exit. The command installs
    its own signal handlers and log levels; the test run gets its own back."""
    signals = [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGQUIT", None)) if s]
    handlers = {s: signal.getsignal(s) for s in signals}
    loggers = [logging.getLogger(name) for name in ("django.tasks", "django_tasks_db")]
    saved = [(lg, lg.level, list(lg.handlers)) for lg in loggers]
    try:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0,
                     verbosity=0, stdout=io.StringIO())
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        for lg, level, kept in saved:
            lg.setLevel(level)
            lg.handlers[:] = kept


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def story():
    author = UserFactory(username="noor", email="noor@newsroom.example", role="journalist")
    story = ArticleFactory(created_by=author, status=Status.IN_REVIEW)
    # Creating its section and byline were public changes too, each with its refresh task:
    # the rows counted below are the publish's own.
    DBTaskResult.objects.all().delete()
    return story


def story_pages(story) -> set[str]:
    with translation.override("ar"):
        return {story.get_absolute_url(), story.section.get_absolute_url()}


def test_a_publish_enqueues_its_side_effects_and_the_worker_performs_them(
    database_tasks, front, story, editor
):
    with sockets_opened() as opened:
        services.publish_article(story, by=editor, override=True)

    assert Status(type(story).objects.get(pk=story.pk).status) == Status.PUBLISHED
    tasks = DBTaskResult.objects.all()
    assert sorted(t.task_path for t in tasks) == [REFRESH, MAIL]
    assert {t.status for t in tasks} == {"READY"}
    assert mail.outbox == []
    assert front.requests == []
    assert opened == []  # no SMTP, no HTTP, nothing

    with sockets_opened() as opened:
        run_worker()

    assert [m.to for m in mail.outbox] == [["noor@newsroom.example"]]
    assert set(front.paths) >= HOME_PAGES | story_pages(story)
    assert ("127.0.0.1", int(front.url.rsplit(":", 1)[1])) in opened  # the hook sees them
    done = {t.task_path: t for t in DBTaskResult.objects.all()}
    assert {t.status for t in done.values()} == {"SUCCESSFUL"}
    assert done[REFRESH].return_value == {"done": len(front.paths), "failed": 0}
    assert done[MAIL].return_value == 1
    # Readers first: the refresh runs before the mail, whatever order they were enqueued in.
    assert done[REFRESH].started_at <= done[MAIL].started_at


def test_the_desks_publish_request_opens_no_connection(database_tasks, front, story, editor):
    desk = Client()
    desk.force_login(editor)

    with sockets_opened() as opened:
        response = desk.post(f"/admin/articles/article/{story.pk}/move/publish/", {"override": "1"})

    assert response.status_code == 302
    assert opened == []
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [REFRESH, MAIL]
    assert (mail.outbox, front.requests) == ([], [])


def test_a_move_rolled_back_enqueues_nothing(database_tasks, front, story, editor):
    from django.db import transaction

    with contextlib.suppress(RuntimeError), transaction.atomic():
        services.publish_article(story, by=editor, override=True)
        raise RuntimeError("the request failed after the move")

    assert not DBTaskResult.objects.exists()


def test_a_side_effect_that_fails_after_the_commit_does_not_fail_the_move(
    database_tasks, front, story, editor, caplog
):
    """The move has committed: the desk hears it succeeded, and the failure is logged."""
    from editorial import signals

    def broken(**kwargs):
        raise RuntimeError("the task queue is unreachable")

    signals.article_published.connect(broken, dispatch_uid="test-broken-side-effect")
    desk = Client()
    desk.force_login(editor)
    try:
        with caplog.at_level(logging.ERROR):
            response = desk.post(
                f"/admin/articles/article/{story.pk}/move/publish/", {"override": "1"}
            )
    finally:
        signals.article_published.disconnect(dispatch_uid="test-broken-side-effect")

    assert response.status_code == 302
    assert type(story).objects.get(pk=story.pk).status == Status.PUBLISHED
    assert "the task queue is unreachable" in caplog.text
