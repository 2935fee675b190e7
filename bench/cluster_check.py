"""`make cluster-check`: the site on two app servers behind one nginx, sharing what they must.

    .venv/bin/python bench/cluster_check.py [--quick] [--grace SECONDS] [--json PATH]

Starts, all on 127.0.0.1 and all stopped again on exit, error or Ctrl-C: a PostgreSQL database
of its own (newsroom_cluster, dropped and loaded with `load_demo`), a Redis of its own (cache
and page-cache versions), moto's S3 server with a public-read bucket (MEDIA_STORAGE=s3), two
gunicorns A and B with production settings, the task worker and deploy/nginx.conf with both
as its upstream. Then checks, with timings:

    publish   the demo editor logs in to A's admin (session, CSRF) and publishes a story
              (unpublished just before): it shows on B's home page and on the front's
              within PUBLISH_VISIBLE_S
    photo     the editor uploads a photo with A's admin image form; its admin page read
              through B, and B's public pages, give URLs in the bucket: GET of each ->
              200 image/webp
    failover  4 threads read home and a story through the front (half with a session cookie,
              which bypasses the micro-cache, so nginx must reach an app server) while A is
              stopped (SIGTERM, SIGKILL after --grace 2 s): no answer other than 200.
              deploy/nginx.conf is used as shipped: nginx's default proxy_next_upstream
              (error timeout) is what retries a request on B

Prints a table; exits 1 if a check failed. Reuses bench/run.py's helpers (docs/deploy.md,
"Several app servers").
"""

# A command-line tool: printing the table is its job.
# ruff: noqa: T201

import argparse
import contextlib
import html
import io
import json
import logging
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import run as bench  # noqa: E402  (bench/run.py: ports, gunicorn, nginx, the task worker)
import soak  # noqa: E402  (bench/soak.py: the admin form's fields as a browser posts them)
from run import (  # noqa: E402
    Gunicorn,
    Nginx,
    TaskWorker,
    fetch,
    free_port,
    manage,
    port_open,
    wait_for,
)

from tests.s3 import CREDENTIALS, REGION, Bucket, Server  # noqa: E402

ROOT = bench.ROOT
OUT_DIR = ROOT / "var" / "cluster"
DATABASE_URL = os.environ.get(
    "CLUSTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_cluster"
)
PUBLISH_VISIBLE_S = 2.0
POLL_S = 0.05
STOP_GRACE_S = 2.0  # SIGTERM, then SIGKILL after this (--grace 0: SIGKILL at once)

class Redis:
    """A redis-server of our own on a free port, without persistence."""

    def __init__(self, tmp: Path):
        self.port, self.tmp = free_port(), tmp

    def __enter__(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.tmp)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        wait_for(lambda: port_open(self.port), 10, "redis-server")
        return self

    def __exit__(self, *exc):
        bench.stop_group(self.proc)


class Moto:
    """moto's S3 server (tests/s3.py) with one bucket holding the public-read policy."""

    def __enter__(self):
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's access log
        self.server = Server().start()
        self.bucket = Bucket.create(self.server)
        self.bucket.make_public()
        return self

    def __exit__(self, *exc):
        self.server.stop()


def psql(*sql: str) -> None:
    parts = urlsplit(DATABASE_URL)
    for statement in sql:
        bench.run(["psql", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432),
                   "-U", parts.username or "postgres", "-d", "postgres", "-qtAc", statement],
                  capture_output=True)


def cluster_env(tmp: Path, redis_port: int, bucket: Bucket, secret: str, front_port: int,
                pylib: str | None) -> dict:
    """Production settings, as every app server and the worker get them: one database, one
    Redis, one bucket, and the front's address for the refreshes after a publish."""
    env = dict(os.environ)
    front = f"http://127.0.0.1:{front_port}"
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings.production",
        SECRET_KEY=secret,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=DATABASE_URL,
        SECURE_SSL_REDIRECT="false",
        CACHE_URL=f"redis://127.0.0.1:{redis_port}/0",
        NEWSROOM_PAGE_CACHE="true",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "no-media-on-disk"),
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME=bucket.name,
        AWS_S3_ENDPOINT_URL=bucket.endpoint,
        AWS_S3_REGION_NAME=REGION,
        AWS_ACCESS_KEY_ID=CREDENTIALS["aws_access_key_id"],
        AWS_SECRET_ACCESS_KEY=CREDENTIALS["aws_secret_access_key"],
        NEWSROOM_FRONT_URL=front,
        SITE_URL=front,
        DEMO_PASSWORD=secret[:20],
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        GUNICORN_WORKERS="2",
    )
    if pylib:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [pylib, env.get("PYTHONPATH")]))
    return env


def two_upstreams(nginx: Nginx, port_a: int, port_b: int) -> None:
    """bench/run.py renders deploy/nginx.conf for one app server: list both in its upstream."""
    conf = nginx.tmp / "newsroom.conf"
    text = conf.read_text()
    one = f"server 127.0.0.1:{port_a};"
    if text.count(one) != 1:
        raise RuntimeError(f"nginx conf: expected {one!r} once")
    conf.write_text(text.replace(one, f"{one}\n    server 127.0.0.1:{port_b};"))


# --- the checks ---------------------------------------------------------------------------------


class Desk:
    """The demo editor in the admin of one app server: a real session, CSRF and the change
    page's move buttons, as a browser sends them (bench/soak.py's Desk does the same)."""

    def __init__(self, port: int, password: str):
        self.port, self.password, self.cookies = port, password, {}

    def call(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "Referer": f"http://127.0.0.1:{self.port}{path}"}
        body = None
        if data is not None:
            body = urlencode({"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
                              **data}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, head, content = fetch(self.port, path, headers,
                                      method="POST" if data is not None else "GET", body=body)
        for header in head.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.coded_value
        return status, head.get("location", ""), content.decode("utf-8", "replace")

    def login(self) -> None:
        self.call("/admin/login/")
        status, location, _page = self.call("/admin/login/?next=/admin/", {
            "username": "editor", "password": self.password, "next": "/admin/"})
        if status != 302 or "login" in location or "sessionid" not in self.cookies:
            raise RuntimeError(f"the demo editor could not log in through A (HTTP {status})")

    def move(self, pk: int, move: str) -> float:
        """Press the story's publish or unpublish button; when the answer came (after the
        commit: the admin redirects once the service has returned)."""
        status, _location, page = self.call(f"/admin/articles/article/{pk}/change/")
        if f"/{pk}/move/{move}/" not in page:
            raise RuntimeError(f"no {move} button on story {pk}'s change page (HTTP {status})")
        status, location, _page = self.call(f"/admin/articles/article/{pk}/move/{move}/",
                                            {"note": "cluster-check"})
        done = time.time()
        _s, _l, after = self.call(urlsplit(location).path or "/admin/")
        if status != 302 or '<li class="success">' not in after:
            raise RuntimeError(f"{move} of story {pk} through A failed (HTTP {status})")
        return done


def publish_check(desk: Desk, port_b: int, front_port: int) -> dict:
    """Through A's admin, unpublish the newest story on the home page, let the front settle,
    then publish it again; poll B's home page and the front's from before the publish until
    both link to it. Delays count from when the publish was sent."""
    _s, _h, home = fetch(port_b, "/")
    story = re.search(rb'href="/article/(\d+)/', home)
    if not story:
        return {"ok": False, "note": "no story on B's home page"}
    pk = int(story.group(1))
    marker = f"/article/{pk}/".encode()
    desk.login()
    desk.move(pk, "unpublish")
    wait_for(lambda: marker not in fetch(front_port, "/")[2], 10, "the story to leave the front")
    seen, stop = {}, threading.Event()

    def poll(name, port):
        while not stop.is_set():
            _status, _headers, body = fetch(port, "/")
            if marker in body:
                seen[name] = time.time()
                return
            stop.wait(POLL_S)

    pollers = [threading.Thread(target=poll, args=(n, p), daemon=True)
               for n, p in (("B", port_b), ("front", front_port))]
    for t in pollers:
        t.start()
    try:
        sent = time.time()
        answered = desk.move(pk, "publish")
        for t in pollers:
            t.join(timeout=max(0.0, sent + PUBLISH_VISIBLE_S + 1 - time.time()))
    finally:
        stop.set()
    delays = {n: round((seen[n] - sent) * 1000) if n in seen else None for n in ("B", "front")}
    ok = all(d is not None and d <= PUBLISH_VISIBLE_S * 1000 for d in delays.values())
    return {"ok": ok, "pk": pk, "delay_ms": delays,
            "admin_ms": round((answered - sent) * 1000),
            "note": f"admin answered in {round((answered - sent) * 1000)} ms; on B's home "
                    f"{delays['B']} ms, the front's {delays['front']} ms after the POST"}


def get_image(url: str) -> tuple[int, str]:
    try:
        with urlopen(url, timeout=10) as response:  # noqa: S310 (our own loopback URLs)
            response.read()
            return response.status, response.headers.get("Content-Type", "")
    except OSError as error:
        return getattr(error, "code", 0) or 0, str(error)


def jpeg() -> bytes:
    from PIL import Image as Picture

    buffer = io.BytesIO()
    Picture.new("RGB", (1600, 900), (40, 90, 160)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def multipart(fields: list, file_field: str, file_name: str, content: bytes) -> tuple[str, bytes]:
    boundary = f"cluster{secrets.token_hex(12)}"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
             f"{value}\r\n".encode() for name, value in fields]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
                 f'filename="{file_name}"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
                 + content + b"\r\n")
    return (f"multipart/form-data; boundary={boundary}",
            b"".join(parts) + f"--{boundary}--\r\n".encode())


def preview_urls(page: str) -> list[str]:
    """The photo's URLs in the admin's preview (src, then each srcset candidate)."""
    found = re.search(r'class="image-preview[^>]*>\s*<img src="([^"]+)" srcset="([^"]*)"', page)
    if not found:
        return []
    src, srcset = (html.unescape(v) for v in found.groups())
    return [src] + [c.split()[0] for c in srcset.split(",") if c.strip()]


def photo_check(desk: Desk, port_b: int, endpoint: str) -> dict:
    """Upload a photo with A's admin image form; read its page in the admin through B (the
    same session: sessions are in the shared database) and GET every URL it shows, and those
    of the photos on B's home page and on a story (stored by load_demo into the bucket)."""
    _s, _l, page = desk.call("/admin/images/image/add/")
    form = soak.FormFields("image_form")
    form.feed(page)
    fields = [[k, "صورة فحص العنقود" if k == "alt_text_ar" else v] for k, v in form.fields]
    content_type, body = multipart(
        [*fields, ["_continue", "1"], ["csrfmiddlewaretoken", desk.cookies["csrftoken"]]],
        "file", "cluster.jpg", jpeg())
    started = time.monotonic()
    status, head, answer = fetch(desk.port, "/admin/images/image/add/", {
        "Cookie": "; ".join(f"{k}={v}" for k, v in desk.cookies.items()),
        "Referer": f"http://127.0.0.1:{desk.port}/admin/images/image/add/",
        "Content-Type": content_type}, method="POST", body=body)
    store_ms = round((time.monotonic() - started) * 1000)
    location = urlsplit(head.get("location", "")).path
    if status != 302 or not re.fullmatch(r"/admin/images/image/\d+/change/", location):
        error = soak._error_text(answer.decode("utf-8", "replace")) or location  # noqa: SLF001
        return {"ok": False, "note": f"upload through A's admin: HTTP {status} {error}"}
    on_b = Desk(port_b, desk.password)
    on_b.cookies = dict(desk.cookies)
    status_b, _l, page_b = on_b.call(location)
    uploaded = preview_urls(page_b)
    # What B's public pages show: the lead photos of the home page and of one story.
    _s, _h, home = fetch(port_b, "/")
    page_urls = re.findall(rb'<img[^>]* src="([^"]+)"', home)
    story = re.search(rb'href="(/article/\d+/[^"]*)"', home)
    if story:
        _s, _h, article = fetch(port_b, story.group(1).decode())
        page_urls += re.findall(rb'<img[^>]* src="([^"]+)"', article)
        page_urls += [u.split()[0] for s in re.findall(rb'srcset="([^"]+)"', article)
                      for u in s.split(b",") if u.strip()]
    urls = uploaded + sorted({html.unescape(u.decode()) for u in page_urls})
    started = time.monotonic()
    results = {url: get_image(url) for url in dict.fromkeys(urls)}
    fetch_ms = round((time.monotonic() - started) * 1000)
    bad = {u: r for u, r in results.items() if r != (200, "image/webp")}
    off_bucket = [u for u in results if not u.startswith(endpoint)]
    ok = bool(uploaded) and bool(page_urls) and not bad and not off_bucket
    note = (f"uploaded through A's admin in {store_ms} ms; its page through B (HTTP {status_b}) "
            f"shows {len(uploaded)} URLs, B's public pages {len(set(page_urls))}; all "
            f"{len(results)} fetched from the bucket in {fetch_ms} ms")
    if not uploaded:
        note += "; no preview on the photo's admin page through B"
    if bad:
        note += f"; not 200 image/webp: {list(bad.items())[:3]}"
    if off_bucket:
        note += f"; not under the bucket: {off_bucket[:3]}"
    if not page_urls:
        note += "; no <img> on B's home or story page"
    return {"ok": ok, "urls": len(results), "store_ms": store_ms, "fetch_ms": fetch_ms,
            "bad": {u: list(r) for u, r in bad.items()}, "note": note}


def failover_check(front_port: int, app_a: Gunicorn, paths: list[str], seconds: float,
                   grace: float = STOP_GRACE_S) -> dict:
    """Readers through the front while A goes away: every answer must still be 200."""
    counts = {"requests": 0, "errors": 0, "upstream": 0}
    statuses: dict[int, int] = {}
    lock, stop = threading.Lock(), threading.Event()

    def reader(n: int):
        path = paths[n % len(paths)]
        # Half the readers carry a session cookie: nginx's micro-cache is bypassed for them,
        # so each of their requests reaches an app server (and has to find a live one).
        headers = {"Cookie": "sessionid=cluster-check"} if n % 2 else {}
        while not stop.is_set():
            try:
                status, _h, _b = fetch(front_port, path, headers, timeout=30)
            except OSError:
                status = 0
            with lock:
                counts["requests"] += 1
                counts["upstream"] += bool(headers)
                statuses[status] = statuses.get(status, 0) + 1
                counts["errors"] += status != 200

    threads = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(4)]
    for t in threads:
        t.start()
    time.sleep(seconds / 3)
    stopped = time.monotonic()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(app_a.proc.pid, signal.SIGTERM if grace > 0 else signal.SIGKILL)
    try:
        app_a.proc.wait(timeout=grace)
        how = "SIGTERM"
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(app_a.proc.pid, signal.SIGKILL)
        app_a.proc.wait(timeout=5)
        how = "SIGKILL"
    stop_ms = round((time.monotonic() - stopped) * 1000)
    time.sleep(max(0.0, seconds - (time.monotonic() - stopped) - seconds / 3))
    stop.set()
    for t in threads:
        t.join(timeout=35)
    ok = counts["errors"] == 0 and counts["requests"] > 0 and not port_open(app_a.port)
    return {"ok": ok, **counts, "statuses": statuses, "stopped_by": how, "stop_ms": stop_ms,
            "note": f"{counts['requests']} requests ({counts['upstream']} past the "
                    f"micro-cache), {counts['errors']} errors; A gone after {how} "
                    f"in {stop_ms} ms; statuses {statuses}"}


# --- main ---------------------------------------------------------------------------------------


def prepare(env: dict) -> None:
    name = urlsplit(DATABASE_URL).path.lstrip("/")
    if name in ("newsroom", "newsroom_bench"):
        sys.exit(f"cluster-check: refusing to drop the database {name}")
    # Fresh each run: load_demo skips photos it finds, and the last run's bucket is gone.
    bench.log(f"recreating database {name}")
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    bench.log("migrate, load_demo (photos into the bucket), collectstatic")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_demo", stdout=subprocess.DEVNULL)
    manage(env, "collectstatic", "--noinput", "-v0")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a 3 s load loop instead of 6 s")
    parser.add_argument("--grace", type=float, default=STOP_GRACE_S, metavar="SECONDS",
                        help="SIGKILL app server A this long after its SIGTERM (0: at once)")
    parser.add_argument("--json", type=Path, default=OUT_DIR / "latest.json",
                        help="where to write the results (default var/cluster/latest.json)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    bench.LOG_NAME = "cluster"
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    bench.ensure_tools()
    if not port_open(5432):  # the machine's PostgreSQL (this also starts the bench's Redis)
        bench.ensure_services()
    pylib = bench.redis_client_path()
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-cluster-"))
    tmp.chmod(0o755)  # nginx's workers may run as another user
    secret = secrets.token_urlsafe(40)
    results, timings = {}, {}
    started = time.monotonic()
    try:
        with contextlib.ExitStack() as stack:
            t = time.monotonic()
            redis = stack.enter_context(Redis(tmp))
            moto = stack.enter_context(Moto())
            port_a = free_port()
            port_b = free_port(avoid=(port_a,))
            front_port = free_port(avoid=(port_a, port_b))
            env = cluster_env(tmp, redis.port, moto.bucket, secret, front_port, pylib)
            timings["redis + S3"] = time.monotonic() - t
            t = time.monotonic()
            prepare(env)
            timings["database + demo"] = time.monotonic() - t
            t = time.monotonic()
            app_a = stack.enter_context(Gunicorn(env, port_a, OUT_DIR / "gunicorn-a.log"))
            stack.enter_context(Gunicorn(env, port_b, OUT_DIR / "gunicorn-b.log"))
            stack.enter_context(TaskWorker(env, OUT_DIR / "worker.log"))
            nginx = Nginx(tmp / "nginx", port_a, str(tmp / "static"),
                          str(tmp / "no-media-on-disk"), front_port)
            two_upstreams(nginx, port_a, port_b)
            stack.enter_context(nginx)
            timings["2 gunicorns + worker + nginx"] = time.monotonic() - t
            bench.log(f"A :{port_a}  B :{port_b}  front :{front_port}  redis :{redis.port}  "
                      f"S3 {moto.bucket.endpoint}/{moto.bucket.name}")
            home_status = {n: fetch(p, "/")[0] for n, p in
                           (("A", port_a), ("B", port_b), ("front", front_port))}
            results["serve"] = {"ok": set(home_status.values()) == {200},
                                "note": f"home page status {home_status}"}

            desk = Desk(port_a, env["DEMO_PASSWORD"])
            for name, check in (
                ("publish", lambda: publish_check(desk, port_b, front_port)),
                ("photo", lambda: photo_check(desk, port_b, moto.bucket.endpoint)),
            ):
                t = time.monotonic()
                try:
                    results[name] = check()
                except Exception as error:  # noqa: BLE001 (reported in the table)
                    results[name] = {"ok": False, "note": f"{type(error).__name__}: {error}"}
                timings[name] = time.monotonic() - t
                bench.log(f"{name}: {'ok' if results[name]['ok'] else 'FAILED'} - "
                          f"{results[name]['note']}")

            t = time.monotonic()
            _s, _h, home = fetch(front_port, "/")
            story = re.search(rb'href="(/article/\d+/[^"]*)"', home)
            paths = ["/", story.group(1).decode() if story else "/"]
            results["failover"] = failover_check(front_port, app_a, paths,
                                                 3.0 if args.quick else 6.0, args.grace)
            timings["failover"] = time.monotonic() - t
            bench.log(f"failover: {results['failover']['note']}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    total = time.monotonic() - started

    print("\nSeveral app servers (bench/cluster_check.py)")
    print("| check | result | seconds | detail |")
    print("| --- | --- | ---: | --- |")
    for name, result in results.items():
        print(f"| {name} | {'ok' if result['ok'] else 'FAILED'} | "
              f"{timings.get(name, 0):.1f} | {result['note']} |")
    print("\n| step | seconds |\n| --- | ---: |")
    for name in ("redis + S3", "database + demo", "2 gunicorns + worker + nginx"):
        print(f"| {name} | {timings.get(name, 0):.1f} |")
    print(f"| total | {total:.1f} |")
    args.json.write_text(json.dumps(
        {"results": results, "timings_s": timings, "total_s": total,
         "when": time.strftime("%Y-%m-%dT%H:%M:%S%z")}, indent=2, ensure_ascii=False,
        default=str))
    failed = [name for name, result in results.items() if not result["ok"]]
    if failed or len(results) < 4:
        print(f"\nFAILED: {', '.join(failed) or 'not every check ran'}")
        sys.exit(1)
    print("\nAll checks passed.")


if __name__ == "__main__":
    main()
