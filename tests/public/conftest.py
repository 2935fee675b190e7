"""Fixtures for the readers' site tests: every story of a test in one sitemap file, media
files in a temporary directory, and one section, byline and tag to place stories in."""

import pytest


@pytest.fixture(autouse=True)
def one_sitemap_file(settings):
    """Every story of a test in the first sitemap file of its edition.

    Files cover id ranges (NEWSROOM_SITEMAP_IDS_PER_FILE ids each), and on PostgreSQL ids
    keep growing from test to test (sequences are not rolled back), so a later test's
    stories would sit in file 3 or 30. tests/public/test_sitemaps_scale.py sets its own size
    and fixed ids to test the ranges themselves."""
    settings.NEWSROOM_SITEMAP_IDS_PER_FILE = 10**9


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")




@pytest.fixture
def kept_copies():
    """No rendered part kept by an earlier test (caching/fragments.py), so the first request
    of a test makes them."""
    from caching import fragments

    fragments.forget()
    yield
    fragments.forget()
