"""The archive's page cache across a publish: how many story pages stay cached.

    .venv/bin/python bench/replay.py [--n 10000] [--locmem]

Seeds N published stories (`seed_articles`) into a fresh SQLite file of its own, warms the
page cache by requesting each story's address once through the WSGI door
(caching.wsgi.CachedPagesApp around Django, as gunicorn runs it), publishes one new story
through the desk's service (editorial.services.publish_article), then requests the same N
addresses again, twice, and prints the hits, the misses and the hit ratio of each replay.
The cache is a redis-server of its own on a free loopback port (the project's RedisCache),
or LocMemCache with --locmem or when redis-server is missing. Acceptance (docs/caching.md):
at least 99 % hits on the replay after the publish; before dependencies, none.
"""

# A command-line tool: printing the report is its job.
# ruff: noqa: T201

import argparse
import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote_to_bytes

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def redis_server(directory):
    """A redis-server of our own (no persistence), or None when there is none to run."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(directory)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="archive stories (10,000)")
    parser.add_argument("--locmem", action="store_true", help="LocMemCache, not Redis")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsroom-replay-") as directory:
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/replay.sqlite3"
        os.environ["MEDIA_ROOT"] = f"{directory}/media"
        os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.test"
        sys.path.insert(0, str(ROOT))
        with redis_server(directory) as redis_url:
            return run(args.n, None if args.locmem else redis_url)


def run(n: int, redis_url: str | None) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import override_settings

    if redis_url:
        caches = {"default": {"BACKEND": "caching.backends.RedisCache", "LOCATION": redis_url,
                              "OPTIONS": {"socket_timeout": 5, "socket_connect_timeout": 5}}}
    else:
        caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                              "OPTIONS": {"MAX_ENTRIES": 10 * n + 1000}}}
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("seed_articles", count=n, verbosity=0)
    print(f"seeded {n} stories in {time.monotonic() - started:.0f} s")
    # A day's lifetime: the warm pass at 10,000 pages takes longer than the 600 s default,
    # and what is measured is what a change renews, not what expires.
    with override_settings(NEWSROOM_PAGE_CACHE=True, NEWSROOM_PAGE_CACHE_SECONDS=86_400,
                           CACHES=caches, ALLOWED_HOSTS=["*"]):
        return replay(n, "Redis" if redis_url else "LocMemCache")


def replay(n: int, backend: str) -> int:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.wsgi import get_wsgi_application

    from articles.models import Article, Status
    from caching import pagecache
    from caching.wsgi import CachedPagesApp
    from editorial import services

    cache.clear()
    pagecache.forget_local()
    app = CachedPagesApp(get_wsgi_application())
    paths = [a.get_absolute_url() for a in Article.objects.filter(status=Status.PUBLISHED)
             .only("pk", "slug").order_by("pk")[:n]]

    def get(path) -> str:
        pagecache.forget_local()  # each request asks the shared cache, as on a cold worker
        # As a server hands it over (PEP 3333): decoded, as latin-1 text.
        path_info = unquote_to_bytes(path).decode("latin-1")
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path_info, "QUERY_STRING": "",
                   "SERVER_NAME": "news.example.org", "SERVER_PORT": "80",
                   "HTTP_HOST": "news.example.org", "wsgi.url_scheme": "http",
                   "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr}
        seen = {}

        def start_response(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, dict(headers)

        body = app(environ, start_response)
        b"".join(body)
        if hasattr(body, "close"):
            body.close()
        assert seen["status"].startswith("200"), (path, seen["status"])
        return seen["headers"].get("X-Cache", "none")

    def one_pass(name):
        started = time.monotonic()
        outcomes = [get(path) for path in paths]
        hits = outcomes.count("hit")
        ratio = hits / len(outcomes)
        print(f"{name:<28} {len(outcomes):>6} requests  {hits:>6} hits  "
              f"{len(outcomes) - hits:>6} misses  {ratio:7.2%}  "
              f"{time.monotonic() - started:6.1f} s")
        return ratio

    print(f"{len(paths)} archive story pages, page cache on {backend}, through the WSGI door")
    one_pass("warm (first request each)")
    one_pass("replay before the publish")
    editor = get_user_model().objects.create_superuser("replay-editor", "r@example.org", "x")
    story = Article.objects.filter(status=Status.PUBLISHED).order_by("-pk").first()
    new = Article(title_ar="خبر جديد يُنشر أثناء القراءة", body_ar="<p>نص الخبر.</p>",
                  summary_ar="ملخص الخبر.", section=story.section)
    services.create_story(new, by=editor)
    services.publish_article(new, by=editor, override=True)  # on commit: the bumps
    assert get(new.get_absolute_url()) == "miss"
    ratio = one_pass("replay after the publish")
    one_pass("replay again")
    print("PASS" if ratio >= 0.99 else "FAIL", f"(at least 99 % hits after a publish: {ratio:.2%})")
    return 0 if ratio >= 0.99 else 1


if __name__ == "__main__":
    sys.exit(main())
