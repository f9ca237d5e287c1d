"""The monthly report: the month's numbers and the trailing-12-month trends by provider and payer,
and the E/M level distribution.

``monthly_report(inp, month=date(2026, 9, 1))`` -> :class:`MonthlyReport` (pure, from the same
:class:`painrcm.reports.inputs.AuditInput` as the audit); ``render_monthly_html`` draws it with
inline SVG charts (:mod:`painrcm.reports.charts`), ``write_monthly`` writes HTML, PDF and CSV.

>>> month_keys(date(2026, 3, 1), 3)
['2026-01', '2026-02', '2026-03']
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from markupsafe import Markup

from painrcm.claims.model import Claim
from painrcm.domain.money import ZERO
from painrcm.errors import InputError
from painrcm.reports import charts
from painrcm.reports.documentation import EM_CODES
from painrcm.reports.inputs import AuditInput


def parse_month(text: str) -> date:
    """``YYYY-MM`` -> the first day of that month.

    >>> parse_month("2026-09")
    datetime.date(2026, 9, 1)
    """
    try:
        y, m = text.split("-")
        return date(int(y), int(m), 1)
    except ValueError:
        raise InputError(f"not a month: {text!r} (expected YYYY-MM)", field="--month") from None


def month_keys(last: date, n: int = 12) -> list[str]:
    y, m = last.year, last.month
    out = []
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def _key(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def provider_name(c: Claim) -> str:
    p = c.rendering_provider
    if p is None:
        return "(no rendering provider)"
    return ", ".join(x for x in (p.name.last, p.name.first) if x) or (p.npi or "?")


@dataclass
class MonthlyReport:
    practice: str
    month: str
    months: list[str]
    totals: dict[str, Decimal | int]                          # the month's figures
    charges_by_provider: dict[str, list[Decimal]]             # provider -> charges per month
    claims_by_provider: dict[str, list[int]]
    payments_by_payer: dict[str, list[Decimal]]               # payer -> paid per month (835 payment date)
    denied_by_payer: dict[str, list[Decimal]]
    em_month: list[tuple[str, int]]                           # E/M level -> claims billed in the month
    em_year: list[tuple[str, int]]
    extra: dict = field(default_factory=dict)


def monthly_report(inp: AuditInput, month: date) -> MonthlyReport:
    months = month_keys(month, 12)
    idx = {k: i for i, k in enumerate(months)}
    mk = _key(month)
    charges = defaultdict(lambda: [ZERO] * 12)
    nclaims = defaultdict(lambda: [0] * 12)
    payer_of: dict[str, str] = {}
    em_m: Counter = Counter()
    em_y: Counter = Counter()
    t_claims = 0
    t_charges = ZERO
    for c in inp.claims:
        payer_of[c.claim_id] = c.payer_id
        k = _key(c.service_date)
        if k not in idx:
            continue
        prov = provider_name(c)
        charges[prov][idx[k]] += c.total_charge
        nclaims[prov][idx[k]] += 1
        level = next((l.code for l in c.lines if l.code in EM_CODES), None)
        if level:
            em_y[level] += 1
            if k == mk:
                em_m[level] += 1
        if k == mk:
            t_claims += 1
            t_charges += c.total_charge
    paid = defaultdict(lambda: [ZERO] * 12)
    denied = defaultdict(lambda: [ZERO] * 12)
    t_paid = t_denied = ZERO
    t_denied_lines = 0
    for r in inp.remittances:
        if r.payment_date is None or _key(r.payment_date) not in idx:
            continue
        i = idx[_key(r.payment_date)]
        for cp in r.claims:
            payer = payer_of.get(cp.patient_control_number, r.payer_name)
            paid[payer][i] += cp.paid
            den = sum((lp.charge for lp in cp.lines if lp.paid == 0 and any(
                a.group in ("CO", "OA", "PI") and a.reason not in ("45", "59", "253") for a in lp.adjustments)), ZERO)
            denied[payer][i] += den
            if i == 11:
                t_paid += cp.paid
                t_denied += den
                t_denied_lines += sum(1 for lp in cp.lines if lp.paid == 0 and lp.charge and any(
                    a.group in ("CO", "OA", "PI") and a.reason not in ("45", "59", "253") for a in lp.adjustments))
    totals = {"claims": t_claims, "charges": t_charges, "paid": t_paid, "denied": t_denied,
              "denied_lines": t_denied_lines, "em_visits": sum(em_m.values())}
    levels = sorted(set(em_m) | set(em_y))
    return MonthlyReport(inp.practice, mk, months, totals, dict(charges), dict(nclaims), dict(paid), dict(denied),
                         [(lv, em_m.get(lv, 0)) for lv in levels], [(lv, em_y.get(lv, 0)) for lv in levels])


def render_monthly_html(m: MonthlyReport) -> str:
    from painrcm.reports.render import environment, template_text

    env = environment()
    short = [k[2:] for k in m.months]
    chart = {
        "providers": Markup(charts.line_chart(short, sorted(m.charges_by_provider.items()), money=True, width=1100)),
        "payers": Markup(charts.line_chart(short, sorted(m.payments_by_payer.items()), money=True, width=1100)),
        "em": Markup(charts.grouped_bars([lv for lv, _ in m.em_year],
                                         [(f"{m.month}", [n for _, n in m.em_month]),
                                          ("12 months", [n for _, n in m.em_year])])),
    }
    tot_y = sum(n for _, n in m.em_year) or 1
    tot_m = sum(n for _, n in m.em_month) or 1
    em_rows = [(lv, nm, Decimal(nm * 100) / tot_m, ny, Decimal(ny * 100) / tot_y)
               for (lv, nm), (_, ny) in zip(m.em_month, m.em_year)]
    return env.from_string(template_text("monthly.html")).render(
        m=m, css=Markup(template_text("base.css")), charts=chart, em_rows=em_rows)


def write_monthly(m: MonthlyReport, out_dir: Path, *, pdf: bool = True) -> dict[str, Path]:
    from painrcm.reports.render import write_pdf

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html = render_monthly_html(m)
    paths = {"html": out_dir / f"monthly-{m.month}.html"}
    paths["html"].write_text(html, encoding="utf-8")
    if pdf:
        paths["pdf"] = write_pdf(html, out_dir / f"monthly-{m.month}.pdf")
    p = out_dir / f"monthly-{m.month}-trends.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["measure", "by", "name", *m.months])
        for name, vals in sorted(m.charges_by_provider.items()):
            w.writerow(["charges", "provider", name, *(f"{v:.2f}" for v in vals)])
        for name, vals in sorted(m.claims_by_provider.items()):
            w.writerow(["claims", "provider", name, *vals])
        for name, vals in sorted(m.payments_by_payer.items()):
            w.writerow(["paid", "payer", name, *(f"{v:.2f}" for v in vals)])
        for name, vals in sorted(m.denied_by_payer.items()):
            w.writerow(["denied_charges", "payer", name, *(f"{v:.2f}" for v in vals)])
    paths["csv"] = p
    return paths


__all__ = ["MonthlyReport", "monthly_report", "parse_month", "month_keys", "render_monthly_html", "write_monthly"]
