"""The desk's services called directly: who may, what they write, what they record, and that a
refusal leaves nothing behind. The moves' role-by-status table is in test_roles_and_moves.py
(through the admin); these cover the other writes and the move table's own rules."""

from datetime import timedelta

import pytest
import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from editorial import permissions, presence, services, signals
from editorial.desk import available_moves
from editorial.models import ArticleEvent, EditSession, PreviewLink
from editorial.previews import create_preview_link, revoke_preview_link
from editorial.workflow import MOVES, InvalidTransition, Status
from tests.factories import ArticleFactory, SectionFactory, UserFactory, checklist_ready

pytestmark = pytest.mark.django_db

Action = ArticleEvent.Action


def story(state: str = "draft", **fields) -> Article:
    """A story in `state`: draft, in_review, scheduled, live or unpublished."""
    now = timezone.now()
    states = {
        "draft": {"status": Status.DRAFT},
        "in_review": {"status": Status.IN_REVIEW},
        "scheduled": {"status": Status.PUBLISHED, "published_at": now + timedelta(hours=2)},
        "live": {"status": Status.PUBLISHED, "published_at": now - timedelta(hours=1)},
        "unpublished": {"status": Status.UNPUBLISHED, "published_at": now - timedelta(days=1)},
    }
    return ArticleFactory(**{**states[state], **fields})


def row(article) -> dict:
    return Article.objects.filter(pk=article.pk).values(
        "status", "published_at", "version", "title_ar", "corrected_at", "created_by",
    ).get()


@pytest.fixture
def announced():
    """The stories announced to the caches (signals.public_content_changed) after commit."""
    heard = []

    def listen(sender, article, **kwargs):
        heard.append(article.pk)

    signals.public_content_changed.connect(listen, dispatch_uid="test_services_announced")
    try:
        yield heard
    finally:
        signals.public_content_changed.disconnect(dispatch_uid="test_services_announced")


def editing(article) -> Article:
    """The story as the change form hands it to save_story: loaded, then changed in memory."""
    return Article.objects.get(pk=article.pk)


# --- the move table ---


class TestMoveTable:
    def test_publish_starts_from_every_status_but_published(self):
        assert MOVES["publish"].sources == {Status.DRAFT, Status.IN_REVIEW, Status.UNPUBLISHED}

    @pytest.mark.parametrize(("state", "allowed"), [
        ("scheduled", True), ("live", False), ("draft", False), ("unpublished", False),
    ])
    def test_reschedule_only_while_scheduled(self, state, allowed):
        assert MOVES["reschedule"].allows(story(state)) is allowed

    @pytest.mark.parametrize("state", ["draft", "in_review", "scheduled", "live", "unpublished"])
    def test_desk_offers_publishing_exactly_when_the_service_accepts_it(self, editor, state):
        """No rule restated: the Publish button is shown iff publish_article succeeds."""
        article = story(state)
        offered = "publish" in {move.name for move in available_moves(editor, article)}

        try:
            services.publish_article(article, by=editor, override=True)
            accepted = True
        except InvalidTransition:
            accepted = False

        assert offered is accepted

    def test_live_story_is_not_published_again(self, editor):
        article = story("live")
        before = row(article)

        with pytest.raises(InvalidTransition) as refused:
            services.publish_article(article, by=editor, override=True)

        assert (refused.value.current, refused.value.target) == (Status.PUBLISHED,
                                                                 Status.PUBLISHED)
        assert row(article) == before
        assert not article.events.exists()

    def test_scheduled_story_is_retimed_as_a_reschedule(self, editor):
        article = checklist_ready(story("scheduled"))  # one event: no override recorded
        later = timezone.now() + timedelta(days=1)

        services.schedule_article(article, by=editor, at=later)

        article.refresh_from_db()
        assert (article.status, article.published_at, article.is_scheduled) == (
            Status.PUBLISHED, later, True
        )
        event = article.events.get()
        assert (event.action, event.from_status, event.to_status, event.scheduled_for) == (
            Action.SCHEDULED, Status.PUBLISHED, Status.PUBLISHED, later
        )


class TestScheduleArticle:
    @pytest.mark.parametrize("offset", [None, timedelta(0), timedelta(minutes=-5)])
    def test_a_time_not_to_come_is_refused(self, editor, offset):
        article = story("in_review")
        at = None if offset is None else timezone.now() + offset

        with pytest.raises(ValidationError) as refused:
            services.schedule_article(article, by=editor, at=at, override=True)

        assert "at" in refused.value.message_dict
        assert row(article)["status"] == Status.IN_REVIEW
        assert not article.events.exists()

    def test_journalist_is_refused_before_the_time_is_read(self, journalist):
        article = story("draft", created_by=journalist)

        with pytest.raises(PermissionDenied):
            services.schedule_article(article, by=journalist, at=None)


# --- a new story ---


class TestCreateStory:
    def test_journalist_creates_a_draft_signed_by_them(self, journalist):
        article = Article(title_ar="خبر جديد", section=SectionFactory())

        services.create_story(article, by=journalist)

        assert (row(article)["status"], row(article)["created_by"]) == (
            Status.DRAFT, journalist.pk
        )

    def test_a_new_story_cannot_start_published(self, editor):
        """Going public is a move with its event, never a field of a new story."""
        article = Article(title_ar="خبر جديد", section=SectionFactory(),
                          status=Status.PUBLISHED, published_at=timezone.now())

        services.create_story(article, by=editor)

        assert (row(article)["status"], row(article)["published_at"]) == (Status.DRAFT, None)
        assert not Article.objects.published().exists()

    def test_someone_off_the_desk_is_refused(self):
        outsider = UserFactory(role="journalist", is_staff=False)

        with pytest.raises(PermissionDenied):
            services.create_story(Article(title_ar="خبر", section=SectionFactory()),
                                  by=outsider)

        assert not Article.objects.exists()


# --- saving an edit ---


class TestSaveStory:
    def test_edit_bumps_the_version(self, journalist):
        article = story("draft", created_by=journalist)
        edit = editing(article)
        edit.title_ar = "عنوان بعد التحرير"

        services.save_story(edit, by=journalist, edit_version=1)

        assert (row(article)["title_ar"], row(article)["version"]) == ("عنوان بعد التحرير", 2)
        assert not article.events.exists()  # an edit is a version, not a desk event

    @pytest.mark.parametrize("edit_version", [None, 0, 2])
    def test_edit_built_from_another_version_is_refused(self, journalist, edit_version):
        article = story("draft", created_by=journalist)
        edit = editing(article)
        edit.title_ar = "عنوان قديم"
        before = row(article)

        with pytest.raises(services.StaleVersion) as refused:
            services.save_story(edit, by=journalist, edit_version=edit_version)

        assert refused.value.code == "stale_version"
        assert row(article) == before

    def test_stale_refusal_names_who_saved_last(self, journalist, editor):
        article = story("draft", created_by=journalist)
        edit = editing(article)
        with reversion.create_revision():
            reversion.set_user(editor)
            services.save_story(editing(article), by=editor, edit_version=1)
        editor.first_name, editor.last_name = "سلمى", "حداد"
        editor.save()

        with pytest.raises(services.StaleVersion) as refused:
            services.save_story(edit, by=journalist, edit_version=1)

        assert "سلمى حداد" in refused.value.messages[0]

    def test_journalist_cannot_save_a_story_in_review(self, journalist):
        article = story("in_review", created_by=journalist)
        edit = editing(article)
        edit.title_ar = "تعديل متأخر"
        before = row(article)

        with pytest.raises(PermissionDenied):
            services.save_story(edit, by=journalist, edit_version=1)

        assert row(article) == before

    def test_form_copy_of_the_status_is_ignored(self, editor):
        """A move made after the form was loaded is not undone by saving the form."""
        article = story("in_review")
        edit = editing(article)
        services.publish_article(article, by=editor, override=True)
        edit.title_ar = "عنوان جديد"

        services.save_story(edit, by=editor, edit_version=1)

        assert (row(article)["status"], row(article)["title_ar"]) == (
            Status.PUBLISHED, "عنوان جديد"
        )

    def test_new_correction_is_stamped_and_recorded(self, editor):
        article = story("live")
        edit = editing(article)
        edit.correction_note_ar = "صُحّح اسم الوزير."
        before = timezone.now()

        services.save_story(edit, by=editor, edit_version=1)

        assert row(article)["corrected_at"] >= before
        event = article.events.get()
        assert (event.action, event.by, event.note, event.from_status, event.to_status) == (
            Action.CORRECTED, editor, "صُحّح اسم الوزير.", Status.PUBLISHED, Status.PUBLISHED
        )

    def test_unchanged_correction_is_not_recorded_again(self, editor):
        article = story("live", correction_note_ar="صُحّح اسم الوزير.")
        edit = editing(article)
        edit.title_ar = "عنوان آخر"

        services.save_story(edit, by=editor, edit_version=1)

        assert row(article)["corrected_at"] is None
        assert not article.events.exists()

    def test_edit_of_a_public_story_is_announced_after_commit(
        self, editor, announced, django_capture_on_commit_callbacks
    ):
        live, draft = story("live"), story("draft")

        with django_capture_on_commit_callbacks(execute=True):
            services.save_story(editing(live), by=editor, edit_version=1)
            services.save_story(editing(draft), by=editor, edit_version=1)

        assert announced == [live.pk]

    def test_saving_closes_the_editors_own_session(self, editor, journalist):
        article = story("draft", created_by=journalist)
        presence.open_story(article, by=editor)
        presence.open_story(article, by=journalist)

        services.save_story(editing(article), by=editor, edit_version=1)

        assert list(EditSession.objects.values_list("user", flat=True)) == [journalist.pk]


# --- restoring a version ---


def saved_versions(article, editor, titles) -> list[Version]:
    """Save `titles` one after another as the desk would, each a version; oldest first."""
    for number, title in enumerate(titles, start=article.version):
        edit = editing(article)
        edit.title_ar = title
        with reversion.create_revision():
            reversion.set_user(editor)
            services.save_story(edit, by=editor, edit_version=number)
    return list(reversed(Version.objects.get_for_object(article)))


class TestRestoreVersion:
    def test_editor_restores_an_older_version_as_a_new_one(self, editor):
        article = story("draft")
        first, _second = saved_versions(article, editor, ["العنوان الأول", "العنوان الثاني"])

        restored, number = services.restore_version(article, first.pk, by=editor)

        assert number == 1
        assert (row(article)["title_ar"], row(article)["version"]) == ("العنوان الأول", 4)
        assert restored.title_ar == "العنوان الأول"
        newest = Version.objects.get_for_object(article).first()
        assert (newest.revision.user, newest.field_dict["title_ar"]) == (editor, "العنوان الأول")
        assert "1" in newest.revision.get_comment()
        event = article.events.get()
        assert (event.action, event.by) == (Action.RESTORED, editor)

    def test_journalist_cannot_restore(self, editor, journalist):
        article = story("draft", created_by=journalist)
        first, _second = saved_versions(article, editor, ["الأول", "الثاني"])
        before = row(article)

        with pytest.raises(PermissionDenied):
            services.restore_version(article, first.pk, by=journalist)

        assert row(article) == before
        assert Version.objects.get_for_object(article).count() == 2
        assert not article.events.exists()

    def test_version_of_another_story_is_not_found(self, editor):
        article, other = story("draft"), story("draft")
        (foreign,) = saved_versions(other, editor, ["خبر آخر"])
        before = row(article)

        with pytest.raises(Version.DoesNotExist):
            services.restore_version(article, foreign.pk, by=editor)

        assert row(article) == before
        assert not article.events.exists()

    def test_restoring_a_public_story_is_announced(
        self, editor, announced, django_capture_on_commit_callbacks
    ):
        article = story("live")
        first, _second = saved_versions(article, editor, ["الأول", "الثاني"])
        announced.clear()

        with django_capture_on_commit_callbacks(execute=True):
            services.restore_version(article, first.pk, by=editor)

        assert announced == [article.pk]


# --- taking a story over ---


class TestTakeOver:
    def test_editor_takes_over_and_the_others_sessions_end(self, editor, journalist):
        journalist.first_name, journalist.last_name = "ليلى", "حسن"
        journalist.save()
        article = story("draft", created_by=journalist)
        presence.open_story(article, by=journalist)
        presence.open_story(article, by=editor)

        event = services.take_over(article, by=editor)

        assert (event.action, event.by, event.from_status, event.to_status) == (
            Action.TOOK_OVER, editor, Status.DRAFT, Status.DRAFT
        )
        assert "ليلى حسن" in event.note
        assert list(EditSession.objects.values_list("user", flat=True)) == [editor.pk]

    def test_journalist_cannot_take_over(self, editor, journalist):
        article = story("draft", created_by=journalist)
        presence.open_story(article, by=editor)

        with pytest.raises(PermissionDenied):
            services.take_over(article, by=journalist)

        assert not article.events.exists()
        assert EditSession.objects.filter(user=editor).exists()


# --- deleting ---


class TestDeleteStory:
    def test_editor_deletes_a_story(self, editor):
        article = story("draft")

        services.delete_story(article, by=editor)

        assert not Article.objects.filter(pk=article.pk).exists()

    def test_journalist_cannot_delete_even_their_own(self, journalist):
        article = story("draft", created_by=journalist)

        with pytest.raises(PermissionDenied):
            services.delete_story(article, by=journalist)

        assert Article.objects.filter(pk=article.pk).exists()

    def test_deleting_a_public_story_is_announced(
        self, editor, announced, django_capture_on_commit_callbacks
    ):
        live, draft = story("live"), story("draft")

        with django_capture_on_commit_callbacks(execute=True):
            services.delete_story(live, by=editor)
            services.delete_story(draft, by=editor)

        assert announced == [live.pk]


# --- preview links ---


class TestPreviewLinks:
    def test_editor_creates_a_link_and_it_is_recorded(self, editor):
        article = story("draft")
        before = timezone.now()

        link = create_preview_link(article, by=editor, note=" المحامي ", hours=2)

        assert (link.article, link.created_by, link.note, link.is_active) == (
            article, editor, "المحامي", True
        )
        assert before + timedelta(hours=2) <= link.expires_at <= timezone.now() + timedelta(
            hours=2)
        event = article.events.get()
        assert (event.action, event.by, event.note) == (Action.LINK_CREATED, editor, "المحامي")

    @pytest.mark.parametrize(("asked", "given"), [(0, 1), (-5, 1), (10_000, 720)])
    def test_validity_is_kept_between_an_hour_and_thirty_days(self, editor, asked, given):
        article = story("draft")

        link = create_preview_link(article, by=editor, hours=asked)

        assert link.expires_at - link.created_at == pytest.approx(
            timedelta(hours=given), abs=timedelta(seconds=5)
        )

    def test_journalist_cannot_create_a_link(self, journalist):
        article = story("draft", created_by=journalist)

        with pytest.raises(PermissionDenied):
            create_preview_link(article, by=journalist)

        assert not PreviewLink.objects.exists()
        assert not article.events.exists()

    def test_editor_revokes_a_link_once(self, editor):
        article = story("draft")
        link = create_preview_link(article, by=editor, note="المترجم")

        assert revoke_preview_link(article, link.pk, by=editor) is True
        assert revoke_preview_link(article, link.pk, by=editor) is False

        link.refresh_from_db()
        assert link.revoked_at is not None
        assert [e.action for e in article.events.order_by("pk")] == [
            Action.LINK_CREATED, Action.LINK_REVOKED
        ]

    def test_link_of_another_story_is_not_revoked_through_this_one(self, editor):
        article, other = story("draft"), story("draft")
        link = create_preview_link(other, by=editor)

        assert revoke_preview_link(article, link.pk, by=editor) is False

        link.refresh_from_db()
        assert link.revoked_at is None
        assert not article.events.exists()

    def test_journalist_cannot_revoke(self, editor, journalist):
        article = story("draft", created_by=journalist)
        link = create_preview_link(article, by=editor)

        with pytest.raises(PermissionDenied):
            revoke_preview_link(article, link.pk, by=journalist)

        link.refresh_from_db()
        assert link.revoked_at is None
        assert article.events.count() == 1


# --- presence ---


class TestPresence:
    def test_opening_starts_a_session_and_lists_the_others(self, editor, journalist):
        article = story("draft", created_by=journalist)
        presence.open_story(article, by=journalist)

        seen = presence.open_story(article, by=editor)

        assert [s.user for s in seen.others] == [journalist]
        assert EditSession.objects.count() == 2

    def test_opening_again_after_a_silence_starts_a_new_since(self, journalist, monkeypatch):
        article = story("draft", created_by=journalist)
        presence.open_story(article, by=journalist)
        first = EditSession.objects.get().since
        later = first + presence.EDITING_TIMEOUT + timedelta(seconds=1)
        monkeypatch.setattr(timezone, "now", lambda: later)

        presence.open_story(article, by=journalist)

        session = EditSession.objects.get()
        assert (session.since, session.last_seen) == (later, later)

    def test_opening_within_the_timeout_keeps_the_since(self, journalist, monkeypatch):
        article = story("draft", created_by=journalist)
        presence.open_story(article, by=journalist)
        first = EditSession.objects.get().since
        soon = first + presence.EDITING_TIMEOUT - timedelta(seconds=1)
        monkeypatch.setattr(timezone, "now", lambda: soon)

        presence.open_story(article, by=journalist)

        session = EditSession.objects.get()
        assert (session.since, session.last_seen) == (first, soon)

    @pytest.mark.parametrize("service", [presence.open_story, presence.heartbeat])
    def test_someone_who_may_not_edit_is_refused_and_not_registered(self, journalist, service):
        article = story("in_review", created_by=journalist)
        assert not permissions.can_edit(journalist, article)

        with pytest.raises(PermissionDenied):
            service(article, by=journalist)

        assert not EditSession.objects.exists()

    def test_heartbeat_keeps_the_session_fresh(self, journalist, monkeypatch):
        article = story("draft", created_by=journalist)
        presence.open_story(article, by=journalist)
        later = timezone.now() + timedelta(seconds=20)
        monkeypatch.setattr(timezone, "now", lambda: later)

        seen = presence.heartbeat(article, by=journalist)

        assert (seen.others, seen.taken_over_by) == ([], None)
        assert EditSession.objects.get().last_seen == later

    def test_heartbeat_after_a_take_over_is_told_and_not_registered(self, editor, journalist):
        article = story("draft", created_by=journalist)
        presence.open_story(article, by=journalist)
        services.take_over(article, by=editor)

        seen = presence.heartbeat(article, by=journalist)

        assert seen.taken_over_by == editor
        assert not EditSession.objects.filter(user=journalist).exists()

    def test_heartbeat_without_a_session_registers_again(self, journalist):
        article = story("draft", created_by=journalist)

        seen = presence.heartbeat(article, by=journalist)

        assert seen.taken_over_by is None
        assert EditSession.objects.filter(user=journalist).exists()

    def test_reloading_after_a_take_over_registers_again(self, editor, journalist):
        article = story("draft", created_by=journalist)
        presence.open_story(article, by=journalist)
        services.take_over(article, by=editor)

        presence.open_story(article, by=journalist)

        assert EditSession.objects.filter(user=journalist).exists()
        assert presence.heartbeat(article, by=journalist).taken_over_by is None

    def test_leaving_ends_only_ones_own_session(self, editor, journalist):
        article = story("draft", created_by=journalist)
        presence.open_story(article, by=journalist)
        presence.open_story(article, by=editor)

        presence.leave_story(article, by=journalist)

        assert list(EditSession.objects.values_list("user", flat=True)) == [editor.pk]
