"""Routing rules and deadline arithmetic (payer windows from the policy files)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from painrcm.denials import routing as R
from painrcm.denials.classify import classify_denial
from painrcm.denials.deadlines import (Windows, appeal_deadline, corrected_claim_deadline, peer_to_peer_deadline,
                                       retro_auth_deadline, second_level_deadline, timely_filing_deadline,
                                       windows_for)
from painrcm.denials.testing import make_claim, make_denial
from painrcm.errors import InputError

DOS = date(2026, 3, 2)
DECIDED = date(2026, 4, 1)
RFA = (("64635", "1500.00", ("RT",)), ("64636", "700.00", ("RT",)))
VISIT = (("99213", "150.00"),)


def routed(adjs, remarks=(), *, lines=VISIT, payer="medicare", as_of=date(2026, 4, 10), auth=None,
           submitted_on=None, line_number=1):
    claim = make_claim(payer_id=payer, lines=lines, prior_authorization=auth)
    d = make_denial(claim, adjs, remarks, decision=DECIDED, line_number=line_number)
    return R.route(d, classify_denial(d), claim, as_of=as_of, submitted_on=submitted_on)


# ---- deadline arithmetic --------------------------------------------------------------------

@pytest.mark.parametrize("payer,tf,appeal,p2p,second,corrected,retro", [
    ("medicare", 365, 120, 30, 180, 365, 30),
    ("medicare-advantage", 365, 60, 14, 60, None, None),
    ("granite-mutual", 90, 90, 30, None, None, None),
    ("lakeshore-ppo", 180, 180, 30, None, None, None),
    ("summit-health", 180, 180, 30, None, None, None),
])
def test_windows_come_from_the_payer_file(payer, tf, appeal, p2p, second, corrected, retro):
    w = windows_for(payer)
    assert w.from_policy
    assert (w.timely_filing_days, w.appeal_days, w.peer_to_peer_days) == (tf, appeal, p2p)
    assert w.second_level_appeal_days == second
    assert w.corrected_claim_days == corrected
    if retro is not None:
        assert w.retro_auth_window_days == retro


def test_unknown_payer_uses_defaults_with_thirty_day_peer_to_peer():
    w = windows_for("no-such-payer")
    assert not w.from_policy and w.peer_to_peer_days == 30 and w.appeal_days == 120


def test_deadline_arithmetic_counts_calendar_days():
    w = Windows(timely_filing_days=90, appeal_days=60, peer_to_peer_days=30, retro_auth_window_days=14,
                second_level_appeal_days=180)
    assert timely_filing_deadline(date(2026, 12, 15), w).due == date(2027, 3, 15)
    assert appeal_deadline(date(2028, 1, 31), w).due == date(2028, 3, 31)  # leap year: Feb has 29 days
    assert peer_to_peer_deadline(DECIDED, w).due == DECIDED + timedelta(days=30)
    assert retro_auth_deadline(DOS, w).due == date(2026, 3, 16)
    assert second_level_deadline(DECIDED, w).due == date(2026, 9, 28)
    assert second_level_deadline(DECIDED, Windows()) is None
    d = appeal_deadline(DECIDED, w)
    assert d.days_left(d.due) == 0 and not d.expired(d.due) and d.expired(d.due + timedelta(days=1))
    assert "appeal_days" in d.basis


def test_corrected_claim_deadline_falls_back_to_timely_filing():
    assert corrected_claim_deadline(DOS, DECIDED, Windows(corrected_claim_days=60)).due == DECIDED + timedelta(60)
    d = corrected_claim_deadline(DOS, DECIDED, Windows(timely_filing_days=90))
    assert d.due == DOS + timedelta(days=90) and "timely filing" in d.basis


# ---- routing rules --------------------------------------------------------------------------

def test_corrected_claim_for_a_modifier_error_names_frequency_7_and_the_payer_claim_number():
    r = routed(["CO-4"])
    assert r.action == R.CORRECTED_CLAIM
    assert "frequency 7" in r.reason and "PCN1" in r.reason
    assert r.deadline.name == "corrected_claim" and r.deadline.due == DECIDED + timedelta(days=365)


def test_corrected_claim_deadline_for_a_payer_without_corrected_claim_days():
    r = routed(["CO-16"], ["M51"], payer="granite-mutual", as_of=date(2026, 4, 5))
    assert r.action == R.CORRECTED_CLAIM
    assert r.deadline.due == DOS + timedelta(days=90)


def test_written_appeal_for_medical_necessity_on_a_low_value_visit():
    r = routed(["CO-50"])
    assert r.action == R.WRITTEN_APPEAL
    assert r.deadline.name == "appeal" and r.deadline.due == DECIDED + timedelta(days=120)
    assert "medical-necessity" in r.reason


def test_peer_to_peer_for_medical_necessity_on_rfa():
    r = routed(["CO-50"], ["N115"], lines=RFA, payer="lakeshore-ppo")
    assert r.action == R.PEER_TO_PEER
    assert r.deadline.due == DECIDED + timedelta(days=30)
    assert r.follow_up == (R.WRITTEN_APPEAL,)
    assert "RFA (64635)" in r.reason


def test_peer_to_peer_for_scs_uses_the_payer_window():
    r = routed(["CO-50"], lines=(("63650", "900.00"),), payer="medicare-advantage")
    assert r.action == R.PEER_TO_PEER and r.deadline.due == DECIDED + timedelta(days=14)


def test_peer_to_peer_window_closed_falls_back_to_written_appeal():
    r = routed(["CO-50"], lines=RFA, payer="lakeshore-ppo", as_of=DECIDED + timedelta(days=31))
    assert r.action == R.WRITTEN_APPEAL


def test_traditional_medicare_has_no_peer_to_peer():
    r = routed(["CO-50"], ["N115"], lines=RFA, payer="medicare")
    assert r.action == R.WRITTEN_APPEAL and "redetermination" in r.reason
    assert r.deadline.due == DECIDED + timedelta(days=120)


def test_retro_auth_inside_the_window():
    r = routed(["CO-197"], lines=RFA, as_of=DOS + timedelta(days=20))
    assert r.action == R.RETRO_AUTH
    assert r.deadline.due == DOS + timedelta(days=30)
    assert r.follow_up == (R.CORRECTED_CLAIM,)


def test_no_auth_and_retro_window_closed_low_value_is_a_write_off_needing_approval():
    r = routed(["CO-197"], as_of=DOS + timedelta(days=45))
    assert r.action == R.WRITE_OFF and r.requires_approval
    assert "retro-authorization window closed" in r.reason


def test_no_auth_and_retro_window_closed_high_value_is_appealed():
    r = routed(["CO-197"], lines=RFA, as_of=DOS + timedelta(days=45))
    assert r.action == R.WRITTEN_APPEAL and R.WRITE_OFF in r.alternatives


def test_auth_on_file_not_matched_is_a_corrected_claim():
    r = routed(["CO-15"], auth="AUTH123")
    assert r.action == R.CORRECTED_CLAIM and "AUTH123" in r.reason


def test_auth_exceeded_is_appealed_with_the_auth_record():
    r = routed(["CO-198"], auth="AUTH123")
    assert r.action == R.WRITTEN_APPEAL and "authorization record" in r.reason


def test_documentation_request_to_the_provider():
    r = routed(["CO-16"], ["M127"], as_of=date(2026, 4, 10))
    assert r.action == R.DOCUMENTATION_REQUEST
    assert r.internal_due == date(2026, 4, 17)
    assert r.deadline.name == "appeal"


def test_bundled_despite_distinct_modifier_is_appealed():
    r = routed(["CO-97"], lines=(("20553", "140.00", ("XS",)),))
    assert r.action == R.WRITTEN_APPEAL and "XS" in r.reason


def test_bundled_without_modifier_is_corrected():
    assert routed(["CO-97"], lines=(("20553", "140.00"),)).action == R.CORRECTED_CLAIM


def test_timely_filing_with_proof_is_appealed_without_is_written_off():
    with_proof = routed(["CO-29"], submitted_on=DOS + timedelta(days=5))
    assert with_proof.action == R.WRITTEN_APPEAL and "proof of timely filing" in with_proof.reason
    without = routed(["CO-29"])
    assert without.action == R.WRITE_OFF and without.requires_approval


def test_duplicate_is_verified_not_rebilled():
    r = routed(["OA-18"])
    assert r.action == R.VERIFY_ORIGINAL and "do not rebill" in r.reason


def test_coordination_of_benefits_rebills_the_other_payer():
    assert routed(["CO-22"]).action == R.REBILL_OTHER_PAYER


def test_patient_responsibility_denial_goes_to_the_patient():
    assert routed(["PR-204"]).action == R.BILL_PATIENT


def test_expired_deadline_becomes_a_write_off_proposal():
    r = routed(["CO-50"], as_of=DECIDED + timedelta(days=121))
    assert r.action == R.WRITE_OFF and r.requires_approval and "deadline passed" in r.reason


@pytest.mark.parametrize("adj", ["CO-4", "CO-11", "CO-16", "CO-18", "CO-22", "CO-27", "CO-29", "CO-31", "CO-50",
                                 "CO-96", "CO-97", "CO-119", "CO-151", "CO-170", "CO-197", "CO-198", "CO-206",
                                 "CO-222", "CO-226", "CO-B7", "PR-96"])
def test_every_route_says_why(adj):
    r = routed([adj])
    assert r.action in R.ACTIONS
    assert adj in r.reason or "deadline passed" in r.reason
    assert r.to_json()["reason"] == r.reason


def test_write_off_needs_reason_and_approver():
    with pytest.raises(InputError):
        R.approve_write_off("C1", 1, Decimal("10.00"), reason=" ", approved_by="lead", approved_on=DOS)
    with pytest.raises(InputError):
        R.approve_write_off("C1", 1, Decimal("10.00"), reason="timely filing missed", approved_by="",
                            approved_on=DOS)
    ok = R.approve_write_off("C1", 1, Decimal("10.00"), reason="timely filing missed", approved_by="lead",
                             approved_on=DOS)
    assert ok.approved_by == "lead"


def test_high_value_reasons():
    assert R.high_value_reasons(make_claim(lines=(("63650", "900.00"),)))[0] == "SCS (63650)"
    multi = make_claim(lines=(("64483", "400.00"), ("64493", "300.00"), ("77003", "100.00")))
    assert R.high_value_reasons(multi) == ("multi-procedure session (2 procedures)",)
    assert R.high_value_reasons(make_claim(lines=VISIT)) == ()


def test_corrected_claim_too_late_falls_back_to_an_open_appeal_window():
    # granite: corrected claim within timely filing (DOS + 90 = 2026-05-31); appeal 90 days from 2026-04-01
    r = routed(["CO-4"], payer="granite-mutual", as_of=date(2026, 6, 10))
    assert r.action == R.WRITTEN_APPEAL and "corrected claim deadline passed 2026-05-31" in r.reason
    assert r.deadline.due == date(2026, 6, 30)
    r = routed(["CO-4"], payer="granite-mutual", as_of=date(2026, 7, 1))
    assert r.action == R.WRITE_OFF and r.requires_approval
