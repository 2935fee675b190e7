"""Desk mail: the editors hear of a submission, the author of a send-back, a schedule and a
publication; nothing is sent for a move that failed, and nothing before the move commits."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from articles.models import Article
from editorial import services
from editorial.models import ArticleEvent
from editorial.workflow import Status
from tests.factories import ArticleFactory, UserFactory

TITLE = "انقطاع الكهرباء عن أحياء في الموصل"
NOTE = "أضفت تصريح مدير التوزيع في الفقرة الثالثة."
FIX = "ينقص الخبر مصدر ثانٍ يؤكد مدة الانقطاع."
BAGHDAD = ZoneInfo("Asia/Baghdad")


@pytest.fixture
def author(db):
    return UserFactory(username="noor", first_name="نور", last_name="الجبوري",
                       email="noor@newsroom.example", role="journalist")


@pytest.fixture
def editors(db):
    """Two editors with an address, and one without (who cannot be mailed)."""
    return [
        UserFactory(username="rami", first_name="رامي", last_name="ناصر",
                    email="rami@newsroom.example", role="editor"),
        UserFactory(username="dana", first_name="دانة", last_name="يوسف",
                    email="dana@newsroom.example", role="editor"),
        UserFactory(username="no-mail", role="editor"),
    ]


@pytest.fixture
def colleague(db):
    """Another journalist: never mailed about someone else's story."""
    return UserFactory(username="omar", email="omar@newsroom.example", role="journalist")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def move(client, article, name, **data):
    return client.post(f"/admin/articles/article/{article.pk}/move/{name}/", data)


def desk_path(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def arabic(label) -> str:
    with translation.override("ar"):
        return str(label)


@pytest.mark.django_db
class TestMailAfterMoves:
    def test_submission_is_mailed_to_the_editors_with_the_note(
        self, author, editors, colleague, django_capture_on_commit_callbacks
    ):
        """Every editor with an address gets one mail naming the story, the author and the
        note; the author and other journalists get none."""
        draft = ArticleFactory(created_by=author, title_ar=TITLE)

        with django_capture_on_commit_callbacks(execute=True):
            response = move(logged_in(author), draft, "submit", note=NOTE)

        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.status == Status.IN_REVIEW
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert sorted(message.to) == ["dana@newsroom.example", "rami@newsroom.example"]
        assert TITLE in message.subject
        assert "نور الجبوري" in message.body
        assert NOTE in message.body
        assert desk_path(draft) in message.body

    def test_editor_who_submits_is_not_mailed_about_it(
        self, author, editors, django_capture_on_commit_callbacks
    ):
        """An editor submitting a journalist's draft: only the other editor hears of it."""
        draft = ArticleFactory(created_by=author, title_ar=TITLE)

        with django_capture_on_commit_callbacks(execute=True):
            response = move(logged_in(editors[0]), draft, "submit", note=NOTE)

        assert response.status_code == 302
        assert [message.to for message in mail.outbox] == [["dana@newsroom.example"]]

    def test_send_back_is_mailed_to_the_author_with_the_note(
        self, author, editors, django_capture_on_commit_callbacks
    ):
        """The author learns who sent the story back and what to fix."""
        story = ArticleFactory(created_by=author, title_ar=TITLE, status=Status.IN_REVIEW)

        with django_capture_on_commit_callbacks(execute=True):
            response = move(logged_in(editors[0]), story, "send_back", note=FIX)

        assert response.status_code == 302
        story.refresh_from_db()
        assert story.status == Status.DRAFT
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["noor@newsroom.example"]
        assert message.subject == f"{arabic(ArticleEvent.Action.SENT_BACK.label)}: {TITLE}"
        assert "رامي ناصر" in message.body
        assert FIX in message.body
        assert desk_path(story) in message.body

    def test_schedule_is_mailed_to_the_author_with_the_time_and_zone(
        self, author, editors, django_capture_on_commit_callbacks
    ):
        """The author reads when the story goes live, in the site's time zone."""
        story = ArticleFactory(created_by=author, title_ar=TITLE, status=Status.IN_REVIEW)
        day = timezone.localdate() + timedelta(days=2)
        when = datetime(day.year, day.month, day.day, 14, 30, tzinfo=BAGHDAD)

        with django_capture_on_commit_callbacks(execute=True):
            response = move(logged_in(editors[0]), story, "schedule",
                            at=when.strftime("%Y-%m-%dT%H:%M"), override="1")

        assert response.status_code == 302
        story.refresh_from_db()
        assert (story.status, story.published_at) == (Status.PUBLISHED, when)
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["noor@newsroom.example"]
        assert message.subject == f"{arabic(ArticleEvent.Action.SCHEDULED.label)}: {TITLE}"
        with translation.override("ar"):
            shown = date_format(when, "DATETIME_FORMAT")
        assert "14:30" in shown
        assert f"{shown} (بتوقيت بغداد)" in message.body  # the zone in words

    def test_publication_is_mailed_to_the_author(
        self, author, editors, django_capture_on_commit_callbacks
    ):
        """The author hears that the story is live."""
        story = ArticleFactory(created_by=author, title_ar=TITLE, status=Status.IN_REVIEW)

        with django_capture_on_commit_callbacks(execute=True):
            response = move(logged_in(editors[0]), story, "publish", override="1")

        assert response.status_code == 302
        story.refresh_from_db()
        assert story.status == Status.PUBLISHED
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["noor@newsroom.example"]
        assert message.subject == f"{arabic(ArticleEvent.Action.PUBLISHED.label)}: {TITLE}"
        assert arabic(gettext_lazy("Your story is now published.")) in message.body
        assert desk_path(story) in message.body

    @pytest.mark.parametrize(("who", "name", "data", "embargoed", "answer"), [
        # A send-back without its required note: an error message on the desk.
        ("editor", "send_back", {"note": "  "}, False, 302),
        # A submission of a story already in review: an error message on the desk.
        ("author", "submit", {"note": NOTE}, False, 302),
        # A publication before the embargo lifts: an error message on the desk.
        ("editor", "publish", {}, True, 302),
        # A journalist trying to publish: not theirs to do.
        ("author", "publish", {}, False, 403),
    ], ids=["send-back-without-note", "submit-twice", "publish-under-embargo",
            "journalist-publishes"])
    def test_a_move_that_fails_sends_nothing(
        self, author, editors, who, name, data, embargoed, answer,
        django_capture_on_commit_callbacks,
    ):
        """No status change, no desk event, nothing queued for after the commit, no mail."""
        start = Status.IN_REVIEW
        embargo = timezone.now() + timedelta(days=1) if embargoed else None
        story = ArticleFactory(created_by=author, title_ar=TITLE, status=start,
                               embargo_until=embargo)
        actor = author if who == "author" else editors[0]

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = move(logged_in(actor), story, name, **data)

        assert response.status_code == answer
        if answer == 302:
            assert any(m.level_tag == "error" for m in get_messages(response.wsgi_request))
        story.refresh_from_db()
        assert story.status == start
        assert not story.events.exists()
        assert callbacks == []
        assert mail.outbox == []

    def test_no_mail_leaves_before_the_move_commits(
        self, author, editors, django_capture_on_commit_callbacks
    ):
        """While the request's transaction is open the mail waits; it goes at the commit."""
        draft = ArticleFactory(created_by=author, title_ar=TITLE)

        with django_capture_on_commit_callbacks(execute=True):
            response = move(logged_in(author), draft, "submit", note=NOTE)
            assert response.status_code == 302
            assert Article.objects.get(pk=draft.pk).status == Status.IN_REVIEW
            assert mail.outbox == []

        assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_move_rolled_back_after_the_fact_sends_nothing(author, editors):
    """A submission inside a transaction that then fails leaves no trace and no mail; the
    same submission committed sends it, once."""
    draft = ArticleFactory(created_by=author, title_ar=TITLE)

    with pytest.raises(RuntimeError), transaction.atomic():
        services.submit_for_review(draft, by=author, note=NOTE)
        raise RuntimeError("the request failed after the move")

    draft.refresh_from_db()
    assert (draft.status, draft.events.count(), mail.outbox) == (Status.DRAFT, 0, [])

    services.submit_for_review(draft, by=author, note=NOTE)

    assert [sorted(message.to) for message in mail.outbox] == [
        ["dana@newsroom.example", "rami@newsroom.example"]
    ]
