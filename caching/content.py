"""Small content every readers' page needs, kept in the shared cache under the page cache's
change version (pagecache.CHANGE_KEY): every public change moves it, so a copy cannot
outlive any change.

Each process also keeps the copy it last read with its version, and uses it while the
shared version is the same and the copy is younger than its time: a page then reads one
small number from the cache for each, not the whole value to unpickle (the site settings,
the menu's sections, the most-read stories; docs/benchmarks.md, "Faster misses")."""

import threading
import time

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.dispatch import receiver

from caching.pagecache import CHANGE_KEY as VERSION_KEY
from sitesettings.models import SiteSettings

SITE_SETTINGS_KEY = "newsroom:site-settings"
SITE_SETTINGS_SECONDS = 300

_local: dict = {}  # key -> (version, wall-clock expiry, value)
_lock = threading.Lock()
_request = threading.local()  # .memo: the version as this request first read it


@receiver(request_started)
def _request_started(**kwargs):
    _request.memo = {}


@receiver(request_finished)
def _request_finished(**kwargs):
    _request.memo = None


def _version():
    """The content version, read once per request (a page reads up to three values under
    it: one round trip, not three); outside a request, read each time."""
    memo = getattr(_request, "memo", None)
    if memo is None:
        return cache.get(VERSION_KEY)
    if "version" not in memo:
        memo["version"] = cache.get(VERSION_KEY)
    return memo["version"]


def site_settings() -> SiteSettings:
    """SiteSettings.load(), from the cache when its copy was made under the current version;
    without a version or a working cache the row is read (docs/architecture-notes.md)."""
    return under_version(SITE_SETTINGS_KEY, SITE_SETTINGS_SECONDS, SiteSettings.load)


def under_version(key: str, seconds: int, compute):
    """`compute()`, kept `seconds` in the shared cache under the current content version (as
    site_settings is): a public change makes the copy unusable at once. For a small value a
    readers' page computes on every render (public/mostread.py: the most-read list).

    The value may be shared by the requests of this process: callers must not change it."""
    version = _version()
    if version is None:
        return compute()
    now = time.time()
    local = _local.get(key)
    if local is not None and local[0] == version and local[1] > now:
        return local[2]
    shared = cache.get(key)
    if (isinstance(shared, tuple) and len(shared) == 3 and shared[0] == version
            and shared[1] + seconds > now):
        made, value = shared[1], shared[2]
    else:
        made, value = now, compute()
        cache.set(key, (version, made, value), seconds)
    with _lock:
        _local[key] = (version, made + seconds, value)
    return value


def forget_local() -> None:
    """Drop this process's copies (tests)."""
    with _lock:
        _local.clear()
