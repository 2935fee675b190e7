"""Pages compressed for readers, never for the desk (BREACH): by nginx in production
(deploy/nginx.conf, run for real as bench/run.py renders it) and by the app under `make run`
(newsroom/compression.py)."""

import gzip
import http.client

import pytest

from tests.caching.test_frontcache import Upstream, needs_nginx, running_nginx
from tests.factories import ArticleFactory

PAGE = ("<!doctype html><html lang=ar><title>خبر</title><p>" + "نص الخبر " * 400).encode()


def get(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.body = response.read()
        return response
    finally:
        connection.close()


@needs_nginx
def test_nginx_gzips_pages_for_readers_but_not_for_the_desk(monkeypatch):
    asked = []

    def respond(self, request):
        asked.append(request.headers.get("Accept-Encoding"))
        return 200, {"Content-Type": "text/html; charset=utf-8",
                     "Cache-Control": "public, max-age=0, s-maxage=300"}, PAGE

    monkeypatch.setattr(Upstream, "_respond", respond)
    with running_nginx() as (nginx, _upstream):
        port = nginx.front_port
        page = get(port, "/", **{"Accept-Encoding": "gzip, deflate, br"})
        assert page.status == 200
        assert page.getheader("Content-Encoding") == "gzip"
        assert "Accept-Encoding" in page.getheader("Vary")
        assert gzip.decompress(page.body) == PAGE
        assert len(page.body) < len(PAGE) / 4

        # The micro-cache's copy is plain: a client that cannot gunzip gets it as it is.
        plain = get(port, "/")
        assert plain.getheader("X-Micro-Cache") == "HIT"
        assert plain.getheader("Content-Encoding") is None
        assert plain.body == PAGE

        desk = get(port, "/admin/login/", **{"Accept-Encoding": "gzip"})
        assert desk.status == 200
        assert desk.getheader("Content-Encoding") is None
        assert desk.body == PAGE
        # The app is always asked for plain bodies: nginx compresses, the cache stays plain.
        assert asked == [None, None]


@pytest.mark.django_db
def test_the_app_gzips_a_readers_page_when_asked(client):
    article = ArticleFactory(published=True)
    page = client.get(article.get_absolute_url(), headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200
    assert page["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page["Vary"]
    assert b"<html" in gzip.decompress(page.content)

    plain = client.get(article.get_absolute_url())
    assert not plain.has_header("Content-Encoding")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/search/?q=x"])
def test_the_app_never_gzips_a_page_with_a_csrf_token_or_the_desk(client, path, editor):
    if path.startswith("/search/"):
        client.force_login(editor)  # staff: a private page, with a session
    page = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200
    assert not page.has_header("Content-Encoding")
