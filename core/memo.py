"""Per-process memory of the URLs and dates that every story card of a public page recomputes.

The answers depend only on their arguments and on what the request has active (language,
script prefix, URL conf, time zone), so they are keyed on all of those, bounded, and emptied
when a setting changes. Costs: docs/benchmarks.md, "Story cards' URLs and dates".
"""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation

from core.dates import EGYPTIAN, GREGORIAN, calendar_texts, separator


def cached_reverse(viewname: str, **kwargs) -> str:
    """`reverse(viewname, kwargs=kwargs)`, remembered for the active language, script prefix
    and URL conf."""
    return _reverse(
        viewname, tuple(sorted(kwargs.items())), translation.get_language(),
        get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF,
    )


@functools.lru_cache(maxsize=20_000)
def _reverse(viewname, items, language, prefix, urlconf) -> str:
    return reverse(viewname, kwargs=dict(items))


def local_date(moment, fmt: str, calendar: str = GREGORIAN,
               months: str = EGYPTIAN) -> tuple[str, str]:
    """(ISO 8601, formatted text) of `moment` in the active time zone and language, in the
    site's calendar and month names (core/dates.py); two calendars' texts are joined by
    the edition's separator."""
    iso, texts = local_dates(moment, fmt, calendar, months)
    return iso, separator().join(texts)


def local_dates(moment, fmt: str, calendar: str = GREGORIAN,
                months: str = EGYPTIAN) -> tuple[str, tuple[str, ...]]:
    """(ISO 8601, (text of each calendar shown…)): as `local_date`, a text per calendar."""
    return _local_date(
        moment, fmt, translation.get_language(), timezone.get_current_timezone_name(),
        calendar, months,
    )


@functools.lru_cache(maxsize=8192)
def _local_date(moment, fmt, language, zone, calendar, months) -> tuple[str, tuple[str, ...]]:
    local = timezone.localtime(moment)
    return local.isoformat(), tuple(calendar_texts(local, fmt, calendar=calendar, months=months))


@receiver(setting_changed)
def forget(**kwargs) -> None:
    _reverse.cache_clear()
    _local_date.cache_clear()
