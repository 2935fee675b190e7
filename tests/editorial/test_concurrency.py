"""Two people on one story at once: a save built from an old version is refused with the
typed text kept, and two editors pressing Publish together publish the story once."""

import re
import threading
import time
from datetime import datetime

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from reversion.models import Version

from articles.models import Article
from editorial.models import ArticleEvent
from editorial.services import publish_article
from editorial.workflow import InvalidTransition, Status
from tests.factories import ArticleFactory, UserFactory, checklist_ready

ORIGINAL_TITLE = "الحكومة تعلن موازنة العام المقبل"
ORIGINAL_BODY = "<p>أعلنت الحكومة اليوم مشروع الموازنة.</p>"
EDITOR_TITLE = "الحكومة تقرّ موازنة العام المقبل بعجز أقل"
EDITOR_BODY = "<p>أقرّ مجلس الوزراء اليوم مشروع الموازنة بعجز أقل من المتوقع.</p>"
AUTHOR_TITLE = "الحكومة تعلن موازنة العام المقبل وسط اعتراضات"
AUTHOR_BODY = "<p>أعلنت الحكومة اليوم مشروع الموازنة وسط اعتراضات نيابية واسعة.</p>"


def change_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def change_form_data(page, **typed) -> dict:
    """The change form on `page` as the browser posts it back, with `typed` edits made."""
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue  # an empty field or an unticked box is not sent
        if value is True:
            data[name] = "on"
        elif isinstance(value, datetime):  # the admin's split date and time inputs
            local = timezone.localtime(value)
            data[f"{name}_0"] = local.strftime("%Y-%m-%d")
            data[f"{name}_1"] = local.strftime("%H:%M:%S")
        elif isinstance(value, list):
            data[name] = [str(item) for item in value]
        else:
            data[name] = str(value)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        # The extra (blank) byline rows are left out, as if the browser had not sent them.
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            value = formset.management_form[name].value()
            data[f"{formset.prefix}-{name}"] = str(value)
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.initial_forms))
        for row in formset.initial_forms:
            for name in row.fields:
                value = row[name].value()
                if value is not None and value is not False:
                    data[row.add_prefix(name)] = str(value)
    data.update(typed)
    data["_save"] = "حفظ"
    return data


def error_list(response) -> str:
    """The form-wide errors as the page shows them above the fields."""
    match = re.search(r'<ul class="errorlist nonfield">(.*?)</ul>', response.content.decode(), re.S)
    assert match, "the refusal is shown above the form"
    return match.group(1)


def typed_field(response, name: str) -> str:
    """What the re-shown form holds in the headline input or the body textarea."""
    html = response.content.decode()
    if name == "body_ar":
        match = re.search(r'<textarea name="body_ar"[^>]*>(.*?)</textarea>', html, re.S)
    else:
        match = re.search(rf'<input type="text" name="{name}" value="([^"]*)"', html)
    assert match, f"{name} is in the re-shown form"
    return match.group(1).strip()


@pytest.mark.django_db
class TestStaleSave:
    @pytest.fixture
    def desk(self):
        author = UserFactory(username="ali", first_name="علي", last_name="الموسوي",
                             role="journalist")
        editor = UserFactory(username="salma", first_name="سلمى", last_name="حداد",
                             role="editor")
        article = ArticleFactory(created_by=author, title_ar=ORIGINAL_TITLE, body_ar=ORIGINAL_BODY)
        author_client, editor_client = Client(), Client()
        author_client.force_login(author)
        editor_client.force_login(editor)
        return article, author_client, editor_client

    def test_second_save_from_the_same_version_is_refused_with_the_typed_text_kept(self, desk):
        """The author and an editor open the draft; the editor saves first. The author's save
        is refused, naming the editor and the time, and the author's words are still there."""
        article, author_client, editor_client = desk
        author_page = author_client.get(change_url(article))
        editor_page = editor_client.get(change_url(article))
        assert (author_page.status_code, editor_page.status_code) == (200, 200)

        saved = editor_client.post(
            change_url(article),
            change_form_data(editor_page, title_ar=EDITOR_TITLE, body_ar=EDITOR_BODY),
        )
        assert saved.status_code == 302, saved.content.decode()[:2000]

        refused = author_client.post(
            change_url(article),
            change_form_data(author_page, title_ar=AUTHOR_TITLE, body_ar=AUTHOR_BODY),
        )

        assert refused.status_code == 200
        errors = refused.context["adminform"].form.non_field_errors().as_data()
        assert [error.code for error in errors] == ["stale_version"]
        article.refresh_from_db()
        shown = error_list(refused)
        assert "سلمى حداد" in shown
        assert timezone.localtime(article.updated_at).strftime("%H:%M") in shown
        assert typed_field(refused, "title_ar") == AUTHOR_TITLE
        assert typed_field(refused, "body_ar") == escape(AUTHOR_BODY)
        # The editor's save stands, untouched by the refused one.
        assert (article.title_ar, article.body_ar, article.version) == (
            EDITOR_TITLE, EDITOR_BODY, 2
        )
        assert [v.revision.user.username for v in Version.objects.get_for_object(article)] == [
            "salma"
        ]

    def test_save_from_the_reloaded_page_after_a_refusal_is_accepted(self, desk):
        """Reloading brings the latest version; the author's save from it goes through."""
        article, author_client, editor_client = desk
        author_page = author_client.get(change_url(article))
        editor_page = editor_client.get(change_url(article))
        editor_client.post(
            change_url(article), change_form_data(editor_page, title_ar=EDITOR_TITLE)
        )
        refused = author_client.post(
            change_url(article), change_form_data(author_page, title_ar=AUTHOR_TITLE)
        )
        assert refused.status_code == 200

        reloaded = author_client.get(change_url(article))
        saved = author_client.post(
            change_url(article), change_form_data(reloaded, title_ar=AUTHOR_TITLE)
        )

        assert saved.status_code == 302, saved.content.decode()[:2000]
        article.refresh_from_db()
        assert (article.title_ar, article.version) == (AUTHOR_TITLE, 3)
        assert Version.objects.get_for_object(article).count() == 2

    def test_save_without_the_version_it_was_built_from_is_refused(self, desk):
        """A crafted POST that leaves out `edit_version` cannot overwrite the story."""
        article, author_client, _editor_client = desk
        page = author_client.get(change_url(article))
        data = change_form_data(page, title_ar=AUTHOR_TITLE)
        del data["edit_version"]

        refused = author_client.post(change_url(article), data)

        assert refused.status_code == 200
        errors = refused.context["adminform"].form.non_field_errors().as_data()
        assert [error.code for error in errors] == ["stale_version"]
        article.refresh_from_db()
        assert (article.title_ar, article.body_ar, article.version) == (
            ORIGINAL_TITLE, ORIGINAL_BODY, 1
        )
        assert Version.objects.get_for_object(article).count() == 0


def backends_waiting_for_a_lock(pids, timeout=10.0) -> int:
    """How many of the PostgreSQL backends `pids` are blocked on a lock (polled until all are)."""
    deadline = time.monotonic() + timeout
    waiting = 0
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted AND pid = ANY(%s)",
                [list(pids)],
            )
            waiting = cursor.fetchone()[0]
        if waiting == len(pids):
            break
        time.sleep(0.01)
    return waiting


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no row locks (select_for_update is a no-op there) "
    "and serialises whole-database writes, so the race cannot be staged",
)
@pytest.mark.django_db(transaction=True)
def test_two_editors_publishing_at_once_publish_once():
    """Both press Publish at the same moment: one publishes, the other is told the story is
    already published, and the history has one publish event."""
    editors = [UserFactory(role="editor"), UserFactory(role="editor")]
    article = checklist_ready(ArticleFactory(status=Status.IN_REVIEW))  # no override event
    start = threading.Barrier(len(editors) + 1, timeout=10)
    backends, outcomes = [], {}

    def press_publish(editor):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backends.append(cursor.fetchone()[0])
            start.wait()
            publish_article(article, by=editor)
            outcomes[editor.pk] = "published"
        except InvalidTransition as exc:
            outcomes[editor.pk] = f"refused: already {exc.current}"
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes[editor.pk] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=press_publish, args=(editor,)) for editor in editors]
    # The two requests must overlap, not merely start close together. So, as when a third
    # editor's save is in progress (the change form locks the row while it checks the
    # version), the story's row is held while both Publish requests arrive, and released
    # only once PostgreSQL reports both blocked. Without the service's select_for_update
    # both would have read "in review" by then (they block later, on the event's foreign
    # key), so both would publish: the test fails every time, not by luck of timing.
    with transaction.atomic():
        Article.objects.select_for_update().get(pk=article.pk)
        for thread in threads:
            thread.start()
        start.wait()
        both_waited = backends_waiting_for_a_lock(backends)
    for thread in threads:
        thread.join(timeout=30)

    assert both_waited == len(editors), "both Publish requests were in flight together"
    assert sorted(outcomes.values(), key=str) == ["published", "refused: already published"], (
        outcomes
    )
    published_by = next(pk for pk, outcome in outcomes.items() if outcome == "published")
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    events = ArticleEvent.objects.filter(article=article)
    assert [(e.action, e.by_id) for e in events] == [
        (ArticleEvent.Action.PUBLISHED, published_by)
    ]
    assert Article.objects.published().filter(pk=article.pk).exists()
