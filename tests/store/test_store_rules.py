"""Store rules: practice scoping, post-once remittances, exact money, control numbers, archive."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from painrcm.errors import Conflict, NotFound
from painrcm.remit.model import Remittance
from painrcm.store.engine import session_scope
from painrcm.store.models import ClaimRow, EdiFileRow, PatientRow, RemittanceRow, WorkItemRow
from painrcm.store.repositories import claims, edi, remits, work
from painrcm.store.scope import PracticeScope, scoped, user_practice_ids

from store_factories import make_claim

P, Q = "spine-austin", "pain-dallas"


def test_scope_sees_one_practice(practice_data):
    with session_scope(practice_data) as s:
        claims.save_claims(s, [make_claim(P), make_claim(Q)])
    with session_scope(practice_data) as s:
        scope = PracticeScope(s, P)
        assert [r.practice_id for r in scope.all(ClaimRow)] == [P]
        assert scope.count(PatientRow) == 1
        assert scope.one_or_none(ClaimRow, ClaimRow.claim_id == "CLM0001").practice_id == P
        assert len(s.scalars(scoped(sa.select(ClaimRow), ClaimRow, Q)).all()) == 1
        with pytest.raises(TypeError):
            scoped(sa.select(RemittanceRow.__table__.c.id), type("NoPractice", (), {}), P)


def test_user_scope(practice_data):
    with session_scope(practice_data) as s:
        uid = work.create_user(s, "Biller@Example.com", "hash", "biller", [P])
    with session_scope(practice_data) as s:
        assert user_practice_ids(s, uid) == [P]
        assert PracticeScope.for_user(s, uid, P).practice_id == P
        with pytest.raises(NotFound):
            PracticeScope.for_user(s, uid, Q)
        assert work.find_user(s, "biller@example.com").id == uid


def _remit(trn="EFT1", payer_id="12345") -> Remittance:
    return Remittance(trn=trn, payer_name="Novitas", payer_id=payer_id, payee_name="Austin Spine",
                      payee_npi=None, total_paid=Decimal("0.00"), payment_method="NON", payment_date=date(2025, 4, 1))


def test_remittance_posts_once(practice_data):
    with session_scope(practice_data) as s:
        remits.save_remittance(s, P, _remit())
        with pytest.raises(remits.DuplicateRemittance):
            remits.save_remittance(s, P, _remit())
        remits.save_remittance(s, Q, _remit())  # another practice may hold the same trace
        remits.save_remittance(s, P, _remit(trn="EFT2"))
        remits.save_remittance(s, P, _remit(payer_id=None))  # keyed by payer name
    with session_scope(practice_data) as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(RemittanceRow)) == 4


def test_remittance_unique_constraint_in_database(practice_data):
    row = dict(practice_id=P, payer_key="12345", trn="EFT9", payer_name="N", payee_name="A",
               total_paid=Decimal("1.00"), payment_method="CHK")
    with pytest.raises(Conflict):  # session_scope turns a unique-key violation into a typed Conflict
        with session_scope(practice_data) as s:
            s.add(RemittanceRow(**row))
            s.flush()
            s.add(RemittanceRow(**row))
            s.flush()


@pytest.mark.parametrize("amount", ["12345.67", "0.01", "9999999999.99", "-0.10", "100.00", "0.29"])
def test_money_is_exact(practice_data, amount):
    value = Decimal(amount)
    with session_scope(practice_data) as s:
        work.add_work_item(s, P, kind="variance", title="t", amount=value)
    with session_scope(practice_data) as s:
        stored = s.scalar(sa.select(WorkItemRow.amount))
        assert stored == value and str(stored) == amount
        assert isinstance(stored, Decimal)


def test_money_sums_exactly(practice_data):
    with session_scope(practice_data) as s:
        for _ in range(1000):
            work.add_work_item(s, P, kind="variance", title="t", amount=Decimal("0.10"))
        work.add_work_item(s, P, kind="variance", title="t", amount=Decimal("12345.67"))
    with session_scope(practice_data) as s:
        total = s.scalar(sa.select(sa.func.sum(WorkItemRow.amount)))
        assert total == Decimal("12445.67") and str(total) == "12445.67"


def test_claim_money_round_trip(practice_data):
    claim = make_claim(P)
    claim = dataclasses.replace(claim, lines=(dataclasses.replace(claim.lines[0], charge=Decimal("12345.67")),))
    with session_scope(practice_data) as s:
        claims.save_claims(s, [claim])
    with session_scope(practice_data) as s:
        assert s.scalar(sa.select(ClaimRow.total_charge)) == Decimal("12345.67")
        assert str(claims.load_claim(s, P, "CLM0001").lines[0].charge) == "12345.67"


def test_control_numbers_increment(practice_data):
    with session_scope(practice_data) as s:
        first = edi.next_control_numbers(s, P, "04412")
        second = edi.next_control_numbers(s, P, "04412", transactions=3)
        other = edi.next_control_numbers(s, Q, "04412")
    assert (first.isa13, first.gs06, first.st02) == (1, 1, (1,))
    assert (second.isa13, second.gs06, second.st02) == (2, 2, (2, 3, 4))
    assert other.isa13 == 1 and first.isa13_text == "000000001"
    with pytest.raises(RuntimeError):
        with session_scope(practice_data) as s:
            edi.next_control_numbers(s, P, "04412")
            raise RuntimeError("file not sent")  # rolled back: the number is not used up
    with session_scope(practice_data) as s:
        assert edi.next_control_numbers(s, P, "04412").isa13 == 3


def test_control_numbers_wrap(practice_data):
    from painrcm.store.models import X12ControlNumberRow
    with session_scope(practice_data) as s:
        s.add(X12ControlNumberRow(practice_id=P, receiver_id="R", last_isa13=999_999_999,
                                  last_gs06=999_999_999, last_st02=999_999_998))
    with session_scope(practice_data) as s:
        nums = edi.next_control_numbers(s, P, "R", transactions=2)
    assert (nums.isa13, nums.gs06, nums.st02) == (1, 1, (999_999_999, 1))


def test_edi_archive_dedupes_by_hash(practice_data):
    text = "ISA*00*          *00*          *ZZ*SENDER~"
    with session_scope(practice_data) as s:
        a = edi.archive_file(s, P, kind="835", file_name="era.835", content=text)
        b = edi.archive_file(s, P, kind="835", file_name="copy.835", content=text.encode())
        c = edi.archive_file(s, Q, kind="835", file_name="era.835", content=text)
        edi.set_file_status(s, a.id, "posted")
    assert a.created and not b.created and a.id == b.id and c.created
    with session_scope(practice_data) as s:
        assert edi.file_content(s, P, a.id) == text.encode()
        assert s.get(EdiFileRow, a.id).status == "posted"
        assert s.get(EdiFileRow, a.id).received_at.tzinfo is not None
        with pytest.raises(NotFound):
            edi.file_content(s, Q, a.id)


def test_work_items_and_audit(practice_data):
    with session_scope(practice_data) as s:
        low = work.add_work_item(s, P, kind="unmatched_payment", title="no claim for PCN", amount=Decimal("5"))
        high = work.add_work_item(s, P, kind="denial", title="CO-50", priority=5, due_date=date(2025, 5, 1))
        work.close_work_item(s, P, low)
        work.audit(s, "post", "remittance", "EFT1", practice_id=P, actor="biller@example.com",
                   details={"claims": 2})
    with session_scope(practice_data) as s:
        assert [i.id for i in work.open_work_items(s, P)] == [high]
        entries = work.audit_entries(s, P, entity="remittance")
        assert [(e.action, e.entity_id, e.details) for e in entries] == [("post", "EFT1", {"claims": 2})]
        with pytest.raises(NotFound):
            work.close_work_item(s, Q, high)


def test_deleting_a_practice_removes_its_data(practice_data):
    with session_scope(practice_data) as s:
        claims.save_claims(s, [make_claim(P), make_claim(Q)])
    with session_scope(practice_data) as s:
        s.execute(sa.text("DELETE FROM practices WHERE id = :p"), {"p": P})
    with session_scope(practice_data) as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(ClaimRow)) == 1


def test_control_numbers_never_repeat_across_writers(practice_data):
    import threading

    taken: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def writer():
        try:
            for _ in range(15):
                with session_scope(practice_data) as s:
                    n = edi.next_control_numbers(s, P, "CONC").isa13
                with lock:
                    taken.append(n)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(taken) == list(range(1, 46))


def test_scrub_findings_replace(practice_data):
    from painrcm.store.repositories import scrub

    first = [{"edit": "NCCI_PAIR", "severity": "error", "lines": [1, 2], "message": "m", "fix": "add 59"},
             {"edit": "MOD51", "severity": "warning", "lines": [], "message": "w", "fix": "", "source": "payer"}]
    with session_scope(practice_data) as s:
        claims.save_claims(s, [make_claim(P)])
        scrub.save_findings(s, P, "CLM0001", first)
        assert scrub.load_findings(s, P, "CLM0001") == first
        scrub.save_findings(s, P, "CLM0001", first[1:])
    with session_scope(practice_data) as s:
        assert scrub.load_findings_by_claim(s, P) == {"CLM0001": first[1:]}
        assert scrub.load_findings(s, Q, "CLM0001") == []


def test_control_number_sources(practice_data):
    src = edi.DatabaseControlNumbers(practice_data)
    assert src.next(P, "RCV") == (1, 1, 1)
    assert src.next(P, "RCV") == (2, 2, 2)
    with session_scope(practice_data) as s:
        assert edi.SessionControlNumbers(s).next(P, "RCV") == (3, 3, 3)
