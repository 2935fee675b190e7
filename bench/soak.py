"""`make soak`: the site under steady load while its services fail, one fault at a time.

    .venv/bin/python bench/soak.py [--quick] [--minutes 10] [--stories 2000]

Everything runs on loopback on free ports, and everything is its own: a PostgreSQL cluster
(initdb into a temporary directory, as the `postgres` user when we are root), a Redis,
gunicorn with deploy/gunicorn.conf.py and production settings, and deploy/nginx.conf in
front (bench/run.py's helpers; without nginx the readers go to gunicorn only). The machine's
own PostgreSQL and Redis are never touched.

Load, every request recorded (var/soak/requests.csv) with its time, status and latency:
readers (half through nginx, half straight to gunicorn) read cached pages (home, a few hot
stories) and uncached ones (archive stories with a campaign parameter, searches, tag feeds);
a poller reads /healthz and /readyz every second; a desk client logged in as `editor` edits a
headline or unpublishes/publishes a story every few seconds through the admin.

Phases, each after a quiet baseline: Redis stopped (and a story unpublished meanwhile, then
how long readers take to get its 410 once Redis is back), Redis frozen (SIGSTOP), PostgreSQL
restarted, PostgreSQL down, a gunicorn worker SIGKILLed in the middle of a desk save (the
save is held on a lock so the kill lands inside its transaction; the story is then checked
for a half-save), then steady load for --minutes with the workers' RSS sampled.

Prints a table per phase and a PASS/FAIL line per acceptance criterion (docs/soak.md); exits
0 only if all pass. Bounded in time (a watchdog stops the run), and every process started
here is stopped on exit, error or Ctrl-C.
"""

# A command-line tool: printing the report is its job.
# ruff: noqa: T201

import argparse
import contextlib
import csv
import glob
import html.parser
import itertools
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  (bench/run.py: ports, gunicorn, nginx, the database set-up)

bench.LOG_NAME = "soak"
log, free_port, port_open, wait_for = bench.log, bench.free_port, bench.port_open, bench.wait_for

OUT_DIR = bench.ROOT / "var" / "soak"
SHARED_PORTS = {5432, 6379}  # the machine's PostgreSQL and Redis: never ours to touch
READER_TIMEOUT_S = 75  # longer than gunicorn's 30 s worker timeout and nginx's 60 s
RECOVERY_RUN = 10  # consecutive successful reader responses that count as recovered
DESK_NOTE = "Soak test: a move made under load."
TITLE_MARK = re.compile(r" ~\d+$")

# What readers ask for, by weight: (kind, page).
READER_MIX = [
    (("cached", "home"), 2), (("cached", "hot"), 3),
    (("uncached", "article"), 3), (("uncached", "search"), 1.5), (("uncached", "tag-feed"), 0.5),
]


@dataclass
class Rec:
    """One request: when it started and ended (seconds since the run began), what and how."""

    rid: int
    t0: float
    t1: float
    kind: str  # cached, uncached, desk, health, victim
    page: str
    via: str  # front (nginx) or app (gunicorn)
    status: int  # 0: no HTTP answer (connection refused or reset, timeout)
    retry_after: str = ""
    cache: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return 0 < self.status < 500


@dataclass
class Phase:
    name: str
    start: float
    end: float = 0.0
    fault: tuple | None = None  # (start, end) of the fault itself
    notes: dict = field(default_factory=dict)
    workers_before: dict = field(default_factory=dict)
    workers_after: dict = field(default_factory=dict)
    master: tuple = (None, None)


# --- our own services ------------------------------------------------------------------------


def as_postgres(cmd) -> list[str]:
    """PostgreSQL refuses to run as root: its tools then run as the `postgres` user."""
    cmd = [str(c) for c in cmd]
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class Postgres:
    """A throw-away cluster: initdb into `tmp`, loopback TCP on `port`, socket in `tmp`."""

    def __init__(self, tmp: Path, port: int):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
        if not bins:
            sys.exit("soak: PostgreSQL's server is needed: apt-get install -y postgresql")
        self.bin, self.port = Path(bins[-1]), port
        self.data, self.sock, self.log_path = tmp / "pgdata", tmp / "pgsock", tmp / "pg.log"
        self.url = f"postgres://postgres@127.0.0.1:{port}/newsroom_soak"

    def pg_ctl(self, *words, check=True) -> subprocess.CompletedProcess:
        options = f"-p {self.port} -k {self.sock} -c listen_addresses=127.0.0.1"
        return subprocess.run(
            as_postgres([self.bin / "pg_ctl", "-D", self.data, "-l", self.log_path, "-w",
                         "-t", "60", "-o", options, *words]),
            check=check, capture_output=True, text=True,
        )

    def __enter__(self):
        self.sock.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.sock, "postgres")
            shutil.chown(self.sock.parent, "postgres")  # for initdb's data directory and log
        subprocess.run(as_postgres([self.bin / "initdb", "-D", self.data, "-A", "trust",
                                    "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
                                    "--no-sync"]), check=True, capture_output=True)
        self.start()
        return self

    def start(self):
        self.pg_ctl("start")

    def stop(self, mode="fast"):
        self.pg_ctl("-m", mode, "stop")

    def restart(self):
        self.pg_ctl("-m", "fast", "restart")

    def postmaster_pid(self) -> int | None:
        with contextlib.suppress(OSError, ValueError):
            return int((self.data / "postmaster.pid").read_text().split()[0])
        return None

    def __exit__(self, *exc):
        pid = self.postmaster_pid()
        if pid and self.pg_ctl("-m", "fast", "stop", check=False).returncode != 0:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # its backends exit when they see it gone
        with contextlib.suppress(OSError):
            shutil.copy(self.log_path, OUT_DIR / "postgresql.log")


class Redis:
    """redis-server in the foreground as our child, in its own process group."""

    def __init__(self, port: int):
        self.port, self.proc = port, None

    def start(self):
        with open(OUT_DIR / "redis.log", "ab") as log_file:
            self._spawn(log_file)
        wait_for(lambda: port_open(self.port), 10, "Redis")

    def _spawn(self, log_file):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"],
            stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def stop(self):
        self.resume()  # a stopped process acts on SIGTERM only once continued
        bench.stop_group(self.proc)

    def freeze(self):
        os.kill(self.proc.pid, signal.SIGSTOP)

    def resume(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGCONT)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        if self.proc:
            self.stop()


def proc_rss_mb(pid: int) -> float | None:
    with contextlib.suppress(OSError):
        match = re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
        return round(int(match.group(1)) / 1024, 1) if match else None
    return None


def workers_rss(app) -> dict:
    return {pid: proc_rss_mb(pid) for pid in sorted(app.worker_pids())}


def pid_of_client_port(pids, local_port: int, remote_port: int) -> int | None:
    """Which of `pids` owns the TCP connection 127.0.0.1:local_port -> remote_port."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1].split(":"), fields[2].split(":")
        if int(local[1], 16) == local_port and int(remote[1], 16) == remote_port:
            inodes.add(fields[9])
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    link = os.readlink(f"/proc/{pid}/fd/{fd}")
                    if link.startswith("socket:[") and link[8:-1] in inodes:
                        return pid
    return None


# --- the load --------------------------------------------------------------------------------


class Load:
    """Every request the soak makes goes through `request`, which records it."""

    def __init__(self, app_port: int, front_port: int | None):
        self.app_port, self.front_port = app_port, front_port
        self.t_zero = time.monotonic()
        self.records: list[Rec] = []
        self.ids = itertools.count(1)
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def now(self) -> float:
        return time.monotonic() - self.t_zero

    def port(self, via: str) -> int:
        return self.front_port if via == "front" else self.app_port

    def request(self, kind, page, via, path, *, method="GET", headers=None, body=None,
                timeout=READER_TIMEOUT_S):
        rid = next(self.ids)
        headers = {"User-Agent": "newsroom-soak", "X-Soak-Id": str(rid), **(headers or {})}
        t0 = self.now()
        try:
            status, head, content = bench.fetch(self.port(via), path, headers, method=method,
                                                body=body, timeout=timeout)
        except Exception as exc:  # noqa: BLE001 - recorded: a failure is a measurement here
            self.records.append(Rec(rid, t0, self.now(), kind, page, via, 0,
                                    error=type(exc).__name__))
            return 0, None, b""
        self.records.append(Rec(
            rid, t0, self.now(), kind, page, via, status, head.get("retry-after", ""),
            head.get("x-micro-cache", "") if via == "front" else head.get("x-cache", ""),
        ))
        return status, head, content

    def spawn(self, target, *args):
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self.threads.append(thread)

    def finish(self):
        """Stop the load; a thread stuck in a request (daemonic) is left to its timeout."""
        self.stop.set()
        deadline = time.monotonic() + 5
        for thread in self.threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))


def reader(load: Load, plan: dict, via: str, think: float, seed: int):
    rng = random.Random(seed)
    choices, weights = zip(*READER_MIX, strict=True)
    while not load.stop.is_set():
        kind, page = rng.choices(choices, weights)[0]
        campaign = {"utm_source": "soak", "utm_content": str(rng.getrandbits(40))}
        if page == "home":
            path = "/"
        elif page == "hot":
            path = rng.choice(plan["hot"])
        elif page == "article":
            path = f"{rng.choice(plan['archive'])}?{urlencode(campaign)}"
        elif page == "search":
            words = " ".join(rng.sample(plan["words"], rng.choice((1, 2))))
            path = "/search/?" + urlencode({"q": words, **campaign})
        else:
            path = f"{rng.choice(plan['tag_feeds'])}?{urlencode(campaign)}"
        load.request(kind, page, via, path)
        load.stop.wait(think)


def health_poller(load: Load):
    while not load.stop.wait(1.0):
        for page in ("healthz", "readyz"):
            load.request("health", page, "app", f"/{page}", timeout=10)


class FormFields(html.parser.HTMLParser):
    """The fields a browser would post back from the form with id `form_id`."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or not a.get("name") and tag != "option":
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value") or ("on" if kind == "checkbox" else "")])
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
            self._textarea_start = True
            self.fields.append(self._textarea)
        elif tag == "select":
            self._select = {"name": a["name"], "multiple": "multiple" in a, "chosen": [],
                            "first": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            if self._textarea_start and data.startswith("\n"):
                data = data[1:]  # as browsers do: the newline after <textarea> is not content
            self._textarea[1] += data
            self._textarea_start = False

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            s, self._select = self._select, None
            values = s["chosen"] or ([] if s["multiple"] or s["first"] is None else [s["first"]])
            self.fields += [[s["name"], v] for v in values]


class Desk:
    """An editor in the admin: session and CSRF cookies, the change form, the move buttons.
    One move at a time (`lock`); `active` cleared pauses the background moves."""

    def __init__(self, load: Load, via: str, password: str):
        self.load, self.via, self.password = load, via, password
        self.cookies: dict[str, str] = {}
        self.lock, self.active = threading.Lock(), threading.Event()
        self.moves: list[dict] = []
        self.counter = itertools.count(1)

    def call(self, page, path, *, data=None, timeout=READER_TIMEOUT_S):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode([tuple(pair) for pair in data] if isinstance(data, list)
                             else data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, head, content = self.load.request(
            "desk", page, self.via, path, method="POST" if data is not None else "GET",
            headers=headers, body=body, timeout=timeout,
        )
        for header in (head.get_all("Set-Cookie") or []) if head else []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.coded_value
                else:
                    self.cookies.pop(name, None)
        location = head.get("location", "") if head else ""
        return status, location, content.decode("utf-8", "replace")

    def login(self) -> bool:
        self.cookies.clear()
        self.call("login", "/admin/login/")
        status, location, _html = self.call("login", "/admin/login/?next=/admin/", data={
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), "username": "editor",
            "password": self.password, "next": "/admin/",
        })
        return status == 302 and "login" not in location and "sessionid" in self.cookies

    def _page(self, pk):
        status, location, page = self.call("form", f"/admin/articles/article/{pk}/change/")
        if status == 302 and "/login/" in location and self.login():
            status, location, page = self.call("form", f"/admin/articles/article/{pk}/change/")
        return status, page

    def edit_title(self, pk, *, title=None, timeout=READER_TIMEOUT_S):
        """Open the story's change form and save it with a new headline. Returns the move."""
        status, page = self._page(pk)
        if status != 200:
            return self._note("edit", pk, status, False, "change form not served")
        parser = FormFields("article_form")
        parser.feed(page)
        fields = parser.fields
        old = next((v for k, v in fields if k == "title_ar"), "")
        title = title or f"{TITLE_MARK.sub('', old)} ~{next(self.counter)}"
        fields = [[k, title if k == "title_ar" else v] for k, v in fields] + [["_save", "1"]]
        status, location, page = self.call("save", f"/admin/articles/article/{pk}/change/",
                                           data=fields, timeout=timeout)
        saved = status == 302 and "/change/" not in location
        error = "" if saved else _error_text(page) or f"HTTP {status}"
        return self._note("edit", pk, status, saved, error, title=title, old_title=old)

    def toggle(self, pk, move=None):
        """Unpublish the story if it is live, publish it if not (the page's own buttons)."""
        status, page = self._page(pk)
        if move is None:
            if f"/{pk}/move/unpublish/" in page:
                move = "unpublish"
            elif f"/{pk}/move/publish/" in page:
                move = "publish"
            else:
                return self._note("toggle", pk, status, False, "no move button on the page")
        status, location, _page = self.call(move, f"/admin/articles/article/{pk}/move/{move}/",
                                            data={"csrfmiddlewaretoken":
                                                  self.cookies.get("csrftoken", ""),
                                                  "note": DESK_NOTE})
        if status != 302:
            return self._note(move, pk, status, False, f"HTTP {status}")
        _status, _location, page = self.call("after-move", urlsplit(location).path)
        done = re.search(r'<li class="success">', page) is not None
        return self._note(move, pk, status, done, "" if done else _error_text(page))

    def _note(self, move, pk, status, ok, error="", **extra) -> dict:
        entry = {"t": round(self.load.now(), 2), "move": move, "pk": pk, "status": status,
                 "ok": ok, "error": error, **extra}
        self.moves.append(entry)
        return entry

    def run(self, edit_pks, toggle_pk, interval):
        for n in itertools.count():
            if self.load.stop.wait(interval):
                return
            if not self.active.is_set():
                continue
            with self.lock:
                try:
                    if n % 2:
                        self.toggle(toggle_pk)
                    else:
                        self.edit_title(edit_pks[(n // 2) % len(edit_pks)])
                except Exception as exc:  # noqa: BLE001 - a broken move is reported, not fatal
                    self._note("desk", None, 0, False, repr(exc))

    def pause(self):
        self.active.clear()
        with self.lock:  # the move under way, if any, ends first
            pass


def _error_text(page: str) -> str:
    match = re.search(r'<(?:ul class="errorlist[^"]*"|li class="error")>(.*?)</', page, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).strip()[:200] if match else ""


# --- the run ---------------------------------------------------------------------------------


class Soak:
    def __init__(self, args, load: Load, app, redis: Redis, pg: Postgres, desk: Desk, env,
                 plan):
        self.args, self.load, self.app, self.redis, self.pg = args, load, app, redis, pg
        self.desk, self.env, self.plan = desk, env, plan
        self.phases: list[Phase] = []
        self.extra: dict = {}

    def begin(self, name) -> Phase:
        phase = Phase(name, self.load.now(), workers_before=workers_rss(self.app),
                      master=(self.app.proc.pid, None))
        log(f"phase {name}")
        self.phases.append(phase)
        return phase

    def end(self, phase: Phase):
        phase.end = self.load.now()
        phase.workers_after = workers_rss(self.app)
        phase.master = (phase.master[0], self.app.proc.pid if self.app.proc.poll() is None
                        else None)

    def quiet(self, name="baseline"):
        phase = self.begin(name)
        self.load.stop.wait(self.args.baseline)
        self.end(phase)

    def fault(self, name, start_fault, end_fault, duration, during=None):
        phase = self.begin(name)
        phase.fault = (self.load.now(), None)
        start_fault()
        if during:
            during(phase)
        remaining = duration - (self.load.now() - phase.fault[0])
        self.load.stop.wait(max(0.0, remaining))
        end_fault()
        phase.fault = (phase.fault[0], self.load.now())
        self.load.stop.wait(self.args.after)
        self.end(phase)
        return phase

    # Redis stopped, with a story taken down while it is.
    def redis_stopped(self):
        victim = self.plan["victim"]
        for via in self.vias():
            for _ in range(3):  # rendered, then served from the cache
                self.load.request("victim", "warm", via, victim["url"])
        watch = threading.Event()
        seen: dict = {}
        self.load.spawn(self._watch_victim, victim["url"], watch, seen)

        def during(phase):
            self.load.stop.wait(min(2.0, self.args.redis_down / 3))
            with self.desk.lock:
                phase.notes["move"] = self.desk.toggle(victim["pk"], "unpublish")

        phase = self.fault("redis-stopped", self.redis.stop, self.redis.start,
                           self.args.redis_down, during)
        back = phase.fault[1]
        deadline = time.monotonic() + self.args.visible_wait
        while time.monotonic() < deadline and len(seen) < len(self.vias()):
            time.sleep(0.2)
        watch.set()
        state = self.probe("story-state", str(victim["pk"]))["stories"][str(victim["pk"])]
        phase.notes.update(committed=state["status"] == "unpublished", back=back,
                           # 0: seen before the soak had noticed Redis back (it polls)
                           visible={via: None if via not in seen
                                    else round(max(0.0, seen[via] - back), 2)
                                    for via in self.vias()})
        self.extra["victim"] = phase.notes

    def _watch_victim(self, url, watch, seen):
        """Poll the taken-down story every 0.1 s: when does each door answer 410 or 404?"""
        while not watch.is_set() and not self.load.stop.is_set():
            for via in self.vias():
                if via not in seen:
                    status, _h, _b = self.load.request("victim", "watch", via, url, timeout=10)
                    if status in (404, 410):
                        seen[via] = self.load.now()
            time.sleep(0.1)

    def vias(self):
        return ["app", "front"] if self.load.front_port else ["app"]

    def redis_hanging(self):
        self.fault("redis-hanging", self.redis.freeze, self.redis.resume, self.args.redis_hang)

    def slow_clients(self):
        """Connections that trickle a request's headers at the front (slowloris), reopened
        as nginx cuts them off (client_header_timeout): gunicorn never sees them, so readers
        should not notice. Straight at gunicorn, 50 of them stopped every reader."""
        if not self.load.front_port:
            return
        held: list[socket.socket] = []
        stop = threading.Event()
        counts = Counter()

        def connect():
            sock = socket.create_connection(("127.0.0.1", self.load.front_port), timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            counts["opened"] += 1
            return sock

        def trickle():
            while not stop.wait(2.0):
                for n, sock in enumerate(held):
                    try:
                        sock.sendall(b"X-Slow: 1\r\n")
                    except OSError:
                        counts["cut by nginx"] += 1
                        sock.close()
                        with contextlib.suppress(OSError):
                            held[n] = connect()

        def start():
            held.extend(connect() for _ in range(self.args.slow_clients))
            self.load.spawn(trickle)

        def end():
            stop.set()
            for sock in held:
                sock.close()

        phase = self.fault("slow-clients", start, end, self.args.slow_duration)
        phase.notes["slow"] = dict(counts)

    def warm_cached(self):
        """Home and the hot stories cached at both doors, as they are when nothing has
        changed for a while: a database fault must find them cached to be judged on them."""
        for path in ["/", *self.plan["hot"]]:
            for via in self.vias():
                for _ in range(2):
                    self.load.request("warm", "warm", via, path)

    def pg_restart(self):
        self.warm_cached()
        phase = self.fault("pg-restart", self.pg.restart, lambda: None, 0)
        phase.notes["workers"] = (sorted(phase.workers_before), sorted(phase.workers_after))

    def pg_down(self):
        """Judged on the requests started between `pg_ctl stop` returning and `pg_ctl start`
        being called: the cluster is down for all of them."""
        notes = {}

        def start():
            notes["starting"] = self.load.now()
            self.pg.start()

        self.warm_cached()
        phase = self.fault("pg-down", self.pg.stop, start, self.args.pg_down,
                           lambda phase: notes.setdefault("down", self.load.now()))
        phase.notes["window"] = (notes["down"], notes["starting"])

    def worker_kill(self):
        """A desk save held inside its transaction (a lock on django-reversion's version
        table, which it writes last), the worker running it SIGKILLed there, then the story
        read back."""
        pk = self.plan["killed"]
        with self.desk.lock:
            first = self.desk.edit_title(pk)  # so the story has a revision to compare with
        before = self.probe("story-state", str(pk))
        phase = self.begin("worker-kill")
        notes = phase.notes
        notes["first_save"] = first["ok"]
        conn, watcher = psycopg.connect(self.pg.url), psycopg.connect(self.pg.url)
        # pg_stat_activity is read once per transaction: the watcher must not be in one.
        watcher.autocommit = True
        result: dict = {}
        saver = threading.Thread(target=self._held_save, args=(pk, result), daemon=True)
        try:
            with conn.cursor() as cursor, watcher.cursor() as watching:
                cursor.execute("LOCK TABLE reversion_version IN EXCLUSIVE MODE")
                saver.start()
                phase.fault = (self.load.now(), None)
                backend = self._wait_for_blocked_save(watching)
                notes["caught_mid_save"] = backend is not None
                if backend:
                    worker = pid_of_client_port(self.app.worker_pids(), backend[1], self.pg.port)
                    victims = [worker] if worker else self.app.worker_pids()
                    for pid in victims:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(pid, signal.SIGKILL)
                    notes["killed"], killed_at = victims, time.monotonic()
                    notes["backend"] = backend[0]
            conn.rollback()  # lets the orphaned backend go on, find its client gone, roll back
            if backend:
                with watcher.cursor() as watching:
                    notes["backend_gone_in_s"] = _timed(
                        lambda: not _backend_alive(watching, backend[0]), 30)
        finally:
            conn.close()
            watcher.close()
        phase.fault = (phase.fault[0], self.load.now())
        saver.join(timeout=READER_TIMEOUT_S)
        notes["save_answer"] = result.get("status")
        if notes.get("killed") and wait_until(
                lambda: len(self.app.worker_pids()) >= self.args.workers, 60):
            # An upper bound: first looked at once the orphaned backend had gone.
            notes["respawned_in_s"] = round(time.monotonic() - killed_at, 2)
        after = self.probe("story-state", str(pk))
        notes["verdict"] = judge_save(before, after, str(pk), result.get("title"))
        self.load.stop.wait(self.args.after)
        self.end(phase)
        self.extra["kill"] = notes

    def _held_save(self, pk, result):
        title = f"Soak: saved while its worker was killed {secrets.token_hex(3)}"
        result["title"] = title
        move = self.desk.edit_title(pk, title=title)
        result["status"] = move["status"]

    @staticmethod
    def _wait_for_blocked_save(cursor):
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT pid, client_port FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query ILIKE 'INSERT INTO %%reversion_version%%'"
            )
            row = cursor.fetchone()
            if row:
                return row
            time.sleep(0.05)
        return None

    def memory(self):
        phase = self.begin("memory")
        warm = min(60.0, self.args.minutes * 6)
        self.load.stop.wait(warm)
        samples = []
        deadline = self.load.now() + self.args.minutes * 60
        while True:
            samples.append((round(self.load.now() - phase.start, 1), workers_rss(self.app)))
            if self.load.now() >= deadline - 0.5:
                break
            self.load.stop.wait(min(self.args.rss_every, max(0.0, deadline - self.load.now())))
        phase.notes["samples"] = samples
        phase.notes["warm_up_s"] = warm
        self.end(phase)
        self.extra["memory"] = samples

    def probe(self, *words):
        return bench.probe(self.env, *words)


def wait_until(predicate, timeout) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _timed(predicate, timeout) -> float | None:
    started = time.monotonic()
    return round(time.monotonic() - started, 2) if wait_until(predicate, timeout) else None


def _backend_alive(cursor, pid) -> bool:
    cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
    return cursor.fetchone() is not None


def judge_save(before: dict, after: dict, pk: str, new_title: str | None) -> dict:
    """A save is whole or absent: the row all old or all new, its latest revision matching
    the row (headline, version number, bylines), one revision more exactly when the row is
    new, no revision row without versions, the desk events a chain ending at the row's
    status, and no transaction left open."""
    old, new = before["stories"][pk], after["stories"][pk]
    problems = []
    if (new["title_ar"], new["version"], new["updated_at"]) == (
            old["title_ar"], old["version"], old["updated_at"]):
        state = "old"
        if new["n_versions"] != old["n_versions"]:
            problems.append("the row is old but a revision was added")
    elif new["title_ar"] == new_title and new["version"] == old["version"] + 1:
        state = "new"
        if new["n_versions"] != old["n_versions"] + 1:
            problems.append("the row is new but no revision was added")
    else:
        state = "half"
        problems.append(f"the row is neither old nor new: {new['title_ar']!r} v{new['version']}")
    latest = new["latest_version"]
    if latest is None:
        problems.append("no revision at all")
    elif (latest["title_ar"], latest["version"]) != (new["title_ar"], new["version"]):
        problems.append(f"the latest revision ({latest['title_ar']!r} v{latest['version']}) "
                        "is not the row")
    elif new["latest_bylines"] != new["bylines"]:
        problems.append("the latest revision's bylines are not the story's")
    if new["status"] != old["status"]:
        problems.append(f"the status moved: {old['status']} -> {new['status']}")
    problems += event_chain_problems(new)
    if after["empty_revisions"]:
        problems.append(f"{after['empty_revisions']} revision rows without versions")
    if after["idle_in_transaction"]:
        problems.append(f"{after['idle_in_transaction']} connections idle in a transaction")
    return {"state": state, "problems": problems, "ok": not problems}


def event_chain_problems(story: dict) -> list[str]:
    events = story["events"]
    problems = [f"event {i + 1} starts at {events[i + 1][1]}, not at {events[i][2]}"
                for i in range(len(events) - 1) if events[i + 1][1] != events[i][2]]
    if events and events[-1][2] != story["status"]:
        problems.append(f"the last event ends at {events[-1][2]}, the row is {story['status']}")
    return problems


# --- the report ------------------------------------------------------------------------------


def window(records, start, end, kinds=None):
    return [r for r in records if start <= r.t0 < end and (kinds is None or r.kind in kinds)]


def percentile(values, q):
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def longest_gap(records, start, end) -> float:
    """The longest stretch with no successful reader response in [start, end)."""
    times = sorted(r.t1 for r in records if r.ok and start <= r.t1 < end)
    points = [start, *times, end]
    return round(max(b - a for a, b in itertools.pairwise(points)), 2)


def recovery(records, fault_end, run=RECOVERY_RUN) -> float | None:
    """From the fault's end to the first of `run` consecutive successful reader responses."""
    after = sorted((r for r in records if r.t0 >= fault_end and r.kind in READER_KINDS),
                   key=lambda r: r.t1)
    streak = 0
    for i, r in enumerate(after):
        streak = streak + 1 if r.ok else 0
        if streak == run:
            return round(max(0.0, after[i - run + 1].t1 - fault_end), 2)
    return None


READER_KINDS = ("cached", "uncached")


def status_text(records) -> str:
    counts = Counter(r.status for r in records)
    return " ".join(f"{'conn' if s == 0 else s}x{n}" for s, n in sorted(counts.items()))


def ms(value) -> str:
    return "-" if value is None else f"{value * 1000:.0f}"


def access_log_workers() -> dict[int, int]:
    """Request id -> the gunicorn worker that answered it, from the access log."""
    served = {}
    with contextlib.suppress(OSError), open(OUT_DIR / "access.log") as log_file:
        for line in log_file:
            parts = line.split()
            if len(parts) >= 3 and parts[0].strip("<>").isdigit() and parts[2].isdigit():
                served[int(parts[2])] = int(parts[0].strip("<>"))
    return served


def summarize(soak: Soak) -> dict:
    records, served = soak.load.records, access_log_workers()
    result = []
    for phase in soak.phases:
        recs = window(records, phase.start, phase.end)
        readers = [r for r in recs if r.kind in READER_KINDS]
        rows = []
        for kind in ("cached", "uncached", "desk", "health"):
            for via in ("front", "app"):
                group = [r for r in recs if r.kind == kind and r.via == via]
                if not group:
                    continue
                latencies = sorted(r.t1 - r.t0 for r in group)
                rows.append({"kind": kind, "via": via, "n": len(group),
                             "statuses": status_text(group),
                             "p50": percentile(latencies, 50), "p99": percentile(latencies, 99)})
        failures = defaultdict(int)
        for r in recs:
            if r.kind in (*READER_KINDS, "desk") and not r.ok:
                failures[served.get(r.rid, "unattributed")] += 1
        unavailable = [r for r in recs if r.status == 503]
        latencies = sorted(r.t1 - r.t0 for r in readers)
        result.append({
            "name": phase.name, "start": round(phase.start, 2), "end": round(phase.end, 2),
            "fault": phase.fault, "rows": rows,
            "readers": {"n": len(readers), "p50": percentile(latencies, 50),
                        "p99": percentile(latencies, 99),
                        "errors": sum(not r.ok for r in readers)},
            "longest_gap_s": longest_gap(readers, phase.start, phase.end),
            "recovery_s": recovery(records, phase.fault[1]) if phase.fault else None,
            "health": {page: status_text([r for r in recs if r.page == page])
                       for page in ("healthz", "readyz")},
            "retry_after": {"n_503": len(unavailable),
                            "with_header": sum(bool(r.retry_after) for r in unavailable),
                            "values": sorted({r.retry_after for r in unavailable
                                              if r.retry_after})},
            "failures_by_worker": dict(failures),
            "master": phase.master,
            "workers_before": phase.workers_before, "workers_after": phase.workers_after,
            "notes": phase.notes,
        })
    return {"phases": result}


def print_phase(p: dict) -> None:
    fault = p["fault"]
    span = f"{p['end'] - p['start']:.0f} s" + (
        f", fault {fault[1] - fault[0]:.1f} s" if fault and fault[1] is not None else "")
    print(f"\n== {p['name']} ({span}) ==")
    head = ["kind", "via", "requests", "p50 ms", "p99 ms", "statuses"]
    rows = [head] + [[r["kind"], r["via"], str(r["n"]), ms(r["p50"]), ms(r["p99"]), r["statuses"]]
                     for r in p["rows"]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head) - 1)]
    for row in rows:
        print("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  "
              + row[-1])
    readers = p["readers"]
    recovery_text = "" if not fault else (
        f"; recovery {p['recovery_s']} s" if p["recovery_s"] is not None
        else "; NOT recovered")
    print(f"  readers: p50 {ms(readers['p50'])} ms, p99 {ms(readers['p99'])} ms, "
          f"{readers['errors']} failed; longest gap without a success "
          f"{p['longest_gap_s']} s{recovery_text}")
    print(f"  /healthz {p['health']['healthz'] or '-'}; /readyz {p['health']['readyz'] or '-'}")
    notes = p["notes"]
    if "move" in notes:
        move = notes["move"]
        print(f"  unpublished story {move['pk']} during the outage: HTTP {move['status']}, "
              f"{'success' if move['ok'] else 'not success (' + (move['error'] or '?') + ')'}"
              f", committed {notes.get('committed')}; 410/404 after Redis was back: "
              + ", ".join(f"{via} {'never' if v is None else f'{v} s'}"
                          for via, v in notes.get("visible", {}).items()))
    if "slow" in notes:
        print(f"  slow connections at the front: {notes['slow']}")
    if "caught_mid_save" in notes:
        verdict = notes.get("verdict", {})
        print(f"  save held in its transaction: {notes['caught_mid_save']}; SIGKILLed "
              f"{notes.get('killed')}; orphaned backend gone after "
              f"{notes.get('backend_gone_in_s')} s; the save answered {notes.get('save_answer')}"
              f"; all workers running again {notes.get('respawned_in_s')} s after the kill"
              f" (at most); story "
              f"{verdict.get('state')}: {'; '.join(verdict.get('problems', [])) or 'consistent'}")
    ra = p["retry_after"]
    if ra["n_503"]:
        print(f"  503s: {ra['n_503']}, with Retry-After {ra['with_header']} {ra['values']}")
    if p["failures_by_worker"]:
        print("  failed requests by worker: " + ", ".join(
            f"{k}: {v}" for k, v in p["failures_by_worker"].items()))
    before, after = p["workers_before"], p["workers_after"]
    master = p["master"]
    print(f"  gunicorn master {master[0]}" + (" (same)" if master[0] == master[1]
                                               else f" -> {master[1]}")
          + f"; workers RSS MB {rss_text(before)} -> {rss_text(after)}")


def rss_text(rss: dict) -> str:
    known = [v for v in rss.values() if v]
    return f"{sum(known):.0f} [" + ", ".join(f"{pid}: {v}" for pid, v in rss.items()) + "]"


def memory_growth(samples) -> dict:
    if len(samples) < 2:
        return {"sum_pct": None, "per_worker_pct": {}, "recycled": []}
    first, last = samples[0][1], samples[-1][1]
    both = [pid for pid in first if pid in last and first[pid] and last[pid]]
    per = {pid: round(100 * (last[pid] - first[pid]) / first[pid], 1) for pid in both}
    total_first, total_last = sum(first[p] for p in both), sum(last[p] for p in both)
    return {"sum_pct": round(100 * (total_last - total_first) / total_first, 1) if both else None,
            "per_worker_pct": per, "recycled": sorted(set(first) ^ set(last))}


def criteria(args, summary: dict, soak: Soak) -> list[tuple[str, bool, str]]:
    phases = {p["name"]: p for p in summary["phases"]}
    records = soak.load.records
    out = []

    def recs(name, kinds, start=None, end=None):
        p = phases[name]
        return window(records, p["start"] if start is None else start,
                      p["end"] if end is None else end, kinds)

    def fives(rs):
        return sum(not r.ok for r in rs)

    p = "redis-stopped"
    readers, desk = recs(p, READER_KINDS), recs(p, ("desk",))
    out.append((f"Redis stopped {args.redis_down:g} s: no 5xx for readers or the desk",
                fives(readers) == 0 and fives(desk) == 0,
                f"readers {fives(readers)} of {len(readers)} failed ({status_text(readers)}), "
                f"desk {fives(desk)} of {len(desk)}"))

    p = "redis-hanging"
    readers, desk = recs(p, READER_KINDS), recs(p, ("desk",))
    p99 = phases[p]["readers"]["p99"]
    before = summary["phases"][[q["name"] for q in summary["phases"]].index(p) - 1]
    out.append((f"Redis hanging {args.redis_hang:g} s: no 5xx, p99 under 1 s",
                fives(readers) + fives(desk) == 0 and p99 is not None and p99 < 1.0,
                f"readers {fives(readers)} failed, desk {fives(desk)}, reader p99 {ms(p99)} ms "
                f"(the baseline before it: {ms(before['readers']['p99'])} ms)"))

    p = "pg-restart"
    phase = phases[p]
    failed = phase["failures_by_worker"]
    cached = recs(p, ("cached",))
    unserved = [r for r in cached if not 200 <= r.status < 400]
    same_master = phase["master"][0] == phase["master"][1]
    same_workers = sorted(phase["workers_before"]) == sorted(phase["workers_after"])
    total = sum(failed.values())
    out.append(("PostgreSQL restart: at most one failed request per worker, cached pages all "
                "served, no app restart",
                total <= args.workers and all(v <= 1 for k, v in failed.items()
                                              if k != "unattributed")
                and not unserved and same_master and same_workers,
                f"failed {total} ({failed or 'none'}), cached not served {len(unserved)} of "
                f"{len(cached)}, master {'same' if same_master else 'RESTARTED'}, workers "
                f"{'same' if same_workers else 'changed'}"))

    p = "pg-down"
    down_from, down_to = phases[p]["notes"]["window"]
    uncached = recs(p, ("uncached",), down_from, down_to)
    cached = recs(p, ("cached",), down_from, down_to)
    health = recs(p, ("health",), down_from, down_to)
    ready = [r for r in health if r.page == "readyz"]
    live = [r for r in health if r.page == "healthz"]
    good_uncached = [r for r in uncached if r.status == 503 and r.retry_after]
    good_cached = [r for r in cached if r.status in (200, 304)]
    out.append((f"PostgreSQL down {args.pg_down:g} s: uncached 503 with Retry-After, cached 200, "
                "/readyz 503, /healthz 200",
                bool(uncached) and len(good_uncached) == len(uncached)
                and len(good_cached) == len(cached)
                and bool(ready) and all(r.status == 503 for r in ready)
                and bool(live) and all(r.status == 200 for r in live),
                f"uncached {status_text(uncached)} ({len(good_uncached)} with Retry-After), "
                f"cached {status_text(cached)}, /readyz {status_text(ready)}, "
                f"/healthz {status_text(live)}"))

    if "slow-clients" in phases:
        p = "slow-clients"
        readers = recs(p, READER_KINDS)
        p99 = phases[p]["readers"]["p99"]
        out.append((f"{args.slow_clients} slow clients at the front for {args.slow_duration:g} s: "
                    "readers unaffected (no 5xx, p99 under 1 s)",
                    bool(readers) and fives(readers) == 0 and p99 is not None and p99 < 1.0,
                    f"readers {fives(readers)} of {len(readers)} failed, p99 {ms(p99)} ms; "
                    f"slow connections {phases[p]['notes'].get('slow')}"))

    victim = soak.extra.get("victim", {})
    move = victim.get("move") or {}
    visible = victim.get("visible", {})
    seen = visible.get("app")
    out.append((f"A move during a Redis outage answers success; readers see it within "
                f"{args.visible_bound:g} s of Redis coming back",
                bool(move.get("ok")) and seen is not None and seen <= args.visible_bound,
                f"unpublish answered HTTP {move.get('status')} "
                f"({'success' if move.get('ok') else 'not success: ' + (move.get('error') or '?')}"
                f", committed: {victim.get('committed')}); 410 seen "
                + ", ".join(f"{via} {'never' if v is None else f'{v} s'}"
                            for via, v in visible.items())
                + " after Redis was back"))

    kill = soak.extra.get("kill", {})
    verdict = kill.get("verdict", {})
    out.append(("A worker killed mid-save leaves no half-saved story; revisions and events "
                "consistent",
                bool(kill.get("caught_mid_save")) and bool(verdict.get("ok")),
                (f"caught inside its transaction, killed {kill.get('killed')}, " if
                 kill.get("caught_mid_save") else "the save was NOT caught mid-transaction, ")
                + f"story {verdict.get('state')}, "
                + ("; ".join(verdict.get("problems", [])) or "consistent")))

    growth = memory_growth(soak.extra.get("memory", []))
    per = growth["per_worker_pct"]
    out.append((f"Worker memory within 10% over {args.minutes:g} min of load",
                bool(per) and all(v <= 10 for v in per.values()),
                f"growth per worker {per or 'not measured'} %, sum {growth['sum_pct']} %"
                + (f"; recycled {growth['recycled']}" if growth["recycled"] else "")))
    return out


def report(args, soak: Soak) -> bool:
    summary = summarize(soak)
    print(f"\nNewsroom soak: {args.stories} stories, {args.readers} readers "
          f"({'half through nginx' if soak.load.front_port else 'straight to gunicorn, no nginx'}"
          f"), gunicorn {args.workers} sync workers, {len(soak.load.records)} requests, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the end")
    if soak.extra.get("busy"):
        print(f"WARNING: {soak.extra['busy']}; latencies are the machine's, not only the app's")
    for phase in summary["phases"]:
        print_phase(phase)
    samples = soak.extra.get("memory", [])
    if samples:
        warm = summary["phases"][-1]["notes"].get("warm_up_s")
        print(f"\n== memory: worker RSS MB every {args.rss_every:g} s, after {warm:g} s of "
              "warm-up ==")
        for t, rss in samples:
            print(f"  {t:>7.0f} s  {rss_text(rss)}")
    moves = soak.desk.moves
    print(f"\ndesk moves: {len(moves)}, {sum(m['ok'] for m in moves)} succeeded; failed: "
          + (", ".join(f"{m['move']} {m['pk']} at {m['t']} s ({m['error'] or m['status']})"
                       for m in moves if not m["ok"])[:1500] or "none"))
    results = criteria(args, summary, soak)
    print()
    for name, ok, got in results:
        print(f"[{'PASS' if ok else 'FAIL'}] {name}: {got}")
    summary["criteria"] = [{"name": n, "pass": ok, "got": g} for n, ok, g in results]
    summary["desk_moves"] = moves
    (OUT_DIR / "latest.json").write_text(json.dumps(summary, indent=1, default=str,
                                                    ensure_ascii=False))
    with open(OUT_DIR / "requests.csv", "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "t0", "t1", "kind", "page", "via", "status", "retry_after",
                         "cache", "error"])
        for r in soak.load.records:
            writer.writerow([r.rid, f"{r.t0:.3f}", f"{r.t1:.3f}", r.kind, r.page, r.via,
                             r.status, r.retry_after, r.cache, r.error])
    print(f"\nwrote {OUT_DIR / 'latest.json'} and {OUT_DIR / 'requests.csv'}")
    return all(ok for _n, ok, _g in results)


# --- main ------------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="short phases (5 s faults, 1 min of memory): to check the harness")
    parser.add_argument("--minutes", type=float, default=None,
                        help="minutes of steady load for the memory check (default 10; 1 quick)")
    parser.add_argument("--stories", type=int, default=2000, help="stories to seed")
    parser.add_argument("--readers", type=int, default=8, help="concurrent readers")
    parser.add_argument("--think", type=float, default=0.1,
                        help="seconds each reader waits between requests")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--desk-interval", type=float, default=3.0,
                        help="seconds between the desk client's moves")
    parser.add_argument("--redis-down", type=float, help="seconds Redis is stopped (30)")
    parser.add_argument("--redis-hang", type=float, help="seconds Redis is frozen (30)")
    parser.add_argument("--pg-down", type=float, help="seconds PostgreSQL is down (20)")
    parser.add_argument("--baseline", type=float, help="quiet seconds before each fault (20)")
    parser.add_argument("--after", type=float,
                        help="seconds after each fault still counted in its phase (15)")
    parser.add_argument("--visible-bound", type=float, default=5.0,
                        help="seconds within which readers must see the unpublish")
    parser.add_argument("--no-front", action="store_true", help="no nginx: readers hit gunicorn")
    parser.add_argument("--slow-clients", type=int, default=50,
                        help="slowloris connections held at the front (50)")
    parser.add_argument("--slow-duration", type=float, help="seconds they are held (30)")
    args = parser.parse_args()
    quick = args.quick
    defaults = {"minutes": (10, 1), "redis_down": (30, 5), "redis_hang": (30, 5),
                "pg_down": (20, 5), "baseline": (20, 5), "after": (15, 5),
                "slow_duration": (30, 5)}
    for name, (full, short) in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, short if quick else full)
    args.rss_every = 10 if quick else 30
    args.visible_wait = 15 if quick else 30
    if args.minutes <= 0 or args.stories < 20 or args.readers < 1 or args.workers < 1:
        parser.error("--minutes, --stories (>= 20), --readers and --workers must be positive")
    return args


def budget_s(args) -> float:
    """The longest the whole run may take: every phase, plus generous set-up time."""
    faults = args.redis_down + args.redis_hang + args.pg_down + args.slow_duration + 60
    return (20 * 60 + 6 * (args.baseline + args.after) + faults + args.visible_wait
            + args.minutes * 60 + 60)


def main() -> None:
    args = parse_args()
    # SIGTERM (make, CI, the watchdog) and SIGHUP unwind like Ctrl-C: every `with` below
    # stops what it started.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: sys.exit(143))
    watchdog = threading.Timer(budget_s(args), lambda: os.kill(os.getpid(), signal.SIGTERM))
    watchdog.daemon = True
    watchdog.start()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("access.log", "gunicorn.log", "redis.log", "worker.log"):
        (OUT_DIR / name).unlink(missing_ok=True)
    nginx = None if args.no_front else bench.tool("nginx")
    if not nginx and not args.no_front:
        log("nginx not found: readers go straight to gunicorn (apt-get install nginx-light)")
    pylib = bench.redis_client_path()
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-soak-"))
    tmp.chmod(0o755)  # the postgres user and nginx's workers read below it
    ok = False
    try:
        with contextlib.ExitStack() as stack:
            ports = set(SHARED_PORTS)
            for _service in ("pg", "redis", "app", "front"):
                ports.add(free_port(avoid=ports))
            pg_port, redis_port, app_port, front_port = sorted(ports - SHARED_PORTS)
            log(f"PostgreSQL on {pg_port}, Redis on {redis_port}, gunicorn on {app_port}"
                + (f", nginx on {front_port}" if nginx else ""))
            pg = stack.enter_context(Postgres(tmp, pg_port))
            redis = stack.enter_context(Redis(redis_port))
            dirs = {"static": str(tmp / "static"), "media": str(OUT_DIR / "media"),
                    "secret": secrets.token_urlsafe(40)}
            env = bench.app_env(SimpleNamespace(database_url=pg.url, public_max_age=None), dirs,
                                page_cache=True, pylib=pylib)
            env.update(CACHE_URL=f"redis://127.0.0.1:{redis_port}/0",
                       GUNICORN_WORKERS=str(args.workers), GUNICORN_WORKER_CLASS="sync",
                       GUNICORN_ACCESS_LOG=str(OUT_DIR / "access.log"))
            bench.prepare_database(SimpleNamespace(database_url=pg.url, n=args.stories), env)
            plan = bench.probe(env, "soak-plan")
            if nginx:  # not before: seeding would ask a front not started yet to refresh
                env = bench.front_app_env(env, front_port)
            if "error" in plan:
                sys.exit(f"soak: {plan['error']}")
            app = stack.enter_context(bench.Gunicorn(
                env, app_port, OUT_DIR / "gunicorn.log",
                ["--access-logformat", "%(p)s %(s)s %({x-soak-id}i)s %(M)s"],
            ))
            # Desk mail and the front's refreshes are its tasks (restarted if a fault ends it).
            stack.enter_context(bench.TaskWorker(env, OUT_DIR / "worker.log"))
            if nginx:
                stack.enter_context(bench.Nginx(tmp / "nginx", app_port, dirs["static"],
                                                dirs["media"], front_port))
            load = Load(app_port, front_port if nginx else None)
            stack.callback(load.finish)
            desk = Desk(load, "front" if nginx else "app", env["DEMO_PASSWORD"])
            if not desk.login():
                sys.exit("soak: the desk client could not log in as editor")
            soak = Soak(args, load, app, redis, pg, desk, env, plan)
            stack.callback(lambda: log("stopping everything the soak started"))
            ok = run_phases(args, soak, load, desk, plan)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(0 if ok else 1)


def run_phases(args, soak: Soak, load: Load, desk: Desk, plan) -> bool:
    soak.extra["busy"] = bench.busy_machine_warning()
    for n in range(args.readers):
        via = "front" if load.front_port and n % 2 == 0 else "app"
        load.spawn(reader, load, plan, via, args.think, n)
    load.spawn(health_poller, load)
    desk.active.set()
    load.spawn(desk.run, plan["desk"][:2], plan["desk"][2], args.desk_interval)
    soak.quiet("warm-up")
    soak.quiet()
    soak.slow_clients()
    soak.quiet()
    soak.redis_stopped()
    soak.quiet()
    soak.redis_hanging()
    desk.pause()  # from here the faults are the database's: no page-cache bumps meanwhile
    soak.quiet()
    soak.pg_restart()
    soak.quiet()
    soak.pg_down()
    soak.quiet()
    soak.worker_kill()
    desk.active.set()
    soak.memory()
    load.finish()
    return report(args, soak)


if __name__ == "__main__":
    main()
