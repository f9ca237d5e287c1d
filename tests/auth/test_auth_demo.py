"""The demo practice's auths and credentials show every case the issue asks for."""

from datetime import timedelta

import pytest

from painrcm.auth.credentialing import credentials_due, enrollment_gaps
from painrcm.auth.deadlines import auth_deadlines, retro_deadlines, within
from painrcm.auth.model import AuthStatus
from painrcm.auth.rfa_package import build_package
from painrcm.auth.scs import permanent_without_auth
from painrcm.demo.auths import (demo_authorizations, demo_credentials, demo_enrollments, demo_rfa_package_inputs,
                                demo_services, demo_today)
from painrcm.demo.generate import generate_practice


@pytest.fixture(scope="module")
def demo():
    return generate_practice(7, encounters=600)


def test_pure_and_deterministic(demo):
    assert demo_authorizations(demo) == demo_authorizations(demo)
    assert demo_credentials(demo) == demo_credentials(demo)


def test_expiring_lapsed_and_missing_auths(demo):
    today = demo_today(demo)
    auths = demo_authorizations(demo)
    rows = auth_deadlines(auths, today=today)
    assert any(d.kind == "auth_renewal" and today <= d.day <= today + timedelta(days=21) for d in rows)
    assert any(d.kind == "auth_lapsed" for d in rows)
    retro = retro_deadlines(demo_services(demo), auths, today=today)
    assert any("no authorization on file" in d.title for d in retro)
    assert within(rows + retro, today, 21)


def test_rfa_with_one_qualifying_block(demo):
    auths = demo_authorizations(demo)
    assert any(a.purpose == "rfa" and a.status is AuthStatus.DRAFT for a in auths)
    notes, request = demo_rfa_package_inputs(demo)
    pkg = build_package(notes, request)
    assert len(pkg.qualifying) == 1 and not pkg.threshold_met
    assert pkg.gaps[0].startswith("Only 1 qualifying diagnostic block")


def test_scs_trial_succeeding_opens_the_permanent_request(demo):
    auths = demo_authorizations(demo)
    perm = [a for a in auths if a.purpose == "scs_permanent" and a.status is AuthStatus.DRAFT]
    assert len(perm) == 1 and perm[0].related_number
    trial = next(a for a in auths if a.number == perm[0].related_number)
    assert trial.purpose == "scs_trial" and trial.status is AuthStatus.APPROVED
    assert "successful" in perm[0].documents[0]
    implants = [s for s in demo_services(demo) if "63685" in s.codes]
    flagged = {f.service.patient_id for f in permanent_without_auth(implants, auths)}
    assert flagged <= {s.patient_id for s in implants}


def test_one_credential_expiring_and_one_provider_not_enrolled(demo):
    today = demo_today(demo)
    due = credentials_due(demo_credentials(demo), today=today, within_days=120)
    assert len(due) == 1 and due[0].credential.kind.value == "dea"
    gaps = enrollment_gaps([p.npi for p in demo.providers], [p.id for p in demo.payers], demo_enrollments(demo),
                           on=today)
    assert len(gaps) == 1


def test_demo_due_lines_and_package(demo):
    from painrcm.demo.auths import demo_due_lines, demo_rfa_package

    lines = demo_due_lines(demo)
    assert any("Renew authorization" in ln for ln in lines)
    assert any("DEA registration" in ln for ln in lines) and any("not enrolled" in ln for ln in lines)
    pkg = demo_rfa_package(demo)
    assert pkg is not None and not pkg.threshold_met and pkg.request.patient_label
