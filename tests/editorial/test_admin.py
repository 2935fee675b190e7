"""The desk's admin views are thin: URLs that change anything take POST only, a GET writes
nothing (the change page included), and each write reaches the database through a service."""

import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from articles.models import Article
from editorial import presence
from editorial.models import ArticleEvent, EditSession, PreviewLink
from editorial.previews import create_preview_link
from tests.editorial.test_concurrency import change_form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BASE = "/admin/articles/article"
# The article admin's URLs that only show something; every other one of ours must be POST-only.
READ_ONLY = {
    "articles_article_changelist", "articles_article_add", "articles_article_change",
    "articles_article_history", "articles_article_versions", "articles_article_editor_images",
    # Django's own delete view: a GET shows the confirmation, the POST calls delete_model.
    "articles_article_delete",
}


@pytest.fixture
def desk(editor, journalist):
    """A journalist's draft with one saved version and one preview link, the editor logged in."""
    article = ArticleFactory(created_by=journalist)
    client = Client()
    client.force_login(editor)
    page = client.get(f"{BASE}/{article.pk}/change/")
    assert client.post(f"{BASE}/{article.pk}/change/", change_form_data(page)).status_code == 302
    link = create_preview_link(article, by=editor)
    return client, Article.objects.get(pk=article.pk), link


def writing_urls(article, link) -> dict[str, str]:
    version = Version.objects.get_for_object(article).get()
    return {
        "articles_article_move": f"{BASE}/{article.pk}/move/submit/",
        "articles_article_open": f"{BASE}/{article.pk}/open/",
        "articles_article_heartbeat": f"{BASE}/{article.pk}/heartbeat/",
        "articles_article_leave": f"{BASE}/{article.pk}/leave/",
        "articles_article_take_over": f"{BASE}/{article.pk}/take-over/",
        "articles_article_restore": f"{BASE}/{article.pk}/versions/{version.pk}/restore/",
        "articles_article_preview_links": f"{BASE}/{article.pk}/preview-links/",
        "articles_article_revoke_link": f"{BASE}/{article.pk}/preview-links/{link.pk}/revoke/",
        "articles_article_autosave": f"{BASE}/{article.pk}/autosave/",
        "articles_article_discard_copy": f"{BASE}/{article.pk}/autosave/discard/",
        "articles_article_autosave_new": f"{BASE}/autosave/",
        "articles_article_discard_copy_new": f"{BASE}/autosave/discard/",
    }


def everything(article) -> tuple:
    """What any desk write would change."""
    return (
        Article.objects.filter(pk=article.pk).values().get(),
        list(ArticleEvent.objects.values_list("pk", "action")),
        list(EditSession.objects.values_list("pk", "last_seen")),
        list(PreviewLink.objects.values_list("pk", "revoked_at")),
        Version.objects.count(),
    )


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries
            if q["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}]


def test_every_url_of_the_desk_is_either_read_only_or_tested_as_post_only(desk):
    _client, article, link = desk
    ours = {
        pattern.name for pattern in admin.site.get_model_admin(Article).get_urls()
        if pattern.name
    }

    assert ours - READ_ONLY == set(writing_urls(article, link))


@pytest.mark.parametrize("name", [
    "articles_article_move", "articles_article_open", "articles_article_heartbeat",
    "articles_article_leave", "articles_article_take_over", "articles_article_restore",
    "articles_article_preview_links", "articles_article_revoke_link",
    "articles_article_autosave", "articles_article_discard_copy",
    "articles_article_autosave_new", "articles_article_discard_copy_new",
])
def test_a_get_to_a_writing_url_is_405_and_writes_nothing(desk, name):
    client, article, link = desk
    url = writing_urls(article, link)[name]
    before = everything(article)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert writes(queries) == []
    assert everything(article) == before


class TestChangePageReadsOnly:
    def test_opening_the_change_page_writes_no_row(self, desk):
        """No EditSession, nothing else: the page's script announces it by a POST."""
        client, article, _link = desk
        before = everything(article)

        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{BASE}/{article.pk}/change/")

        assert response.status_code == 200
        assert writes(queries) == []
        assert everything(article) == before
        assert not EditSession.objects.exists()
        assert f'data-open-url="{BASE}/{article.pk}/open/"' in response.content.decode()

    def test_the_pages_open_post_starts_the_session(self, desk, editor):
        client, article, _link = desk

        response = client.post(f"{BASE}/{article.pk}/open/")

        assert response.status_code == 200
        assert response.json() == {"others": [], "taken_over_by": None}
        assert list(EditSession.objects.values_list("user", flat=True)) == [editor.pk]

    def test_a_page_that_became_read_only_leaves_by_a_post(self, journalist):
        """The author opened the draft, then submitted it: the page they now see is read-only,
        writes nothing on its GET, and its script posts /leave/."""
        article = ArticleFactory(created_by=journalist)
        client = Client()
        client.force_login(journalist)
        assert client.post(f"{BASE}/{article.pk}/open/").status_code == 200
        assert client.post(f"{BASE}/{article.pk}/move/submit/").status_code == 302

        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"{BASE}/{article.pk}/change/").content.decode()

        assert writes(queries) == []
        assert EditSession.objects.filter(user=journalist).exists()
        assert f'data-leave-url="{BASE}/{article.pk}/leave/"' in page
        assert "data-open-url" not in page
        assert client.post(f"{BASE}/{article.pk}/leave/").status_code == 204
        assert not EditSession.objects.exists()
        # Nothing left to leave: the next read-only page does not ask.
        assert "data-leave-url" not in client.get(f"{BASE}/{article.pk}/change/").content.decode()

    def test_versions_and_list_pages_write_nothing(self, desk):
        client, article, _link = desk

        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{BASE}/{article.pk}/versions/").status_code == 200
            assert client.get(f"{BASE}/").status_code == 200
            assert client.get(f"{BASE}/?desk=scheduled").status_code == 200

        assert writes(queries) == []


class TestWritesReachTheServices:
    def test_journalists_open_post_on_a_story_they_may_not_edit_is_403(self, journalist, editor):
        article = ArticleFactory(created_by=editor)
        client = Client()
        client.force_login(journalist)

        assert client.post(f"{BASE}/{article.pk}/open/").status_code == 403
        assert not EditSession.objects.exists()

    def test_saving_a_new_correction_from_the_form_records_it(self, editor):
        article = ArticleFactory()
        client = Client()
        client.force_login(editor)
        page = client.get(f"{BASE}/{article.pk}/change/")

        saved = client.post(f"{BASE}/{article.pk}/change/",
                            change_form_data(page, correction_note_ar="صُحّح التاريخ."))

        assert saved.status_code == 302
        article.refresh_from_db()
        assert (article.version, article.corrected_at is not None) == (2, True)
        event = article.events.get()
        assert (event.action, event.by, event.note) == (
            ArticleEvent.Action.CORRECTED, editor, "صُحّح التاريخ."
        )

    def test_adding_a_story_signs_it_with_its_writer(self, journalist):
        from tests.articles.test_admin_seed import article_form_data
        from tests.factories import SectionFactory

        client = Client()
        client.force_login(journalist)

        added = client.post(f"{BASE}/add/", article_form_data(
            title_ar="خبر من الميدان", section=str(SectionFactory().pk),
        ))

        assert added.status_code == 302, added.content.decode()[:2000]
        assert Article.objects.get().created_by == journalist

    def test_editor_deletes_through_the_delete_view(self, editor):
        article = ArticleFactory()
        client = Client()
        client.force_login(editor)

        response = client.post(f"{BASE}/{article.pk}/delete/", {"post": "yes"})

        assert response.status_code == 302
        assert not Article.objects.filter(pk=article.pk).exists()

    def test_editor_deletes_several_from_the_list(self, editor):
        stories = ArticleFactory.create_batch(2)
        client = Client()
        client.force_login(editor)

        response = client.post(f"{BASE}/", {
            "action": "delete_selected", "post": "yes",
            "_selected_action": [str(story.pk) for story in stories],
        })

        assert response.status_code == 302
        assert not Article.objects.exists()

    def test_take_over_view_ends_the_others_sessions(self, desk, editor, journalist):
        client, article, _link = desk
        presence.open_story(article, by=journalist)

        response = client.post(f"{BASE}/{article.pk}/take-over/")

        assert response.status_code == 302
        assert not EditSession.objects.filter(user=journalist).exists()
        assert article.events.filter(action=ArticleEvent.Action.TOOK_OVER, by=editor).exists()

    def test_revoke_view_reports_a_link_already_revoked(self, desk):
        client, article, link = desk
        client.post(f"{BASE}/{article.pk}/preview-links/{link.pk}/revoke/")

        response = client.post(f"{BASE}/{article.pk}/preview-links/{link.pk}/revoke/",
                               follow=True)

        assert re.search(r'class="warning"', response.content.decode())
        assert article.events.filter(action=ArticleEvent.Action.LINK_REVOKED).count() == 1
