"""A dispute's files: the letter (HTML -> PDF with WeasyPrint), the worksheet as CSV and XLSX.

The letter names claims by our claim number and the payer's claim number only (no patient
names: the payer finds the patient from its own claim number).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from painrcm.remit.disputes import Dispute

LABELS = {
    "MPPR_OVERAPPLIED": "Multiple-procedure reduction above the contract",
    "MPPR_MISAPPLIED": "Multiple-procedure reduction on a primary, add-on or exempt code",
    "FEE_SCHEDULE_UNDERPAID": "Paid below the contracted fee",
    "BILATERAL_UNDERPAID": "Bilateral procedure paid below the contract",
    "BUNDLED_DESPITE_MODIFIER": "Bundled despite modifier 25/59/X",
    "IMAGING_UNDERPAID": "Imaging guidance paid below the contract",
}
COLUMNS = ("dispute_id", "payer", "claim_id", "payer_claim_number", "line", "service_date", "code", "modifiers",
           "issue", "contract_clause", "expected_allowed", "paid_allowed", "underpaid", "payment_date", "trn",
           "evidence")


def render_letter_html(dispute: Dispute, *, practice_name: str, practice_npi: str | None = None,
                       practice_tax_id: str | None = None, practice_address: str | None = None) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("painrcm.remit", "templates"), autoescape=select_autoescape(["html"]))
    return env.get_template("dispute_letter.html").render(
        d=dispute, labels=LABELS, practice_name=practice_name, practice_npi=practice_npi,
        practice_tax_id=practice_tax_id, practice_address=practice_address)


def render_letter_pdf(dispute: Dispute, **practice) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_letter_html(dispute, **practice)).write_pdf()


def worksheet_rows(dispute: Dispute) -> list[list]:
    return [[dispute.dispute_id, dispute.payer_id, l.claim_id, l.payer_claim_number or "", l.line_number or "",
             l.service_date.isoformat() if l.service_date else "", l.code or "", " ".join(l.modifiers),
             LABELS.get(l.kind, l.kind), l.clause or "", l.expected, l.paid_allowed, l.amount,
             l.payment_date.isoformat() if l.payment_date else "", l.trn or "", " | ".join(l.evidence)]
            for l in dispute.lines]


def worksheet_csv(dispute: Dispute) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for row in worksheet_rows(dispute):
        w.writerow([f"{v:.2f}" if hasattr(v, "quantize") else v for v in row])
    w.writerow(["TOTAL", dispute.payer_id] + [""] * 8 + [f"{dispute.total_expected:.2f}", f"{dispute.total_paid:.2f}",
                                                         f"{dispute.total_underpaid:.2f}", "", "", ""])
    return buf.getvalue()


def worksheet_xlsx(dispute: Dispute) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Underpayments"
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in worksheet_rows(dispute):
        ws.append(row)
    last = ws.max_row
    ws.append(["TOTAL", dispute.payer_id] + [None] * 8 + [f"=SUM(K2:K{last})", f"=SUM(L2:L{last})",
                                                          f"=SUM(M2:M{last})"])
    for col in ("K", "L", "M"):
        for cell in ws[col][1:]:
            cell.number_format = "#,##0.00"
    ws.freeze_panes = "A2"
    summary = wb.create_sheet("Summary")
    summary.append(["Dispute", dispute.dispute_id])
    summary.append(["Payer", dispute.payer_name])
    summary.append(["Contract", dispute.contract_name or ""])
    summary.append(["Opened", dispute.opened_on])
    summary.append(["Deadline", dispute.deadline])
    summary.append(["Status", dispute.status])
    summary.append(["Total underpaid", dispute.total_underpaid])
    summary.append(["Recovered", dispute.recovered])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_dispute_files(dispute: Dispute, out_dir: Path, **practice) -> dict[str, Path]:
    """Write ``<id>-letter.pdf``, ``<id>-worksheet.csv`` and ``<id>-worksheet.xlsx``; returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"letter": out_dir / f"{dispute.dispute_id}-letter.pdf",
             "csv": out_dir / f"{dispute.dispute_id}-worksheet.csv",
             "xlsx": out_dir / f"{dispute.dispute_id}-worksheet.xlsx"}
    paths["letter"].write_bytes(render_letter_pdf(dispute, **practice))
    paths["csv"].write_text(worksheet_csv(dispute), encoding="utf-8")
    paths["xlsx"].write_bytes(worksheet_xlsx(dispute))
    return paths


__all__ = ["render_letter_html", "render_letter_pdf", "worksheet_csv", "worksheet_xlsx", "write_dispute_files",
           "LABELS"]
