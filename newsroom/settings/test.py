"""Tests: real database (SQLite by default, PostgreSQL when DATABASE_URL says so)."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import env

# Playwright's sync API runs an event loop in the test thread; Django's ORM guard would
# otherwise refuse the test's own database calls. Only the test process sets this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEBUG = False
SECRET_KEY = "test-only-not-a-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STATIC_ROOT = None
MEDIA_ROOT = env.path("MEDIA_ROOT", default=tempfile.mkdtemp(prefix="newsroom-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run at once after the commit; tests of the worker switch to the database backend.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Most tests change rows directly (factories) and expect the next request to show it; the
# page cache has its own tests (tests/caching/), which switch it on.
NEWSROOM_PAGE_CACHE = False
# --- guard ---
# Django's test client logs in through authenticate() without a request, which django-axes
# refuses; tests that exercise the lockout (tests/security/) switch it back on.
AXES_ENABLED = False
