"""The small values every page reads (caching/content.py): a process's own copy is used only
while the shared version is the one it was made under and it is younger than its time."""

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started

from caching import content, pagecache

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return ["value", self.calls]


def test_without_a_version_every_read_computes():
    compute = Counter()
    assert content.under_version("k", 60, compute) == ["value", 1]
    assert content.under_version("k", 60, compute) == ["value", 2]


def test_the_local_copy_serves_until_a_public_change_moves_the_version():
    pagecache.bump_version()
    compute = Counter()
    first = content.under_version("k", 60, compute)
    cache.delete("k")  # the shared copy gone: the local one still answers for this version
    assert content.under_version("k", 60, compute) is first and compute.calls == 1

    pagecache.bump_deps({"story:1"})  # any change moves the change version
    assert content.under_version("k", 60, compute) == ["value", 2]


def test_another_process_copy_is_taken_from_the_shared_cache_not_recomputed():
    pagecache.bump_version()
    compute = Counter()
    content.under_version("k", 60, compute)
    content.forget_local()  # as another worker, which has no local copy
    assert content.under_version("k", 60, compute) == ["value", 1] and compute.calls == 1


def test_a_copy_lives_its_time_and_no_longer(monkeypatch):
    pagecache.bump_version()
    compute = Counter()
    clock = [1_000_000.0]
    monkeypatch.setattr(content.time, "time", lambda: clock[0])
    content.under_version("k", 60, compute)
    clock[0] += 59
    assert content.under_version("k", 60, compute) == ["value", 1]
    clock[0] += 2  # the shared copy's time (kept with it) is over too: computed again
    cache.delete("k")
    assert content.under_version("k", 60, compute) == ["value", 2]


def test_a_shared_copy_keeps_its_age_in_another_process(monkeypatch):
    """A worker that takes a copy made 50 s ago by another keeps it 10 s more, not 60."""
    pagecache.bump_version()
    compute = Counter()
    clock = [1_000_000.0]
    monkeypatch.setattr(content.time, "time", lambda: clock[0])
    content.under_version("k", 60, compute)
    clock[0] += 50
    content.forget_local()
    assert content.under_version("k", 60, compute) == ["value", 1]
    clock[0] += 11
    cache.set("k", cache.get("k"), 60)  # a copy past its time, still in the cache
    content.forget_local()
    assert content.under_version("k", 60, compute) == ["value", 2]


def test_a_request_reads_the_version_once_and_the_next_sees_a_change():
    """A page reads up to three values: one round trip for the version, which the whole
    request then uses; outside a request every read goes to the cache."""
    pagecache.bump_version()
    compute = Counter()
    request_started.send(sender=None)
    try:
        first = content.under_version("k", 60, compute)
        pagecache.bump_deps({"story:1"})  # a change commits while the page renders
        assert content.under_version("k", 60, compute) is first
    finally:
        request_finished.send(sender=None)
    request_started.send(sender=None)
    try:
        assert content.under_version("k", 60, compute) == ["value", 2]
    finally:
        request_finished.send(sender=None)
    pagecache.bump_deps({"story:1"})
    assert content.under_version("k", 60, compute) == ["value", 3]
