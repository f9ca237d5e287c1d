"""Seeding the demo practice into the database (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import pytest

from painrcm.demo.generate import generate_practice


def test_seed_demo_roundtrip_and_idempotent(db_url):
    migrate = pytest.importorskip("painrcm.store.migrate")
    from painrcm.demo.seed import seed_demo
    from painrcm.store.engine import make_engine, session_scope
    from painrcm.store.repositories import parties

    demo = generate_practice(5, encounters=120)
    migrate.upgrade(db_url)
    engine = make_engine(db_url)
    try:
        for _ in range(2):
            with session_scope(engine) as s:
                counts = seed_demo(s, demo)
        assert counts["encounters"] == 120
        with session_scope(engine) as s:
            encs = parties.load_encounters(s, demo.practice.id)
            assert len(encs) == 120
            by_id = {e.id: e for e in encs}
            for e in demo.encounters[:20]:
                got = by_id[e.id]
                assert got.notes[0].text == e.notes[0].text
                assert got.date_of_service == e.date_of_service and got.place_of_service == e.place_of_service
            assert len(parties.load_patients(s, demo.practice.id)) == len(demo.patients)
            assert len(parties.load_providers(s, demo.practice.id)) == 3
    finally:
        engine.dispose()
