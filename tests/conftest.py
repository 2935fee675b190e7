import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import UserFactory

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
# The seed article (and its README) copied into the repository: a clone needs nothing beside it.
SEEDS = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", role="editor")


@pytest.fixture
def journalist(db):
    return UserFactory(username="journalist", role="journalist")


@pytest.fixture
def artifacts_dir():
    """Where screenshots and other test artefacts go (kept after the run, ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Playwright never downloads a browser here."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"Chromium not found at {executable}; .ci/run installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def arabic_by_default():
    """Each test starts in the site's default language (Arabic).

    A request to /en/ leaves English active in the test's thread; without this, the next
    `get_absolute_url()` in another test would build an /en/ address.
    """
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Tests share one process-wide cache; each starts with it empty."""
    from django.core.cache import cache

    from newsroom import pagecache

    cache.clear()
    pagecache.forget_local()
    yield
    cache.clear()
    pagecache.forget_local()
