import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A fresh, empty MEDIA_ROOT per test, so a test sees only the files it made."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def english():
    """Messages in English, the source language, whatever the Arabic catalogue says."""
    with translation.override("en"):
        yield
