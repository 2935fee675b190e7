"""Django's PostgreSQL backend, waiting a moment for a server that is restarting, and
never preparing a query whose best plan depends on the words searched.

A new connection is retried for up to DATABASE_CONNECT_RETRY_SECONDS, so a restart costs a
short wait instead of failed requests; after a window without an answer, connections try
once for DOWN_SECONDS, so a real outage does not hold every worker (docs/benchmarks.md,
"Connecting during a PostgreSQL restart").

Queries are prepared once per connection (settings: DATABASE_PREPARE_THRESHOLD), and after
five runs PostgreSQL may keep one generic plan, made without the parameters' values. For full
text search that plan cannot fold the searched words into a constant tsquery and cost 2.8
times the CPU of a plan made per search (docs/benchmarks.md, "Prepared statements"): such
queries are sent unprepared, planned every time as before.
"""

import re
import threading
import time

from django.conf import settings
from django.db.backends.postgresql import base

DOWN_SECONDS = 10.0
FIRST_PAUSE, LONGEST_PAUSE = 0.05, 0.4

_down_until = 0.0  # time.monotonic() until which connecting is tried once, without waiting
_lock = threading.Lock()
# SQL whose plan depends on the words searched (search/queries.py): never prepared.
PLANNED_EACH_TIME = re.compile(r"_tsquery\(|word_similarity\(")


def _mark(down: bool) -> None:
    global _down_until
    with _lock:
        _down_until = time.monotonic() + DOWN_SECONDS if down else 0.0


class ServerBindingCursor(base.ServerBindingCursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        if prepare is None and isinstance(query, str) and PLANNED_EACH_TIME.search(query):
            prepare = False
        return super().execute(query, params, prepare=prepare, binary=binary)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if params.get("cursor_factory") is base.ServerBindingCursor:
            params["cursor_factory"] = ServerBindingCursor
        return params

    def get_new_connection(self, conn_params):
        window = getattr(settings, "DATABASE_CONNECT_RETRY_SECONDS", 2.0)
        started = time.monotonic()
        waiting = started >= _down_until
        pause = FIRST_PAUSE
        while True:
            try:
                connection = super().get_new_connection(conn_params)
            except self.Database.OperationalError:
                left = window - (time.monotonic() - started)
                if not waiting or left <= 0:
                    _mark(down=True)
                    raise
                time.sleep(min(pause, left))
                pause = min(pause * 2, LONGEST_PAUSE)
                continue
            _mark(down=False)
            return connection
