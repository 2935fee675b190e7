"""With the database unreachable, gunicorn (production settings) answers a branded 503.

A real gunicorn in a subprocess, its DATABASE_URL pointing at a local port where nothing
listens (or, for the connect timeout, at a socket that accepts and never answers).
"""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.net import free_port

OUTAGE_URLS = [
    "/", "/article/1/story/", "/search/?q=x", "/feed/", "/sitemap.xml", "/admin/",
    "/admin/login/", "/no-such-page/", "/section/news/", "/en/", "/en/no-such-page/",
]
ARABIC_HEADING = "الموقع غير متاح لبضع دقائق"
ENGLISH_HEADING = "The site is briefly unavailable"
# A well-formed session key (Django ignores keys shorter than 8 characters unread).
SESSION = "sessionid=0123456789abcdefghijklmnopqrstuv"


def fetch(url, data=None, headers=None, timeout=20):
    """(status, headers, body text) without raising on 4xx/5xx or following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class Gunicorn:
    """gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi, one worker, on a free port."""

    def __init__(self, database_url, tmp_path, extra_env=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / "gunicorn.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_"))}
        env.pop("REDIS_URL", None)
        env.update({
            "DJANGO_SETTINGS_MODULE": "tests.newsroom.outage_settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "SECURE_SSL_REDIRECT": "false",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "1",
            **(extra_env or {}),
        })
        base = Path(settings.BASE_DIR)
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "-c", "deploy/gunicorn.conf.py",
             "newsroom.wsgi"],
            cwd=base, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if fetch(f"{self.url}/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"gunicorn did not start:\n{self.log.read_text()}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def down_site(tmp_path_factory):
    """gunicorn whose database host refuses connections (nothing listens on the port)."""
    server = Gunicorn(
        f"postgres://newsroom:newsroom@127.0.0.1:{free_port()}/newsroom",
        tmp_path_factory.mktemp("outage"),
    )
    yield server
    server.stop()


def assert_branded_503(status, headers, body, first="ar"):
    assert status == 503, body
    assert re.fullmatch(r"\d+", headers["Retry-After"])
    assert "no-store" in headers["Cache-Control"]
    second = "en" if first == "ar" else "ar"
    direction = {"ar": "rtl", "en": "ltr"}
    assert f'<html lang="{first}" dir="{direction[first]}">' in body
    assert f'lang="{second}" dir="{direction[second]}"' in body
    # Both languages, the first one leading.
    assert ARABIC_HEADING in body and ENGLISH_HEADING in body
    first_heading = ARABIC_HEADING if first == "ar" else ENGLISH_HEADING
    second_heading = ENGLISH_HEADING if first == "ar" else ARABIC_HEADING
    assert body.index(first_heading) < body.index(second_heading)
    assert 'class="brand"' in body and "css/site.css" in body
    # Ready for a strict Content-Security-Policy; and nothing of the failure leaks.
    assert "<script" not in body and "style=" not in body
    assert "Traceback" not in body and "OperationalError" not in body


@pytest.mark.parametrize("path", OUTAGE_URLS)
def test_every_page_answers_a_branded_503(down_site, path):
    status, headers, body = fetch(down_site.url + path)
    assert_branded_503(status, headers, body, first="en" if path.startswith("/en/") else "ar")


def test_a_database_error_raised_in_a_middleware_gets_the_503_too(down_site):
    # robots.txt needs no database; with a session cookie the auth middleware's
    # request.user (a session read) is what meets the dead database.
    assert_branded_503(*fetch(down_site.url + "/robots.txt", headers={"Cookie": SESSION}))
    assert_branded_503(*fetch(down_site.url + "/", headers={"Cookie": SESSION}))
    # The desk's login form is refused before it is read (DeskNeedsDatabaseMiddleware).
    assert_branded_503(*fetch(
        down_site.url + "/admin/login/", data=b"username=a&password=b",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    ))


def test_health_answers_and_readiness_says_the_database_is_down(down_site):
    status, headers, body = fetch(down_site.url + "/healthz")
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    assert "no-store" in headers["Cache-Control"]

    status, headers, body = fetch(down_site.url + "/readyz")
    assert status == 503
    assert json.loads(body) == {"database": "error", "cache": "ok"}
    assert "no-store" in headers["Cache-Control"]
    assert "127.0.0.1" not in body and "postgres" not in body


def test_each_failed_request_is_one_log_line_without_a_traceback(down_site):
    fetch(down_site.url + "/search/?q=one-line")
    time.sleep(0.3)
    log = down_site.log.read_text()
    lines = [line for line in log.splitlines() if "/search/" in line]
    assert lines and all("database unavailable" in line for line in lines), log
    assert "Traceback" not in log


@pytest.fixture
def silent_database():
    """A 'database host' that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield listener.getsockname()[1]
    listener.close()


def test_a_silent_database_host_holds_a_request_only_for_the_connect_timeout(
    silent_database, tmp_path,
):
    server = Gunicorn(
        f"postgres://newsroom:newsroom@127.0.0.1:{silent_database}/newsroom", tmp_path,
        # The page cache off: on a cold start its doors read the publishing schedule from
        # the database before any page, /healthz included (pagecache.SKIP_PREFIXES lacks the
        # health paths), which would add a connect timeout to every request timed here.
        extra_env={"DATABASE_CONNECT_TIMEOUT": "3", "NEWSROOM_PAGE_CACHE": "false"},
    )
    try:
        started = time.monotonic()
        assert_branded_503(*fetch(server.url + "/search/?q=x", timeout=25))
        assert time.monotonic() - started < 6
        started = time.monotonic()
        status, _headers, body = fetch(server.url + "/readyz", timeout=25)
        assert (status, json.loads(body)["database"]) == (503, "timeout")
        assert time.monotonic() - started < 4
    finally:
        server.stop()
