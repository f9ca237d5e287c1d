"""``painrcm remit`` (post 835s, list variances, prepare disputes) and ``painrcm contracts``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from painrcm.cli.common import DbOption, console, progress
from painrcm.errors import InputError, NotFound

PracticeOption = typer.Option(None, "--practice", help="Practice id (default: the only practice in the database)")
ContractsOption = typer.Option(None, "--contracts", help="Contract file or directory (default: the practice's "
                                                          "stored contracts, else the shipped demo contracts)")


def _engine(db: str | None):
    """The engine of a database that has the painrcm schema (else one line: run painrcm init)."""
    from painrcm.store import migrate
    from painrcm.store.config import database_url
    from painrcm.store.engine import make_engine, safe_url

    url = database_url(db)
    if migrate.current(url) is None:
        raise InputError(f"{safe_url(url)} has no painrcm tables: run `painrcm init` first", field="--db")
    return make_engine(url)


def _practice(session, practice: str | None) -> str:
    from painrcm.store.repositories.parties import load_practices
    from painrcm.store.scope import practice_exists

    if practice:
        if not practice_exists(session, practice):
            raise NotFound(f"no practice {practice!r} in the database", field="--practice")
        return practice
    ids = [p.id for p in load_practices(session)]
    if len(ids) != 1:
        raise InputError(f"{len(ids)} practices in the database: name one with --practice", field="--practice")
    return ids[0]


def _contracts(path: Path | None):
    if path is None:
        return None
    from painrcm.remit.contracts import load_contract_dir, load_contract_file

    if not path.exists():
        raise InputError("no such file or directory", file=str(path))
    return load_contract_dir(path) if path.is_dir() else [load_contract_file(path)]


def _variance_json(v) -> dict:
    return {"kind": v.kind, "payer": v.payer_id, "claim_id": v.claim_id, "line": v.line_number, "code": v.code,
            "modifiers": list(v.modifiers), "service_date": v.service_date.isoformat() if v.service_date else None,
            "expected": f"{v.expected:.2f}", "paid_allowed": f"{v.actual:.2f}", "amount": f"{v.amount:.2f}",
            "underpayment": v.is_underpayment, "clause": v.clause, "payer_claim_number": v.payer_claim_number,
            "trn": v.trn, "payment_date": v.payment_date.isoformat() if v.payment_date else None,
            "evidence": list(v.evidence)}


def register(app: typer.Typer) -> None:
    remit = typer.Typer(help="Payments: post 835s, reconcile against contracts, dispute underpayments.",
                        no_args_is_help=True)
    contracts = typer.Typer(help="Payer contracts: validate and import contract files.", no_args_is_help=True)
    app.add_typer(remit, name="remit")
    app.add_typer(contracts, name="contracts")

    @remit.command("post")
    def post(target: Path = typer.Argument(..., help="An 835 file or a directory of them"),
             practice: Optional[str] = PracticeOption, contract_path: Optional[Path] = ContractsOption,
             db: Optional[str] = DbOption) -> None:
        """Post 835s: archive, match to claims, reconcile; one transaction per file, each payment once."""
        from painrcm.edi.ingest import files_to_ingest
        from painrcm.remit.posting import post_file
        from painrcm.store.engine import session_scope

        if not target.exists():
            raise InputError("no such file or directory", file=str(target))
        files = files_to_ingest(target)
        chosen = _contracts(contract_path)
        engine = _engine(db)
        with session_scope(engine) as session:
            practice_id = _practice(session, practice)
        results = []
        with progress() as bar:
            task = bar.add_task("posting", total=len(files))
            for f in files:
                with session_scope(engine) as session:
                    results.append(post_file(session, practice_id, f, contracts=chosen))
                bar.advance(task)
        for r in results:
            console.print(r.summary, highlight=False, markup=False, soft_wrap=True)

    @remit.command("variances")
    def variances(payer: Optional[str] = typer.Option(None, "--payer", help="Only this payer's claims"),
                  as_json: bool = typer.Option(False, "--json", help="Print JSON"),
                  practice: Optional[str] = PracticeOption, contract_path: Optional[Path] = ContractsOption,
                  db: Optional[str] = DbOption) -> None:
        """List every variance of the posted payments against the contracts, with totals."""
        from painrcm.remit.posting import reconcile_stored
        from painrcm.store.engine import session_scope

        engine = _engine(db)
        with session_scope(engine) as session:
            practice_id = _practice(session, practice)
            result = reconcile_stored(session, practice_id, payer_id=payer, contracts=_contracts(contract_path))
        if as_json:
            typer.echo(json.dumps({
                "variances": [_variance_json(v) for v in result.variances],
                "totals": {k: {"count": n, "amount": f"{a:.2f}"} for k, (n, a) in result.totals_by_kind().items()},
                "underpaid_total": f"{result.underpaid_total:.2f}", "denied_lines": len(result.denials),
                "unmatched": len(result.unmatched), "claims_reconciled": result.claims_reconciled}, indent=2))
            return
        table = Table(title=f"Variances ({result.claims_reconciled} claim payments reconciled)")
        for col in ("kind", "payer", "claim", "line", "code", "expected", "paid allowed", "amount"):
            table.add_column(col, justify="right" if col in ("expected", "paid allowed", "amount") else "left")
        for v in result.variances:
            table.add_row(v.kind, v.payer_id, v.claim_id, str(v.line_number or ""),
                          (v.code or "") + ("-" + "-".join(v.modifiers) if v.modifiers else ""),
                          f"{v.expected:.2f}", f"{v.actual:.2f}", f"{v.amount:.2f}")
        console.print(table)
        for kind, (n, amount) in result.totals_by_kind().items():
            console.print(f"{kind}: {n} line(s), {amount:.2f}", highlight=False)
        console.print(f"Underpaid (recoverable) total: {result.underpaid_total:.2f}; "
                      f"{len(result.denials)} denied line(s) for the denials queue; "
                      f"{len(result.unmatched)} unmatched item(s)", highlight=False)

    @remit.command("dispute")
    def dispute(payer: str = typer.Argument(..., help="Payer id, e.g. granite-mutual"),
                output: Path = typer.Option(..., "-o", "--output", help="Directory for the letter and worksheets"),
                practice: Optional[str] = PracticeOption, contract_path: Optional[Path] = ContractsOption,
                db: Optional[str] = DbOption) -> None:
        """Group a payer's underpayments into a dispute: letter (PDF), worksheet (CSV, XLSX), tracked to recovery."""
        from painrcm.remit.dispute_files import write_dispute_files
        from painrcm.remit.dispute_store import save_dispute
        from painrcm.remit.disputes import build_disputes
        from painrcm.remit.posting import contracts_for_practice, reconcile_stored
        from painrcm.store.engine import session_scope
        from painrcm.store.repositories.parties import load_payers, load_practice

        engine = _engine(db)
        chosen = _contracts(contract_path)
        with session_scope(engine) as session:
            practice_id = _practice(session, practice)
            names = {p.id: p.name for p in load_payers(session)}
            if payer not in names:
                raise NotFound(f"no payer {payer!r} in the database", field="PAYER")
            result = reconcile_stored(session, practice_id, payer_id=payer, contracts=chosen)
            book = chosen if chosen is not None else contracts_for_practice(session, practice_id)
            found = build_disputes(result.variances, book, opened_on=date.today(), payer_names=names)
            if not found:
                console.print(f"{payer}: no underpayment to dispute", highlight=False)
                return
            d = found[0]
            p = load_practice(session, practice_id)
            address = ", ".join(x for x in (p.address.line1, p.address.line2, p.address.city, p.address.state,
                                            p.address.postal_code) if x)
            paths = write_dispute_files(d, output, practice_name=p.name, practice_npi=p.npi, practice_tax_id=p.tax_id,
                                        practice_address=address)
            save_dispute(session, practice_id, d)
        console.print(f"Dispute {d.dispute_id}: {len(d.lines)} line(s) on {len(d.claim_ids)} claim(s), "
                      f"expected {d.total_expected:.2f}, paid {d.total_paid:.2f}, underpaid {d.total_underpaid:.2f}; "
                      f"deadline {d.deadline.isoformat()}", highlight=False, soft_wrap=True)
        for kind, path in paths.items():
            console.print(f"  {kind}: {path}", highlight=False, soft_wrap=True)

    @remit.command("disputes")
    def disputes(payer: Optional[str] = typer.Option(None, "--payer", help="Only this payer"),
                 as_json: bool = typer.Option(False, "--json", help="Print JSON"),
                 practice: Optional[str] = PracticeOption, db: Optional[str] = DbOption) -> None:
        """List the disputes with status, underpaid, recovered and deadline."""
        from painrcm.remit.dispute_store import load_disputes
        from painrcm.store.engine import session_scope

        with session_scope(_engine(db)) as session:
            found = load_disputes(session, _practice(session, practice), payer_id=payer)
        if as_json:
            typer.echo(json.dumps([{"dispute_id": d.dispute_id, "payer": d.payer_id, "status": d.status,
                                    "lines": len(d.lines), "claims": len(d.claim_ids),
                                    "underpaid": f"{d.total_underpaid:.2f}", "recovered": f"{d.recovered:.2f}",
                                    "outstanding": f"{d.outstanding:.2f}", "deadline": d.deadline.isoformat()}
                                   for d in found], indent=2))
            return
        table = Table(title="Disputes")
        for col in ("dispute", "payer", "status", "lines", "underpaid", "recovered", "deadline"):
            table.add_column(col)
        for d in found:
            table.add_row(d.dispute_id, d.payer_name, d.status, str(len(d.lines)), f"{d.total_underpaid:.2f}",
                          f"{d.recovered:.2f}", d.deadline.isoformat())
        console.print(table)

    @contracts.command("validate")
    def validate(target: Path = typer.Argument(..., help="A contract file (YAML) or a directory of them")) -> None:
        """Validate contract files (and their fee schedule CSVs); the first problem exits 2."""
        found = _contracts(target)
        for c in found:
            where = f"{len(c.fee_schedule)} fee schedule row(s)" if c.fee_schedule else ""
            pct = f"{(c.percent_of_medicare * 100).normalize():f}% of Medicare" if c.percent_of_medicare else ""
            console.print(f"[green]OK[/] {c.payer_id}: {c.name} ({c.basis}; "
                          f"{', '.join(x for x in (where, pct) if x)}; from {c.effective_from})", highlight=False)

    @contracts.command("import")
    def import_(target: Path = typer.Argument(..., help="A contract file or a directory of them"),
                practice: Optional[str] = PracticeOption, db: Optional[str] = DbOption) -> None:
        """Store contracts for a practice (replacing one with the same payer, name and start date)."""
        from painrcm.store.engine import session_scope
        from painrcm.store.repositories.contracts import save_contracts

        found = _contracts(target)
        engine = _engine(db)
        with session_scope(engine) as session:
            practice_id = _practice(session, practice)
            save_contracts(session, practice_id, found)
        console.print(f"{len(found)} contract(s) stored for {practice_id}", highlight=False)
