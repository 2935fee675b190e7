"""Fixtures for the API's tests: media files in a temporary directory, and the page cache's
WSGI door (`placement` is the suite's, tests/conftest.py)."""

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def door():
    """The page cache's WSGI door around Django (tests/caching/conftest.py's Door), keeping
    the test's database connection open as Django's test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from tests.caching.conftest import Door

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield Door()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
