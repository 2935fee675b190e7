"""Fixtures for the API's tests: media files in a temporary directory, and the page cache's
WSGI door (`placement` is the suite's, tests/conftest.py)."""

import pytest

from tests.caching.conftest import door  # noqa: F401 (the page cache's WSGI door)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
