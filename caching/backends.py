"""Django's Redis cache backend whose failures are misses and no-ops, never errors.

After one failure the process skips Redis until a background ping finds it back, so a hanging
Redis costs a worker one timeout, not one per call; the log says so once each way. (django-redis's
IGNORE_EXCEPTIONS has no such breaker.)
"""

import logging
import os
import threading
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2.0


class _Breaker:
    """Closed (use the cache) or open (skip it until a ping answers); per process."""

    def __init__(self):
        self._lock = threading.Lock()
        self.broken = False  # from the first failure to the first ping that answers
        self._pinger: threading.Thread | None = None
        self._pid = os.getpid()

    def allow(self) -> bool:
        if self.broken and self._pid != os.getpid():
            self.broken = False  # forked after a failure: the pinger stayed in the parent
        return not self.broken

    def failed(self, error: Exception, ping) -> None:
        with self._lock:
            if self.broken:
                return
            self.broken = True
            self._pid = os.getpid()
            self._pinger = threading.Thread(
                target=self._ping_until_back, args=(ping,), name="cache-breaker", daemon=True
            )
            self._pinger.start()
        logger.warning(
            "Cache unavailable (%s: %s); serving without it, retrying every %.0f s",
            type(error).__name__, error, RETRY_SECONDS,
        )

    def _ping_until_back(self, ping) -> None:
        while breaker is self:  # tests replace the breaker: an old one's thread then ends
            time.sleep(RETRY_SECONDS)
            try:
                ping()
            except _errors():
                continue
            with self._lock:
                self.broken = False
            logger.warning("Cache available again")
            return


breaker = _Breaker()


def _errors():
    import redis

    return (redis.exceptions.RedisError, OSError)


class RedisCache(DjangoRedisCache):
    """Django's RedisCache whose failures are misses and no-ops (see the module docstring)."""

    def _safe(self, call, default, *args, **kwargs):
        if not breaker.allow():
            return default
        try:
            result = call(*args, **kwargs)
        except _errors() as error:
            breaker.failed(error, self._ping)
            return default
        return result

    def _ping(self):
        self._cache.get_client(write=True).ping()

    @property
    def available(self) -> bool:
        """False while the breaker skips the cache (its content is then not known)."""
        return not breaker.broken

    def add(self, *args, **kwargs):
        return self._safe(super().add, False, *args, **kwargs)

    def get(self, key, default=None, version=None):
        return self._safe(super().get, default, key, default, version)

    def set(self, *args, **kwargs):
        return self._safe(super().set, None, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._safe(super().touch, False, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._safe(super().delete, False, *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._safe(super().get_many, {}, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._safe(super().has_key, False, *args, **kwargs)

    def incr(self, key, delta=1, version=None):
        # A missing key still raises ValueError, as Django documents; an outage does too,
        # since there is no right number to return.
        result = self._safe(super().incr, _FAILED, key, delta, version)
        if result is _FAILED:
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        return result

    def set_many(self, data, *args, **kwargs):
        return self._safe(super().set_many, list(data), data, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._safe(super().delete_many, None, *args, **kwargs)

    def clear(self):
        return self._safe(super().clear, False)


_FAILED = object()
