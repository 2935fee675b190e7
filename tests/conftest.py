import os
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from tests.factories import UserFactory
from tests.front import SITE, Front

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server on SQLite: its request threads all use the test's one in-memory
    connection (Django hands it to each), and two requests at once on it fail with
    "bad parameter or other API misuse" (a browser loads a page and its fetches together).
    Each request is answered whole under one lock; connections stay threaded."""

    _lock = threading.Lock()

    def set_app(self, application):
        def one_at_a_time(environ, start_response):
            with self._lock:
                response = application(environ, start_response)
                try:
                    return [b"".join(response)]
                finally:
                    if hasattr(response, "close"):
                        response.close()

        super().set_app(one_at_a_time)


if "sqlite" in settings.DATABASES["default"]["ENGINE"]:
    LiveServerThread.server_class = _OneRequestAtATime

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
def browser(live_server):
    """Debian's Chromium driven by Playwright. Playwright never downloads a browser here.

    Started after the live server so that it closes first: Chromium's idle keep-alive
    sockets then end while the server still shares the test database with its threads.
    """
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


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (signals, cache bumps, front refreshes) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def page_cache_on():
    """The page cache on (the tests' settings leave it off), from empty local copies."""
    from django.test import override_settings

    from caching import pagecache

    with override_settings(NEWSROOM_PAGE_CACHE=True):
        pagecache.forget_local()
        yield
        pagecache.forget_local()


@pytest.fixture
def placement(db):
    """One section, byline and tag, shared by the stories of a test (tests.readers.place)."""
    from tests.factories import AuthorFactory, SectionFactory, TagFactory

    return {"section": SectionFactory(), "author": AuthorFactory(), "tag": TagFactory()}


@pytest.fixture(autouse=True)
def fresh_cache():
    """Tests share one process-wide cache; each starts with it empty."""
    from django.core.cache import cache

    from caching import content, pagecache

    cache.clear()
    pagecache.forget_local()
    content.forget_local()
    yield
    cache.clear()
    pagecache.forget_local()
    content.forget_local()


@pytest.fixture
def front(settings):
    """A running stand-in for the nginx front, which the app is configured to refresh."""
    server = Front()
    settings.NEWSROOM_FRONT_URL = server.url
    settings.NEWSROOM_SITE_URL = SITE
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture(scope="session")
def s3_server():
    """A local S3-compatible server (moto) for the whole session (tests/s3.py)."""
    from tests.s3 import Server

    server = Server().start()
    yield server
    server.stop()


@pytest.fixture
def s3_media(s3_server, settings):
    """Photos stored in a fresh bucket of the local S3 server, as with MEDIA_STORAGE=s3.

    Changing STORAGES through ``settings`` makes Django drop its cached storages
    (``default_storage`` included), and again when the test ends. Returns the bucket
    (tests/s3.py ``Bucket``: ``names()``, ``head()``, ``client``).
    """
    from newsroom.mediastorage import S3_BACKEND
    from tests.s3 import Bucket

    bucket = Bucket.create(s3_server)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": bucket.storage_options()},
    }
    return bucket


@pytest.fixture(params=["filesystem", "s3"])
def media_backend(request):
    """Runs a test twice: photos in MEDIA_ROOT, then in a bucket (the S3 ``Bucket``, or
    None for the filesystem)."""
    if request.param == "s3":
        return request.getfixturevalue("s3_media")
    return None
