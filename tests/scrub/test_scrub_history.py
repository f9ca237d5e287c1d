"""FREQUENCY_LIMIT, RFA_PREREQUISITE, RFA_FACET_SAME_DAY, DUPLICATE_CLAIM, CONSERVATIVE_TREATMENT."""

from __future__ import annotations

from datetime import timedelta

from painrcm.scrub import HistoryIndex, HistoryRelief, NoteEvidence

from scrub_helpers import DOS, claim, edits, findings, line


def esi(days_before: int, *mods: str, code: str = "64483", member: str = "M1", cid: str | None = None):
    return claim(line(code, *(mods or ("RT",))), dos=DOS - timedelta(days=days_before),
                 claim_id=cid or f"H{days_before}{code}", member_id=member)


def test_frequency_limit_fifth_esi_in_a_rolling_year():
    history = [esi(30), esi(100), esi(200), esi(300)]
    assert "FREQUENCY_LIMIT" in edits(claim(line("64483", "RT")), history=history, severity="error")
    assert "FREQUENCY_LIMIT" not in edits(claim(line("64483", "RT")), history=history[:3])


def test_frequency_limit_rolling_window_and_region():
    old = [esi(30), esi(100), esi(200), esi(370)]  # one session outside 365 days
    assert "FREQUENCY_LIMIT" not in edits(claim(line("64483", "RT")), history=old)
    cervical = [esi(d, code="64479") for d in (30, 100, 200, 300)]
    assert "FREQUENCY_LIMIT" not in edits(claim(line("64483", "RT")), history=cervical)


def test_frequency_limit_counts_interlaminar_and_transforaminal_together():
    history = [esi(30, code="62323", cid="I1"), esi(100), esi(200), esi(300, code="62323", cid="I2")]
    assert "FREQUENCY_LIMIT" in edits(claim(line("64483", "RT")), history=history)


def test_frequency_limit_payer_with_three_sessions():
    history = [esi(30), esi(100), esi(200)]
    c = claim(line("64483", "RT"), prior_authorization="A1")
    assert "FREQUENCY_LIMIT" in edits(c, payer="summit-health", history=history)
    assert "FREQUENCY_LIMIT" not in edits(c, payer="medicare", history=history)


def test_frequency_limit_bilateral_same_day_counts_once():
    history = [claim(line("64483", "RT"), line("64483", "LT"), dos=DOS - timedelta(days=d), claim_id=f"B{d}")
               for d in (30, 100, 200)]
    assert "FREQUENCY_LIMIT" not in edits(claim(line("64483", "50")), history=history)


def test_frequency_limit_waiting_period():
    c = claim(line("64483", "RT"), prior_authorization="A1")
    assert "FREQUENCY_LIMIT" in edits(c, payer="lakeshore-ppo", history=[esi(7)])
    assert "FREQUENCY_LIMIT" not in edits(c, payer="lakeshore-ppo", history=[esi(30)])


def mbb(days_before: int, side: str = "RT", relief: int | None = None, hours: float | None = None,
        code: str = "64493") -> tuple:
    c = claim(line(code, side), dos=DOS - timedelta(days=days_before), claim_id=f"MBB{days_before}",
              diagnoses=("M47816",))
    return c, (HistoryRelief(relief, hours, "diagnostic") if relief is not None else None)


def index(*items) -> HistoryIndex:
    h = HistoryIndex()
    for c, relief in items:
        h.add(c, relief)
    return h


RFA = claim(line("64635", "RT"), line("64636", "RT"), diagnoses=("M47816",))


def test_rfa_prerequisite_two_blocks_with_80_percent():
    ok = index(mbb(60, relief=90), mbb(40, relief=85))
    assert "RFA_PREREQUISITE" not in edits(RFA, history=ok)
    one = index(mbb(60, relief=90), (claim(line("99213"), claim_id="V", diagnoses=("G8929",)), None))
    assert "RFA_PREREQUISITE" in edits(RFA, history=one, severity="error")


def test_rfa_prerequisite_relief_below_threshold():
    low = index(mbb(60, relief=90), mbb(40, relief=60))
    assert "RFA_PREREQUISITE" in edits(RFA, history=low, severity="error")
    # the same blocks satisfy a payer with a 50 % threshold and one block (summit: >= 2 hours)
    one = index(mbb(40, relief=60, hours=6))
    c = claim(line("64635", "RT"), line("64636", "RT"), diagnoses=("M47816",), prior_authorization="A1")
    assert "RFA_PREREQUISITE" not in edits(c, payer="summit-health", history=one)


def test_rfa_prerequisite_other_side_or_region_does_not_count():
    left = index(mbb(60, "LT", 90), mbb(40, "LT", 90))
    assert "RFA_PREREQUISITE" in edits(RFA, history=left, severity="error")
    cervical = index(mbb(60, relief=90, code="64490"), mbb(40, relief=90, code="64490"))
    assert "RFA_PREREQUISITE" in edits(RFA, history=cervical, severity="error")


def test_rfa_prerequisite_unknown_relief_or_no_history_is_a_warning():
    unknown = index(mbb(60), mbb(40))
    fs = [f for f in findings(RFA, history=unknown) if f.edit == "RFA_PREREQUISITE"]
    assert fs and fs[0].severity == "warning"
    fs = [f for f in findings(RFA) if f.edit == "RFA_PREREQUISITE"]
    assert fs and fs[0].severity == "warning"


def test_rfa_note_relief():
    from painrcm.scrub import NoteProcedure
    low = NoteEvidence(procedures=(NoteProcedure("rfa", relief_pct=75),))
    good = NoteEvidence(procedures=(NoteProcedure("rfa", relief_pct=85),))
    two = index(mbb(60), mbb(40))
    assert "RFA_PREREQUISITE" in edits(RFA, history=two, note=low, severity="error")
    one = index(mbb(60))
    fs = [f for f in findings(RFA, history=one, note=good) if f.edit == "RFA_PREREQUISITE"]
    assert fs and fs[0].severity == "warning"


def test_repeat_rfa_too_soon():
    prior = claim(line("64635", "RT"), dos=DOS - timedelta(days=90), claim_id="R0", diagnoses=("M47816",))
    assert "RFA_PREREQUISITE" in edits(RFA, history=[prior], severity="error")
    prior = claim(line("64635", "RT"), dos=DOS - timedelta(days=250), claim_id="R0", diagnoses=("M47816",))
    assert "RFA_PREREQUISITE" not in edits(RFA, history=[prior])


def test_rfa_and_facet_injection_same_day():
    c = claim(line("64635", "RT"), line("64493", "RT"), diagnoses=("M47816",))
    assert "RFA_FACET_SAME_DAY" in edits(c, severity="error")
    assert "RFA_FACET_SAME_DAY" not in edits(RFA)
    other = claim(line("64493", "RT"), claim_id="F1", diagnoses=("M47816",))
    assert "RFA_FACET_SAME_DAY" in edits(RFA, history=[other])


def test_duplicate_claim():
    first = claim(line("64483", "RT"), claim_id="FIRST")
    again = claim(line("64483", "RT"), claim_id="AGAIN")
    assert "DUPLICATE_CLAIM" in edits(again, history=[first], severity="error")
    later = claim(line("64483", "RT"), claim_id="LATER", dos=DOS + timedelta(days=30))
    assert "DUPLICATE_CLAIM" not in edits(later, history=[first])
    assert "DUPLICATE_CLAIM" not in edits(first, history=[first])  # a claim is not its own duplicate


def test_conservative_treatment():
    c = claim(line("64483", "RT"))
    fs = [f for f in findings(c, note=NoteEvidence(conservative_treatment=False)) if f.edit == "CONSERVATIVE_TREATMENT"]
    assert fs and fs[0].severity == "warning"
    assert "CONSERVATIVE_TREATMENT" not in edits(c, note=NoteEvidence(conservative_treatment=True))
    assert "CONSERVATIVE_TREATMENT" not in edits(c)
