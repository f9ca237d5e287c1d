"""Requirement check: prior-auth rules (WISeR by state, OPPS by place), package, frequency room."""

from datetime import date, timedelta

import pytest

from painrcm.auth.frequency import frequency_room, history_key
from painrcm.auth.model import Authorization
from painrcm.auth.requirements import PlannedProcedure, check_requirements
from painrcm.errors import InputError
from painrcm.policy import PayerPolicy, load_policy
from painrcm.scrub.history import HistoryIndex
from painrcm.scrub.testing import line, make_claim

MEDICARE = load_policy("medicare")


def plan(**kw):
    base = dict(payer_id="medicare", date_of_service=date(2026, 3, 2), codes=("64483",), levels=("L5-S1",),
                side="right", place_of_service="11")
    base.update(kw)
    return PlannedProcedure(**base)


@pytest.mark.parametrize("state, expected", [("TX", True), ("OH", True), ("WA", True), ("PA", False), ("CA", False)])
def test_wiser_states_come_from_the_medicare_file(state, expected):
    r = check_requirements(plan(state=state))
    assert r.needs_auth is expected
    if expected:
        assert r.rules[0].program == "WISeR"


def test_wiser_only_from_2026_and_unknown_state_is_depends():
    assert check_requirements(plan(state="TX", date_of_service=date(2025, 12, 31))).needs_auth is False
    r = check_requirements(plan(state=None))
    assert r.needs_auth is None and any("AZ, NJ, OH, OK, TX, WA" in x for x in r.reasons)


def test_opps_rule_by_place_of_service():
    facet = dict(codes=("64635",), levels=("L4-5", "L5-S1"), side="bilateral", state="PA")
    assert check_requirements(plan(place_of_service="22", **facet)).needs_auth is True
    assert check_requirements(plan(place_of_service="11", **facet)).needs_auth is False
    assert check_requirements(plan(place_of_service="24", **facet)).needs_auth is False


def test_commercial_family_rule_and_rfa_package():
    r = check_requirements(plan(payer_id="lakeshore-ppo", codes=("64635",), levels=("L4-5", "L5-S1"),
                                side="bilateral", place_of_service="24"))
    assert r.needs_auth is True and r.renewal_lead_days == 21
    text = "\n".join(r.package)
    assert "2 diagnostic medial branch block(s) on separate dates at the same levels and side" in text
    assert ">= 80% relief" in text and "12 weeks" in text and "attestation" in text


def test_scs_package_and_family_only():
    r = check_requirements(plan(payer_id="medicare-advantage", codes=("63685",), levels=(), side=None))
    assert r.needs_auth is True
    assert any("Psychological evaluation" in p for p in r.package)
    assert any(">= 50% pain relief" in p for p in r.package)
    fam = check_requirements(plan(payer_id="medicare-advantage", codes=(), family="esi"))
    assert fam.needs_auth is True
    with pytest.raises(InputError):
        check_requirements(plan(codes=(), family="not-a-family"))


def test_level_limit_warning():
    r = check_requirements(plan(codes=("64483", "64484"), levels=("L3-4", "L4-5", "L5-S1"), state="PA"))
    assert any("3 levels planned" in w for w in r.warnings)


def _esi(cid, day, *mods):
    return make_claim(cid, day, [line("64483", *mods)])


def test_frequency_bilateral_same_level_counts_once():
    claims = [_esi("C1", date(2026, 1, 5), "50"), _esi("C2", date(2026, 2, 5), "RT"),
              _esi("C3", date(2026, 2, 5), "LT")]  # RT + LT the same day = one session
    h = HistoryIndex(claims)
    r = check_requirements(plan(state="PA"), history=h, history_key=history_key(claims))
    (room,) = r.frequency
    assert room.used == 2 and room.remaining == 2 and room.fits and room.region == "lumbar_sacral"
    assert room.session_dates == (date(2026, 1, 5), date(2026, 2, 5))


def test_frequency_bilateral_counts_twice_when_the_payer_says_so():
    limits = [lim.model_copy(update={"bilateral_same_level_counts_once": False}) for lim in MEDICARE.frequency_limits]
    policy = MEDICARE.model_copy(update={"frequency_limits": tuple(limits)})
    claims = [_esi("C1", date(2026, 1, 5), "50"), _esi("C2", date(2026, 2, 5), "50")]
    room = frequency_room(policy, HistoryIndex(claims), history_key(claims), "64483", "lumbar", date(2026, 3, 2),
                          side="bilateral")
    assert room.used == 4 and room.this_session == 2 and not room.fits
    assert room.next_available == date(2027, 1, 5)  # both sides of the January session must roll off


def test_frequency_full_gives_next_available_date_and_warning():
    claims = [_esi(f"C{m}", date(2026, m, 5)) for m in (1, 2, 3, 4)]
    r = check_requirements(plan(state="PA", date_of_service=date(2026, 6, 1)), history=HistoryIndex(claims),
                           history_key=history_key(claims))
    (room,) = r.frequency
    assert room.used == 4 and room.remaining == 0 and room.next_available == date(2027, 1, 5)
    assert not r.frequency_ok and any("Frequency limit reached" in w for w in r.warnings)


def test_other_region_does_not_count():
    claims = [make_claim(f"C{m}", date(2026, m, 5), [line("64479", "RT")]) for m in (1, 2, 3, 4)]
    room = frequency_room(MEDICARE, HistoryIndex(claims), history_key(claims), "64483", "lumbar", date(2026, 6, 1))
    assert room.used == 0


def test_rolling_window_across_a_leap_day():
    """365-day window (payer window_days): a session on 2027-03-01 counts through 2028-02-28
    and has rolled off on 2028-02-29 (366 days would be a calendar year across the leap day)."""
    sessions = [date(2027, 3, 1), date(2027, 6, 1), date(2027, 9, 1), date(2027, 12, 1)]
    claims = [_esi(f"C{i}", d) for i, d in enumerate(sessions)]
    h, key = HistoryIndex(claims), history_key(claims)
    before = frequency_room(MEDICARE, h, key, "64483", "lumbar", date(2028, 2, 28))
    assert before.used == 4 and before.next_available == date(2028, 2, 29)
    assert before.window_start == date(2027, 3, 1)
    on_leap_day = frequency_room(MEDICARE, h, key, "64483", "lumbar", date(2028, 2, 29))
    assert on_leap_day.used == 3 and on_leap_day.fits and on_leap_day.window_start == date(2027, 3, 2)
    # a session on the leap day itself counts for 365 days: through 2029-02-27
    claims2 = [_esi("L", date(2028, 2, 29))]
    h2 = HistoryIndex(claims2)
    assert frequency_room(MEDICARE, h2, history_key(claims2), "64483", "lumbar", date(2029, 2, 27)).used == 1
    assert frequency_room(MEDICARE, h2, history_key(claims2), "64483", "lumbar", date(2029, 2, 28)).used == 0


def test_min_days_between_sessions():
    lakeshore = load_policy("lakeshore-ppo")
    claims = [_esi("C1", date(2026, 3, 1))]
    room = frequency_room(lakeshore, HistoryIndex(claims), history_key(claims), "64483", "lumbar", date(2026, 3, 10))
    assert room.next_available == date(2026, 3, 15)


def test_existing_auth_is_found_or_its_problems_named():
    auth = Authorization("PA1", "p", "medicare", "pt-1", date(2026, 2, 1), date(2026, 3, 1), codes=("64483",))
    r = check_requirements(plan(state="TX", patient_id="pt-1"), authorizations=[auth])
    assert r.covered_by is None and r.auth_problems == ("it runs 2026-02-01 to 2026-03-01",)
    ok = check_requirements(plan(state="TX", patient_id="pt-1", date_of_service=date(2026, 3, 1)),
                            authorizations=[auth])
    assert ok.covered_by == "PA1"


def test_payer_without_rules_needs_no_auth():
    bare = PayerPolicy(id="bare", name="Bare", plan_type="commercial", version="1", effective_from="2026-01-01")
    assert check_requirements(plan(payer_id="bare"), policy=bare).needs_auth is False


def test_json_shape():
    j = check_requirements(plan(state="TX")).to_json()
    assert j["needs_auth"] is True and j["frequency"][0]["remaining"] == 4 and j["date_of_service"] == "2026-03-02"
    assert date.fromisoformat(j["frequency"][0]["window_start"]) == date(2026, 3, 2) - timedelta(days=364)
