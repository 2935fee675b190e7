"""bench/pageweight.py for real, quickly: the site started as in production, Chromium as a
throttled phone, and a report of the promised shape."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TYPES = {"document", "stylesheet", "font", "image", "script", "other"}

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
needs_the_stack = pytest.mark.skipif(
    not (shutil.which("nginx", path="/usr/sbin:/sbin:/usr/bin:/bin")
         and shutil.which("psql") and CHROMIUM.exists()),
    reason="needs nginx, PostgreSQL and Chromium",
)


@pytest.mark.browser
@needs_the_stack
def test_pageweight_quick_run_reports_each_page(tmp_path):
    out = tmp_path / "pageweight.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "pageweight.py"), "--quick", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "LCP" in done.stdout and "article" in done.stdout

    report = json.loads(out.read_text())
    assert report["profile"]["cpu_slowdown"] == 4
    assert report["profile"]["network"]["latency"] == 150
    assert set(report["pages"]) == {"home", "article"}
    for name, page in report["pages"].items():
        assert page["status"] == 200, name
        assert set(page["bytes"]) == TYPES
        assert page["bytes"]["document"] > 0 and page["bytes"]["stylesheet"] > 0
        assert page["total_bytes"] == sum(page["bytes"].values())
        assert page["requests"] >= 2
        assert 0 < page["fcp_ms"] <= page["lcp_ms"] < 30_000
        assert 0 <= page["cls"] < 1
        # Behind deploy/nginx.conf, as readers get it.
        assert page["html_encoding"] == "gzip"
