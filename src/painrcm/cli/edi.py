"""``painrcm edi``: parse, validate, write 837P files, ingest received files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from painrcm.cli.common import DbOption, console, err_console, progress
from painrcm.errors import InputError


def register(app: typer.Typer) -> None:
    edi = typer.Typer(help="X12 EDI: read 835/999/277CA/271/837P, write 837P, ingest.",
                      no_args_is_help=True)
    app.add_typer(edi, name="edi")

    @edi.command("parse")
    def parse(file: Path = typer.Argument(..., help="An X12 file (835, 837P, 999, TA1, 277CA, 271 ...)"),
              as_json: bool = typer.Option(False, "--json", help="Print the normalised JSON form"),
              no_balance: bool = typer.Option(False, "--no-balance",
                                              help="835: read even if a claim or payment does not balance")
              ) -> None:
        """Read an X12 file and print what it says (a summary, or JSON with --json)."""
        from painrcm.edi.parse import parse_file

        _exists(file)
        kind, data = parse_file(file, check_balance=not no_balance)
        if as_json:
            typer.echo(json.dumps(data, indent=2))
            return
        _summary(kind.kind, data)

    @edi.command("validate")
    def validate(file: Path = typer.Argument(..., help="An X12 file"),
                 no_pyx12: bool = typer.Option(False, "--no-pyx12", help="Skip pyx12 for 837P files")) -> None:
        """Check envelopes, counts, values, 835 balancing, and an 837P with pyx12; exit 2 on problems."""
        from painrcm.edi.validate import validate_file

        _exists(file)
        report = validate_file(file, use_pyx12=not no_pyx12)
        if report.ok:
            console.print(f"{report.file}: {report.kind}: valid", highlight=False, soft_wrap=True)
            return
        for problem in report.problems:
            err_console.print(problem, highlight=False, markup=False, soft_wrap=True)
        err_console.print(f"{report.file}: {len(report.problems)} problem(s)", highlight=False, soft_wrap=True)
        raise typer.Exit(2)

    @edi.command("837")
    def write_837(claims: Path = typer.Option(..., "--claims", help="Claims JSON ({'claims': [...]}, the shape "
                                                                      "'edi parse --json' prints for an 837P)"),
                  output: Path = typer.Option(..., "-o", "--output", help="The 837P file to write"),
                  sender_id: str = typer.Option("PAINRCM", help="ISA06/GS02 submitter id (ETIN)"),
                  receiver_id: str = typer.Option("CLEARINGHOUSE", help="ISA08/GS03 receiver id"),
                  submitter_name: Optional[str] = typer.Option(None, help="NM1*41 name (default: billing provider)"),
                  contact: str = typer.Option("BILLING OFFICE", help="PER*IC contact name"),
                  phone: str = typer.Option("0000000000", help="PER*IC telephone"),
                  receiver_name: str = typer.Option("CLEARINGHOUSE", help="NM1*40 name"),
                  test: bool = typer.Option(False, "--test", help="ISA15 = T (test file)"),
                  control_number: int = typer.Option(1, help="ISA13/GS06/ST02 when no --db is given"),
                  db: Optional[str] = DbOption) -> None:
        """Write claims as an 837P; control numbers come from the database when --db is given."""
        from painrcm.edi.envelope import InMemoryControlNumbers
        from painrcm.edi.jsonforms import claims_from_json
        from painrcm.edi.validate import pyx12_problems
        from painrcm.edi.writer_837p import SubmissionParties, write_837p

        _exists(claims)
        try:
            data = json.loads(claims.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc.msg}", file=str(claims), location=f"line {exc.lineno}") from None
        items = claims_from_json(data, file=str(claims))
        if not items:
            raise InputError("no claims", file=str(claims), location="claims")
        parties = SubmissionParties(
            sender_id=sender_id, receiver_id=receiver_id,
            submitter_name=submitter_name or items[0].billing_provider.name.last,
            submitter_contact=contact, submitter_phone=phone, receiver_name=receiver_name,
            usage="T" if test else "P")
        if db:
            from painrcm.store.engine import make_engine, session_scope
            from painrcm.store.repositories.edi import SessionControlNumbers

            with session_scope(make_engine(db)) as session:
                text = write_837p(items, parties, SessionControlNumbers(session))
                output.write_text(text, encoding="utf-8")
        else:
            text = write_837p(items, parties, InMemoryControlNumbers(start=control_number))
            output.write_text(text, encoding="utf-8")
        problems = pyx12_problems(output)
        for p in problems:
            err_console.print(p, highlight=False, markup=False, soft_wrap=True)
        console.print(f"{output}: {len(items)} claim(s) written"
                      + (f", {len(problems)} pyx12 problem(s)" if problems else ", pyx12: valid"),
                      highlight=False, soft_wrap=True)
        if problems:
            raise typer.Exit(2)

    @edi.command("ingest")
    def ingest(target: Path = typer.Argument(..., help="A received X12 file or a directory of them"),
               practice: str = typer.Option(..., "--practice", help="The practice the files belong to"),
               db: Optional[str] = DbOption) -> None:
        """Check, archive (with SHA-256) and post received files, one transaction per file."""
        from painrcm.edi.ingest import files_to_ingest, ingest_file
        from painrcm.store.engine import make_engine, session_scope
        from painrcm.store.scope import practice_exists

        _exists(target)
        files = files_to_ingest(target)
        engine = make_engine(db)
        with session_scope(engine) as session:
            if not practice_exists(session, practice):
                raise InputError(f"no practice {practice!r} in the database", field="--practice")
        results = []
        with progress() as bar:
            task = bar.add_task("ingesting", total=len(files))
            for f in files:
                with session_scope(engine) as session:
                    results.append(ingest_file(session, practice, f))
                bar.advance(task)
        for r in results:
            console.print(r.summary, highlight=False, markup=False, soft_wrap=True)


def _exists(path: Path) -> None:
    if not path.exists():
        raise InputError("no such file or directory", file=str(path))


def _summary(kind: str, data: dict) -> None:
    if kind == "835":
        table = Table(title="835 payments")
        for col in ("TRN", "payer", "paid", "claims", "claim charges", "claim payments"):
            table.add_column(col)
        for p in data["payments"]:
            from decimal import Decimal
            table.add_row(p["trn"], p["payer"]["name"], p["total_paid"], str(len(p["claims"])),
                          f"{sum(Decimal(c['charge']) for c in p['claims']):.2f}",
                          f"{sum(Decimal(c['paid']) for c in p['claims']):.2f}")
        console.print(table)
    elif kind == "837P":
        console.print(f"837P: {len(data['claims'])} claim(s)", highlight=False)
    else:
        counts = ", ".join(f"{len(v)} {k}" for k, v in data.items() if isinstance(v, list))
        console.print(f"{kind}: {counts}", highlight=False)
