"""Shared by the caching tests: the WSGI door as gunicorn runs it, a hand-moved clock for
the page cache's process memory, and a redis-server of a test's own."""

import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest

from tests.net import free_port


class Door:
    """caching.wsgi's CachedPagesApp around Django's own handler, counting what gets
    through to Django."""

    def __init__(self):
        from django.core.handlers.wsgi import WSGIHandler

        from caching.wsgi import CachedPagesApp

        self.django_calls = 0
        handler = WSGIHandler()

        def django(environ, start_response):
            self.django_calls += 1
            return handler(environ, start_response)

        self.app = CachedPagesApp(django)

    def get(self, path, method="GET", **headers):
        from urllib.parse import unquote_to_bytes, urlsplit
        from wsgiref.util import setup_testing_defaults

        from django.utils.encoding import iri_to_uri

        # What gunicorn hands over: the path percent-decoded to bytes, as latin-1 text.
        url = urlsplit(iri_to_uri(path))
        environ = {
            "REQUEST_METHOD": method, "QUERY_STRING": url.query,
            "PATH_INFO": unquote_to_bytes(url.path).decode("iso-8859-1"),
            "HTTP_HOST": headers.pop("HOST", "testserver"), "SERVER_NAME": "testserver",
            **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
        }
        setup_testing_defaults(environ)
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer["status"] = int(status.split()[0])
            answer["headers"] = dict(response_headers)

        body = b"".join(self.app(environ, start_response))
        return answer["status"], answer["headers"], body


@pytest.fixture
def door():
    """A Door; like Django's test client, it keeps the test's database connection open
    (the real handler closes it at the end of each request)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield Door()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class Clock:
    """time.monotonic for caching.pagecache, moved by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    from caching import pagecache

    moved = Clock()
    monkeypatch.setattr(pagecache.time, "monotonic", moved)
    return moved


class RedisServer:
    """A redis-server of this test's own, with no persistence."""

    def __init__(self, directory):
        self.port = free_port()
        self.directory = str(directory)  # where save() writes, and a restart reads
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", self.directory],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.resume()
        self.process.terminate()
        self.process.wait(10)

    def save(self):
        import redis

        redis.Redis(port=self.port).save()

    def hang(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)

    @contextmanager
    def hanging(self):
        self.hang()
        try:
            yield
        finally:
            self.resume()
