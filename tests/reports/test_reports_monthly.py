"""The monthly report's figures add up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from painrcm.reports.inputs import load_exports
from painrcm.reports.monthly import monthly_report, render_monthly_html


def test_monthly_totals(demo_exports):
    inp = load_exports(demo_exports.path)
    m = monthly_report(inp, date(2026, 9, 1))
    assert m.months[-1] == "2026-09" and len(m.months) == 12
    sept = [c for c in inp.claims if c.service_date.strftime("%Y-%m") == "2026-09"]
    assert m.totals["claims"] == len(sept)
    assert sum(v[-1] for v in m.charges_by_provider.values()) == sum(c.total_charge for c in sept)
    assert m.totals["charges"] == sum((c.total_charge for c in sept), Decimal("0.00"))
    assert sum(n for _, n in m.em_month) == m.totals["em_visits"]
    assert sum(v[-1] for v in m.payments_by_payer.values()) == m.totals["paid"]
    assert len(m.charges_by_provider) >= 2
    html = render_monthly_html(m)
    assert html.count("<svg") >= 3
