"""deploy/nginx.conf hardening, run for real (as bench/run.py renders it): nosniff on the
files nginx serves itself, sign-in POSTs rate limited per address, limits and timeouts that
stop slow clients before they reach gunicorn."""

import http.client
import re
import runpy
import shutil

import pytest

from tests.caching.test_frontcache import (
    NGINX_CONF,
    ROOT,
    block,
    directives,
    needs_nginx,
    running_nginx,
)

CONF = directives(NGINX_CONF.read_text())


def request(port, method, path, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body)
        response = connection.getresponse()
        response.body = response.read().decode(errors="replace")
        return response
    finally:
        connection.close()


@needs_nginx
@pytest.mark.parametrize("path", ["/static/site.3f2a9c1b7d4e.css", "/media/images/photo.jpg"])
def test_files_served_by_nginx_are_never_sniffed(path):
    with running_nginx() as (nginx, _upstream):
        # bench/run.py points both /static/ and /media/ at the folder above nginx's own.
        root = nginx.tmp.parent
        (root / path.split("/", 2)[2]).parent.mkdir(parents=True, exist_ok=True)
        (root / path.split("/", 2)[2]).write_bytes(b"<html><script>alert(1)</script>")

        response = request(nginx.front_port, "GET", path)

        assert response.status == 200
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert response.getheader("Cache-Control")  # `expires` still there beside it
        # And when nginx answers with an error for the same places.
        assert request(nginx.front_port, "GET", path + ".missing").getheader(
            "X-Content-Type-Options"
        ) == "nosniff"


def untrusted_loopback(text: str) -> str:
    """The shipped file with this machine treated as any reader (as in test_frontcache)."""
    site = re.sub(r"^(\s*)(127\.0\.0\.0/8|::1)(\s+)1;", r"\1\2\g<3>0;", text, flags=re.M)
    assert site != text
    return site


@needs_nginx
def test_sign_in_posts_are_rate_limited_per_address():
    with running_nginx(untrusted_loopback(NGINX_CONF.read_text())) as (nginx, _upstream):
        errors = nginx.tmp.parent / "errors"  # /static/ of this nginx
        shutil.copytree(ROOT / "static" / "errors", errors)
        for path in [errors, *errors.iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)  # nginx's workers may be "nobody"
        posts = [request(nginx.front_port, "POST", "/admin/login/", b"x").status
                 for _ in range(30)]
        refused = request(nginx.front_port, "POST", "/admin/login/", b"x")
        assert refused.status == 429
        assert "طلبات كثيرة" in refused.body and "Too many requests" in refused.body
        # The burst (20) and what the rate lets through go to the app (this stand-in
        # answers 501 to a POST); the rest are refused by nginx itself.
        assert 20 <= sum(status != 429 for status in posts) <= 22
        assert posts[-1] == 429
        # Reading the page, and everything else, is not limited.
        assert request(nginx.front_port, "GET", "/admin/login/").status == 200
        assert request(nginx.front_port, "POST", "/admin/other/", b"x").status == 501


@needs_nginx
def test_trusted_addresses_are_never_limited():
    """The app's own refreshes and the bench come from this machine."""
    with running_nginx() as (nginx, _upstream):
        posts = [request(nginx.front_port, "POST", "/admin/login/", b"x").status
                 for _ in range(30)]
        assert 429 not in posts


def test_slow_clients_are_cut_before_gunicorn():
    server = block(CONF, "server")

    def seconds(name):
        match = re.search(rf"^\s*{name}\s+(\d+)s;", server, re.M)
        assert match, f"{name} not set in the server block"
        return int(match.group(1))

    assert seconds("client_header_timeout") <= 15
    assert seconds("client_body_timeout") <= 30
    assert seconds("send_timeout") <= 30
    assert seconds("keepalive_timeout") <= 30
    # gunicorn's own timeout (deploy/gunicorn.conf.py) comes first.
    assert seconds("proxy_read_timeout") > 30
    assert re.search(r"^\s*client_max_body_size\s+16m;", server, re.M)  # 15 MiB photo + form
    assert re.search(r"^\s*limit_conn\s+newsroom_conn\s+\d+;", server, re.M)
    assert re.search(r"^\s*limit_req\s+zone=newsroom_login\b", server, re.M)
    assert "proxy_read_timeout" not in block(CONF, "location /")  # one value, server-wide


def test_gunicorn_gives_up_before_nginx_and_recycles_workers_apart():
    config = runpy.run_path(str(NGINX_CONF.parent / "gunicorn.conf.py"))
    proxy_read = int(re.search(r"^\s*proxy_read_timeout\s+(\d+)s;", CONF, re.M).group(1))

    assert config["timeout"] < proxy_read
    assert config["bind"].startswith(("127.0.0.1:", "unix:"))  # only nginx reaches it
    # Each worker draws its own limit in [max_requests, max_requests + jitter].
    assert config["max_requests"] > 0 and config["max_requests_jitter"] > 0
