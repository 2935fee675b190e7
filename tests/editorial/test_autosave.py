"""Autosave: a person's working copy of a story, kept apart from the story itself.

The service (editorial.autosave) and its two URLs through the test client: a copy is kept
and offered back, never touches the story (a live one's text least of all), is refused to
whoever may not edit the story or is not its active editor, and a real save discards it."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from articles.models import Article
from editorial import autosave, presence, services
from editorial.models import EditSession, WorkingCopy
from tests.editorial.test_concurrency import change_form_data
from tests.factories import ArticleFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

ORIGINAL_TITLE = "انقطاع الكهرباء في الموصل لليوم الثالث"
ORIGINAL_BODY = "<p>تواصل انقطاع التيار الكهربائي في أحياء الموصل.</p>"
TYPED_TITLE = "انقطاع الكهرباء في الموصل لليوم الثالث على التوالي"
TYPED_BODY = "<p>تواصل انقطاع التيار الكهربائي في أحياء الموصل الشرقية والغربية.</p>"
OTHER_TITLE = "عودة الكهرباء إلى الموصل بعد ثلاثة أيام"


@pytest.fixture
def author(db):
    return UserFactory(username="noor", first_name="نور", last_name="الجبوري", role="journalist")


@pytest.fixture
def chief(db):
    return UserFactory(username="karim", first_name="كريم", last_name="العاني", role="editor")


@pytest.fixture
def draft(author):
    return ArticleFactory(created_by=author, title_ar=ORIGINAL_TITLE, body_ar=ORIGINAL_BODY)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def typed(title=TYPED_TITLE, body=TYPED_BODY) -> dict:
    """The working copy's data as autosave.parse returns it."""
    return {"fields": {"title_ar": title, "body_ar": body, "tags": ["3", "7"]},
            "labels": {"tags": {"3": "كهرباء", "7": "الموصل"}}}


def autosave_url(article=None) -> str:
    if article is None:
        return "/admin/articles/article/autosave/"
    return f"/admin/articles/article/{article.pk}/autosave/"


def discard_url(article=None) -> str:
    return autosave_url(article) + "discard/"


def change_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def post_copy(client, article, *, base_version, title=TYPED_TITLE, body=TYPED_BODY, **extra):
    payload = {**typed(title, body), "base_version": base_version, **extra}
    return client.post(autosave_url(article), json.dumps(payload),
                       content_type="application/json")


def row(article) -> tuple:
    """What readers and the desk's saves see of the story: its row, freshly read."""
    fresh = Article.objects.get(pk=article.pk)
    return fresh.title_ar, fresh.body_ar, fresh.version, fresh.updated_at, fresh.status


class TestService:
    def test_a_copy_is_kept_once_per_story_and_person_and_offered(self, author, draft):
        autosave.save_working_copy(author, draft, typed(title="مسودة أولى"), draft.version)
        autosave.save_working_copy(author, draft, typed(), draft.version)

        offer = autosave.working_copy_for(author, draft)

        assert WorkingCopy.objects.filter(article=draft, user=author).count() == 1
        assert offer.copy.data["fields"]["title_ar"] == TYPED_TITLE
        assert offer.copy.base_version == 1
        assert not offer.overtaken
        assert row(draft)[:3] == (ORIGINAL_TITLE, ORIGINAL_BODY, 1)

    def test_an_abandoned_copy_is_pruned_by_its_owners_next_autosave(self, author, chief, draft):
        old = timezone.now() - timedelta(days=autosave.KEEP_DAYS + 1)
        other = ArticleFactory(created_by=author)
        autosave.save_working_copy(author, other, typed(), other.version)
        autosave.save_working_copy(chief, draft, typed(), draft.version)
        WorkingCopy.objects.update(saved_at=old)

        autosave.save_working_copy(author, draft, typed(), draft.version)

        kept = set(WorkingCopy.objects.values_list("user__username", "article_id"))
        assert kept == {(author.username, draft.pk), (chief.username, draft.pk)}

    def test_copies_are_per_person(self, author, chief, draft):
        autosave.save_working_copy(author, draft, typed(), draft.version)

        assert autosave.working_copy_for(chief, draft) is None

    def test_a_real_save_discards_the_savers_copy_only(self, author, chief, draft):
        autosave.save_working_copy(author, draft, typed(), 1)
        WorkingCopy.objects.create(article=draft, user=chief, data=typed(), base_version=1)

        draft.title_ar = TYPED_TITLE
        services.save_story(draft, by=author, edit_version=1)
        draft.refresh_from_db()

        assert not WorkingCopy.objects.filter(user=author).exists()
        assert autosave.working_copy_for(author, draft) is None
        # The editor's copy stays, now marked as overtaken by the author's save.
        assert autosave.working_copy_for(chief, draft).overtaken

    def test_a_copy_overtaken_by_someone_elses_save_is_offered_naming_them(
        self, author, chief, draft, client
    ):
        autosave.save_working_copy(author, draft, typed(), 1)
        editor_client = logged_in(chief)
        page = editor_client.get(change_url(draft))
        saved = editor_client.post(change_url(draft), change_form_data(page, title_ar=OTHER_TITLE))
        assert saved.status_code == 302

        draft.refresh_from_db()
        offer = autosave.working_copy_for(author, draft)

        assert offer.overtaken
        assert offer.saved_by == chief
        assert offer.copy.base_version == 1
        assert Article.objects.get(pk=draft.pk).version == 2

    def test_a_copy_older_than_its_owners_own_later_save_is_not_offered(self, author, draft):
        """Left behind (say, written just before a crash and a save from another tab): the
        story's save has what it held."""
        WorkingCopy.objects.create(
            article=draft, user=author, data=typed(), base_version=1,
            saved_at=timezone.now() - timedelta(minutes=5),
        )
        author_client = logged_in(author)
        page = author_client.get(change_url(draft))
        # A save's own discard of the copy is what normally removes it; undo it here.
        saved = author_client.post(change_url(draft), change_form_data(page, title_ar=OTHER_TITLE))
        assert saved.status_code == 302
        WorkingCopy.objects.create(
            article=draft, user=author, data=typed(), base_version=1,
            saved_at=timezone.now() - timedelta(minutes=5),
        )
        draft.refresh_from_db()

        assert autosave.working_copy_for(author, draft) is None

    def test_a_page_whose_text_its_owner_saved_since_is_refused(self, author, draft):
        author_client = logged_in(author)
        page = author_client.get(change_url(draft))
        assert author_client.post(
            change_url(draft), change_form_data(page, title_ar=OTHER_TITLE)
        ).status_code == 302

        with pytest.raises(autosave.Superseded):
            autosave.save_working_copy(author, draft, typed(), 1)
        assert not WorkingCopy.objects.exists()

    def test_a_version_the_story_never_had_is_refused(self, author, draft):
        with pytest.raises(autosave.Malformed):
            autosave.save_working_copy(author, draft, typed(), 7)
        with pytest.raises(autosave.Malformed):
            autosave.save_working_copy(author, draft, typed(), None)

    def test_a_journalist_may_not_keep_a_copy_of_anothers_story(self, author, draft):
        colleague = UserFactory(username="hadi", role="journalist")

        with pytest.raises(PermissionDenied):
            autosave.save_working_copy(colleague, draft, typed(), 1)
        assert not WorkingCopy.objects.exists()

    @pytest.mark.parametrize("state", ["in_review", "published"])
    def test_a_journalist_may_not_keep_a_copy_of_their_story_out_of_their_hands(
        self, author, state
    ):
        story = ArticleFactory(created_by=author, **{state: True})

        with pytest.raises(PermissionDenied):
            autosave.save_working_copy(author, story, typed(), story.version)
        assert not WorkingCopy.objects.exists()

    def test_only_the_active_editor_keeps_a_copy(self, author, chief, draft):
        """The author opened the draft first: the editor who came later keeps no copy until
        they take the story over; then the author keeps none."""
        presence.open_story(draft, by=author)
        presence.open_story(draft, by=chief)

        autosave.save_working_copy(author, draft, typed(), 1)
        with pytest.raises(autosave.NotActiveEditor) as refused:
            autosave.save_working_copy(chief, draft, typed(), 1)
        assert refused.value.holder == author

        services.take_over(draft, by=chief)

        autosave.save_working_copy(chief, draft, typed(), 1)
        with pytest.raises(autosave.NotActiveEditor) as refused:
            autosave.save_working_copy(author, draft, typed(title="بعد التولي"), 1)
        assert refused.value.holder == chief
        assert WorkingCopy.objects.get(user=author).data["fields"]["title_ar"] == TYPED_TITLE

    def test_a_page_gone_silent_hands_autosave_to_the_next(self, author, chief, draft):
        presence.open_story(draft, by=author)
        presence.open_story(draft, by=chief)
        EditSession.objects.filter(user=author).update(
            last_seen=timezone.now() - presence.EDITING_TIMEOUT - timedelta(seconds=1)
        )

        autosave.save_working_copy(chief, draft, typed(), 1)

        assert WorkingCopy.objects.filter(user=chief).exists()

    def test_the_add_pages_copy_is_kept_per_person_and_dropped_by_creating_the_story(
        self, author
    ):
        autosave.save_working_copy(author, None, typed(), 99)
        offer = autosave.working_copy_for(author, None)
        assert offer.copy.article is None and offer.copy.base_version is None

        story = Article(title_ar=TYPED_TITLE, section=SectionFactory())
        services.create_story(story, by=author)

        assert autosave.working_copy_for(author, None) is None

    def test_parse_keeps_the_forms_fields_and_drops_its_machinery(self):
        body = json.dumps({
            "base_version": 3,
            "fields": {"title_ar": "ع", "csrfmiddlewaretoken": "x", "edit_version": "3",
                       "_save": "حفظ", "bylines-TOTAL_FORMS": "2", "bylines-0-author": "5",
                       "embargo_until_0": "2026-12-05", "tags": ["1", "2"]},
            "labels": {"bylines-0-author": {"5": "سارة"}, "gone": {"1": "x"}},
        }).encode()

        data, base = autosave.parse(body)

        assert base == 3
        assert data == {
            "fields": {"title_ar": "ع", "bylines-0-author": "5",
                       "embargo_until_0": "2026-12-05", "tags": ["1", "2"]},
            "labels": {"bylines-0-author": {"5": "سارة"}},
        }


class TestEndpoints:
    def test_autosave_keeps_a_copy_and_answers_the_time(self, author, draft):
        before = row(draft)

        response = post_copy(logged_in(author), draft, base_version=1)

        assert response.status_code == 200
        copy = WorkingCopy.objects.get(article=draft, user=author)
        assert response.json() == {
            "saved_at": timezone.localtime(copy.saved_at).strftime("%H:%M")
        }
        assert copy.data["fields"]["body_ar"] == TYPED_BODY
        assert copy.base_version == 1
        assert row(draft) == before

    def test_a_get_changes_nothing(self, author, draft):
        client = logged_in(author)
        assert client.get(autosave_url(draft)).status_code == 405
        autosave.save_working_copy(author, draft, typed(), 1)
        assert client.get(discard_url(draft)).status_code == 405
        assert WorkingCopy.objects.count() == 1

    def test_unknown_story_is_404(self, author):
        response = post_copy(logged_in(author), Article(pk=987654), base_version=1)

        assert response.status_code == 404
        assert response.json()["error"]
        assert logged_in(author).post(discard_url(Article(pk=987654))).status_code == 404

    @pytest.mark.parametrize("body", [
        b"{not json", b"\xff\xfe", b"[]", b'"text"', b"{}", b'{"fields": []}',
        b'{"fields": {"title_ar": 5}}', b'{"fields": {"title_ar": ["a", 1]}}',
        b'{"fields": {"bad name": "x"}}', b'{"fields": {}, "labels": {"x": "y"}}',
        b'{"fields": {}, "labels": []}',
        b'{"fields": {}, "base_version": "1"}', b'{"fields": {}, "base_version": true}',
        b'{"fields": {}, "base_version": 0}', b'{"fields": {}, "base_version": 2}',
        b"[" * 100_000 + b"]" * 100_000,
    ], ids=lambda body: body[:40].decode(errors="replace"))
    def test_malformed_copy_is_400(self, author, draft, body):
        response = logged_in(author).post(
            autosave_url(draft), body, content_type="application/json"
        )

        assert response.status_code == 400
        assert response.json()["error"]
        assert not WorkingCopy.objects.exists()

    def test_too_large_is_413(self, author, draft):
        huge = "<p>" + "ن" * autosave.MAX_BYTES + "</p>"

        response = post_copy(logged_in(author), draft, base_version=1, body=huge)

        assert response.status_code == 413
        assert response.json()["error"]
        assert not WorkingCopy.objects.exists()

    def test_journalist_on_anothers_story_is_403(self, draft):
        colleague = UserFactory(username="hadi", role="journalist")

        response = post_copy(logged_in(colleague), draft, base_version=1)

        assert response.status_code == 403
        assert not WorkingCopy.objects.exists()

    def test_journalist_on_their_published_story_is_403_and_readers_see_the_live_text(
        self, author, client
    ):
        story = ArticleFactory(created_by=author, published=True, title_ar=ORIGINAL_TITLE,
                               body_ar=ORIGINAL_BODY)
        before = row(story)

        response = post_copy(logged_in(author), story, base_version=story.version)

        assert response.status_code == 403
        assert not WorkingCopy.objects.exists()
        assert row(story) == before
        html = client.get(story.get_absolute_url()).content.decode()
        assert ORIGINAL_TITLE in html and TYPED_TITLE not in html

    def test_an_editors_copy_of_a_live_story_leaves_the_live_text_alone(
        self, author, chief, client
    ):
        story = ArticleFactory(created_by=author, published=True, title_ar=ORIGINAL_TITLE,
                               body_ar=ORIGINAL_BODY)
        before = row(story)

        response = post_copy(logged_in(chief), story, base_version=story.version)

        assert response.status_code == 200
        assert row(story) == before
        live = Article.objects.for_readers("ar").get(pk=story.pk)
        assert (live.title_ar, live.body_ar) == (ORIGINAL_TITLE, ORIGINAL_BODY)
        page = client.get(story.get_absolute_url())
        assert page.status_code == 200
        html = page.content.decode()
        assert ORIGINAL_TITLE in html
        assert TYPED_TITLE not in html and "الشرقية والغربية" not in html

    def test_not_the_active_editor_is_409_naming_who_is(self, author, chief, draft):
        author_client, editor_client = logged_in(author), logged_in(chief)
        assert author_client.post(f"/admin/articles/article/{draft.pk}/open/").status_code == 200
        assert editor_client.post(f"/admin/articles/article/{draft.pk}/open/").status_code == 200

        response = post_copy(editor_client, draft, base_version=1)

        assert response.status_code == 409
        assert "نور الجبوري" in response.json()["error"]
        assert not WorkingCopy.objects.exists()
        assert post_copy(author_client, draft, base_version=1).status_code == 200

    def test_discard_drops_the_copy(self, author, draft):
        autosave.save_working_copy(author, draft, typed(), 1)
        client = logged_in(author)

        assert client.post(discard_url(draft)).json() == {"discarded": True}
        assert client.post(discard_url(draft)).json() == {"discarded": False}
        assert not WorkingCopy.objects.exists()

    def test_the_add_pages_copy(self, author):
        client = logged_in(author)

        response = post_copy(client, None, base_version=None)

        assert response.status_code == 200
        assert WorkingCopy.objects.get(user=author).article is None
        page = client.get("/admin/articles/article/add/")
        html = page.content.decode()
        assert "desk-autosave-notice" in html
        assert TYPED_TITLE in html
        assert client.post(discard_url()).json() == {"discarded": True}

    def test_saving_the_story_discards_the_copy(self, author, draft):
        client = logged_in(author)
        assert post_copy(client, draft, base_version=1).status_code == 200
        page = client.get(change_url(draft))
        assert "desk-autosave-notice" in page.content.decode()

        saved = client.post(change_url(draft), change_form_data(page, title_ar=TYPED_TITLE))

        assert saved.status_code == 302
        assert not WorkingCopy.objects.exists()
        assert "desk-autosave-notice" not in client.get(change_url(draft)).content.decode()


class TestChangePage:
    def test_the_notice_names_who_saved_after_the_copy(self, author, chief, draft):
        author_client = logged_in(author)
        assert post_copy(author_client, draft, base_version=1).status_code == 200
        editor_client = logged_in(chief)
        page = editor_client.get(change_url(draft))
        editor_client.post(change_url(draft), change_form_data(page, title_ar=OTHER_TITLE))

        html = author_client.get(change_url(draft)).content.decode()

        assert "desk-autosave-notice" in html
        assert "desk-autosave-conflict" in html
        assert "كريم العاني" in html
        copy = json.loads(html.split('id="desk-autosave-copy" type="application/json">')[1]
                          .split("</script>")[0])
        assert copy["base_version"] == 1
        assert copy["fields"]["title_ar"] == TYPED_TITLE

    def test_a_copy_on_the_current_version_is_not_called_overtaken(self, author, draft):
        author_client = logged_in(author)
        post_copy(author_client, draft, base_version=1)

        html = author_client.get(change_url(draft)).content.decode()

        assert "desk-autosave-notice" in html
        assert "desk-autosave-conflict" not in html

    def test_a_read_only_page_has_no_autosave(self, author):
        story = ArticleFactory(created_by=author, in_review=True)

        html = logged_in(author).get(change_url(story)).content.decode()

        assert "desk-autosave" not in html
        assert "autosave.js" not in html

    def test_an_editable_page_loads_autosave_from_a_file(self, author, draft):
        html = logged_in(author).get(change_url(draft)).content.decode()

        assert f'data-save-url="{autosave_url(draft)}"' in html
        assert 'src="/static/editorial/autosave.js"' in html
        assert "desk-autosave-notice" not in html
