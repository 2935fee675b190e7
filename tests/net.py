"""Helpers for tests that run real servers on loopback."""

import importlib.util
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


def serve_http(respond) -> ThreadingHTTPServer:
    """An HTTP server on a free loopback port, serving in a daemon thread: `respond(request)`
    gives (status, headers, body) for each GET. Stop it with shutdown() and server_close()."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, headers, body = respond(self)
            self.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
