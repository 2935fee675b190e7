"""The nginx front during an outage (deploy/nginx.conf), run for real where nginx is installed.

While the app answers its 503 (database down), readers get the front's last good copy; with
no copy, the app's own 503 page; with gunicorn gone, the static page static/errors/; and a
body over its own size limit, the static bilingual 413.
"""

import http.client
import http.server
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.net import bench_run, serve_http
from tests.net import free_port as closed_port

ROOT = Path(settings.BASE_DIR)

pytestmark = pytest.mark.skipif(
    not shutil.which("nginx", path="/usr/sbin:/sbin:/usr/bin:/bin"), reason="nginx not installed"
)


class App:
    """A stand-in for gunicorn: a good page until `down` is set, then the app's 503."""

    def __init__(self):
        self.down = False
        self.server = serve_http(self._respond)
        self.port = self.server.server_address[1]

    def _respond(self, request):
        if self.down:
            return 503, {"Cache-Control": "no-store", "Retry-After": "30"}, b"branded 503"
        return (200, {"Cache-Control": "public, max-age=0, s-maxage=1"},
                f"good copy of {request.path}".encode())

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def tmp_dir():
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-front-outage-"))
    tmp.chmod(0o755)  # nginx's workers run as another user when the tests run as root
    static = tmp / "static"
    shutil.copytree(ROOT / "static", static)
    for path in [static, *static.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield tmp
    shutil.rmtree(tmp, ignore_errors=True)


def get(port, path="/"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("X-Micro-Cache"), response.read().decode()
    finally:
        connection.close()


def test_readers_keep_the_last_good_copy_while_the_app_answers_503(tmp_dir):
    app = App()
    try:
        with bench_run().Nginx(tmp_dir / "nginx", app.port, str(tmp_dir / "static"),
                               str(tmp_dir)) as nginx:
            assert get(nginx.front_port, "/story/") == (200, "MISS", "good copy of /story/")
            app.down = True
            time.sleep(2.5)  # the copy's s-maxage has run out
            assert get(nginx.front_port, "/story/") == (200, "STALE", "good copy of /story/")
            # A page the front never had: the app's own 503 passes through unchanged.
            status, _cache, body = get(nginx.front_port, "/other/")
            assert (status, body) == (503, "branded 503")
    finally:
        app.close()


def test_with_gunicorn_gone_the_front_shows_the_static_bilingual_page(tmp_dir):
    with bench_run().Nginx(tmp_dir / "nginx", closed_port(), str(tmp_dir / "static"),
                           str(tmp_dir)) as nginx:
        status, _cache, body = get(nginx.front_port, "/some/story/")
    assert status == 502
    assert '<html lang="ar" dir="rtl">' in body and 'lang="en" dir="ltr"' in body
    assert "الموقع غير متاح لبضع دقائق" in body and "The site is briefly unavailable" in body
    assert "<script" not in body and "style=" not in body


def test_a_body_over_the_fronts_limit_gets_the_static_bilingual_413(tmp_dir):
    app = App()
    try:
        with bench_run().Nginx(tmp_dir / "nginx", app.port, str(tmp_dir / "static"),
                               str(tmp_dir)) as nginx:
            connection = http.client.HTTPConnection("127.0.0.1", nginx.front_port, timeout=15)
            try:
                # nginx refuses on the announced length alone, before reading any of it.
                connection.putrequest("POST", "/admin/login/")
                connection.putheader("Content-Type", "application/x-www-form-urlencoded")
                connection.putheader("Content-Length", str(20 * 1024 * 1024))
                connection.endheaders()
                response = connection.getresponse()
                status, body = response.status, response.read().decode()
            finally:
                connection.close()
    finally:
        app.close()
    assert status == 413
    assert '<html lang="ar" dir="rtl">' in body and 'lang="en" dir="ltr"' in body
    assert "ما أرسلته أكبر من المسموح" in body and "What you sent is too large" in body
