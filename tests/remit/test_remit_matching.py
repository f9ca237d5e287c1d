"""Matching 835 lines to claim lines: REF*6R, code + modifiers (any order) + date, SVC06, fallbacks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from painrcm.remit.matching import match_lines
from painrcm.remit.model import ClaimPayment, LinePayment
from test_remit_variances import claim


def _payment(*lines):
    return ClaimPayment("C1", "1", D("0"), D("0"), D("0"), lines=lines)


def test_modifiers_in_any_order_and_same_code_twice():
    c = claim(("64483", ("RT",), "900.00"), ("64483", ("LT",), "900.00"), ("64484", ("LT", "XS"), "400.00"))
    p = _payment(LinePayment("64484", ("XS", "LT"), D("400"), D("0")), LinePayment("64483", ("LT",), D("900"), D("0")),
                 LinePayment("64483", ("RT",), D("900"), D("0")))
    pairs, left = match_lines(c, p)
    assert sorted(pairs) == [(1, 2), (2, 1), (3, 0)] and left == []


def test_changed_code_uses_svc06_and_dropped_modifier_still_matches():
    c = claim(("64483", ("RT",), "900.00"), ("77003", (), "200.00"))
    p = _payment(LinePayment("64479", ("RT",), D("900"), D("0"), original_code="64483", original_modifiers=("RT",)),
                 LinePayment("77003", ("26",), D("200"), D("0"), service_date=date(2026, 3, 2)))
    pairs, left = match_lines(c, p)
    assert sorted(pairs) == [(1, 0), (2, 1)] and left == []


def test_line_control_number_wins_and_extra_line_is_left():
    c = claim(("64483", ("RT",), "900.00"), ("64483", ("RT",), "900.00"))
    c = replace(c, lines=(replace(c.lines[0], line_id="A"), replace(c.lines[1], line_id="B")))
    p = _payment(LinePayment("64483", ("RT",), D("900"), D("0"), line_id="B"),
                 LinePayment("64483", ("RT",), D("900"), D("0"), line_id="A"),
                 LinePayment("64483", ("RT",), D("900"), D("0")))
    pairs, left = match_lines(c, p)
    assert sorted(pairs) == [(1, 1), (2, 0)] and left == [2]
