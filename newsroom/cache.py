"""A Redis cache that is an optimisation, never a dependency.

`RedisCache` is Django's own Redis backend with two additions, so that every cache use in
the project (the page cache, site settings, sessions' neighbours, anything later) survives
a Redis that is down or hanging:

- an error or a timeout is a miss (reads return the default) or a no-op (writes), never an
  exception; short socket timeouts (settings: NEWSROOM_CACHE_SOCKET_TIMEOUT) bound the wait;
- a per-process circuit breaker: after an error the cache is skipped entirely for
  RETRY_SECONDS, then one call tries again (the others still skip until it has answered).
  A hanging Redis so costs each worker one timeout per RETRY_SECONDS, not one per cache call
  (a page makes several), which is what keeps a sync gunicorn worker answering.

The log says once that the cache went bad and once that it is back, per process, however
many calls failed in between.

Why not django-redis with IGNORE_EXCEPTIONS: it swallows errors but has no breaker, so a
hanging Redis still costs every call its full timeout.
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2.0


class _Breaker:
    """Closed (use the cache), or open until `retry_at` (skip it); per process."""

    def __init__(self):
        self._lock = threading.Lock()
        self.broken = False  # True from the first failure to the first success after it
        self.retry_at = 0.0  # time.monotonic() before which the cache is skipped

    def allow(self) -> bool:
        """Whether a call may use the cache now. While open, only the first caller after
        `retry_at` may (it pushes `retry_at` on, so the others keep skipping meanwhile)."""
        if not self.broken:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self.retry_at:
                return False
            self.retry_at = now + RETRY_SECONDS
            return True

    def failed(self, error: Exception) -> None:
        with self._lock:
            self.retry_at = time.monotonic() + RETRY_SECONDS
            if self.broken:
                return
            self.broken = True
        logger.warning(
            "Cache unavailable (%s: %s); serving without it, retrying every %.0f s",
            type(error).__name__, error, RETRY_SECONDS,
        )

    def succeeded(self) -> None:
        if not self.broken:
            return
        with self._lock:
            if not self.broken:
                return
            self.broken = False
        logger.warning("Cache available again")


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
            breaker.failed(error)
            return default
        breaker.succeeded()
        return result

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
