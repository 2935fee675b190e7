"""Who else has a story open: an open change page is announced to the next person (by name
and since when) until it falls silent, and an editor can take the story over.

The change page's GET writes nothing; its script posts to /open/ as soon as it loads, then
beats every 20 seconds. `open_page` does both, as a browser does."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from editorial.models import ArticleEvent, EditSession
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

SILENCE = timedelta(seconds=90)


@pytest.fixture
def author(db):
    return UserFactory(username="layla", first_name="ليلى", last_name="حسن", role="journalist")


@pytest.fixture
def chief(db):
    return UserFactory(username="yusuf", first_name="يوسف", last_name="الكبيسي", role="editor")


@pytest.fixture
def draft(author):
    return ArticleFactory(created_by=author, title_ar="أزمة المياه في البصرة تتفاقم")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_page(client, article):
    """The change page as a browser shows it: the GET, then the script's first POST."""
    response = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    opened = f'data-open-url="/admin/articles/article/{article.pk}/open/"'
    if opened in html:
        assert client.post(f"/admin/articles/article/{article.pk}/open/").status_code == 200
    return response


def heartbeat(client, article):
    return client.post(f"/admin/articles/article/{article.pk}/heartbeat/")


def take_over(client, article):
    return client.post(f"/admin/articles/article/{article.pk}/take-over/")


def editing_notice(response) -> str:
    """The desk panel's "… has been editing this since …" lines."""
    match = re.search(r'<div class="desk-editing"[^>]*>(.*?)</div>', response.content.decode(),
                      re.S)
    assert match, "the desk panel has its place for who is editing"
    return match.group(1)


def clock_at(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def hh_mm(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


class TestWhoIsEditing:
    def test_open_page_is_announced_on_the_next_persons_page(self, author, chief, draft):
        """The author opened the draft and their page keeps beating: the editor's page says
        who, and since when."""
        author_client = logged_in(author)
        before = timezone.now()
        open_page(author_client, draft)
        after = timezone.now()
        assert heartbeat(author_client, draft).json() == {"others": [], "taken_over_by": None}

        notice = editing_notice(open_page(logged_in(chief), draft))

        since = EditSession.objects.get(user=author).since
        assert before <= since <= after
        assert "ليلى حسن" in notice
        assert hh_mm(since) in notice
        assert "يوسف الكبيسي" not in notice  # nobody is told about themselves

    def test_heartbeat_tells_an_open_page_who_else_is_there(self, author, chief, draft):
        """The author's page, already open, learns from its next beat that the editor came."""
        author_client = logged_in(author)
        open_page(author_client, draft)
        open_page(logged_in(chief), draft)

        beat = heartbeat(author_client, draft)

        assert beat.status_code == 200
        others = beat.json()["others"]
        assert [other["name"] for other in others] == ["يوسف الكبيسي"]
        assert hh_mm(EditSession.objects.get(user=chief).since) in others[0]["since"]
        assert beat.json()["taken_over_by"] is None

    def test_page_silent_for_90_seconds_is_no_longer_announced(
        self, author, chief, draft, monkeypatch
    ):
        """Still announced just inside the timeout; gone just after it."""
        author_client = logged_in(author)
        open_page(author_client, draft)
        heartbeat(author_client, draft)
        last_beat = EditSession.objects.get(user=author).last_seen
        chief_client = logged_in(chief)

        clock_at(monkeypatch, last_beat + SILENCE - timedelta(seconds=1))
        assert "ليلى حسن" in editing_notice(open_page(chief_client, draft))
        clock_at(monkeypatch, last_beat + SILENCE + timedelta(seconds=1))
        notice = editing_notice(open_page(chief_client, draft))

        assert "ليلى حسن" not in notice
        assert notice.strip() == ""
        assert [o["name"] for o in heartbeat(chief_client, draft).json()["others"]] == []

    def test_coming_back_to_a_story_starts_a_new_since(self, author, chief, draft, monkeypatch):
        """The author closed the page and opens it again three hours later: the editor reads
        the time they came back, not the time of their first visit."""
        author_client = logged_in(author)
        open_page(author_client, draft)
        first_visit = EditSession.objects.get(user=author).since
        later = first_visit + timedelta(hours=3)
        clock_at(monkeypatch, later)

        open_page(author_client, draft)
        notice = editing_notice(open_page(logged_in(chief), draft))

        assert EditSession.objects.get(user=author).since == later
        assert "ليلى حسن" in notice
        assert hh_mm(later) in notice
        assert hh_mm(first_visit) not in notice


class TestTakeOver:
    def test_editor_takes_over_and_the_open_page_is_told(self, author, chief, draft):
        """The editor takes the story from the author: the desk history records it, the
        author is no longer announced, and the author's next beat names the editor."""
        author_client, chief_client = logged_in(author), logged_in(chief)
        open_page(author_client, draft)
        heartbeat(author_client, draft)
        chief_page = open_page(chief_client, draft)
        assert f'action="/admin/articles/article/{draft.pk}/take-over/"' in (
            chief_page.content.decode()
        )

        response = take_over(chief_client, draft)

        assert response.status_code == 302
        event = draft.events.get()
        assert (event.action, event.by, event.from_status, event.to_status) == (
            ArticleEvent.Action.TOOK_OVER, chief, draft.status, draft.status
        )
        assert "ليلى حسن" in event.note
        assert list(EditSession.objects.values_list("user__username", flat=True)) == ["yusuf"]
        assert "ليلى حسن" not in editing_notice(open_page(chief_client, draft))
        beat = heartbeat(author_client, draft).json()
        assert beat["taken_over_by"] == "يوسف الكبيسي"
        assert [other["name"] for other in beat["others"]] == ["يوسف الكبيسي"]

    def test_journalist_cannot_take_over(self, author, chief, draft):
        """The author, with an editor on their draft, is offered no button; a POST anyway is
        403, records nothing, and the editor's page is not told anything."""
        author_client, chief_client = logged_in(author), logged_in(chief)
        open_page(chief_client, draft)
        heartbeat(chief_client, draft)
        author_page = open_page(author_client, draft)
        assert "يوسف الكبيسي" in editing_notice(author_page)
        assert "/take-over/" not in author_page.content.decode()

        response = take_over(author_client, draft)

        assert response.status_code == 403
        assert not draft.events.exists()
        assert sorted(EditSession.objects.values_list("user__username", flat=True)) == [
            "layla", "yusuf"
        ]
        assert heartbeat(chief_client, draft).json()["taken_over_by"] is None

