"""«الأكثر قراءة»: views counted by the beacon, cached pages included, and the list drawn
through the readers' door (public/mostread.py)."""

import http.client
import re
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from public.models import ArticleViews
from public.mostread import MOST_READ_COUNT, hour_of, most_read, record_view
from tests.factories import HIDDEN_STATES, ArticleFactory, UserFactory
from tests.net import bench_run
from tests.readers import english

pytestmark = pytest.mark.django_db

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0"}


def views_of(article) -> int:
    return sum(ArticleViews.objects.filter(article=article).values_list("views", flat=True))


def beacon(client, article_or_pk, **headers):
    pk = getattr(article_or_pk, "pk", article_or_pk)
    return client.post(f"/hit/{pk}/", headers={**BROWSER, **headers})


def listed(client, path="/"):
    """Headlines of the most-read aside on the page at `path`, in order."""
    html = client.get(path).content.decode()
    aside = re.search(r'<aside class="most-read[^"]*".*?</aside>', html, re.S)
    return re.findall(r'dir="auto">([^<]*)</a></li>', aside.group(0)) if aside else []


def test_views_of_a_cached_article_page_are_counted(client, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    story = ArticleFactory(published=True)
    url = story.get_absolute_url()
    for expected in ("miss", "hit"):
        page = client.get(url)
        assert page["X-Cache"] == expected  # the second view never reaches the article view
        assert f'data-hit="/hit/{story.pk}/"' in page.content.decode()
        answer = beacon(client, story)
        assert answer.status_code == 204
        assert "X-Cache" not in answer  # never looked up in the page cache, nor stored
        assert answer["Cache-Control"] == "no-store"
    assert views_of(story) == 2


def test_the_beacon_sets_no_cookie_and_takes_post_only(client):
    story = ArticleFactory(published=True)
    client.force_login(UserFactory(is_staff=True))
    client.cookies["csrftoken"] = "x" * 32
    answer = beacon(client, story)
    assert answer.status_code == 204
    assert not answer.cookies and "Set-Cookie" not in answer
    assert client.get(f"/hit/{story.pk}/", headers=BROWSER).status_code == 405
    assert views_of(story) == 1
    # The edition-free address only: no /en/ twin.
    assert client.post(f"/en/hit/{story.pk}/", headers=BROWSER).status_code == 404


def test_robots_are_not_counted(client):
    story = ArticleFactory(published=True)
    for agent in ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                  "facebookexternalhit/1.1", "curl/8.5.0", "python-requests/2.32", ""):
        assert beacon(client, story, **{"User-Agent": agent}).status_code == 204
    assert views_of(story) == 0


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_stories_hidden_from_readers_are_never_counted_nor_listed(client, state):
    hidden = ArticleFactory(**{state: True}, title_ar="خبر لا يراه القراء")
    shown = ArticleFactory(published=True, title_ar="خبر منشور")
    unknown = hidden.pk + shown.pk + 1000
    answers = [beacon(client, pk) for pk in (hidden.pk, unknown, shown.pk) for _ in range(3)]
    # Same answer whether the story is hidden, missing or shown: nothing to learn.
    assert {(a.status_code, a.content, a["Cache-Control"]) for a in answers} == {
        (204, b"", "no-store")}
    assert views_of(hidden) == 0
    assert views_of(shown) == 3
    # Counted while it was live (or by hand), it is still never listed.
    ArticleViews.objects.create(article=hidden, hour=hour_of(timezone.now()), views=10_000)
    assert listed(client) == ["خبر منشور"]
    assert listed(client, shown.get_absolute_url()) == ["خبر منشور"]


def test_a_story_taken_down_leaves_the_list_at_once(client):
    story = ArticleFactory(published=True, title_ar="خبر سيسحب")
    for _ in range(5):
        beacon(client, story)
    assert listed(client) == ["خبر سيسحب"]
    type(story).objects.filter(pk=story.pk).update(status="unpublished")
    assert listed(client) == []
    assert beacon(client, story).status_code == 204
    assert views_of(story) == 5


def test_the_cached_list_is_shared_by_pages_and_dropped_on_a_take_down(
    client, settings, editor, django_capture_on_commit_callbacks
):
    """With the page cache on, the list is kept under the content version: the next page
    rendered reads it from the cache, and unpublishing a story (a public change) drops it."""
    from editorial import services

    def tally_queries(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return [q["sql"] for q in queries.captured_queries if "public_articleviews" in q["sql"]]

    settings.NEWSROOM_PAGE_CACHE = True
    story = ArticleFactory(published=True, title_ar="خبر سيسحب")
    other = ArticleFactory(published=True, title_ar="خبر باق")
    for pk in (story.pk, story.pk, other.pk):
        beacon(client, pk)
    assert len(tally_queries("/")) == 1
    assert tally_queries(other.get_absolute_url()) == []  # the kept list
    ArticleViews.objects.all().delete()  # unnoticed: the kept list is still the one shown
    assert listed(client, "/?page-cache-key=2") == ["خبر سيسحب", "خبر باق"]
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_article(story, by=editor, reason="خطأ")
    beacon(client, other)
    assert listed(client) == ["خبر باق"]


def test_most_read_first_in_the_last_24_hours_five_at_most(client):
    now = timezone.now()
    stories = [ArticleFactory(published=True, title_ar=f"خبر {n}") for n in range(7)]
    for n, story in enumerate(stories):
        ArticleViews.objects.create(article=story, hour=hour_of(now), views=n + 1)
    # Yesterday's readers of the first story do not count today.
    ArticleViews.objects.create(article=stories[0], hour=hour_of(now - timedelta(hours=25)),
                                views=1000)
    # Views spread over hours add up.
    ArticleViews.objects.create(article=stories[1], hour=hour_of(now - timedelta(hours=5)),
                                views=100)
    assert listed(client) == ["خبر 1", "خبر 6", "خبر 5", "خبر 4", "خبر 3"]
    assert len(listed(client)) == MOST_READ_COUNT


def test_the_list_respects_the_edition(client):
    both = ArticleFactory(published=True, title_ar="خبر بلغتين", **english("Both editions"))
    arabic = ArticleFactory(published=True, title_ar="خبر بالعربية فقط")
    for story, views in ((arabic, 3), (both, 1)):
        for _ in range(views):
            beacon(client, story)
    assert listed(client) == ["خبر بالعربية فقط", "خبر بلغتين"]
    assert listed(client, "/en/") == ["Both editions"]


def test_the_list_costs_one_query():
    for _ in range(8):
        record_view(ArticleFactory(published=True).pk)
    with CaptureQueriesContext(connection) as queries:
        stories = most_read("ar")
        [(s.section.name, s.lead_image) for s in stories]  # what a card could show
    assert len(stories) == MOST_READ_COUNT
    assert len(queries) == 1


@pytest.mark.parametrize("path", ["home", "article"])
def test_the_aside_costs_one_query_whatever_it_lists(client, path):
    """The same count with an empty list and a full one; tests/public/test_views.py pins
    each page's total with the aside in it."""
    from tests.public.helpers import count_queries

    story = ArticleFactory(published=True)
    url = "/" if path == "home" else story.get_absolute_url()
    empty, response = count_queries(client, url)
    assert 'class="most-read"' not in response.content.decode()
    for _ in range(MOST_READ_COUNT + 2):
        record_view(ArticleFactory(published=True).pk)
    full, response = count_queries(client, url)
    assert response.content.decode().count("<li><a href=") >= MOST_READ_COUNT
    assert full == empty


def test_counting_is_one_statement():
    story = ArticleFactory(published=True)
    with CaptureQueriesContext(connection) as queries:
        assert record_view(story.pk) is True
        assert record_view(story.pk) is True
    assert len(queries) == 2
    assert ArticleViews.objects.get(article=story).views == 2
    draft = ArticleFactory(draft=True)
    assert record_view(draft.pk) is False
    assert not ArticleViews.objects.filter(article=draft).exists()


def test_the_story_page_loads_the_beacon_previews_do_not(client, editor):
    story = ArticleFactory(published=True, title_ar="خبر مقروء")
    beacon(client, story)
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.count('src="/static/public/hit.js"') == 1
    assert 'class="most-read"' in html
    assert "<script>" not in html  # no inline script: the CSP stays as it is
    draft = ArticleFactory(draft=True)
    client.force_login(editor)
    preview = client.get(f"/preview/{draft.pk}/").content.decode()
    assert "preview-banner" in preview
    assert "hit.js" not in preview and 'class="most-read"' not in preview


# --- through the real nginx front ---------------------------------------------------------

needs_nginx = pytest.mark.skipif(
    not shutil.which("nginx", path="/usr/sbin:/sbin:/usr/bin:/bin"), reason="nginx not installed"
)


def front_request(port, method, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request(method, path, headers=BROWSER)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("X-Micro-Cache")
    finally:
        conn.close()


@needs_nginx
@pytest.mark.django_db(transaction=True)
def test_the_beacon_passes_the_nginx_front_uncached(live_server):
    story = ArticleFactory(published=True)
    app_port = urlsplit(live_server.url).port
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-mostread-"))
    tmp.chmod(0o755)  # nginx's workers run as another user when the tests run as root
    try:
        with bench_run().Nginx(tmp / "nginx", app_port, str(tmp), str(tmp)) as nginx:
            port = nginx.front_port
            assert front_request(port, "GET", story.get_absolute_url()) == (200, "MISS")
            assert front_request(port, "GET", story.get_absolute_url()) == (200, "HIT")
            status, micro_cache = front_request(port, "POST", f"/hit/{story.pk}/")
            assert (status, micro_cache) == (204, None)  # nginx never looked in its cache
            status, micro_cache = front_request(port, "POST", f"/hit/{story.pk}/")
            assert (status, micro_cache) == (204, None)  # nginx never looked in its cache
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    assert views_of(story) == 2


@needs_nginx
def test_beacons_are_rate_limited_per_address_at_the_front():
    """60 a minute per reader address with bursts of 60 (deploy/nginx.conf); reading and the
    other POSTs are not limited by it. The stand-in app answers 501 to every POST."""
    from tests.caching.test_frontcache import NGINX_CONF, running_nginx
    from tests.newsroom.test_nginx_headers import ROOT, request, untrusted_loopback

    with running_nginx(untrusted_loopback(NGINX_CONF.read_text())) as (nginx, _upstream):
        errors = nginx.tmp.parent / "errors"  # /static/ of this nginx: its 429 page
        shutil.copytree(ROOT / "static" / "errors", errors)
        for path in [errors, *errors.iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)  # nginx's workers may be "nobody"
        statuses = [request(nginx.front_port, "POST", "/hit/12/").status for _ in range(70)]
        assert 60 <= sum(status != 429 for status in statuses) <= 62
        assert statuses[-1] == 429
        assert request(nginx.front_port, "GET", "/article/12/x/").status == 200
        assert request(nginx.front_port, "POST", "/search/", b"x").status == 501


def test_tallies_older_than_a_week_are_pruned_by_a_beacon_once_an_hour(client, monkeypatch):
    from public import mostread
    from public.tasks import KEEP_VIEWS_DAYS

    story = ArticleFactory(published=True)
    now = timezone.now()
    old = record_view(story.pk, now=now - timedelta(days=KEEP_VIEWS_DAYS, hours=2))
    recent = record_view(story.pk, now=now - timedelta(days=KEEP_VIEWS_DAYS - 1))
    assert old and recent
    monkeypatch.setattr(mostread, "_next_prune", 0.0)

    beacon(client, story)
    assert sorted(ArticleViews.objects.values_list("hour", flat=True)) == [
        hour_of(now - timedelta(days=KEEP_VIEWS_DAYS - 1)), hour_of(now),
    ]
    # Within the hour a second beacon enqueues nothing: the old row made now stays.
    record_view(story.pk, now=now - timedelta(days=KEEP_VIEWS_DAYS, hours=2))
    beacon(client, story)
    assert ArticleViews.objects.count() == 3
