"""Fixtures of the hardening tests: one seeded demo database (60 encounters, posted
835s, a second practice, one user per role) per session, copied per module.

Skips cleanly when ``painrcm.api`` (the web engineer's area) is not importable.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

ENCOUNTERS = 60


@pytest.fixture(scope="session")
def demo_seed(tmp_path_factory):
    seed_mod = pytest.importorskip("painrcm.api.demo_seed")
    folder = tmp_path_factory.mktemp("hardening-seed")
    info = seed_mod.seed(f"sqlite:///{folder / 'seed.db'}", folder / "work", encounters=ENCOUNTERS)
    return info, folder / "seed.db"


@pytest.fixture(scope="module")
def seeded_copy(demo_seed, tmp_path_factory):
    import dataclasses

    info, path = demo_seed
    copy = tmp_path_factory.mktemp("hardening-db") / "web.db"
    shutil.copy(path, copy)
    return dataclasses.replace(info, db_url=f"sqlite:///{copy}")
