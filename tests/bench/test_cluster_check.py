"""bench/cluster_check.py for real, quickly: two gunicorns behind deploy/nginx.conf sharing
PostgreSQL, Redis and a moto bucket; a publish, an upload and a stopped app server."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

needs_the_stack = pytest.mark.skipif(
    not (shutil.which("nginx", path="/usr/sbin:/sbin:/usr/bin:/bin")
         and shutil.which("psql") and shutil.which("redis-server")),
    reason="needs nginx, PostgreSQL and redis-server",
)


@needs_the_stack
def test_cluster_check_quick_run_passes_every_check(tmp_path):
    out = tmp_path / "cluster.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "cluster_check.py"), "--quick", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert "All checks passed." in done.stdout

    results = json.loads(out.read_text())["results"]
    assert set(results) == {"serve", "publish", "photo", "failover"}
    assert all(result["ok"] for result in results.values())
    assert results["failover"]["errors"] == 0
    assert results["failover"]["requests"] > 100
    assert results["failover"]["upstream"] > 0  # some requests really reached an app server
    assert results["photo"]["urls"] > 5 and not results["photo"]["bad"]
    assert max(results["publish"]["delay_ms"].values()) <= 2000
