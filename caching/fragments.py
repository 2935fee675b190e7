"""Rendered story cards, kept in this process's memory under everything they show.

A home page renders about 35 cards through the template engine: after the cards' data
(articles/cards.py), the largest cost of an uncached page (docs/benchmarks.md, "Faster
misses"). A card's HTML depends only on its row, where it stands (slot, heading level, the
list's first place…), the edition's language, time zone and digits, and the template: the
key holds all but the template, which changes only with a deploy, that is a new process. So
a copy is never stale and needs no invalidation; a story edited gets a new key, and the old
one ages out. Per process, not shared: no round trip to Redis for 35 small reads, and every
worker renders a card once.
"""

import threading

from django.core.signals import setting_changed
from django.dispatch import receiver

MAX_FRAGMENTS = 4000  # about 2.5 MB of HTML per worker at most

_fragments: dict = {}
_lock = threading.Lock()


def fragment(key: tuple, render) -> str:
    """`render()`, or its copy made under the same `key` (a tuple of everything it shows)."""
    html = _fragments.get(key)
    if html is None:
        html = render()
        with _lock:
            if len(_fragments) >= MAX_FRAGMENTS:
                _fragments.clear()  # rare, and each card costs one render to come back
            _fragments[key] = html
    return html


def forget() -> None:
    """Drop every copy (tests; a template edited under runserver)."""
    with _lock:
        _fragments.clear()


@receiver(setting_changed)
def _forget_on_setting_change(**kwargs):
    """A setting (media URL, languages…) may change what a card shows: tests, not sites."""
    forget()
