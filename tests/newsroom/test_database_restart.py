"""A new connection waits a moment for a PostgreSQL that is restarting (newsroom/db/).

Real connections through a TCP forwarder to the test's PostgreSQL: the forwarder's port
refuses connections, as a restarting server does, until the test opens it.
"""

import contextlib
import socket
import threading
import time

import pytest
from django.db import OperationalError, connection

from newsroom.db.postgresql import base as backend
from tests.net import free_port

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


class Forwarder:
    """Listens on `port` (once opened) and pipes each connection to the real server."""

    def __init__(self, port, target):
        self.port, self.target = port, target
        self.server = None

    def open(self):
        self.server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def close(self):
        if self.server:
            self.server.close()


@pytest.fixture
def restarting(db):
    """A connection wrapper whose server answers on a port that is closed for now."""
    backend._mark(down=False)
    settings = connection.settings_dict
    target = (settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432))
    forwarder = Forwarder(free_port(), target)
    wrapper = backend.DatabaseWrapper({**settings, "PORT": str(forwarder.port)}, alias="restarting")
    yield forwarder, wrapper
    wrapper.close()
    forwarder.close()
    backend._mark(down=False)


def test_a_restarting_server_is_waited_for(restarting):
    forwarder, wrapper = restarting
    threading.Timer(0.5, forwarder.open).start()
    started = time.monotonic()
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert time.monotonic() - started >= 0.4


def test_a_server_that_stays_down_fails_after_the_window_then_at_once(restarting, settings):
    forwarder, wrapper = restarting
    settings.DATABASE_CONNECT_RETRY_SECONDS = 0.6
    started = time.monotonic()
    with pytest.raises(OperationalError):
        wrapper.ensure_connection()
    assert 0.55 <= time.monotonic() - started < 3
    # Known to be down: the next request gets its 503 without waiting the window again.
    started = time.monotonic()
    with pytest.raises(OperationalError):
        wrapper.ensure_connection()
    assert time.monotonic() - started < 0.3
    # And once it answers, connecting works again straight away.
    forwarder.open()
    wrapper.ensure_connection()
    assert wrapper.is_usable()
