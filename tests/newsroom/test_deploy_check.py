"""`manage.py check --deploy` with the production settings finds nothing to warn about, and
those settings keep the login lockout and the CSP on. Run in a subprocess: the settings are
read once per process, and these are not the tests' own."""

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

ROOT = settings.BASE_DIR


def production(*args, tmp_path):
    # Not the test process's own switches (newsroom/settings/test.py sets this one).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "news.example.org",
        "DATABASE_URL": os.environ.get("DATABASE_URL")
        or f"sqlite:///{tmp_path / 'production.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_finds_no_issue(tmp_path):
    result = production("manage.py", "check", "--deploy", "--fail-level", "WARNING",
                        tmp_path=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_keeps_the_lockout_and_the_policy(tmp_path):
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'axes': s.AXES_ENABLED, 'proxies': s.NEWSROOM_TRUSTED_PROXIES, "
        "'middleware': s.MIDDLEWARE, 'csp': s.SECURE_CSP}))"
    )
    result = production("-c", script, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)

    assert found["axes"] is True
    assert found["proxies"] == 1
    middleware = found["middleware"]
    # Inside the page cache: a stored page carries the header.
    assert middleware.index("django.middleware.csp.ContentSecurityPolicyMiddleware") > (
        middleware.index("caching.middleware.PublicPageCacheMiddleware")
    )
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
    assert found["csp"]["script-src"] == ["'self'", "<CSP_NONCE_SENTINEL>"]
