"""Concurrency: two workers posting the same ERA, two billers editing the same claim.

One wins, the other gets a typed ``Conflict`` (or, if it starts after the winner
committed, the "already posted" duplicate result); nothing is posted twice and no
edit is lost. Runs on SQLite and, with PAINRCM_TEST_DATABASE_URL, PostgreSQL.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from decimal import Decimal

import pytest
import hardening_db as h

from painrcm.errors import Conflict, NotFound
from painrcm.store.engine import make_engine, session_scope
from painrcm.store.repositories import claims as repo


@pytest.fixture
def practice(db_url, tmp_path):
    claims = h.make_claims(24)
    h.setup_practice(db_url, claims)
    return db_url, claims, h.write_eras(claims, tmp_path / "era")


def _race(n, fn):
    """Run ``fn(i)`` in ``n`` threads released together; outcomes in thread order."""
    barrier = threading.Barrier(n)
    out: list = [None] * n

    def work(i):
        barrier.wait()
        try:
            out[i] = ("ok", fn(i))
        except Exception as exc:  # noqa: BLE001 - the outcome is what is asserted
            out[i] = ("err", exc)
    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return out


def test_two_workers_posting_the_same_era_post_it_once(practice):
    from painrcm.remit.posting import post_paths

    url, _claims, files = practice
    # a clean single run on a twin database gives the expected counts
    engines = [make_engine(url) for _ in range(2)]
    try:
        outcomes = _race(2, lambda i: post_paths(engines[i], h.PRACTICE, files[:1])[0])
    finally:
        for e in engines:
            e.dispose()
    posted = [o[1] for o in outcomes if o[0] == "ok" and o[1].posted]
    others = [o for o in outcomes if not (o[0] == "ok" and o[1].posted)]
    assert len(posted) == 1 and len(others) == 1
    kind, value = others[0]
    if kind == "err":
        assert isinstance(value, Conflict), repr(value)
        assert "run again" in str(value) and "INSERT" not in str(value)
    else:
        assert value.duplicates and not value.posted  # started after the winner committed
    after = h.counts(url)
    assert after[1] == 1  # one remittance
    e = make_engine(url)
    try:
        again = post_paths(e, h.PRACTICE, files[:1])[0]
    finally:
        e.dispose()
    assert again.duplicates and not again.posted and h.counts(url)[:3] == after[:3]


def _edit(claim, note):
    return replace(claim, note=note, lines=claim.lines[:1] + tuple(
        replace(line, charge=line.charge + Decimal("1.00")) for line in claim.lines[1:]))


def test_two_billers_editing_one_claim_one_wins_the_other_gets_conflict(practice):
    url, claims, _files = practice
    engine = make_engine(url)
    try:
        with session_scope(engine) as s:  # both billers open the claim
            claim = repo.load_claim(s, h.PRACTICE, claims[0].claim_id)
            version = repo.claim_version(s, h.PRACTICE, claim.claim_id)
        with session_scope(engine) as s:
            assert repo.update_claim(s, h.PRACTICE, _edit(claim, "biller A"), version) == version + 1
        with pytest.raises(Conflict, match="changed by someone else"):
            with session_scope(engine) as s:
                repo.update_claim(s, h.PRACTICE, _edit(claim, "biller B"), version)
        with session_scope(engine) as s:
            saved = repo.load_claim(s, h.PRACTICE, claim.claim_id)
            assert saved.note == "biller A" and repo.claim_version(s, h.PRACTICE, claim.claim_id) == version + 1
            assert len(saved.lines) == len(claim.lines)
            # B reloads and edits again: now it goes through, on top of A's edit
            assert repo.update_claim(s, h.PRACTICE, replace(saved, note="biller B"), version + 1) == version + 2
        with pytest.raises(NotFound):
            with session_scope(engine) as s:
                repo.update_claim(s, h.PRACTICE, replace(claim, claim_id="NOPE"), 1)
        with pytest.raises(NotFound):  # another practice's claim id cannot be written through
            with session_scope(engine) as s:
                repo.update_claim(s, "other-practice", claim, version)
    finally:
        engine.dispose()


def test_simultaneous_edits_exactly_one_wins(practice):
    url, claims, _files = practice
    engine = make_engine(url)
    try:
        with session_scope(engine) as s:
            claim = repo.load_claim(s, h.PRACTICE, claims[1].claim_id)
            version = repo.claim_version(s, h.PRACTICE, claim.claim_id)

        def edit(i):
            with session_scope(engine) as s:
                return repo.update_claim(s, h.PRACTICE, _edit(claim, f"biller {i}"), version)
        outcomes = _race(2, edit)
        wins = [o for o in outcomes if o[0] == "ok"]
        losses = [o[1] for o in outcomes if o[0] == "err"]
        assert len(wins) == 1 and len(losses) == 1 and isinstance(losses[0], Conflict), outcomes
        winner = f"biller {outcomes.index(wins[0])}"
        with session_scope(engine) as s:
            assert repo.load_claim(s, h.PRACTICE, claim.claim_id).note == winner
            assert repo.claim_version(s, h.PRACTICE, claim.claim_id) == version + 1
    finally:
        engine.dispose()


def test_orm_update_of_a_stale_claim_row_is_a_conflict(practice):
    """The mapper's version_id_col guards plain ORM edits too (no silent overwrite)."""
    from painrcm.store.models import ClaimRow

    url, claims, _files = practice
    engine = make_engine(url)
    try:
        with session_scope(engine) as s:
            stale = s.get(ClaimRow, (h.PRACTICE, claims[2].claim_id))
            s.expunge(stale)
        with session_scope(engine) as s:
            s.get(ClaimRow, (h.PRACTICE, claims[2].claim_id)).payer_claim_number = "A"
        with pytest.raises(Conflict):
            with session_scope(engine) as s:
                row = s.merge(stale, load=False)
                row.payer_claim_number = "B"
    finally:
        engine.dispose()
