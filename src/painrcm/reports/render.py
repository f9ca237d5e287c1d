"""The audit as files: one self-contained HTML page (inline CSS and SVG charts), the same as PDF
(WeasyPrint), and drill-downs (one CSV per section and one XLSX workbook) whose amounts add up to
the report's figures to the cent.

``write_audit(report, out_dir)`` writes ``audit.html``, ``audit.pdf``, ``audit.xlsx``,
``audit-summary.csv`` and ``audit-<section>.csv`` and returns the paths.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from importlib import resources
from pathlib import Path

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from painrcm.domain.money import ZERO
from painrcm.reports import charts
from painrcm.reports.model import SECTIONS, SHORT, AuditReport, Finding, Kpi

TOP_ROWS = 10


def money(v) -> str:
    v = Decimal(v)
    return f"-${-v:,.2f}" if v < 0 else f"${v:,.2f}"


def pct(a, b) -> str:
    return f"{Decimal(a) * 100 / Decimal(b):.1f}%" if b else "n/a"


def template_text(name: str) -> str:
    return resources.files("painrcm.reports").joinpath("templates", name).read_text(encoding="utf-8")


def environment() -> Environment:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals.update(money=money, pct=pct)
    return env


def section_file(key: str) -> str:
    return f"audit-{key}.csv"


def headline(r: AuditReport) -> dict:
    em = r.findings.get("em_level", [])
    den = r.findings.get("denial", [])
    recoverable = (r.total("imaging_not_billed") + r.total("underpayment")
                   + sum((f.amount for f in em if f.extra.get("direction") == "undercoded"), ZERO)
                   + sum((f.amount for f in den if f.extra.get("preventable")), ZERO))
    exposure = (r.total("imaging_undocumented") + r.total("code_mismatch") + r.total("addon_bilateral")
                + sum((f.amount for f in em if f.extra.get("direction") != "undercoded"), ZERO))
    return {"recoverable": recoverable, "exposure": exposure}


def summary_rows(r: AuditReport) -> list[dict]:
    out = []
    for key, s in SECTIONS.items():
        items = r.findings.get(key, [])
        out.append({"key": key, "title": s.title, "meaning": s.meaning, "explanation": s.explanation,
                    "count": len(items), "claims": len({f.claim_id for f in items}), "amount": r.total(key),
                    "file": section_file(key),
                    "top": sorted(items, key=lambda f: (-f.amount, f.claim_id))[:TOP_ROWS]})
    return out


def _kpi_value(k: Kpi) -> str:
    if k.value is None:
        return "n/a"
    return f"{k.value}%" if k.unit == "%" else f"{k.value} days"


def render_html(r: AuditReport) -> str:
    env = environment()
    t = r.tables
    rows = summary_rows(r)
    chart = {
        "by_section": Markup(charts.bar_chart([(SHORT[s["key"]], s["amount"]) for s in rows
                                               if s["key"] not in ("auth_denial", "ar_over_90")], money=True)),
        "ar": Markup(charts.bar_chart([(k, a) for k, _, a in t.get("ar_buckets", [])], money=True,
                                      color=charts.PALETTE[1])),
        "denial_causes": Markup(charts.bar_chart([(k, a) for k, _, a in t.get("denials_by_cause", [])], money=True,
                                                 color=charts.PALETTE[3], width=520)),
        "underpayments": Markup(charts.bar_chart([(k.replace("_", " ").lower(), a) for k, _, a in
                                                  t.get("underpayments_by_kind", [])], money=True,
                                                 color=charts.PALETTE[4])),
        "em": Markup(charts.grouped_bars([lvl for lvl, _, _ in t.get("em_distribution", [])],
                                         [("billed", [b for _, b, _ in t.get("em_distribution", [])]),
                                          ("supported by the note", [s for _, _, s in t.get("em_distribution", [])])])),
    }
    tpl = env.from_string(template_text("audit.html"))
    return tpl.render(r=r, css=Markup(template_text("base.css")), summary=rows,
                      sections=rows, tables=t, charts=chart, headline=headline(r),
                      kpi_value=_kpi_value,
                      kpi_bar=lambda k: Markup(charts.kpi_bar(k.value, k.benchmark, unit=k.unit, better=k.better)))


def write_pdf(html: str, path: Path) -> Path:
    from weasyprint import HTML

    HTML(string=html).write_pdf(str(path))
    return path


COLUMNS = ("section", "claim_id", "payer", "provider", "service_date", "line", "code", "amount", "detail")


def _columns(findings: list[Finding]) -> list[str]:
    extra = sorted({k for f in findings for k in f.extra})
    return list(COLUMNS) + extra


def write_csvs(r: AuditReport, out_dir: Path) -> list[Path]:
    paths = []
    summary = out_dir / "audit-summary.csv"
    with open(summary, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["section", "title", "claims", "lines", "amount", "meaning", "file"])
        for s in summary_rows(r):
            w.writerow([s["key"], s["title"], s["claims"], s["count"], f"{s['amount']:.2f}", s["meaning"], s["file"]])
    paths.append(summary)
    for key in SECTIONS:
        items = r.findings.get(key, [])
        cols = _columns(items)
        p = out_dir / section_file(key)
        with open(p, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
            w.writeheader()
            for f in items:
                row = f.row()
                row["amount"] = f"{f.amount:.2f}"
                w.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in cols})
        paths.append(p)
    return paths


def _cell(v):
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, bool) or isinstance(v, (int, float)) or v is None:
        return v
    return str(v)


def write_xlsx(r: AuditReport, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)  # streamed: a million-line audit has hundreds of thousands of rows
    bold = Font(bold=True)

    def header(sheet, names):
        cells = []
        for name in names:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)

    def amount(sheet, value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0.00"
        return cell

    ws = wb.create_sheet("Summary")
    header(ws, ["Section", "Claims", "Lines", "Amount", "What the amount is", "Sheet"])
    for s in summary_rows(r):
        ws.append([s["title"], s["claims"], s["count"], amount(ws, float(s["amount"])), s["meaning"], s["key"][:31]])
    ws.append([])
    ws.append(["Audit date", r.as_of.isoformat()])
    for k in r.kpis:
        ws.append([k.name, float(k.value) if k.value is not None else None, k.unit,
                   float(k.benchmark) if k.benchmark is not None else None, k.basis])
    for key in SECTIONS:
        items = r.findings.get(key, [])
        sh = wb.create_sheet(key[:31])
        cols = _columns(items)
        header(sh, cols)
        amount_col = cols.index("amount")
        for f in items:
            row = f.row()
            values = [_cell(row.get(c)) for c in cols]
            values[amount_col] = amount(sh, values[amount_col])
            sh.append(values)
        if items:
            letter = get_column_letter(amount_col + 1)
            sh.append(["Total"] + [None] * (amount_col - 1) + [f"=SUM({letter}2:{letter}{len(items) + 1})"])
    wb.save(path)
    return path


def write_audit(r: AuditReport, out_dir: Path, *, pdf: bool = True) -> dict[str, Path | list[Path]]:
    """Write the report and its drill-downs to ``out_dir``; returns the paths by kind."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html = render_html(r)
    paths: dict = {"html": out_dir / "audit.html"}
    paths["html"].write_text(html, encoding="utf-8")
    if pdf:
        paths["pdf"] = write_pdf(html, out_dir / "audit.pdf")
    paths["csv"] = write_csvs(r, out_dir)
    paths["xlsx"] = write_xlsx(r, out_dir / "audit.xlsx")
    return paths


__all__ = ["render_html", "write_audit", "write_pdf", "write_csvs", "write_xlsx", "money", "summary_rows",
           "headline", "environment", "template_text"]
