"""Small content every readers' page needs, kept in the shared cache under the page cache's
change version (pagecache.CHANGE_KEY): every public change moves it, so a copy cannot
outlive any change."""

from django.core.cache import cache

from caching.pagecache import CHANGE_KEY as VERSION_KEY
from sitesettings.models import SiteSettings

SITE_SETTINGS_KEY = "newsroom:site-settings"
SITE_SETTINGS_SECONDS = 300


def site_settings() -> SiteSettings:
    """SiteSettings.load(), from the cache when its copy was made under the current version;
    without a version or a working cache the row is read (docs/architecture-notes.md)."""
    values = cache.get_many([SITE_SETTINGS_KEY, VERSION_KEY])
    version, cached = values.get(VERSION_KEY), values.get(SITE_SETTINGS_KEY)
    if version is not None and isinstance(cached, tuple) and cached[0] == version:
        return cached[1]
    obj = SiteSettings.load()
    if version is not None:
        cache.set(SITE_SETTINGS_KEY, (version, obj), SITE_SETTINGS_SECONDS)
    return obj


def under_version(key: str, seconds: int, compute):
    """`compute()`, kept `seconds` in the shared cache under the current content version (as
    site_settings is): a public change makes the copy unusable at once. For a small value a
    readers' page computes on every render (public/mostread.py: the most-read list)."""
    values = cache.get_many([key, VERSION_KEY])
    version, cached = values.get(VERSION_KEY), values.get(key)
    if version is not None and isinstance(cached, tuple) and cached[0] == version:
        return cached[1]
    value = compute()
    if version is not None:
        cache.set(key, (version, value), seconds)
    return value
