"""The AR snapshot cache: the first computation runs in the background (503 while it runs),
a stale snapshot is served while the next one is computed, errors reach the request."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from painrcm.api.services import work


@pytest.fixture
def cache(monkeypatch):
    from painrcm.store.engine import make_engine

    gate = threading.Event()
    calls = []

    def fake_compute(session, practice_id, as_of):
        calls.append(practice_id)
        if practice_id == "broken":
            raise RuntimeError("boom")
        gate.wait(5)
        return f"work-{len(calls)}"

    monkeypatch.setattr(work, "compute", fake_compute)
    engine = make_engine("sqlite://")
    c = work.WorkCache(engine, ttl=0.0)
    c.gate, c.calls = gate, calls
    yield c
    gate.set()
    engine.dispose()


def test_first_snapshot_is_computed_in_the_background(cache):
    day = date(2026, 11, 20)
    with pytest.raises(work.QueueNotReady):
        cache.get("p1", day, wait=0.05)
    cache.gate.set()
    snap = cache.get("p1", day, wait=5)
    assert snap.work == "work-1" and cache.calls == ["p1"]


def test_stale_snapshot_is_served_while_the_next_is_computed(cache):
    day = date(2026, 11, 20)
    cache.gate.set()
    first = cache.get("p1", day, wait=5)
    cache.invalidate("p1")
    again = cache.get("p1", day)  # stale: served at once, refreshed behind
    assert again is first
    deadline = time.monotonic() + 5
    while len(cache.calls) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)
    assert cache.get("p1", day).work == "work-2"


def test_a_failed_computation_reaches_the_request(cache):
    with pytest.raises(RuntimeError):
        cache.get("broken", date(2026, 11, 20), wait=5)
