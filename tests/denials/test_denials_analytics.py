"""Root-cause analytics: denial rates by dimension and the top upstream causes with fixes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from painrcm.denials.analytics import UPSTREAM_FIXES, denial_rates, top_causes
from painrcm.denials.testing import make_claim, make_denial
from painrcm.denials.worklist import classify_denials

AS_OF = date(2026, 4, 10)


@pytest.fixture
def data():
    c1 = make_claim("C1", lines=(("64483", "555.00"), ("77003", "100.00")))
    c2 = make_claim("C2", payer_id="granite-mutual", lines=(("64483", "555.00"),), service_date=date(2026, 2, 2))
    c3 = make_claim("C3", lines=(("99213", "150.00"),))
    ds = [make_denial(c1, ["CO-197"]), make_denial(c2, ["CO-197"]), make_denial(c3, ["CO-50"])]
    return [c1, c2, c3], classify_denials([c1, c2, c3], ds, as_of=AS_OF)


def test_rate_by_cpt(data):
    claims, ds = data
    rows = {r.key: r for r in denial_rates(claims, ds, "cpt")}
    assert (rows["64483"].denied, rows["64483"].lines, rows["64483"].rate) == (2, 2, Decimal("1.0000"))
    assert rows["77003"].rate == 0
    assert rows["99213"].amount == Decimal("150.00")


def test_rate_by_payer_month_provider_carc(data):
    claims, ds = data
    payer = {r.key: r for r in denial_rates(claims, ds, "payer")}
    assert (payer["medicare"].denied, payer["medicare"].lines) == (2, 3)
    month = {r.key: r for r in denial_rates(claims, ds, "month")}
    assert month["2026-02"].denied == 1 and month["2026-03"].denied == 2
    assert denial_rates(claims, ds, "provider")[0].denied == 3
    carc = denial_rates(claims, ds, "carc")
    assert (carc[0].key, carc[0].denied, carc[0].lines) == ("CO-197", 2, 3)
    with pytest.raises(ValueError):
        denial_rates(claims, ds, "color")


def test_top_causes_with_fix(data):
    _, ds = data
    causes = top_causes(ds)
    assert causes[0].root_cause == "authorization" and causes[0].count == 2
    assert causes[0].amount == Decimal("1110.00")
    assert "Renew authorizations earlier" in causes[0].fix
    assert causes[1].fix == UPSTREAM_FIXES["medical_necessity"]
