"""Auth status changes, coverage of scheduled services, renewals, retro-authorization windows."""

import dataclasses
from datetime import date

import pytest

from painrcm.auth.deadlines import (Service, auth_deadlines, check_service, coverage_problems, retro_deadlines,
                                    transition, within)
from painrcm.auth.model import Authorization, AuthStatus as S
from painrcm.errors import InputError

AUTH = Authorization("PA1", "p", "lakeshore-ppo", "pt-1", date(2026, 1, 1), date(2026, 3, 31),
                     codes=("64483", "64484"), levels=("L4-5", "L5-S1"), side="right", units=3, units_used=1,
                     place_of_service="24")


def svc(day, **kw):
    base = dict(codes=("64483",), levels=("L4-L5",), side="right", place_of_service="24")
    base.update(kw)
    return Service("pt-1", "lakeshore-ppo", day, **base)


def test_auth_ending_the_day_before_service_does_not_cover_it():
    assert coverage_problems(AUTH, svc(date(2026, 3, 31))) == []
    assert coverage_problems(AUTH, svc(date(2026, 4, 1))) == ["it runs 2026-01-01 to 2026-03-31"]
    assert coverage_problems(AUTH, svc(date(2025, 12, 31))) == ["it runs 2026-01-01 to 2026-03-31"]


def test_service_outside_units_side_levels_codes_place_is_flagged():
    used_up = dataclasses.replace(AUTH, units_used=3)
    assert coverage_problems(used_up, svc(date(2026, 2, 1))) == ["0 of 3 approved units/visits left"]
    assert coverage_problems(AUTH, svc(date(2026, 2, 1), side="left")) == ["it is for the right side"]
    assert coverage_problems(AUTH, svc(date(2026, 2, 1), levels=("L3-4",))) == \
        ["it approves levels L4-5, L5-S1, not L3-L4"]
    assert coverage_problems(AUTH, svc(date(2026, 2, 1), codes=("64635",)))[0].startswith("it covers 64483, 64484")
    assert coverage_problems(AUTH, svc(date(2026, 2, 1), place_of_service="11")) == ["it is for place of service 24"]
    # an add-on is covered through its primary
    assert coverage_problems(dataclasses.replace(AUTH, codes=("64483",)), svc(date(2026, 2, 1), codes=("64484",))) == []
    # a service already counted in units_used is not counted twice
    counted = dataclasses.replace(AUTH, units_used=3, claim_ids=("E9",))
    assert coverage_problems(counted, svc(date(2026, 2, 1), id="E9")) == []


def test_status_must_be_approved():
    assert coverage_problems(dataclasses.replace(AUTH, status=S.SUBMITTED), svc(date(2026, 2, 1))) == \
        ["its status is submitted"]


@pytest.mark.parametrize("path", [
    ["submitted", "approved", "used"],
    ["submitted", "approved", "expired"],
    ["submitted", "denied", "peer_to_peer", "approved"],
    ["submitted", "peer_to_peer", "denied", "submitted", "approved"],
])
def test_valid_status_paths(path):
    a = dataclasses.replace(AUTH, status=S.DRAFT)
    for step in path:
        a = transition(a, step, date(2026, 1, 2))
    assert a.status.value == path[-1]


@pytest.mark.parametrize("old, new", [("draft", "approved"), ("used", "approved"), ("expired", "approved"),
                                      ("approved", "draft"), ("approved", "denied"), ("draft", "sleeping")])
def test_invalid_status_changes_are_refused(old, new):
    with pytest.raises(InputError) as exc:
        transition(dataclasses.replace(AUTH, status=S(old)), new)
    assert exc.value.field == "status" and "PA1" in str(exc.value)


def test_transition_records_dates():
    a = transition(dataclasses.replace(AUTH, status=S.DRAFT), "submitted", date(2026, 1, 2))
    a = transition(a, "denied", date(2026, 1, 9))
    assert (a.submitted_on, a.decided_on) == (date(2026, 1, 2), date(2026, 1, 9))


def test_renewal_at_the_payer_lead_time():
    rows = auth_deadlines([AUTH], today=date(2026, 3, 1))
    assert [(d.kind, d.day) for d in rows] == [("auth_renewal", date(2026, 3, 10)), ("auth_end", date(2026, 3, 31))]
    medicare = dataclasses.replace(AUTH, payer_id="medicare")
    assert auth_deadlines([medicare], today=date(2026, 3, 1))[0].day == date(2026, 3, 17)  # 14 days
    unknown = dataclasses.replace(AUTH, payer_id="no-such-payer")
    assert auth_deadlines([unknown], today=date(2026, 3, 1))[0].day == date(2026, 3, 17)  # default 14


def test_rolling_calendar_window_and_lapsed_auths():
    lapsed = dataclasses.replace(AUTH, number="PA2", end_date=date(2026, 2, 20))
    used = dataclasses.replace(AUTH, number="PA3", units_used=3)
    denied = dataclasses.replace(AUTH, number="PA4", status=S.DENIED, decided_on=date(2026, 2, 15))
    rows = auth_deadlines([AUTH, lapsed, used, denied], today=date(2026, 3, 1))
    kinds = {(d.kind, d.reference) for d in rows}
    assert ("auth_lapsed", "PA2") in kinds and ("peer_to_peer", "PA4") in kinds
    assert not any(ref == "PA3" for _, ref in kinds)  # nothing left to renew
    soon = within(rows, date(2026, 3, 1), 14)
    assert [(d.kind, d.reference) for d in soon] == [("auth_lapsed", "PA2"), ("auth_renewal", "PA1")]
    p2p = next(d for d in rows if d.kind == "peer_to_peer")
    assert p2p.day == date(2026, 3, 17)  # decided + 30 days


def test_retro_authorization_window():
    done = Service("pt-9", "medicare", date(2026, 3, 2), ("64483",), place_of_service="11", state="TX", id="E1")
    rows = retro_deadlines([done], [], today=date(2026, 3, 10))
    assert [(d.kind, d.day, d.overdue) for d in rows] == [("retro_auth", date(2026, 4, 1), False)]
    closed = retro_deadlines([done], [], today=date(2026, 4, 2))
    assert closed[0].overdue and "closed" in closed[0].title
    ma = dataclasses.replace(done, payer_id="medicare-advantage")
    assert retro_deadlines([ma], [], today=date(2026, 3, 10))[0].day == date(2026, 3, 16)  # payer file: 14 days
    not_needed = dataclasses.replace(done, state="PA")
    assert retro_deadlines([not_needed], [], today=date(2026, 3, 10)) == []


def test_check_service_prefers_the_auth_that_covers():
    other = dataclasses.replace(AUTH, number="PA0", end_date=date(2026, 1, 31))
    check = check_service(svc(date(2026, 2, 10)), [other, AUTH])
    assert check.ok and check.covered_by == "PA1"


def test_link_services_records_claims_and_units_and_returns_the_uncovered():
    from painrcm.auth.deadlines import expire_lapsed, link_services

    fresh = dataclasses.replace(AUTH, units_used=0, units=2)
    services = [svc(date(2026, 2, d), id=f"C{d}") for d in (1, 2, 3)] + [svc(date(2026, 4, 2), id="C9")]
    linked, uncovered = link_services([fresh], services)
    assert linked[0].claim_ids == ("C1", "C2") and linked[0].units_used == 2
    assert [s.id for s in uncovered] == ["C3", "C9"]
    again, _ = link_services(linked, services[:2])
    assert again[0].units_used == 2  # linking twice counts once
    assert [a.status for a in expire_lapsed([AUTH], date(2026, 4, 1))] == [S.EXPIRED]
    assert [a.status for a in expire_lapsed([AUTH], date(2026, 3, 31))] == [S.APPROVED]


def test_visits_drugs_and_imaging_on_the_claim_do_not_need_to_be_on_the_auth():
    full_claim = svc(date(2026, 2, 1), codes=("64483", "64484", "99214", "J1030", "77003"))
    assert coverage_problems(AUTH, full_claim) == []
