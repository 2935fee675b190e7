"""After a public change the app asks the nginx front to refresh the pages concerned.

The front here is a real HTTP server on loopback that records what it is asked, and the
changes go through editorial.services and real commits (on-commit callbacks executed); the
refresh is the `refresh_front` task, run at once by the tests' immediate backend (the worker
with the database backend: tests/editorial/test_side_effects.py). The shipped nginx config
is checked as text, and, where nginx is installed, run for real in front of a tiny upstream:
a trusted refresh replaces the cached copy at once, an untrusted one changes nothing, and a
refresh carrying a session is never stored.
"""

import contextlib
import http.client
import http.server
import logging
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.tasks.signals import task_finished
from django.utils import translation

from articles.models import Article
from caching import frontcache, pagecache, receivers
from editorial import services
from editorial.workflow import Status
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from tests.front import HOME_PAGES
from tests.net import bench_run, serve_http
from tests.net import free_port as closed_port

ROOT = Path(django_settings.BASE_DIR)
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
@pytest.fixture
def refreshes():
    """The outcome ({"done": n, "failed": n}) of each refresh_front task that ran."""
    outcomes = []

    def finished(sender, task_result, **kwargs):
        if task_result.task.name == "refresh_front":
            outcomes.append(task_result.return_value)

    task_finished.connect(finished)
    yield outcomes
    task_finished.disconnect(finished)


def urls(obj, *languages):
    paths = set()
    for language in languages:
        with translation.override(language):
            paths.add(obj.get_absolute_url())
    return paths


def english(**kwargs):
    return {"title_en": "A story in English", "body_en": "<p>English text.</p>", **kwargs}


def test_publish_refreshes_the_pages_that_show_the_story(front, editor, commit, refreshes):
    parent = SectionFactory()
    section = SectionFactory(parent=parent)
    author, tag = AuthorFactory(), TagFactory()
    story = ArticleFactory(status=Status.IN_REVIEW, section=section, bylines=[author],
                           **english())
    story.tags.add(tag)
    pagecache.current_version()
    before = cache.get(pagecache.CHANGE_KEY)
    story_dep = pagecache.dep_key(f"story:{story.pk}")

    with commit():
        services.publish_article(story, by=editor, override=True)

    expected = HOME_PAGES | set().union(
        *(urls(obj, "ar", "en") for obj in (story, section, parent, author, tag))
    )
    assert sorted(front.paths) == sorted(expected)  # each once
    assert refreshes == [{"done": len(expected), "failed": 0}]  # one task for the change
    after = cache.get(pagecache.CHANGE_KEY)
    assert after != before
    assert cache.get(story_dep) == after  # the story's pages: bumped by the publish
    for request in front.requests:
        headers = {k.lower(): v for k, v in request["headers"].items()}
        assert headers["x-newsroom-refresh"] == "1"
        assert headers["host"] == "news.example.org"
        assert headers["x-forwarded-proto"] == "https"
        assert "cookie" not in headers
        assert request["version"] == after


def test_the_page_cache_is_bumped_before_the_front_is_asked(db, django_capture_on_commit_callbacks):
    """Otherwise the front's requests could get the old pages back from the page cache."""
    story = ArticleFactory(published=True)
    with django_capture_on_commit_callbacks() as callbacks:
        receivers.bump_public_version(sender=Article, article=story, event=None)

    assert callbacks[0].func is receivers.bump_page_cache  # pagecache.bump_version, safely
    assert callbacks[1].func is frontcache.refresh_after_change  # enqueues refresh_front
    assert callbacks[1].keywords["article"] is story


def test_a_story_only_in_arabic_refreshes_arabic_pages_and_both_home_pages(
    front, editor, commit
):
    story = ArticleFactory(status=Status.IN_REVIEW)
    story.tags.add(TagFactory())

    with commit():
        services.publish_article(story, by=editor, override=True)

    assert set(front.paths) >= HOME_PAGES
    assert urls(story, "ar") <= set(front.paths)
    assert urls(story.section, "ar") <= set(front.paths)
    # Its English address says it is only in Arabic (a page like the story's); no English
    # list shows it.
    lists = set(front.paths) - HOME_PAGES - urls(story, "ar", "en")
    assert urls(story, "en") <= set(front.paths)
    assert not {p for p in lists if p.startswith("/en/")}


def test_unpublish_refreshes_the_story_page_and_the_home_pages(front, editor, commit):
    story = ArticleFactory(published=True, **english())

    with commit():
        services.unpublish_article(story, by=editor, reason="خطأ في المصدر")

    assert HOME_PAGES | urls(story, "ar", "en") <= set(front.paths)


def test_the_refresh_is_bounded(front, editor, commit):
    story = ArticleFactory(
        status=Status.IN_REVIEW, bylines=[AuthorFactory() for _ in range(6)], **english()
    )
    story.tags.add(*(TagFactory() for _ in range(15)))

    with commit():
        services.publish_article(story, by=editor, override=True)

    assert len(front.paths) == frontcache.MAX_PATHS
    # The most read come first and are never the ones left out.
    assert HOME_PAGES | urls(story, "ar", "en") | urls(story.section, "ar", "en") <= set(
        front.paths
    )


def test_a_section_edit_refreshes_the_home_pages_and_its_own_page(db, front, commit):
    section = SectionFactory()

    with commit():
        section.name_ar = "قسم جديد"
        section.save()

    assert set(front.paths) == HOME_PAGES | urls(section, "ar", "en")


def test_nothing_is_enqueued_when_no_front_is_configured(
    front, settings, editor, commit, refreshes
):
    settings.NEWSROOM_FRONT_URL = ""
    story = ArticleFactory(status=Status.IN_REVIEW)

    with commit():
        services.publish_article(story, by=editor, override=True)

    assert refreshes == []
    assert front.requests == []


def test_nothing_is_sent_for_a_change_that_is_rolled_back(front, editor, commit, refreshes):
    story = ArticleFactory(status=Status.IN_REVIEW)

    with commit(), contextlib.suppress(RuntimeError), transaction.atomic():
        services.publish_article(story, by=editor, override=True)
        raise RuntimeError("rolled back")

    assert refreshes == []
    assert front.requests == []
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW


@pytest.mark.parametrize("failure", ["unreachable", "error 502"])
def test_a_failing_front_never_fails_the_publish(
    front, settings, editor, commit, caplog, failure, refreshes
):
    if failure == "unreachable":
        settings.NEWSROOM_FRONT_URL = f"http://127.0.0.1:{closed_port()}"
    else:
        front.status = 502
    story = ArticleFactory(status=Status.IN_REVIEW)

    with caplog.at_level(logging.WARNING, logger="caching.frontcache"), commit():
        services.publish_article(story, by=editor, override=True)

    assert Article.objects.get(pk=story.pk).status == Status.PUBLISHED
    assert len(refreshes) == 1 and refreshes[0]["done"] == 0
    assert refreshes[0]["failed"] >= len(HOME_PAGES)
    assert any("Front refresh of" in r.getMessage() for r in caplog.records)


# --- the shipped nginx config -----------------------------------------------------------------


def directives(text: str) -> str:
    """The config without its comments."""
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def block(text: str, opening: str) -> str:
    match = re.search(re.escape(opening) + r"\s*\{(.*?)\}", text, re.S)
    assert match, f"no `{opening} {{...}}` block in deploy/nginx.conf"
    return match.group(1)


def test_nginx_honours_the_refresh_header_only_from_trusted_addresses():
    conf = directives(NGINX_CONF.read_text())

    trusted = block(conf, "geo $newsroom_trusted")
    assert re.search(r"^\s*default\s+0;", trusted, re.M)
    assert re.search(r"^\s*127\.0\.0\.0/8\s+1;", trusted, re.M)
    refresh = block(conf, 'map "$newsroom_trusted:$http_x_newsroom_refresh" $newsroom_refresh')
    assert re.search(r"^\s*default\s+0;", refresh, re.M)
    assert re.findall(r'^\s*"(.*)"\s+1;', refresh, re.M) == ["1:1"]
    # The header itself appears nowhere else: only through the trusted-address map.
    assert conf.count("$http_x_newsroom_refresh") == 1

    bypass = re.search(r"^\s*proxy_cache_bypass\s+([^;]+);", conf, re.M).group(1).split()
    no_cache = re.search(r"^\s*proxy_no_cache\s+([^;]+);", conf, re.M).group(1).split()
    assert "$newsroom_refresh" in bypass
    assert {"$cookie_sessionid", "$newsroom_private_path"} <= set(bypass)
    # A refresh is stored, unless it carries a session (staff): that is never stored.
    assert "$newsroom_refresh" not in no_cache
    assert {"$cookie_sessionid", "$newsroom_private_path"} <= set(no_cache)

    # The scheme in the key may come from the request only for a trusted refresh.
    proto = block(conf, 'map "$newsroom_refresh:$http_x_forwarded_proto" $newsroom_proto')
    assert re.search(r"^\s*default\s+\$scheme;", proto, re.M)
    assert all(key.startswith("1:") for key in re.findall(r'^\s*"([^"]*)"', proto, re.M))
    assert re.search(r"^\s*proxy_cache_key\s+\$newsroom_proto\$host\$request_uri;", conf, re.M)
    assert "proxy_ignore_headers Vary;" in conf


class Upstream:
    """A stand-in for gunicorn: a new version of the page on each request, sent with the
    headers the app gives public pages."""

    def __init__(self):
        self.count = 0
        self.server = serve_http(self._respond)
        self.port = self.server.server_address[1]

    def _respond(self, request):
        self.count += 1
        # A long shared lifetime, so that only a refresh can renew the copy here.
        headers = {"Cache-Control": "public, max-age=0, s-maxage=300",
                   "Vary": "Cookie, Accept-Language"}
        return 200, headers, f"version {self.count}".encode()


@contextlib.contextmanager
def running_nginx(site_text: str | None = None):
    """deploy/nginx.conf (or `site_text`) rendered as bench/run.py does, in front of an
    Upstream; `nginx -t` runs first (in Nginx.__enter__)."""
    bench = bench_run()
    upstream = Upstream()
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-nginx-test-"))
    tmp.chmod(0o755)  # nginx's workers run as another user when the tests run as root
    if site_text is not None:
        bench.NGINX_SITE = tmp / "site.conf"
        bench.NGINX_SITE.write_text(site_text)
    try:
        with bench.Nginx(tmp / "nginx", upstream.port, str(tmp), str(tmp)) as nginx:
            yield nginx, upstream
    finally:
        upstream.server.shutdown()
        upstream.server.server_close()
        shutil.rmtree(tmp, ignore_errors=True)


def get(port, path="/", **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.getheader("X-Micro-Cache"), response.read().decode()
    finally:
        connection.close()


needs_nginx = pytest.mark.skipif(
    not shutil.which("nginx", path="/usr/sbin:/sbin:/usr/bin:/bin"), reason="nginx not installed"
)


@needs_nginx
def test_nginx_replaces_its_copy_on_a_trusted_refresh(settings):
    with running_nginx() as (nginx, _upstream):
        port = nginx.front_port
        assert get(port) == ("MISS", "version 1")
        assert get(port) == ("HIT", "version 1")

        # The app's own refresh, as it sends it: the copy readers get is replaced at once.
        settings.NEWSROOM_FRONT_URL = f"http://127.0.0.1:{port}"
        settings.NEWSROOM_SITE_URL = f"http://127.0.0.1:{port}"
        assert frontcache.refresh(["/"]) == {"done": 1, "failed": 0}
        assert get(port) == ("HIT", "version 2")
        # Whatever the reader's language and (non-session) cookies.
        browser = {"Accept-Language": "ar,en;q=0.8", "Cookie": "csrftoken=abc"}
        assert get(port, **browser) == ("HIT", "version 2")

        # Staff: a refresh with a session is answered but never stored.
        assert get(port, **{"X-Newsroom-Refresh": "1", "Cookie": "sessionid=x"})[0] == "BYPASS"
        assert get(port) == ("HIT", "version 2")
        assert get(port, Cookie="sessionid=x")[0] == "BYPASS"

        # A refresh of the HTTPS copy leaves the plain-HTTP one alone.
        https = {"X-Newsroom-Refresh": "1", "X-Forwarded-Proto": "https"}
        assert get(port, **https)[0] == "BYPASS"
        assert get(port) == ("HIT", "version 2")
        # And a reader cannot pick the copy by sending X-Forwarded-Proto.
        assert get(port, **{"X-Forwarded-Proto": "https"}) == ("HIT", "version 2")


@needs_nginx
def test_nginx_ignores_the_refresh_header_from_other_addresses():
    site = NGINX_CONF.read_text()
    # Loopback, where this test's requests come from, made untrusted.
    untrusted = re.sub(r"^(\s*)(127\.0\.0\.0/8|::1)(\s+)1;", r"\1\2\g<3>0;", site, flags=re.M)
    assert untrusted != site
    with running_nginx(untrusted) as (nginx, upstream):
        port = nginx.front_port
        assert get(port) == ("MISS", "version 1")
        assert get(port, **{"X-Newsroom-Refresh": "1"}) == ("HIT", "version 1")
        assert get(port) == ("HIT", "version 1")
        assert upstream.count == 1
