"""Branded bilingual error pages (newsroom/errors.py) and the health endpoints, database up.

The database-down cases run against a real gunicorn: tests/newsroom/test_database_outage.py.
"""

import json
import logging
import socket
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from editorial.workflow import Status
from tests.factories import ArticleFactory, SectionFactory
from tests.net import free_port

pytestmark = pytest.mark.django_db

ERROR_URLS = "tests.newsroom.error_urls"
TEMPLATES = Path(django_settings.BASE_DIR) / "templates"


@pytest.fixture
def failing(settings):
    """A client for the test URLconf's failing views, answered as a reader would see them."""
    settings.ROOT_URLCONF = ERROR_URLS
    return Client(raise_request_exception=False)


def assert_bilingual(response, arabic, english, first="ar"):
    body = response.content.decode()
    direction = {"ar": "rtl", "en": "ltr"}
    second = "en" if first == "ar" else "ar"
    assert f'<html lang="{first}" dir="{direction[first]}">' in body
    assert f'lang="{second}" dir="{direction[second]}"' in body
    assert arabic in body and english in body
    leading, following = (arabic, english) if first == "ar" else (english, arabic)
    assert body.index(leading) < body.index(following)
    assert "<script" not in body and "style=" not in body
    return body


def assert_standalone(response, status):
    assert response.status_code == status
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert 'class="brand"' in body and "css/site.css" in body
    assert "Traceback" not in body


def test_a_bug_answers_the_branded_500_without_touching_the_database(
    failing, django_assert_num_queries,
):
    with django_assert_num_queries(0):
        response = failing.get("/test-broken/")
    assert_standalone(response, 500)
    assert not response.has_header("Retry-After")
    assert_bilingual(response, "حدث خطأ من جهتنا", "Something went wrong on our side")


def test_the_english_edition_puts_english_first(failing):
    response = failing.get("/en/test-broken/")
    assert_bilingual(response, "حدث خطأ من جهتنا", "Something went wrong on our side", first="en")


def test_a_database_error_answers_503_with_retry_after_and_logs_one_line(failing, caplog):
    caplog.set_level(logging.INFO)
    response = failing.get("/test-database-gone/")
    assert_standalone(response, 503)
    assert response["Retry-After"] == "30"
    assert_bilingual(response, "الموقع غير متاح لبضع دقائق", "The site is briefly unavailable")
    logged = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(logged) == 1
    assert logged[0].levelno == logging.ERROR and logged[0].exc_info is None
    assert "database unavailable" in logged[0].getMessage()
    assert "/test-database-gone/" in logged[0].getMessage()


def test_permission_denied_answers_the_branded_403(failing):
    response = failing.get("/test-forbidden/")
    assert_standalone(response, 403)
    assert_bilingual(response, "الدخول غير مسموح", "Access denied")


def test_an_expired_form_answers_the_branded_403():
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "a", "password": "b"},
    )
    assert_standalone(response, 403)
    assert_bilingual(response, "انتهت صلاحية هذا النموذج", "This form has expired")


def test_a_bad_request_answers_the_branded_400(failing):
    response = failing.get("/test-bad/")
    assert_standalone(response, 400)
    assert_bilingual(response, "طلب غير صالح", "Bad request")
    # A host we do not serve is a bad request too (a SuspiciousOperation).
    response = Client().get("/", HTTP_HOST="elsewhere.example")
    assert_standalone(response, 400)
    assert_bilingual(response, "طلب غير صالح", "Bad request")


def test_a_20_mb_form_answers_413_and_logs_one_warning_line(client, caplog):
    caplog.set_level(logging.INFO)
    body = "username=" + "x" * (20 * 1024 * 1024)
    response = client.post(
        "/admin/login/", data=body, content_type="application/x-www-form-urlencoded",
    )
    assert_standalone(response, 413)
    page = assert_bilingual(response, "ما أرسلته أكبر من المسموح", "What you sent is too large")
    assert "(10 MB)" in page and "(10 ميغابايت)" in page
    logged = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(logged) == 1, [r.getMessage() for r in logged]
    assert logged[0].name == "django.security.RequestDataTooBig"
    assert logged[0].levelno == logging.WARNING
    assert logged[0].exc_info is None and not logged[0].exc_text


def test_a_host_we_do_not_serve_logs_one_warning_line(client, caplog):
    caplog.set_level(logging.INFO)
    response = Client().get("/", HTTP_HOST="elsewhere.example")
    assert response.status_code == 400
    logged = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [(r.name, r.levelno, r.exc_info) for r in logged] == [
        ("django.security.DisallowedHost", logging.WARNING, None)
    ]


def test_too_many_fields_answers_a_clear_400(client, caplog):
    caplog.set_level(logging.INFO)
    fields = "&".join(f"f{n}=1" for n in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.post(
        "/admin/login/", data=fields, content_type="application/x-www-form-urlencoded",
    )
    assert_standalone(response, 400)
    assert_bilingual(response, "أرسل النموذج حقولًا أكثر من اللازم", "The form sent too many fields")
    logged = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [(r.levelno, r.exc_info) for r in logged] == [(logging.WARNING, None)]


def test_a_missing_page_looks_like_the_site_in_both_languages(client):
    SectionFactory(name_ar="اقتصاد", name_en="Economy")
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = assert_bilingual(response, "الصفحة غير موجودة", "Page not found")
    assert 'class="site-nav"' in body and "اقتصاد" in body

    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    body = assert_bilingual(response, "الصفحة غير موجودة", "Page not found", first="en")
    assert 'class="site-nav"' in body and "Economy" in body


def test_a_removed_story_looks_like_the_site_in_both_languages(client):
    article = ArticleFactory(status=Status.UNPUBLISHED)
    response = client.get(f"/article/{article.pk}/any-slug/")
    assert response.status_code == 410
    body = assert_bilingual(response, "حُذف هذا الخبر", "This story was removed")
    assert 'class="site-nav"' in body


def test_error_templates_carry_no_inline_script_or_style():
    names = ["400", "403", "404", "410", "413", "500", "503"]
    paths = [TEMPLATES / f"{name}.html" for name in names] + list((TEMPLATES / "errors").iterdir())
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert "<script" not in text and "style=" not in text and "<style" not in text, path


# --- Health endpoints ---------------------------------------------------------------------


def test_healthz_answers_without_the_database_or_the_cache(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_says_ready_when_the_database_and_the_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_answers_any_host_and_plain_http(client, settings):
    # A load balancer probes by address, over plain HTTP.
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200


def redis_cache(port):
    return {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
    }}


def test_readyz_says_not_ready_when_the_cache_is_down(client, settings):
    settings.CACHES = redis_cache(free_port())  # nothing listens there
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "cache": "error"}
    assert b"127.0.0.1" not in response.content


def test_readyz_gives_up_on_a_silent_cache_within_its_timeout(client, settings):
    listener = socket.socket()  # accepts connections, never answers
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        settings.CACHES = redis_cache(listener.getsockname()[1])
        started = time.monotonic()
        response = client.get("/readyz")
        assert time.monotonic() - started < 3.5
        assert response.status_code == 503
        assert json.loads(response.content) == {"database": "ok", "cache": "timeout"}
    finally:
        listener.close()


# --- Never stored by the page cache -------------------------------------------------------


def test_the_page_cache_never_keeps_a_503_nor_a_health_answer(failing, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    # The cache works here: a 404 is kept and the second request is a hit.
    failing.get("/no-such-page/")
    assert failing.get("/no-such-page/")["X-Cache"] == "hit"
    for path in ("/test-database-gone/", "/healthz", "/readyz"):
        first, second = failing.get(path), failing.get(path)
        assert second.status_code == first.status_code
        assert second.get("X-Cache") != "hit", path
