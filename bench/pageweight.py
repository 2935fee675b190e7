"""`make pageweight`: what a reader on a slow phone downloads and waits for, page by page.

    .venv/bin/python bench/pageweight.py [--runs 3] [--quick] [--json PATH]

Starts the site as it runs in production, as bench/run.py does: PostgreSQL (its own database,
migrated, with the demo newsroom of `load_demo`), collectstatic, gunicorn with production
settings and deploy/gunicorn.conf.py, Redis for the page cache, and deploy/nginx.conf in front.
Then Chromium (Playwright, /usr/bin/chromium) loads each page cold (new context, cache
disabled) as a throttled phone: 390x844 at 3x, 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up
(Network.emulateNetworkConditions) and a 4x slower CPU (Emulation.setCPUThrottlingRate),
without the site's fonts installed (unless --local-fonts).

Prints, per page (home and the demo article, Arabic and English editions), the median of
--runs loads: transfer bytes by type, requests, FCP, LCP and CLS (PerformanceObserver,
buffered) and the HTML's Content-Encoding. `--quick` loads the Arabic article and home once.
Writes var/bench/pageweight.json (or --json PATH). Every process started here is stopped.
"""

# A command-line tool: printing the table is its job.
# ruff: noqa: T201

import argparse
import importlib.util
import json
import os
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)
bench.LOG_NAME = "pageweight"

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_pageweight"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 390, "height": 844}
DEVICE_SCALE = 3
NETWORK = {  # CDP units: ms and bytes per second
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}
CPU_SLOWDOWN = 4
TYPES = ("document", "stylesheet", "font", "image", "script", "other")
# The site's own faces hidden from Chromium (fontconfig), as on a phone that lacks them (an
# iPhone; Android ships both): the web fonts are then fetched, as the worst case. --local-fonts
# keeps this machine's fonts.
SITE_FAMILIES = ("Noto Naskh Arabic", "Noto Serif")
FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont>{patterns}</rejectfont></selectfont>
</fontconfig>
"""
SETTLE_MS = 500  # after the network is idle: late layout shifts and LCP candidates still count

# Read after the load: buffered entries reach a new observer asynchronously.
METRICS_JS = """
() => new Promise(resolve => {
  const nav = performance.getEntriesByType('navigation')[0];
  const out = {lcp: null, lcpElement: null, cls: 0, fcp: null,
               load: nav ? nav.loadEventStart : null};
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  if (fcp) out.fcp = fcp.startTime;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      out.lcp = e.startTime;
      out.lcpElement = e.element ? e.element.tagName.toLowerCase() +
        (e.element.className ? '.' + String(e.element.className).split(' ')[0] : '') : null;
    }
  }).observe({type: 'largest-contentful-paint', buffered: true});
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) out.cls += e.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(out), 200);
})
"""


def kind(resource_type: str) -> str:
    name = (resource_type or "").lower()
    return name if name in TYPES else "other"


def load_once(browser, url: str) -> dict:
    """One cold load of `url` as the throttled phone."""
    context = browser.new_context(
        viewport=VIEWPORT, device_scale_factor=DEVICE_SCALE, is_mobile=True, has_touch=True,
    )
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        requests, done, document = {}, {}, {}

        def on_response(event):
            requests[event["requestId"]] = kind(event.get("type"))
            if event.get("type") == "Document" and not document:
                headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
                document.update(status=event["response"]["status"],
                                encoding=headers.get("content-encoding", "identity"))

        def on_finished(event):
            done[event["requestId"]] = event["encodedDataLength"]

        cdp.on("Network.responseReceived", on_response)
        cdp.on("Network.loadingFinished", on_finished)
        page.goto(url, wait_until="load", timeout=60_000)
        # A preloaded font may still be arriving after `load`; its swap can shift the layout.
        page.wait_for_load_state("networkidle", timeout=60_000)
        page.wait_for_timeout(SETTLE_MS)
        metrics = page.evaluate(METRICS_JS)
        by_type = dict.fromkeys(TYPES, 0)
        for request_id, size in done.items():
            by_type[requests.get(request_id, "other")] += size
        return {
            "status": document.get("status"),
            "html_encoding": document.get("encoding"),
            "requests": len(done),
            "bytes": by_type,
            "total_bytes": sum(by_type.values()),
            "fcp_ms": metrics["fcp"],
            "lcp_ms": metrics["lcp"],
            "lcp_element": metrics["lcpElement"],
            "cls": round(metrics["cls"], 4),
            "load_ms": metrics["load"],
        }
    finally:
        context.close()


def median_of(loads: list[dict]) -> dict:
    def med(values):
        values = [v for v in values if v is not None]
        return round(statistics.median(values), 1) if values else None

    return {
        "runs": len(loads),
        "status": loads[0]["status"],
        "html_encoding": loads[0]["html_encoding"],
        "requests": int(med([x["requests"] for x in loads])),
        "bytes": {t: int(med([x["bytes"][t] for x in loads])) for t in TYPES},
        "total_bytes": int(med([x["total_bytes"] for x in loads])),
        "fcp_ms": med([x["fcp_ms"] for x in loads]),
        "lcp_ms": med([x["lcp_ms"] for x in loads]),
        "lcp_element": statistics.mode([x["lcp_element"] for x in loads]),
        "cls": med([x["cls"] for x in loads]),
        "load_ms": med([x["load_ms"] for x in loads]),
        "all": loads,
    }


def chromium_env(tmp: Path, local_fonts: bool) -> dict:
    env = dict(os.environ)
    if not local_fonts:
        patterns = "".join(
            f'<pattern><patelt name="family"><string>{family}</string></patelt></pattern>'
            for family in SITE_FAMILIES
        )
        conf = tmp / "fonts.conf"
        conf.write_text(FONTCONFIG.format(patterns=patterns))
        env["FONTCONFIG_FILE"] = str(conf)
    return env


def measure(base_url: str, pages: dict, runs: int, env: dict) -> dict:
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, env=env,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        try:
            for name, path in pages.items():
                loads = [load_once(browser, base_url + path) for _ in range(runs)]
                results[name] = {"path": path, **median_of(loads)}
                bench.log(f"{name}: LCP {results[name]['lcp_ms']} ms, "
                          f"{results[name]['total_bytes']} B")
        finally:
            browser.close()
    return results


def kb(n: int) -> str:
    return f"{n / 1000:.1f}"


def print_table(results: dict) -> None:
    head = (f"{'page':<11} {'req':>3} {'total':>6} " + " ".join(f"{t[:5]:>6}" for t in TYPES)
            + f" {'FCP':>6} {'LCP':>6} {'load':>6} {'CLS':>5}  html     LCP element")
    print(f"transfer sizes in kB; times in ms; median of {next(iter(results.values()))['runs']}")
    print(head)
    for name, r in results.items():
        print(f"{name:<11} {r['requests']:>3} {kb(r['total_bytes']):>6} "
              + " ".join(f"{kb(r['bytes'][t]):>6}" for t in TYPES)
              + f" {r['fcp_ms'] or 0:>6.0f} {r['lcp_ms'] or 0:>6.0f} {r['load_ms'] or 0:>6.0f}"
              + f" {r['cls']:>5.3f}  {r['html_encoding']:<8} {r['lcp_element']}")


def pages_to_load(env, quick: bool) -> dict:
    found = bench.probe(env, "urls")
    pages = {"home": "/", "article": found["pages"]["article"]}
    if not quick:
        pages |= {"home-en": "/en/", "article-en": found["article_en"]}
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="loads per page (median)")
    parser.add_argument("--quick", action="store_true",
                        help="one load each of the Arabic home and article")
    parser.add_argument("--json", type=Path, default=bench.OUT_DIR / "pageweight.json")
    parser.add_argument("--local-fonts", action="store_true",
                        help="let Chromium use this machine's copies of the site's fonts")
    parser.add_argument("--database-url", default=os.environ.get("PAGEWEIGHT_DATABASE_URL",
                                                                 DEFAULT_DATABASE_URL))
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    if not 1 <= runs <= 15:
        parser.error("--runs must be between 1 and 15")
    if not Path(CHROMIUM).exists():
        sys.exit(f"pageweight: Chromium not found at {CHROMIUM} (apt-get install chromium)")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    bench.OUT_DIR.mkdir(parents=True, exist_ok=True)
    bench.ensure_tools()
    bench.ensure_services()
    pylib = bench.redis_client_path()
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-pageweight-"))
    tmp.chmod(0o755)  # nginx's workers run as another user ("nobody" when started by root)
    dirs = {"static": str(tmp / "static"), "media": str(bench.OUT_DIR / "pageweight-media"),
            "nginx": tmp / "nginx", "secret": secrets.token_urlsafe(40)}
    options = SimpleNamespace(database_url=args.database_url, public_max_age=None)
    try:
        env = bench.app_env(options, dirs, page_cache=True, pylib=pylib)
        bench.ensure_database(args.database_url)
        bench.log("migrate, load_demo, collectstatic")
        bench.manage(env, "migrate", "--no-input", "-v0")
        bench.manage(env, "load_demo", stdout=bench.subprocess.DEVNULL)
        bench.manage(env, "collectstatic", "--noinput", "-v0")
        pages = pages_to_load(env, args.quick)
        bench.redis_command("FLUSHDB")
        port = bench.free_port()
        with bench.Gunicorn(env, port, tmp / "gunicorn.log") as _app, \
                bench.Nginx(dirs["nginx"], port, dirs["static"], dirs["media"]) as nginx:
            busy = bench.busy_machine_warning()  # a throttled CPU on a busy one is slower still
            if busy:
                bench.log(f"WARNING: {busy}")
            base = f"http://127.0.0.1:{nginx.front_port}"
            for path in pages.values():  # the page cache warm, as readers find it
                bench.fetch(nginx.front_port, path)
            results = measure(base, pages, runs, chromium_env(tmp, args.local_fonts))
        report = {
            "pages": results,
            "profile": {"viewport": VIEWPORT, "device_scale_factor": DEVICE_SCALE,
                        "network": NETWORK, "cpu_slowdown": CPU_SLOWDOWN, "runs": runs,
                        "site_fonts_installed": args.local_fonts,
                        "served_by": "nginx (deploy/nginx.conf) + gunicorn, production settings"},
            "busy_warning": busy,
            "load_average": round(os.getloadavg()[0], 1),
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        print_table(results)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
