"""Claims against their notes, on hand-made claims."""

from __future__ import annotations

from decimal import Decimal

from painrcm.denials.testing import make_claim
from painrcm.reports.claim_rules import claim_findings
from painrcm.reports.documentation import NoteCoding, compare
from painrcm.reports.valuation import Valuer

V = Valuer(None)


def _paid(cid, n):
    return Decimal("42.00")


def coding(*lines, topics=(), messages=()):
    return NoteCoding.of({"lines": [{"code": c, "modifiers": list(m), "units": u} for c, m, u in lines],
                          "queries": [{"topic": t, "message": msg} for t, msg in zip(topics, messages or [""] * len(topics))]})


def test_imaging_not_billed_and_undocumented():
    c = make_claim(payer_id="nobody", lines=(("64405", "300.00"),))
    f = compare(c, coding(("64405", (), 1), ("77002", (), 1)), V, _paid)
    assert [x.kind for x in f] == ["imaging_not_billed"] and f[0].amount > 0
    c2 = make_claim(payer_id="nobody", lines=(("64405", "300.00"), ("77002", "100.00")))
    f2 = compare(c2, coding(("64405", (), 1)), V, _paid)
    assert [(x.kind, x.amount) for x in f2] == [("imaging_undocumented", Decimal("42.00"))]


def test_approach_side_levels():
    c = make_claim(payer_id="nobody", lines=(("62323", "900.00"),))
    f = compare(c, coding(("64483", ("RT",), 1)), V, _paid)
    assert [x.extra["issue"] for x in f] == ["approach"]


def test_bilateral_styles_are_the_same_work():
    from painrcm.claims.model import ClaimLine
    import dataclasses

    base = make_claim(payer_id="nobody", lines=(("64493", "500.00"), ("64493", "500.00")))
    c = dataclasses.replace(base, lines=(ClaimLine("64493", Decimal("500.00"), modifiers=("RT",)),
                                         ClaimLine("64493", Decimal("500.00"), modifiers=("LT",))))
    assert compare(c, coding(("64493", ("RT",), 1), ("64493", ("LT",), 1)), V, _paid) == []
    c50 = dataclasses.replace(base, lines=(ClaimLine("64493", Decimal("900.00"), Decimal(2), modifiers=("50",)),))
    assert compare(c50, coding(("64493", ("50",), 2)), V, _paid, "modifier_50_two_units") == []
    wrong = dataclasses.replace(base, lines=(ClaimLine("64493", Decimal("500.00"), modifiers=("LT",)),))
    f = compare(wrong, coding(("64493", ("RT",), 1)), V, _paid)
    assert [x.extra["issue"] for x in f] == ["side"]
    more = dataclasses.replace(base, lines=(ClaimLine("64483", Decimal("500.00"), modifiers=("RT",)),
                                            ClaimLine("64484", Decimal("300.00"), Decimal(2), modifiers=("RT",))))
    f = compare(more, coding(("64483", ("RT",), 1), ("64484", ("RT",), 1)), V, _paid)
    assert [(x.extra["issue"], x.extra["direction"]) for x in f] == [("levels", "over")]
    assert f[0].amount == (V.line(more, 1) / 2).quantize(Decimal("0.01"))


def test_em_level_gap():
    c = make_claim(payer_id="nobody", lines=(("99215", "250.00"),))
    f = compare(c, coding(("99214", (), 1)), V, _paid)
    assert f[0].kind == "em_level" and f[0].extra["direction"] == "overcoded" and f[0].extra["gap"] < 0
    assert compare(c, coding(topics=("em_level",)), V, _paid) == []


def test_claim_rules():
    c = make_claim(payer_id="nobody", lines=(("62323", "900.00"),))
    import dataclasses
    from painrcm.claims.model import ClaimLine

    c = dataclasses.replace(c, lines=(ClaimLine("62323", Decimal("900.00"), modifiers=("50",)),))
    assert [f.extra["issue"] for f in claim_findings(c, V)] == ["modifier_50_not_allowed"]
    c = dataclasses.replace(c, lines=(ClaimLine("64493", Decimal("900.00"), modifiers=("50",)),))
    f = claim_findings(c, V, style="rt_lt_two_lines")
    assert [x.extra["issue"] for x in f] == ["bilateral_style"]
