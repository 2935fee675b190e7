"""Helpers for tests that run real servers on loopback."""

import importlib.util
import socket
from pathlib import Path

from django.conf import settings


def free_port() -> int:
    """A loopback port nothing listens on (free for a server; closed for a client)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_run():
    """bench/run.py as a module: its Nginx runs the shipped deploy/nginx.conf."""
    path = Path(settings.BASE_DIR) / "bench" / "run.py"
    spec = importlib.util.spec_from_file_location("bench_run", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
