"""Settings come from the environment; production refuses to start without its values."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

REQUIRED = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "news.example.org",
    "DATABASE_URL": "postgres://newsroom@127.0.0.1:5432/newsroom",
}


def run_manage(*args, env):
    # The test process itself sets DJANGO_ALLOW_ASYNC_UNSAFE (for Playwright); a real
    # deployment never does, so the child starts from the environment without it.
    dropped = {*REQUIRED, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean_env = {k: v for k, v in os.environ.items() if k not in dropped}
    clean_env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.production"
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=clean_env,
        capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_production_refuses_to_start_without_a_required_value(missing):
    env = {k: v for k, v in REQUIRED.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_passes_the_deploy_checklist():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=REQUIRED)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_arabic_is_the_default_language():
    assert settings.LANGUAGE_CODE == "ar"
    assert [code for code, _name in settings.LANGUAGES] == ["ar", "en"]
