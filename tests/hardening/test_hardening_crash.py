"""Crash safety: SIGKILL a worker at random points while it ingests or posts 835s.

The database is before or after each file's transaction, never between, and a
re-run completes the work exactly once (scripts/crash_ingest.py; the full-size
run is in docs/reliability.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import crash_ingest  # noqa: E402


@pytest.mark.parametrize("mode, rounds", [("post", 2), ("ingest", 1)])
def test_kill_during_sqlite_posting_leaves_before_or_after(mode, rounds):
    report = crash_ingest.run(rounds, 30, mode, pg=False, seed=3)
    assert report.failures == []
    assert report.rounds == rounds


@pytest.mark.postgres
def test_kill_during_postgres_posting_leaves_before_or_after():
    report = crash_ingest.run(2, 30, "post", pg=True, seed=3)
    assert report.failures == []
