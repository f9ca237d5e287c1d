"""Render the audit (and monthly) report to PNG for a visual check.

The HTML goes through headless Chromium (``chromium --headless --screenshot``), the PDF through
``pdftoppm`` (poppler-utils). Without arguments it builds the demo audit first (a 300-encounter
demo practice in a temporary folder) and keeps ``docs/screenshots/audit-report.png`` and
``docs/screenshots/audit-report-pdf-page1.png`` and ``docs/screenshots/monthly-report.png``
(the monthly report of September 2026).

    .venv/bin/python scripts/render_report_screenshots.py [--html audit.html] [--pdf audit.pdf] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def html_to_png(html: Path, png: Path, *, width: int = 1280, height: int = 2400) -> Path:
    exe = chromium()
    if exe is None:
        raise RuntimeError("chromium not found (Debian: apt-get install -y chromium)")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                        f"--user-data-dir={profile}", f"--screenshot={png}", f"--window-size={width},{height}",
                        html.resolve().as_uri()], check=True, capture_output=True, timeout=120)
    return png


def pdf_to_png(pdf: Path, png: Path, *, page: int = 1, dpi: int = 80) -> Path:
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise RuntimeError("pdftoppm not found (Debian: apt-get install -y poppler-utils)")
    stem = png.with_suffix("")
    subprocess.run([exe, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
                   check=True, capture_output=True, timeout=120)
    return png


def demo_report(tmp: Path) -> tuple[Path, Path, Path]:
    sys.path.insert(0, str(ROOT / "src"))
    from painrcm.reports.audit import run_audit
    from painrcm.reports.demo_audit import build_demo_exports
    from painrcm.reports.inputs import load_exports
    from painrcm.reports.monthly import monthly_report, write_monthly
    from painrcm.reports.render import write_audit

    ex = build_demo_exports(tmp / "demo", encounters=300)
    inp = load_exports(ex.path)
    report = run_audit(inp, as_of=ex.as_of)
    paths = write_audit(report, tmp / "audit")
    monthly = write_monthly(monthly_report(inp, ex.as_of.replace(month=ex.as_of.month - 2, day=1)), tmp / "audit",
                            pdf=False)
    return paths["html"], paths["pdf"], monthly["html"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html", type=Path)
    ap.add_argument("--pdf", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--name", default="audit-report")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        html, pdf = args.html, args.pdf
        if html is None:
            html, pdf, monthly = demo_report(Path(tmp))
            print(html_to_png(monthly, args.out / "monthly-report.png", height=1800))
        shot = html_to_png(html, args.out / f"{args.name}.png")
        print(shot)
        if pdf is not None:
            print(pdf_to_png(pdf, args.out / f"{args.name}-pdf-page1.png"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
