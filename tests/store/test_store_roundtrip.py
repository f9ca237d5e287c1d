"""Domain dataclasses survive a trip through the database unchanged (both engines)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from painrcm.auth.model import (
    Authorization, AuthStatus, Credential, CredentialKind, EnrollmentStatus, PayerEnrollment,
)
from painrcm.claims.model import Adjustment
from painrcm.domain.parties import Coverage, CoverageRank
from painrcm.errors import NotFound
from painrcm.remit.contract import Contract, ContractTerms, FeeScheduleEntry
from painrcm.remit.model import ClaimPayment, LinePayment, ProviderAdjustment, Remittance
from painrcm.store.engine import session_scope
from painrcm.store.models import ClaimLineRow, ClaimRow, ClinicalNoteRow
from painrcm.store.repositories import auth, claims, coding, contracts, parties, remits

from store_factories import (make_claim, make_encounter, make_patient, make_payer, make_practice,
                             make_provider)

P = "spine-austin"


def test_parties_round_trip(practice_data):
    with session_scope(practice_data) as s:
        assert parties.load_practice(s, P) == make_practice(P)
        assert parties.load_payers(s) == [make_payer()]
        assert parties.load_providers(s, P) == [make_provider(P)]
        assert parties.load_patient(s, P, "pt-1") == make_patient(P)
        assert parties.load_encounter(s, P, "enc-1") == make_encounter(P)
        with pytest.raises(NotFound):
            parties.load_patient(s, P, "nobody")


def test_resave_replaces_notes_and_keeps_one_row(practice_data):
    changed = dataclasses.replace(make_encounter(P), notes=make_encounter(P).notes[:1], place_of_service="22")
    with session_scope(practice_data) as s:
        parties.load_encounter(s, P, "enc-1")  # rows in the identity map before re-saving
        parties.save_encounters(s, [changed])
    with session_scope(practice_data) as s:
        assert parties.load_encounter(s, P, "enc-1") == changed
        assert s.scalar(sa.select(sa.func.count()).select_from(ClinicalNoteRow).where(
            ClinicalNoteRow.practice_id == P)) == 1
        assert parties.load_encounters(s, P, date_from=date(2025, 1, 1)) == [changed]


def test_coverage_round_trip(practice_data):
    covs = [Coverage("pt-1", "medicare-tx", "1EG4TE5MK73", rank=CoverageRank.SECONDARY,
                     effective_from=date(2024, 1, 1)),
            Coverage("pt-1", "medicare-tx", "X1", group_number="G", plan_name="Plan", subscriber_last_name="Doe",
                     subscriber_first_name="John", subscriber_birth_date=date(1949, 1, 1), subscriber_sex="M",
                     relationship="01", effective_to=date(2026, 1, 1))]
    with session_scope(practice_data) as s:
        coverages_before = parties.load_coverages(s, P, "pt-1")
        parties.save_coverages(s, P, covs)
        parties.save_coverages(s, P, covs)  # replaced, not doubled
    with session_scope(practice_data) as s:
        assert coverages_before == []
        assert parties.load_coverages(s, P, "pt-1") == [covs[1], covs[0]]  # primary first


def test_claim_round_trip_and_resave(practice_data):
    claim = make_claim(P)
    with session_scope(practice_data) as s:
        claims.save_claims(s, [claim])
    with session_scope(practice_data) as s:
        loaded = claims.load_claim(s, P, "CLM0001")
        assert loaded == claim
        assert loaded.extra == {"source": "test"}
        assert loaded.lines[1].charge == Decimal("12345.67")
        assert claims.claim_status(s, P, "CLM0001") == "draft"
        assert claims.set_claim_status(s, P, ["CLM0001"], "submitted", submitted_on=date(2025, 3, 5)) == 1
    shorter = dataclasses.replace(claim, lines=claim.lines[:1], diagnoses=("M5416",))
    with session_scope(practice_data) as s:
        claims.load_claims(s, P)  # rows and lines in the identity map before re-saving
        claims.save_claims(s, [shorter])
    with session_scope(practice_data) as s:
        assert claims.load_claims(s, P) == [shorter]
        assert claims.claim_status(s, P, "CLM0001") == "submitted"  # kept across re-save
        assert s.scalar(sa.select(sa.func.count()).select_from(ClaimLineRow)) == 1
        assert s.scalar(sa.select(ClaimRow.total_charge)) == Decimal("850.00")
        assert claims.load_claims(s, P, status="draft") == []
        assert claims.load_claims(s, P, claim_ids=["CLM0001", "nope"]) == [shorter]


def test_claim_must_point_at_own_practice_patient(practice_data):
    with pytest.raises(sa.exc.IntegrityError):
        with session_scope(practice_data) as s:
            claims.save_claims(s, [make_claim(P, patient_id="pt-unknown", encounter_id=None)])


def test_remittance_round_trip(practice_data):
    remit = Remittance(
        trn="EFT123", payer_name="Novitas", payer_id="1234567890", payee_name="Austin Spine",
        payee_npi="1234567893", total_paid=Decimal("12335.17"), payment_method="ACH",
        payment_date=date(2025, 4, 2), payee_tax_id="741234567",
        claims=(ClaimPayment(
            patient_control_number="CLM0001", status="1", charge=Decimal("13195.67"),
            paid=Decimal("12345.67"), patient_responsibility=Decimal("20.00"), payer_claim_number="ICN1",
            claim_filing_indicator="MB", adjustments=(Adjustment("PR", "2", Decimal("20.00")),),
            lines=(LinePayment("64483", ("RT",), Decimal("850.00"), Decimal("0.00"),
                               adjustments=(Adjustment("CO", "45", Decimal("830.00")),), remarks=("N130",),
                               allowed=Decimal("0.00"), line_id="L1"),
                   LinePayment("64484", ("RT", "59"), Decimal("12345.67"), Decimal("12345.67"),
                               units=Decimal("2"), original_code="64483", original_modifiers=("RT",),
                               service_date=date(2025, 3, 4))),
            patient_name="DOE, JANE", member_id="1EG4TE5MK73", service_date_from=date(2025, 3, 4),
            service_date_to=date(2025, 3, 4), received_date=date(2025, 3, 10), remarks=("MA01",)),
            ClaimPayment("UNKNOWN9", "4", Decimal("100.00"), Decimal("0.00"), Decimal("0.00"),
                         adjustments=(Adjustment("CO", "50", Decimal("100.00"), Decimal("1.5")),))),
        provider_adjustments=(ProviderAdjustment("1234567893", date(2025, 12, 31), "L6", None, Decimal("-1.00")),
                              ProviderAdjustment("1234567893", None, "WO", "ICN0", Decimal("11.50"))),
    )
    with session_scope(practice_data) as s:
        claims.save_claims(s, [make_claim(P)])
        remit_id = remits.save_remittance(s, P, remit)
    with session_scope(practice_data) as s:
        assert remits.load_remittance(s, P, remit_id) == remit
        assert remits.load_remittances(s, P) == [(remit_id, remit)]
        from painrcm.store.models import ClaimPaymentRow
        matched = dict(s.execute(sa.select(ClaimPaymentRow.patient_control_number, ClaimPaymentRow.claim_id)).all())
        assert matched == {"CLM0001": "CLM0001", "UNKNOWN9": None}
        with pytest.raises(NotFound):
            remits.load_remittance(s, "pain-dallas", remit_id)  # another practice's payment


def test_authorizations_credentials_enrollments(practice_data):
    provider_npi = make_provider(P).npi
    auth_ = Authorization("AUTH1", P, "medicare-tx", "pt-1", date(2025, 1, 1), date(2025, 6, 30),
                          status=AuthStatus.APPROVED, codes=("64483", "64484"), family="tfesi", region="lumbar",
                          levels=("L4-L5",), side="right", units=2, units_used=1, place_of_service="11",
                          documents=("auth.pdf",))
    cred = Credential(provider_npi, CredentialKind.DEA, "AN1234563", date(2026, 5, 31), date(2023, 6, 1))
    lic = Credential(provider_npi, CredentialKind.STATE_LICENSE, "Q1234", date(2025, 12, 31), state="TX")
    enr = PayerEnrollment(provider_npi, "medicare-tx", EnrollmentStatus.ACTIVE, date(2020, 1, 1))
    with session_scope(practice_data) as s:
        claims.save_claims(s, [make_claim(P)])
        auth.save_authorizations(s, [auth_, auth_])
        auth.link_claim_authorization(s, P, "CLM0001", "medicare-tx", "AUTH1")
        auth.link_claim_authorization(s, P, "CLM0001", "medicare-tx", "AUTH1")
        auth.save_credentials(s, P, [cred, lic])
        auth.save_enrollments(s, P, [enr, enr])
    with session_scope(practice_data) as s:
        assert auth.load_authorizations(s, P, patient_id="pt-1") == [auth_]
        assert auth.load_authorizations(s, "pain-dallas") == []
        assert auth.claim_authorization_numbers(s, P, "CLM0001") == ["AUTH1"]
        assert auth.load_credentials(s, P) == [lic, cred]
        assert auth.load_enrollments(s, P) == [enr]


def test_contract_round_trip(practice_data):
    contract = Contract(
        payer_id="medicare-tx", name="Commercial 2025", basis="fee_schedule", effective_from=date(2025, 1, 1),
        percent_of_medicare=Decimal("1.2500"), locality="04412-31",
        fee_schedule=(FeeScheduleEntry("64483", Decimal("412.33")),
                      FeeScheduleEntry("64483", Decimal("618.50"), modifier="50", effective_to=date(2025, 12, 31))),
        terms=ContractTerms(multiple_procedure_payment=(Decimal("1.00"), Decimal("0.50"), Decimal("0.25")),
                            mppr_exempt_codes=frozenset({"64484"}), dispute_window_days=180))
    with session_scope(practice_data) as s:
        first = contracts.save_contract(s, P, contract)
        assert contracts.save_contract(s, P, contract) == first
    with session_scope(practice_data) as s:
        assert contracts.load_contracts(s, P) == [contract]


def test_coding_round_trip(practice_data):
    result = {"status": "needs_review",
              "lines": [{"code": "64483", "modifiers": ["RT"], "units": 1, "diagnoses": ["M54.16"],
                         "evidence": [{"start": 1, "end": 5, "text": "TFESI"}]}],
              "diagnoses": ["M54.16"], "queries": [{"topic": "laterality", "message": "which side?"}],
              "facts": {"approach": "transforaminal"}}
    with session_scope(practice_data) as s:
        assert coding.load_coding(s, P, "enc-1") is None
        coding.save_coding(s, P, "enc-1", result)
        coding.save_coding(s, P, "enc-1", result)
    with session_scope(practice_data) as s:
        loaded = coding.load_coding(s, P, "enc-1")
        assert loaded["status"] == "needs_review"
        assert loaded["queries"] == result["queries"] and loaded["facts"] == result["facts"]
        assert loaded["diagnoses"] == ["M54.16"]
        assert [{k: line[k] for k in result["lines"][0]} for line in loaded["lines"]] == result["lines"]


def test_coding_result_object_is_accepted(practice_data):
    pytest.importorskip("painrcm.coding.model")
    from painrcm.coding.model import CodeLine, CodingResult, Query
    from painrcm.notes.facts import Evidence

    result = CodingResult((CodeLine("64483", ("RT",), 1, ("M54.16",), (Evidence(0, 5, "TFESI"),)),),
                          ("M54.16",), (Query("laterality", "which side?"),), {"approach": "transforaminal"})
    with session_scope(practice_data) as s:
        coding.save_coding(s, P, "enc-1", result)
        loaded = coding.load_coding(s, P, "enc-1")
    expected = result.to_json()
    assert loaded["status"] == expected["status"] == "needs_review"
    assert loaded["queries"] == expected["queries"]
    assert [line["evidence"] for line in loaded["lines"]] == [line["evidence"] for line in expected["lines"]]
