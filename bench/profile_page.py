"""Where an uncached page's time goes: render it N times in one process, page cache off, and
print ms/request, SQL queries/request and (with --profile) the top functions by own time.

    DATABASE_URL=postgres://…/newsroom_faster .venv/bin/python bench/profile_page.py \\
        [--n 50] [--profile] [--top 25] [--sort tottime] [PAGE …]

PAGE is a path or one of the names of `bench/probe.py urls` (home, article, section, tag,
search, feed; default: article home). Settings are production's, as the bench runs them,
with a per-process memory cache unless CACHE_URL is set (docs/benchmarks.md, "Faster misses").
"""

# A console tool: its output is the report.
# ruff: noqa: T201

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
for key, value in {
    "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
    "SECRET_KEY": "profile-page-not-secret",
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "NEWSROOM_PAGE_CACHE": "false",
    "LOG_LEVEL": "WARNING",
}.items():
    os.environ.setdefault(key, value)
os.environ["NEWSROOM_PAGE_CACHE"] = "false"  # the point: every request renders

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest pages need

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import probe  # noqa: E402
from django.core.cache import cache  # noqa: E402

from caching.pagecache import CHANGE_KEY, VERSION_KEY  # noqa: E402

# A running site has a content version (the first public change sets it): without one, the
# small shared copies every page reads (caching/content.py) would be recomputed each time.
cache.add(VERSION_KEY, time.time_ns(), None)
cache.add(CHANGE_KEY, cache.get(VERSION_KEY), None)


def measure(client, path, n, profiler=None):
    """(wall ms, this process's CPU ms, queries) per request over n requests, after one
    warm-up request. CPU time is steadier than wall time on a shared machine, and is the
    worker's own cost (PostgreSQL's runs in its own process)."""
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    count = len(queries)
    start, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    for _ in range(n):
        client.get(path)
    if profiler:
        profiler.disable()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return wall * 1000 / n, cpu * 1000 / n, count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=["article", "home"])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--profile", action="store_true", help="cProfile the N requests")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime", help="tottime or cumulative")
    parser.add_argument("--match", help="only functions whose file:line(name) matches (regex)")
    args = parser.parse_args()
    named = probe.urls()["pages"]
    client = Client()
    for page in args.pages:
        path = named.get(page, page)
        profiler = cProfile.Profile() if args.profile else None
        ms, cpu, queries = measure(client, path, args.n, profiler)
        print(f"{page} {path}: {ms:.1f} ms/request ({cpu:.1f} ms CPU), "
              f"{queries} queries/request, n={args.n}")
        if profiler:
            stats = pstats.Stats(profiler).sort_stats(args.sort)
            restrictions = [args.match, args.top] if args.match else [args.top]
            stats.print_stats(*restrictions)


if __name__ == "__main__":
    main()
