"""Fixtures for the API's tests: one section, byline and tag to place stories in, and media
files in a temporary directory."""

import pytest

from tests.factories import AuthorFactory, SectionFactory, TagFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def placement(db):
    """One section, byline and tag, shared by the stories of a test (tests.readers.place)."""
    return {"section": SectionFactory(), "author": AuthorFactory(), "tag": TagFactory()}
