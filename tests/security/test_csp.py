"""The Content-Security-Policy (SECURE_CSP in newsroom/settings/base.py) is enforced on
readers' pages, in both editions, and on the desk; stored pages carry it too.

Readers' pages are cached and replayed to everyone (caching/pagecache.py), so they must not
need a nonce: they carry no script to run and no style attribute. The browser's own verdict
(no violation while reading and editing) is in tests/browser/test_csp.py.
"""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from PIL import Image as PillowImage

from images.models import Image
from tests.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db
HEADER = "Content-Security-Policy"


def policy(response) -> dict[str, list[str]]:
    assert HEADER in response, f"no {HEADER} on {response.wsgi_request.path}"
    directives = {}
    for part in response[HEADER].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict(directives):
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[name]
        assert "'unsafe-eval'" not in directives[name]


@pytest.fixture
def story(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = io.BytesIO()
    PillowImage.new("RGB", (600, 400), (200, 80, 40)).save(data, "JPEG")
    photo = Image.objects.create(
        file=ContentFile(data.getvalue(), name="photo.jpg"), width=600, height=400,
        alt_text_ar="صورة", focal_x=0.3, focal_y=0.25,
    )
    story = ArticleFactory(
        published=True, lead_image=photo, title_en="A story", body_en="<p>Text.</p>",
    )
    story.tags.add(TagFactory())
    return story


def public_pages(story):
    section = story.section.get_absolute_url()
    return [
        "/", "/en/", story.get_absolute_url(), f"/en{story.get_absolute_url()}",
        section, f"/en{section}", "/search/?q=خبر", "/en/search/?q=story",
    ]


def test_public_pages_carry_the_policy_and_need_no_nonce(client, story):
    for path in public_pages(story):
        response = client.get(path)
        assert response.status_code == 200, path
        directives = policy(response)
        assert_strict(directives)
        assert "nonce" not in response[HEADER], path
        html = response.content.decode()
        # Nothing the policy would refuse: no script but JSON-LD data and, on a story page,
        # the most-read beacon, a static file of our own (public/mostread.py); no inline style.
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
        assert all('type="application/ld+json"' in attrs
                   or (attrs.startswith(' src="/static/public/hit.js"') and not body.strip())
                   for attrs, body in scripts), (path, scripts)
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", html), path


def test_the_photo_is_cropped_around_its_focal_point_by_classes(client, story):
    html = client.get("/").content.decode()
    assert 'class="focal fx-30 fy-25"' in html
    assert "css/focal" in html


def test_a_stored_page_is_replayed_with_the_policy(client, story):
    with override_settings(NEWSROOM_PAGE_CACHE=True):
        first, second = client.get("/"), client.get("/")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second[HEADER] == first[HEADER]


def test_the_desk_carries_the_policy(client, editor, story):
    client.force_login(editor)
    for path in ["/admin/", "/admin/articles/article/", "/admin/articles/article/add/",
                 f"/admin/articles/article/{story.pk}/change/", "/admin/images/image/",
                 f"/admin/images/image/{story.lead_image_id}/change/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict(policy(response))
        assert not re.search(r"\sstyle=", response.content.decode()), path


def test_the_login_page_carries_the_policy(client):
    response = client.get("/admin/login/")
    assert_strict(policy(response))
