"""The HTML/PDF report and its CSV/XLSX drill-downs: sums equal the report's figures to the cent."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal

import pytest

from painrcm.reports.model import SECTIONS
from painrcm.reports.render import headline, render_html, write_audit


@pytest.fixture(scope="module")
def written(demo_report, tmp_path_factory):
    return write_audit(demo_report, tmp_path_factory.mktemp("audit-out"))


def test_csv_sums_equal_report(demo_report, written):
    out = written["html"].parent
    for key in SECTIONS:
        with open(out / f"audit-{key}.csv", newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == demo_report.count(key)
        assert sum((Decimal(r["amount"]) for r in rows), Decimal("0.00")) == demo_report.total(key)
    with open(out / "audit-summary.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert Decimal(row["amount"]) == demo_report.total(row["section"])


def test_xlsx_sums_equal_report(demo_report, written):
    from openpyxl import load_workbook

    wb = load_workbook(written["xlsx"])
    for key in SECTIONS:
        ws = wb[key[:31]]
        header = [c.value for c in ws[1]]
        col = header.index("amount")
        values = [row[col] for row in ws.iter_rows(min_row=2, values_only=True) if row[0] != "Total"]
        total = sum((Decimal(str(v)).quantize(Decimal("0.01")) for v in values), Decimal("0.00"))
        assert total == demo_report.total(key), key


def test_html_is_self_contained_and_shows_the_figures(demo_report, written):
    html = written["html"].read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html
    assert html.count("<svg") >= 5
    for key in SECTIONS:
        assert f"${demo_report.total(key):,.2f}" in html
    assert f"${headline(demo_report)['recoverable']:,.2f}" in html
    assert "Data quality" in html


def test_pdf_written(written):
    from pypdf import PdfReader

    reader = PdfReader(str(written["pdf"]))
    assert len(reader.pages) >= 2
    assert "Billing audit" in reader.pages[0].extract_text()


@pytest.mark.skipif(shutil.which("chromium") is None or shutil.which("pdftoppm") is None,
                    reason="needs chromium and pdftoppm")
def test_screenshots_render(written, tmp_path):
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "render_report_screenshots", Path(__file__).resolve().parents[2] / "scripts" / "render_report_screenshots.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    png = mod.html_to_png(written["html"], tmp_path / "a.png", height=1200)
    assert png.stat().st_size > 20_000
    page = mod.pdf_to_png(written["pdf"], tmp_path / "p.png")
    assert page.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_render_empty_report():
    from datetime import date

    from painrcm.reports.audit import run_audit
    from painrcm.reports.inputs import AuditInput

    r = run_audit(AuditInput("Empty", [], []), as_of=date(2026, 1, 1))
    html = render_html(r)
    assert "None found." in html and "n/a" in html
