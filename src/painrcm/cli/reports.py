"""``painrcm audit`` (the billing audit in dollars) and ``painrcm report monthly``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.table import Table

from painrcm.cli.common import DbOption, console, progress
from painrcm.errors import InputError


def _date(text: str | None, field: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"not a date: {text!r} (expected YYYY-MM-DD)", field=field) from None


class _Bars:
    """Adapts a Rich progress bar to the ``progress(label, total) -> tick`` callables of the reports."""

    def __init__(self, bar):
        self.bar = bar

    def __call__(self, label: str, total: int):
        task = self.bar.add_task(label, total=max(total, 1))
        if total == 0:
            self.bar.update(task, completed=1)
        return lambda n=1: self.bar.advance(task, n)


def _input(path: Optional[Path], db: Optional[str], demo: bool, out: Path, notes, contracts, payers, practice,
           encounters: int, seed: int, bars) -> tuple:
    from painrcm.reports.inputs import load_database, load_exports

    if demo:
        from painrcm.reports.demo_audit import build_demo_exports

        ex = build_demo_exports(out / "demo-practice", seed=seed, encounters=encounters, progress=bars)
        return load_exports(ex.path, tick=bars), ex.as_of
    if path is not None:
        return load_exports(path, notes_dir=notes, contracts_dir=contracts, payers_dir=payers, tick=bars), None
    return load_database(db, practice=practice, contracts_dir=contracts, payers_dir=payers, tick=bars), None


def register(app: typer.Typer) -> None:
    @app.command()
    def audit(
        path: Optional[Path] = typer.Argument(None, help="Folder (or file) of the practice's 837P and 835 exports"),
        notes: Optional[Path] = typer.Option(None, "--notes", help="Folder of notes named <CLM01>.txt (default: PATH/notes)"),
        contracts: Optional[Path] = typer.Option(None, "--contracts", help="Folder of contract files (default: PATH/contracts, else the shipped demo contracts)"),
        payers: Optional[Path] = typer.Option(None, "--payers", help="Folder of payer policy files (default: PATH/payers, else the shipped ones)"),
        out: Path = typer.Option(Path("painrcm-audit"), "-o", "--out", help="Folder for audit.html, audit.pdf, audit.xlsx and the CSV drill-downs"),
        db: Optional[str] = DbOption,
        practice: Optional[str] = typer.Option(None, "--practice", help="Practice id (with --db)"),
        demo: bool = typer.Option(False, "--demo", help="Audit the embedded demo practice (its 837P/835 exports and notes)"),
        encounters: int = typer.Option(1600, "--encounters", help="Demo size (with --demo)"),
        seed: int = typer.Option(7, "--seed", help="Demo seed (with --demo)"),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="Audit date YYYY-MM-DD (default: the latest payment or service date)"),
        pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Also write audit.pdf"),
    ) -> None:
        """The billing audit in dollars: missed imaging, code/note mismatches, E/M gaps, underpayments,
        denials, AR, timely filing and KPIs, from a practice's exports (or --db, or --demo)."""
        from painrcm.reports.audit import run_audit
        from painrcm.reports.render import headline, summary_rows, write_audit

        if path is not None and not path.exists():
            raise InputError("no such file or folder", file=str(path))
        with progress(transient=True) as bar:
            bars = _Bars(bar)
            inp, demo_as_of = _input(path, db, demo, out, notes, contracts, payers, practice, encounters, seed, bars)
            report = run_audit(inp, as_of=_date(as_of, "--as-of") or demo_as_of, progress=bars)
            paths = write_audit(report, out, pdf=pdf)
        t = Table(title=f"Billing audit: {report.practice} ({report.claims} claims, as of {report.as_of})")
        t.add_column("finding")
        t.add_column("claims", justify="right")
        t.add_column("amount", justify="right")
        for s in summary_rows(report):
            t.add_row(s["title"], str(s["claims"]), f"${s['amount']:,.2f}")
        console.print(t)
        h = headline(report)
        console.print(f"revenue to recover ${h['recoverable']:,.2f}; compliance exposure ${h['exposure']:,.2f}")
        for k in report.kpis:
            mark = {True: "meets", False: "below benchmark", None: ""}[k.meets]
            value = "n/a" if k.value is None else f"{k.value}{'%' if k.unit == '%' else ' days'}"
            console.print(f"{k.name}: {value} {mark}")
        dq = report.data_quality
        problems = [(n, c) for n, c, _ in dq.rows()[1:] if c]
        if problems:
            console.print("data quality: " + ", ".join(f"{n.lower()} {c}" for n, c in problems))
        console.print(f"wrote {paths['html']}" + (f", {paths['pdf']}" if "pdf" in paths else "")
                      + f", {paths['xlsx']} and {len(paths['csv'])} CSV files")

    report = typer.Typer(help="Periodic reports.", no_args_is_help=True)
    app.add_typer(report, name="report")

    @report.command("monthly")
    def monthly(
        month: str = typer.Option(..., "--month", help="YYYY-MM"),
        path: Optional[Path] = typer.Argument(None, help="Folder of the practice's 837P and 835 exports"),
        out: Path = typer.Option(Path("painrcm-reports"), "-o", "--out", help="Output folder"),
        db: Optional[str] = DbOption,
        practice: Optional[str] = typer.Option(None, "--practice", help="Practice id (with --db)"),
        demo: bool = typer.Option(False, "--demo", help="The embedded demo practice"),
        encounters: int = typer.Option(1600, "--encounters", help="Demo size (with --demo)"),
        pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Also write the PDF"),
    ) -> None:
        """Monthly report: the month's figures, 12-month trends by provider and payer, E/M distribution."""
        from painrcm.reports.inputs import load_database, load_exports
        from painrcm.reports.monthly import monthly_report, parse_month, write_monthly

        first = parse_month(month)
        if path is not None and not path.exists():
            raise InputError("no such file or folder", file=str(path))
        with progress(transient=True) as bar:
            bars = _Bars(bar)
            if demo:
                from painrcm.reports.demo_audit import build_demo_exports

                ex = build_demo_exports(out / "demo-practice", encounters=encounters, progress=bars)
                inp = load_exports(ex.path, tick=bars)
            elif path is not None:
                inp = load_exports(path, tick=bars)
            else:
                inp = load_database(db, practice=practice, with_notes=False, tick=bars)
            m = monthly_report(inp, first)
            paths = write_monthly(m, out, pdf=pdf)
        console.print(f"{m.practice} {m.month}: {m.totals['claims']} claims, charges ${m.totals['charges']:,.2f}, "
                      f"paid ${m.totals['paid']:,.2f}, denied ${m.totals['denied']:,.2f}")
        console.print("wrote " + ", ".join(str(p) for p in paths.values()))
