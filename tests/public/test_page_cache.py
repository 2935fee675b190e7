"""The anonymous page cache: warm, yet never stale after a change readers may see."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone

from editorial import services
from tests.factories import PASSWORD, ArticleFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def page_cache_on():
    with override_settings(NEWSROOM_PAGE_CACHE=True):
        yield


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (signals, cache bumps) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def warm(client, url):
    first, second = client.get(url), client.get(url)
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    return second


def test_publish_is_visible_on_the_next_request(client, editor, commit):
    warm(client, "/")
    draft = ArticleFactory(title_ar="خبر نُشر للتو", status="in_review")

    with commit():
        services.publish_article(draft, by=editor)

    response = client.get("/")
    assert response["X-Cache"] == "miss"
    assert "خبر نُشر للتو" in response.content.decode()


def test_edit_of_a_live_story_is_visible_on_the_next_request(client, editor, commit):
    story = ArticleFactory(published=True, title_ar="عنوان قديم")
    path = story.get_absolute_url()
    warm(client, path)
    staff = client.__class__()
    staff.login(username=editor.username, password=PASSWORD)
    form = staff.get(f"/admin/articles/article/{story.pk}/change/").context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if not isinstance(v, list)}
    data.update({
        "title_ar": "عنوان جديد", "section": story.section_id, "edit_version": story.version,
        "bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0", "_save": "1",
    })
    data.pop("tags", None)

    with commit():
        response = staff.post(f"/admin/articles/article/{story.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:500]

    html = client.get(path).content.decode()
    assert "عنوان جديد" in html
    assert "عنوان قديم" not in html


def test_unpublish_is_visible_on_the_next_request(client, editor, commit):
    story = ArticleFactory(published=True, title_ar="خبر سيُسحب")
    path = story.get_absolute_url()
    warm(client, path)
    warm(client, "/")

    with commit():
        services.unpublish_article(story, by=editor, reason="خطأ في المصدر")

    assert client.get(path).status_code == 410
    assert "خبر سيُسحب" not in client.get("/").content.decode()


def test_scheduled_story_appears_on_time_with_a_warm_cache(client, editor, commit):
    ArticleFactory(published=True)
    story = ArticleFactory(title_ar="خبر مجدول", status="in_review")
    at = timezone.now() + timedelta(minutes=1)
    with commit():
        services.publish_article(story, by=editor, at=at)
    warm(client, "/")
    assert "خبر مجدول" not in client.get("/").content.decode()

    later = at + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get("/")

    assert response["X-Cache"] == "miss"
    assert "خبر مجدول" in response.content.decode()


def test_staff_never_read_or_fill_the_shared_cache(client, editor):
    story = ArticleFactory(published=True)
    path = story.get_absolute_url()
    warm(client, path)
    staff = client.__class__()
    staff.login(username=editor.username, password=PASSWORD)

    response = staff.get(path)

    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]
    reader = client.get(path)
    assert reader["X-Cache"] == "hit"
    assert "public" in reader["Cache-Control"]
    # A staff visit to a page nobody cached yet does not fill it for readers.
    section_path = SectionFactory().get_absolute_url()
    staff.get(section_path)
    assert client.get(section_path)["X-Cache"] == "miss"


def test_section_edit_makes_cached_pages_stale(client, commit):
    section = SectionFactory(name_ar="قسم قديم")
    ArticleFactory(published=True, section=section)
    warm(client, "/")
    with commit():
        section.name_ar = "قسم جديد"
        section.save()
    assert "قسم جديد" in client.get("/").content.decode()


def test_cached_page_answers_304_to_its_etag(client):
    ArticleFactory(published=True)
    response = warm(client, "/")
    again = client.get("/", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
