"""Rendered parts of readers' pages, kept in this process's memory under everything they show.

A home page renders about 35 cards through the template engine: after the cards' data
(articles/cards.py), the largest cost of an uncached page (docs/benchmarks.md, "Faster
misses"). A card's HTML depends only on its row, where it stands (slot, heading level, the
list's first place…), the edition's language, time zone and digits, and the template: the
key holds all but the template, which changes only with a deploy, that is a new process. So
a copy is never stale and needs no invalidation; a story edited gets a new key, and the old
one ages out. Per process, not shared: no round trip to Redis for 35 small reads, and every
worker renders a card once. The story page's own parts (public/templatetags/kept.py) are kept
the same way, in a store of their own bounded by size, as each is some kilobytes.
"""

import hashlib
import pickle
import threading

from django.core.signals import setting_changed
from django.dispatch import receiver


class Store:
    """Copies by key, emptied whole when one more would pass `max_items` or `max_chars`:
    rare, and each copy costs one render to come back."""

    def __init__(self, max_items: int, max_chars: int):
        self.max_items, self.max_chars = max_items, max_chars
        self._copies: dict = {}
        self._chars = 0
        self._lock = threading.Lock()

    def get(self, key: tuple, render) -> str:
        html = self._copies.get(key)
        if html is None:
            html = render()
            with self._lock:
                if (len(self._copies) >= self.max_items
                        or self._chars + len(html) > self.max_chars):
                    self.clear()
                self._copies[key] = html
                self._chars += len(html)
        return html

    def clear(self) -> None:
        self._copies.clear()
        self._chars = 0


CARDS = Store(max_items=4000, max_chars=3_000_000)  # about 2.5 MB of HTML per worker at most
PAGE_PARTS = Store(max_items=500, max_chars=1_500_000)  # about 40 stories' parts, 3 MB


def fragment(key: tuple, render, store: Store = CARDS) -> str:
    """`render()`, or its copy made under the same `key` (a tuple of everything it shows)."""
    return store.get(key, render)


def row(instance) -> tuple | None:
    """Every column of `instance`'s row as loaded, for a key; None for no row."""
    if instance is None:
        return None
    values = instance.__dict__
    return tuple(values.get(f.attname) for f in instance._meta.concrete_fields)


def digest(*parts) -> bytes:
    """A short fingerprint of `parts` (rows, strings, dates): a key that holds a story's
    body would keep a second copy of it."""
    return hashlib.blake2b(pickle.dumps(parts, protocol=5), digest_size=20).digest()


def forget() -> None:
    """Drop every copy (tests; a template edited under runserver)."""
    for store in (CARDS, PAGE_PARTS):
        with store._lock:
            store.clear()


@receiver(setting_changed)
def _forget_on_setting_change(**kwargs):
    """A setting (media URL, languages…) may change what a card shows: tests, not sites."""
    forget()
