"""«الأكثر قراءة» (Most read): views counted by a beacon, listed from the readers' door.

Why a beacon: a story page is served from the page cache (caching/) or the nginx front
most of the time, so the article view never runs for most readers. The page loads a
static, deferred script (static/public/hit.js; no inline script, so the CSP holds) that
calls `navigator.sendBeacon("/hit/<pk>/")`: a bodiless POST that neither cache stores or
looks up (caching/policy.py NEVER_STORED_PREFIXES, deploy/nginx.conf agrees). Reading never
needs the script: without JavaScript the view is simply not counted (crawlers mostly run
none, which already keeps most bots out of the tally).

Why no CSRF token and no cookie: the beacon reads no cookie, no session and no user, and
changes one counter, so a forged cross-site POST can do nothing a plain POST from anywhere
cannot; CSRF guards what a request may do with a visitor's credentials, and this uses none.
It never sets a cookie either, so it never touches the session. Inflation from one address
is bounded by nginx (limit_req zone newsroom_hits).

Storage: one row per story and hour (public.models.ArticleViews), incremented by a single
INSERT ... SELECT ... ON CONFLICT DO UPDATE (PostgreSQL and SQLite alike): the SELECT is
the readers' door itself, so a draft, a scheduled, embargoed or unpublished story, or an
unknown id, is counted nowhere, and the answer (204) is the same for all of them.
Figures: docs/most-read.md.
"""

import functools
import re
import time
from datetime import UTC, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article
from core.compiled import Compiled

from .models import ArticleViews
from .tasks import prune_views

MOST_READ_COUNT = 5
MOST_READ_HOURS = 24
# The list is kept this long in the shared cache, under the content version
# (public/templatetags/mostread.py); each cached page keeps the list it was rendered with.
MOST_READ_CACHE_SECONDS = 300
# Obvious robots by their own words (link previews and monitors included); a User-Agent
# that is empty says the same.
BOTS = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|monitor|curl|wget|"
    r"python|java/|go-http|httpclient|okhttp|axios|node-fetch|lighthouse",
    re.IGNORECASE,
)


# Old tallies are pruned by a task (public/tasks.py), enqueued by a beacon at most this
# often per process, so the table stays a week deep without a timer to install.
PRUNE_EVERY_SECONDS = 3600
_next_prune = 0.0


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOTS.search(user_agent))


def hour_of(moment):
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def record_view(pk: int, now=None) -> bool:
    """Count one view of story `pk` in the current hour if readers may see it; whether it
    was counted. One statement: the readers' door as the SELECT of the upsert, compiled once
    (core/compiled.py), as the beacon comes with every page view."""
    plan = _door.plan((pk,))
    if plan is None:  # an id no story can have
        return False
    hour = connection.ops.adapt_datetimefield_value(hour_of(now or timezone.now()))
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(plan.sql), [hour, *_door.params(plan, (pk,))])
        return cursor.rowcount > 0


_door = Compiled(
    lambda now, pk: Article.objects.for_readers(settings.LANGUAGE_CODE, now)
    .filter(pk=pk).values("id")
)


@functools.cache
def _upsert_sql(door_sql: str) -> str:
    quote = connection.ops.quote_name
    table = quote(ArticleViews._meta.db_table)
    return (
        f"INSERT INTO {table} ({quote('article_id')}, {quote('hour')}, {quote('views')}) "
        f"SELECT door.{quote('id')}, %s, 1 FROM ({door_sql}) door WHERE true "
        f"ON CONFLICT ({quote('hour')}, {quote('article_id')}) "
        f"DO UPDATE SET {quote('views')} = {table}.{quote('views')} + 1"
    )


def most_read(language: str, count: int = MOST_READ_COUNT, hours: int = MOST_READ_HOURS):
    """The `count` stories of the `language` edition read most in the last `hours` hours,
    through the readers' door: a story unpublished since, or never public, is not listed
    whatever its tally. One query: the tallies are summed per story id first (narrow rows),
    and only the `count` winners are joined to what a card shows."""
    since = hour_of(timezone.now() - timedelta(hours=hours))
    door = Article.objects.for_readers(language)
    window = ArticleViews.objects.filter(hour__gt=since)
    top = (
        window.filter(article__in=door.values("pk")).values("article")
        .annotate(total=Sum("views")).order_by("-total", "-article").values("article")[:count]
    )
    return list(
        door.filter(pk__in=top, reader_views__hour__gt=since)
        .annotate(recent_views=Sum("reader_views__views"))
        .order_by("-recent_views", "-published_at", "-pk")
    )


@csrf_exempt  # reads no cookie and acts for nobody: see the module's docstring
@require_POST
def hit(request, pk):
    """The beacon: 204 whatever the id (never says whether a story exists), never stored."""
    if not is_bot(request.headers.get("User-Agent", "")):
        record_view(pk)
        _maybe_prune()
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


def _maybe_prune():
    global _next_prune
    now = time.monotonic()
    if now >= _next_prune:
        _next_prune = now + PRUNE_EVERY_SECONDS
        prune_views.enqueue()
