"""The desk inbox: who hears of what, in the header, the inbox, their mail and nowhere else.

Moves go through the desk's own URLs (or the services, for the recipient table), mail
through the immediate task backend, pages through the admin's login.
"""

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format
from reversion.models import Version

from editorial import presence, services
from editorial.models import EditSession, Notification
from editorial.previews import create_preview_link
from editorial.workflow import Status
from tests.editorial.test_notifications import logged_in, move
from tests.factories import ArticleFactory, AuthorFactory, UserFactory

Kind = Notification.Kind
TITLE = "انقطاع المياه عن ثلاثة أحياء في البصرة"
NOTE = "أضفت تصريح مدير الماء في الفقرة الثانية."
FIX = "ينقص الخبر مصدر ثانٍ يؤكد مدة الانقطاع."
INBOX = "/admin/desk/inbox/"


@pytest.fixture
def people(db):
    """Two editors with an address, one without, a journalist and a colleague."""
    return {
        "noor": UserFactory(username="noor", first_name="نور", last_name="الجبوري",
                            email="noor@newsroom.example", role="journalist"),
        "omar": UserFactory(username="omar", email="omar@newsroom.example", role="journalist"),
        "rami": UserFactory(username="rami", first_name="رامي", last_name="ناصر",
                            email="rami@newsroom.example", role="editor"),
        "dana": UserFactory(username="dana", email="dana@newsroom.example", role="editor"),
        "silent": UserFactory(username="silent", role="editor"),
    }


def header(client) -> str:
    html = client.get("/admin/").content.decode()
    start = html.index('id="user-tools"')
    return html[start:html.index("</div>", start)]


def lines(user=None, **filters):
    found = Notification.objects.filter(**filters)
    if user is not None:
        found = found.filter(recipient=user)
    return sorted(found.values_list("recipient__username", "kind"))


def notification_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "editorial_notification" in q["sql"]]


@pytest.mark.django_db
class TestSubmitAndSendBack:
    def test_a_submission_reaches_each_editors_header_inbox_and_mail(
        self, people, django_capture_on_commit_callbacks
    ):
        draft = ArticleFactory(created_by=people["noor"], title_ar=TITLE)
        rami = logged_in(people["rami"])
        assert "الوارد (0)" in header(rami)

        with django_capture_on_commit_callbacks(execute=True):
            assert move(logged_in(people["noor"]), draft, "submit", note=NOTE).status_code == 302

        assert "الوارد (1)" in header(rami)
        assert "desk-has-unread" in header(rami)
        inbox = rami.get(INBOX).content.decode()
        assert TITLE in inbox
        assert "أُرسل إليك للمراجعة" in inbox
        assert "نور الجبوري" in inbox
        assert NOTE in inbox
        assert inbox.count('class="desk-unread-mark"') == 1
        # The journalist hears nothing of their own submission.
        assert "الوارد (0)" in header(logged_in(people["noor"]))
        # One mail for the event, to the editors who have an address.
        assert len(mail.outbox) == 1
        assert sorted(mail.outbox[0].to) == ["dana@newsroom.example", "rami@newsroom.example"]
        assert TITLE in mail.outbox[0].subject

    def test_a_send_back_shows_its_note_in_the_journalists_inbox(
        self, people, django_capture_on_commit_callbacks
    ):
        story = ArticleFactory(created_by=people["noor"], title_ar=TITLE, status=Status.IN_REVIEW)
        noor = logged_in(people["noor"])

        with django_capture_on_commit_callbacks(execute=True):
            assert move(logged_in(people["rami"]), story, "send_back", note=FIX).status_code == 302

        assert "الوارد (1)" in header(noor)
        inbox = noor.get(INBOX).content.decode()
        assert TITLE in inbox
        assert "أُعيد إليك" in inbox
        assert FIX in inbox
        assert "رامي ناصر" in inbox
        assert [m.to for m in mail.outbox] == [["noor@newsroom.example"]]
        assert FIX in mail.outbox[0].body
        assert lines() == [("noor", Kind.SENT_BACK)]

    def test_the_development_console_prints_the_submission_mail(
        self, people, settings, capsys, django_capture_on_commit_callbacks
    ):
        """`make run`'s settings (no EMAIL_URL) pick the console backend; with it, a
        submission's mail is printed where runserver prints, in Arabic a person can read
        (not the base64 an Arabic body gets in a real mail)."""
        env = {k: v for k, v in os.environ.items() if k != "EMAIL_URL"}
        env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.dev"
        dev = subprocess.run(
            [sys.executable, "-c", "import django, json; django.setup(); "
             "from django.conf import settings; print(json.dumps(settings.MAILERS))"],
            capture_output=True, text=True, env=env, cwd=settings.BASE_DIR, check=True,
        )
        settings.MAILERS = json.loads(dev.stdout)
        assert settings.MAILERS["default"]["BACKEND"] == "newsroom.mail.ReadableConsoleBackend"
        draft = ArticleFactory(created_by=people["noor"], title_ar=TITLE)
        capsys.readouterr()

        with django_capture_on_commit_callbacks(execute=True):
            move(logged_in(people["noor"]), draft, "submit", note=NOTE)

        printed = capsys.readouterr().out
        assert "To: dana@newsroom.example, rami@newsroom.example" in printed
        assert f"Subject: للمراجعة: {TITLE}" in printed
        assert "نور الجبوري" in printed
        assert NOTE in printed
        assert f"/admin/articles/article/{draft.pk}/change/" in printed


@pytest.mark.django_db
class TestWhoHearsOfWhat:
    """Each kind reaches the right people and no one else; never the person who acted."""

    @pytest.fixture
    def story(self, people):
        """Noor's story with a byline for Omar's account, and an agency byline (no account)."""
        return ArticleFactory(
            created_by=people["noor"], title_ar=TITLE, status=Status.IN_REVIEW,
            bylines=[AuthorFactory(user=people["omar"]), AuthorFactory()],
        )

    def test_submitted_goes_to_every_editor_but_the_one_who_submitted(self, people):
        draft = ArticleFactory(created_by=people["noor"])
        inactive = UserFactory(username="gone", role="editor", is_active=False)

        services.submit_for_review(draft, by=people["rami"])

        assert lines() == [("dana", Kind.SUBMITTED), ("silent", Kind.SUBMITTED)]
        assert not Notification.objects.filter(recipient=inactive).exists()

    def test_sent_back_goes_to_the_creator_and_bylines_who_may_open_the_draft(self, people, story):
        """Omar's byline is on it, but a draft is its creator's and the editors': he is not
        sent a link he could not open. An editor's byline is."""
        story.bylines.create(author=AuthorFactory(user=people["dana"]), order=2)

        services.send_back(story, by=people["rami"], note=FIX)

        assert lines() == [("dana", Kind.SENT_BACK), ("noor", Kind.SENT_BACK)]
        assert set(Notification.objects.values_list("note", flat=True)) == {FIX}

    def test_scheduled_and_published_go_to_the_authors(self, people, story):
        services.schedule_article(
            story, by=people["rami"], at=timezone.now() + timedelta(hours=3), override=True
        )
        services.publish_article(story, by=people["dana"], override=True)

        assert lines() == [
            ("noor", Kind.PUBLISHED), ("noor", Kind.SCHEDULED),
            ("omar", Kind.PUBLISHED), ("omar", Kind.SCHEDULED),
        ]
        scheduled = Notification.objects.filter(kind=Kind.SCHEDULED).first()
        assert scheduled.event.scheduled_for > timezone.now()
        assert scheduled.actor == people["rami"]

    def test_corrected_goes_to_the_authors_with_the_correction(self, people, story):
        services.publish_article(story, by=people["rami"], override=True)
        Notification.objects.all().delete()
        story.refresh_from_db()
        story.correction_note_ar = "صُحّح عدد الأحياء: ثلاثة لا أربعة."

        services.save_story(story, by=people["rami"], edit_version=story.version)

        assert lines() == [("noor", Kind.CORRECTED), ("omar", Kind.CORRECTED)]
        assert Notification.objects.first().note == "صُحّح عدد الأحياء: ثلاثة لا أربعة."

    def test_taken_over_goes_to_whoever_had_the_story_open(self, people, story):
        presence.open_story(story, by=people["dana"])
        # A page closed long ago is not "taken over": its session is stale.
        presence.open_story(story, by=people["silent"])
        EditSession.objects.filter(user=people["silent"]).update(
            last_seen=timezone.now() - presence.EDITING_TIMEOUT * 2
        )

        services.take_over(story, by=people["rami"])

        assert lines() == [("dana", Kind.TAKEN_OVER)]

    def test_the_author_who_acts_hears_nothing_of_it(self, people):
        """An editor publishing their own story is not told they did."""
        own = ArticleFactory(created_by=people["rami"], status=Status.IN_REVIEW)

        services.publish_article(own, by=people["rami"], override=True)

        assert lines() == []

    @pytest.mark.parametrize("step", ["unpublish", "return_to_draft", "restore", "link"])
    def test_other_desk_events_notify_nobody(self, people, story, step):
        services.publish_article(story, by=people["rami"], override=True)
        Notification.objects.all().delete()
        if step in ("unpublish", "return_to_draft"):
            services.unpublish_article(story, by=people["rami"], reason="خطأ في الأرقام.")
        if step == "return_to_draft":
            services.return_to_draft(story, by=people["rami"])
        if step == "restore":
            with reversion.create_revision():
                story.save()
            services.restore_version(
                story, Version.objects.get_for_object(story).first().pk, by=people["rami"]
            )
        if step == "link":
            create_preview_link(story, by=people["rami"], note="المحامي", hours=2)

        assert lines() == []

    def test_one_mail_per_event_even_for_a_creator_who_is_also_a_byline(
        self, people, django_capture_on_commit_callbacks
    ):
        story = ArticleFactory(created_by=people["noor"], status=Status.IN_REVIEW,
                               bylines=[AuthorFactory(user=people["noor"])])

        with django_capture_on_commit_callbacks(execute=True):
            services.publish_article(story, by=people["rami"], override=True)

        assert lines() == [("noor", Kind.PUBLISHED)]
        assert [m.to for m in mail.outbox] == [["noor@newsroom.example"]]

    def test_mail_for_a_correction_and_a_take_over(
        self, people, story, django_capture_on_commit_callbacks
    ):
        services.publish_article(story, by=people["rami"], override=True)
        story.refresh_from_db()
        presence.open_story(story, by=people["dana"])
        story.correction_note_ar = "صُحّح الاسم."
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            services.save_story(story, by=people["rami"], edit_version=story.version)
            services.take_over(story, by=people["rami"])

        assert [sorted(m.to) for m in mail.outbox] == [
            ["noor@newsroom.example", "omar@newsroom.example"], ["dana@newsroom.example"],
        ]
        assert "صُحّح الاسم." in mail.outbox[0].body
        assert "رامي ناصر" in mail.outbox[1].body

    def test_a_move_that_rolls_back_leaves_no_line_and_no_mail(
        self, people, django_capture_on_commit_callbacks
    ):
        draft = ArticleFactory(created_by=people["noor"])

        with (django_capture_on_commit_callbacks(execute=True) as callbacks,
              pytest.raises(RuntimeError), transaction.atomic()):
            services.submit_for_review(draft, by=people["noor"])
            assert len(lines()) == 3  # written with the move, in its transaction
            raise RuntimeError("the request failed after the move")

        assert (lines(), callbacks, mail.outbox) == ([], [], [])


@pytest.mark.django_db
class TestReading:
    @pytest.fixture
    def sent_back(self, people):
        story = ArticleFactory(created_by=people["noor"], title_ar=TITLE, status=Status.IN_REVIEW)
        services.send_back(story, by=people["rami"], note=FIX)
        return Notification.objects.get(recipient=people["noor"])

    def test_opening_a_line_marks_it_read_and_goes_to_the_story(self, people, sent_back):
        noor = logged_in(people["noor"])

        response = noor.post(f"{INBOX}{sent_back.pk}/open/")

        assert response.status_code == 302
        assert response["Location"] == f"/admin/articles/article/{sent_back.article_id}/change/"
        sent_back.refresh_from_db()
        assert sent_back.read_at is not None
        assert "الوارد (0)" in header(noor)
        inbox = noor.get(INBOX).content.decode()
        assert TITLE in inbox and 'class="desk-unread-mark"' not in inbox

    def test_mark_all_read_marks_only_ones_own(self, people, sent_back):
        for author in ("noor", "omar"):  # a second line for Noor, one for Omar
            story = ArticleFactory(created_by=people[author], status=Status.IN_REVIEW)
            services.send_back(story, by=people["rami"], note=FIX)
        noor = logged_in(people["noor"])
        assert "الوارد (2)" in header(noor)

        response = noor.post(f"{INBOX}read-all/", follow=True)

        assert response.status_code == 200
        assert "الوارد (0)" in response.content.decode()
        assert not Notification.objects.filter(recipient=people["noor"], read_at=None).exists()
        assert Notification.objects.filter(recipient=people["omar"], read_at=None).count() == 1

    def test_nobody_sees_or_marks_anothers_lines(self, people, sent_back):
        omar = logged_in(people["omar"])
        editor = logged_in(people["rami"])

        assert omar.post(f"{INBOX}{sent_back.pk}/open/").status_code == 404
        assert editor.post(f"{INBOX}{sent_back.pk}/open/").status_code == 404
        assert omar.post(f"{INBOX}999999/open/").status_code == 404
        sent_back.refresh_from_db()
        assert sent_back.read_at is None
        assert TITLE not in omar.get(INBOX).content.decode()
        assert TITLE not in editor.get(INBOX).content.decode()

    @pytest.mark.parametrize("path", ["{pk}/open/", "read-all/"])
    def test_a_get_to_a_writing_url_is_405_and_writes_nothing(self, people, sent_back, path):
        noor = logged_in(people["noor"])

        with CaptureQueriesContext(connection) as queries:
            response = noor.get(INBOX + path.format(pk=sent_back.pk))

        assert response.status_code == 405
        assert not [q for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
        sent_back.refresh_from_db()
        assert sent_back.read_at is None

    def test_the_inbox_is_for_the_desk_only(self, people, sent_back):
        reader = UserFactory(username="reader", is_staff=False, email="r@example.org")

        for client in (Client(), logged_in(reader)):
            for response in (client.get(INBOX), client.post(f"{INBOX}{sent_back.pk}/open/")):
                assert response.status_code == 302
                assert response["Location"].startswith("/admin/login/")
        sent_back.refresh_from_db()
        assert sent_back.read_at is None

    def test_an_empty_inbox_says_so_in_arabic(self, people):
        html = logged_in(people["omar"]).get(INBOX).content.decode()

        assert "صندوق الوارد فارغ" in html
        assert "الوارد (0)" in html

    @pytest.mark.parametrize("page", ["x", "-1", "999", "1" * 30])
    def test_a_bad_page_number_shows_a_page(self, people, sent_back, page):
        response = logged_in(people["noor"]).get(f"{INBOX}?p={page}")

        assert response.status_code == 200
        assert TITLE in response.content.decode()

    def test_a_schedule_says_when_the_story_goes_live(self, people):
        story = ArticleFactory(created_by=people["noor"], title_ar=TITLE, in_review=True)
        at = timezone.now() + timedelta(days=1)
        services.schedule_article(story, by=people["rami"], at=at, override=True)

        html = logged_in(people["noor"]).get(INBOX).content.decode()

        assert "جُدول خبرك للنشر" in html
        with translation.override("ar"):
            assert f"يُنشر في {date_format(timezone.localtime(at), 'DATETIME_FORMAT')}" in html


@pytest.mark.django_db
class TestQueryCost:
    def notify_many(self, people, n):
        for _ in range(n):
            services.submit_for_review(ArticleFactory(created_by=people["noor"]), by=people["noor"])

    def test_the_header_costs_one_query_on_every_desk_page(self, people):
        self.notify_many(people, 3)
        rami = logged_in(people["rami"])
        story = ArticleFactory(created_by=people["noor"], status=Status.IN_REVIEW)

        for path in ("/admin/", "/admin/articles/article/",
                     f"/admin/articles/article/{story.pk}/change/",
                     f"/admin/articles/article/{story.pk}/versions/", INBOX):
            with CaptureQueriesContext(connection) as queries:
                html = rami.get(path).content.decode()
            assert "الوارد (3)" in html, path
            # One look at the unread lines, even where the page itself uses them too.
            unread = [sql for sql in notification_queries(queries) if "IS NULL" in sql]
            assert len(unread) == 1, path
            if path != INBOX:
                assert notification_queries(queries) == unread, path

    def test_the_header_never_counts_a_whole_inbox(self, people, monkeypatch):
        from editorial import notifications

        monkeypatch.setattr(notifications, "UNREAD_CAP", 3)
        self.notify_many(people, 4)

        with CaptureQueriesContext(connection) as queries:
            html = logged_in(people["rami"]).get("/admin/").content.decode()

        assert "الوارد (2+)" in html
        [sql] = notification_queries(queries)
        assert "COUNT(" not in sql.upper() and "LIMIT 3" in sql.upper()

    def test_the_inbox_costs_the_same_for_30_lines_as_for_3(self, people):
        rami = logged_in(people["rami"])
        self.notify_many(people, 3)
        with CaptureQueriesContext(connection) as few:
            assert rami.get(INBOX).status_code == 200
        self.notify_many(people, 27)

        with CaptureQueriesContext(connection) as many:
            html = rami.get(INBOX).content.decode()

        assert html.count('class="desk-inbox-item') == 30
        assert len(many) == len(few)
        # Session, user, the user's two permission sets (the admin's app list); then the
        # unread list for the header (shared with "mark all"), the page's count, its lines.
        assert len(many) == 7, [q["sql"] for q in many]
        assert len(notification_queries(many)) == 3
        assert not [q for q in many if "body_ar" in q["sql"]]


@pytest.mark.django_db
class TestMyDesk:
    def test_a_journalists_desk(self, people):
        noor, omar, rami = people["noor"], people["omar"], people["rami"]
        draft = ArticleFactory(created_by=noor, title_ar="مسودتي")
        back = ArticleFactory(created_by=noor, title_ar="أعيد إلي", status=Status.IN_REVIEW)
        services.send_back(back, by=rami, note=FIX)
        waiting = ArticleFactory(created_by=noor, title_ar="بانتظار المراجعة", in_review=True)
        ArticleFactory(created_by=omar, title_ar="مسودة زميل")
        ArticleFactory(created_by=omar, title_ar="مراجعة زميل", in_review=True)
        live = ArticleFactory(created_by=omar, title_ar="نشر اليوم", published_at=timezone.now()
                              - timedelta(minutes=5), status=Status.PUBLISHED)

        html = logged_in(noor).get("/admin/").content.decode()

        shelves = html[html.index('class="desk-my-desk"'):html.index("</section>")]
        order = [shelves.index(f"desk-shelf-{key}") for key in (
            "sent_back", "my_drafts", "awaiting_review", "scheduled_today", "published_today")]
        assert order == sorted(order)
        for story in (draft, back, waiting, live):
            assert story.title_ar in shelves
        assert "مسودة زميل" not in html and "مراجعة زميل" not in html

    def test_an_editors_desk_and_its_query_cost(self, people):
        noor, rami = people["noor"], people["rami"]
        ArticleFactory(created_by=noor, title_ar="بانتظار المراجعة", in_review=True)
        ArticleFactory(created_by=rami, title_ar="مسودة المحرر")
        ArticleFactory(created_by=noor, title_ar="مسودة الصحفية")
        ArticleFactory(created_by=noor, title_ar="مجدول اليوم", status=Status.PUBLISHED,
                       published_at=timezone.now() + timedelta(minutes=1))
        client = logged_in(rami)
        with CaptureQueriesContext(connection) as few:
            client.get("/admin/")
        for n in range(25):
            ArticleFactory(created_by=noor, title_ar=f"خبر {n}", in_review=True)

        with CaptureQueriesContext(connection) as many:
            html = client.get("/admin/").content.decode()

        shelves = html[html.index('class="desk-my-desk"'):html.index("</section>")]
        order = [shelves.index(f"desk-shelf-{key}") for key in (
            "awaiting_review", "scheduled_today", "published_today", "my_drafts")]
        assert order == sorted(order)
        assert "desk-shelf-sent_back" not in shelves
        assert "بانتظار المراجعة" in shelves and "مجدول اليوم" in shelves
        assert "مسودة المحرر" in shelves and "مسودة الصحفية" not in shelves
        assert "عرض الكل في قائمة الأخبار" in shelves  # 26 waiting, 10 shown
        assert len(many) == len(few)
        # Session, user, two permission sets, the header's unread list, one query per shelf
        # (four for an editor), the budget's two (my assignments, the desk's overdue ones:
        # editorial/planning.py), the admin's "recent actions".
        assert len(many) == 12, [q["sql"] for q in many]
        assert not [q for q in many if "body_ar" in q["sql"]]



@pytest.mark.django_db
def test_the_demo_accounts_have_addresses_so_a_submission_is_mailed(
    monkeypatch, django_capture_on_commit_callbacks
):
    """What a newcomer running `make run` sees: the demo journalist submits, the demo editor
    has an unread line and a mail (printed on the console in development)."""
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    call_command("load_demo")
    journalist, editor = (get_user_model().objects.get(username=name)
                          for name in ("journalist", "editor"))
    assert (journalist.email, editor.email) == ("journalist@example.org", "editor@example.org")
    editor.email = "own@example.org"
    editor.save()
    call_command("load_demo")  # a second run keeps an address someone set (new password hashes)
    journalist.refresh_from_db()
    editor.refresh_from_db()
    assert editor.email == "own@example.org"
    draft = ArticleFactory(created_by=journalist, title_ar=TITLE)

    with django_capture_on_commit_callbacks(execute=True):
        response = move(logged_in(journalist), draft, "submit", note=NOTE)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW
    assert [m.to for m in mail.outbox] == [["own@example.org"]]
    assert "سلمى الحداد" in mail.outbox[0].body
    assert "الوارد (1)" in header(logged_in(editor))
