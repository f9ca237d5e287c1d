"""``painrcm denials`` (list, analytics), ``painrcm appeal``, ``painrcm ar`` (aging, queue, touch,
status requests/responses) and ``painrcm statements run``.

Every command reads the database (``--db``, opened with ``store.migrate.open_engine``) and computes
the worklists with the pure functions of :mod:`painrcm.ar.work`, :mod:`painrcm.denials` and
:mod:`painrcm.patients`; only touches, statements and their files are written.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from painrcm.cli.common import DbOption, console, progress
from painrcm.errors import InputError, NotFound

PracticeOption = typer.Option(None, "--practice", help="Practice id (default: the only practice in the database)")
AsOfOption = typer.Option(None, "--as-of", help="Work as of this date (YYYY-MM-DD; default today)")
NOT_BILLED = frozenset({"draft", "ready", "hold", "held", "void", "voided", "cancelled"})


def _date(value: str | None, field: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {value!r}", field=field) from None


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


class _Data:
    """What the commands read: billed claims, posted remittances, submission dates, touches."""

    def __init__(self, db: str | None, practice: str | None, as_of: date | None, *, reconcile: bool = True):
        import sqlalchemy as sa

        from painrcm.store.migrate import open_engine
        from painrcm.store.engine import session_scope
        from painrcm.store.models import ClaimRow
        from painrcm.store.repositories.ar import load_touches
        from painrcm.store.repositories.claims import load_claims
        from painrcm.store.repositories.remits import load_remittances

        self.engine = open_engine(db)
        self.as_of = as_of or date.today()
        with session_scope(self.engine) as s:
            self.practice_id = _practice(s, practice)
            rows = s.execute(sa.select(ClaimRow.claim_id, ClaimRow.status, ClaimRow.submitted_on)
                             .where(ClaimRow.practice_id == self.practice_id)).all()
            billed = [r.claim_id for r in rows if r.submitted_on is not None or r.status not in NOT_BILLED]
            self.submitted_on = {r.claim_id: r.submitted_on for r in rows if r.submitted_on}
            self.claims = load_claims(s, self.practice_id, claim_ids=billed) if billed else []
            self.remittances = [r for _, r in load_remittances(s, self.practice_id)]
            self.touches = load_touches(s, self.practice_id)
            self.reconciliation = None
            if reconcile and self.remittances:
                from painrcm.remit.posting import contracts_for_practice
                from painrcm.remit.reconcile import reconcile as run

                self.reconciliation = run(self.claims, self.remittances, contracts_for_practice(s, self.practice_id))

    def work(self):
        from painrcm.ar.work import ar_work

        return ar_work(self.claims, self.remittances, self.as_of, reconciliation=self.reconciliation,
                       touches=self.touches, submitted_on=self.submitted_on)


def _money(v) -> str:
    return f"{v:,.2f}"


def register(app: typer.Typer) -> None:
    denials = typer.Typer(help="Denials: classified by root cause and routed with deadlines.", no_args_is_help=True)
    ar = typer.Typer(help="Accounts receivable: aging, the ranked work queue, follow-up touches.",
                     no_args_is_help=True)
    statements = typer.Typer(help="Patient statements (30/60/90 cycle).", no_args_is_help=True)
    app.add_typer(denials, name="denials")
    app.add_typer(ar, name="ar")
    app.add_typer(statements, name="statements")

    @denials.command("list")
    def list_(as_json: bool = typer.Option(False, "--json", help="Print JSON"),
              payer: Optional[str] = typer.Option(None, "--payer", help="Only this payer"),
              as_of: Optional[str] = AsOfOption, practice: Optional[str] = PracticeOption,
              db: Optional[str] = DbOption) -> None:
        """Every denied line: root cause, hard/soft, the recommended action, why, and its deadline."""
        data = _Data(db, practice, _date(as_of, "--as-of"))
        work = data.work()
        items = [d for d in work.denials if payer is None or d.payer_id == payer]
        if as_json:
            typer.echo(json.dumps({"as_of": data.as_of.isoformat(), "denials": [d.to_json(data.as_of) for d in items]},
                                  indent=2))
            return
        table = Table(title=f"Denials as of {data.as_of.isoformat()} ({len(items)} lines)")
        for col in ("claim", "line", "code", "payer", "denial", "root cause", "action", "deadline", "amount"):
            table.add_column(col, justify="right" if col == "amount" else "left")
        for d in items:
            dl = d.route.deadline
            table.add_row(d.claim_id, str(d.denial.line_number or ""), d.denial.code or "", d.payer_id,
                          ",".join(d.denial.adjustments + d.denial.remarks),
                          f"{d.classification.root_cause}/{d.classification.severity}",
                          d.route.action + (" (approval)" if d.route.requires_approval else ""),
                          f"{dl.due.isoformat()} ({dl.days_left(data.as_of)}d)" if dl else "", _money(d.amount))
        console.print(table)

    @denials.command("analytics")
    def analytics(by: str = typer.Option("payer", "--by", help="cpt, payer, carc, provider or month"),
                  as_json: bool = typer.Option(False, "--json", help="Print JSON"),
                  as_of: Optional[str] = AsOfOption, practice: Optional[str] = PracticeOption,
                  db: Optional[str] = DbOption) -> None:
        """Denial rates by a dimension and the top upstream causes with their fixes."""
        from painrcm.denials.analytics import DIMENSIONS, denial_rates, top_causes

        if by not in DIMENSIONS:
            raise InputError(f"unknown dimension {by!r}; one of {', '.join(DIMENSIONS)}", field="--by")
        data = _Data(db, practice, _date(as_of, "--as-of"))
        work = data.work()
        answered = {cp.patient_control_number for r in data.remittances for cp in r.claims}
        rows = denial_rates([c for c in data.claims if c.claim_id in answered], work.denials, by)
        causes = top_causes(work.denials)
        if as_json:
            typer.echo(json.dumps({"by": by, "rates": [r.to_json() for r in rows],
                                   "top_causes": [c.to_json() for c in causes]}, indent=2))
            return
        table = Table(title=f"Denial rate by {by}")
        for col in (by, "denied", "lines", "rate", "amount"):
            table.add_column(col, justify="left" if col == by else "right")
        for r in rows:
            table.add_row(r.key, str(r.denied), str(r.lines), f"{r.rate * 100:.1f}%", _money(r.amount))
        console.print(table)
        for c in causes:
            console.print(f"{c.label}: {c.count} line(s), {_money(c.amount)} ({', '.join(c.top_codes)}) -> {c.fix}",
                          highlight=False, markup=False, soft_wrap=True)

    @app.command("appeal")
    def appeal(claim_id: str = typer.Argument(..., help="Claim id (CLM01)"),
               output: Path = typer.Option(..., "-o", "--output", help="PDF file to write"),
               template_dir: Optional[Path] = typer.Option(None, "--template-dir",
                                                           help="Folder with your own appeal_letter.html"),
               signer: Optional[str] = typer.Option(None, "--signer", help="Name under the letter"),
               as_of: Optional[str] = AsOfOption, practice: Optional[str] = PracticeOption,
               db: Optional[str] = DbOption) -> None:
        """Write the appeal letter (PDF) of a denied claim, quoting the coded note's evidence."""
        from painrcm.denials.appeals import build_appeal, write_appeal_pdf
        from painrcm.store.engine import session_scope
        from painrcm.store.repositories.coding import load_coding
        from painrcm.store.repositories.parties import load_practice

        if template_dir is not None and not (template_dir / "appeal_letter.html").is_file():
            raise InputError("no appeal_letter.html in the folder", file=str(template_dir), field="--template-dir")
        data = _Data(db, practice, _date(as_of, "--as-of"))
        claim = next((c for c in data.claims if c.claim_id == claim_id), None)
        if claim is None:
            raise NotFound(f"no billed claim {claim_id!r} in practice {data.practice_id!r}", field="CLAIM_ID")
        work = data.work()
        ds = [d for d in work.denials if d.claim_id == claim_id]
        if not ds:
            raise InputError(f"claim {claim_id!r} has no denied line to appeal", field="CLAIM_ID")
        coding = None
        with session_scope(data.engine) as s:
            prac = load_practice(s, data.practice_id)
            if claim.encounter_id:
                try:
                    coding = load_coding(s, data.practice_id, claim.encounter_id)
                except NotFound:
                    coding = None
        letter = build_appeal(claim, ds, as_of=data.as_of, coding=coding, practice=prac, signer=signer)
        write_appeal_pdf(letter, output, template_dir)
        console.print(f"{output}: {letter.title.lower()} for {len(ds)} denied line(s); "
                      f"{len(letter.evidence)} quote(s) from the note", highlight=False, markup=False)

    @ar.command("aging")
    def aging_(by: str = typer.Option("payer", "--by", help="payer, provider or family"),
               basis: str = typer.Option("service", "--from", help="Age from the date of 'service' or 'submitted'"),
               as_json: bool = typer.Option(False, "--json", help="Print JSON"),
               as_of: Optional[str] = AsOfOption, practice: Optional[str] = PracticeOption,
               db: Optional[str] = DbOption) -> None:
        """Open insurance balances in 0-30 / 31-60 / 61-90 / 91-120 / 120+ day buckets."""
        from painrcm.ar.aging import BASES, BUCKETS, GROUPINGS

        if by not in GROUPINGS:
            raise InputError(f"unknown grouping {by!r}; one of {', '.join(GROUPINGS)}", field="--by")
        if basis not in BASES:
            raise InputError(f"unknown basis {basis!r}; one of {', '.join(BASES)}", field="--from")
        data = _Data(db, practice, _date(as_of, "--as-of"))
        rows = data.work().aging(by, basis)
        if as_json:
            typer.echo(json.dumps({"as_of": data.as_of.isoformat(), "by": by, "from": basis,
                                   "rows": [r.to_json() for r in rows]}, indent=2))
            return
        table = Table(title=f"AR aging by {by} as of {data.as_of.isoformat()} (days from {basis})")
        table.add_column(by)
        for b in BUCKETS + ("total", "claims"):
            table.add_column(b, justify="right")
        for r in rows:
            table.add_row(r.key, *(_money(r.amounts[b]) for b in BUCKETS), _money(r.total), str(r.claims))
        console.print(table)

    @ar.command("queue")
    def queue(as_json: bool = typer.Option(False, "--json", help="Print JSON"),
              limit: int = typer.Option(50, "--limit", help="How many items to show"),
              as_of: Optional[str] = AsOfOption, practice: Optional[str] = PracticeOption,
              db: Optional[str] = DbOption) -> None:
        """The work queue: expected dollars x deadline proximity x likelihood, each score explained."""
        data = _Data(db, practice, _date(as_of, "--as-of"))
        items = data.work().queue[:max(limit, 0)]
        if as_json:
            typer.echo(json.dumps({"as_of": data.as_of.isoformat(), "items": [i.to_json(data.as_of) for i in items]},
                                  indent=2))
            return
        table = Table(title=f"AR work queue as of {data.as_of.isoformat()}")
        for col in ("#", "claim", "payer", "next (due)", "score = $ x urgency x likelihood", "deadline"):
            table.add_column(col, justify="right" if col == "#" else "left")
        for n, i in enumerate(items, 1):
            dl = i.deadline
            table.add_row(str(n), i.claim_id + (" !" if i.escalated else ""), i.payer_id,
                          f"{i.kind}: {i.follow_up.step} ({i.follow_up.due.isoformat()})",
                          f"{_money(i.score)} = {_money(i.amount)} x {i.urgency} x {i.likelihood}",
                          f"{dl.name} {dl.due.isoformat()}" if dl else "")
        console.print(table)
        console.print("! = high-value claim escalated at day 30", highlight=False)

    @ar.command("touch")
    def touch(claim_id: str = typer.Argument(..., help="Claim id (CLM01)"),
              channel: str = typer.Option(..., "--channel", help="phone, portal, edi_276, edi_277, fax, mail, email"),
              outcome: str = typer.Option(..., "--outcome", help="What the payer said"),
              next_action: Optional[str] = typer.Option(None, "--next-action", help="What to do next"),
              next_date: Optional[str] = typer.Option(None, "--next-date", help="When (YYYY-MM-DD)"),
              reference: Optional[str] = typer.Option(None, "--reference", help="Call / ticket reference number"),
              who: str = typer.Option("cli", "--who", help="Who made the touch"),
              note: Optional[str] = typer.Option(None, "--note", help="A note (no patient data)"),
              practice: Optional[str] = PracticeOption, db: Optional[str] = DbOption) -> None:
        """Record a follow-up touch on a claim (who, when, channel, reference, outcome, next action and date)."""
        from painrcm.ar.cycle import Touch
        from painrcm.store.engine import session_scope
        from painrcm.store.migrate import open_engine
        from painrcm.store.repositories.ar import add_touch
        from painrcm.store.repositories.claims import claim_status
        from painrcm.store.repositories.work import audit

        when = _date(next_date, "--next-date")
        if when is not None and not next_action:
            raise InputError("--next-date needs --next-action", field="--next-action")
        t = Touch(claim_id, datetime.now(timezone.utc), who, channel, outcome, reference, next_action, when, note)
        engine = open_engine(db)
        with session_scope(engine) as s:
            pid = _practice(s, practice)
            claim_status(s, pid, claim_id)  # NotFound for an unknown claim
            tid = add_touch(s, pid, t)
            audit(s, "ar_touch", "claim", claim_id, practice_id=pid, actor=who,
                  details={"channel": channel, "touch_id": tid, "next_action": next_action})
        console.print(f"touch {tid} recorded on {claim_id}" + (f"; next: {next_action} on {when.isoformat()}"
                                                              if when else ""), highlight=False, markup=False)

    @ar.command("status-requests")
    def status_requests(output: Path = typer.Option(..., "-o", "--output", help="276 file to write"),
                        as_of: Optional[str] = AsOfOption, practice: Optional[str] = PracticeOption,
                        db: Optional[str] = DbOption) -> None:
        """Write a 276 claim status request for every unanswered claim at its status-check step."""
        from painrcm.ar.x12_276 import inquiry_for, write_276
        from painrcm.edi.envelope import InMemoryControlNumbers
        from painrcm.edi.writer_837p import SubmissionParties
        from painrcm.store.engine import session_scope
        from painrcm.store.repositories.parties import load_practice

        data = _Data(db, practice, _date(as_of, "--as-of"), reconcile=False)
        work = data.work()
        by_id = {c.claim_id: c for c in data.claims}
        due = [i for i in work.queue if i.kind in ("no_response", "pending") and i.follow_up.is_due
               and i.follow_up.step == "status_check"]
        if not due:
            console.print("no claim is due for a status check", highlight=False)
            return
        with session_scope(data.engine) as s:
            prac = load_practice(s, data.practice_id)
        parties = SubmissionParties(sender_id=prac.npi, receiver_id="CLEARINGHOUSE", submitter_name=prac.name,
                                    submitter_contact="Billing Office", submitter_phone=prac.phone or "",
                                    receiver_name="CLEARINGHOUSE")
        try:
            from painrcm.store.repositories.edi import DatabaseControlNumbers
            numbers = DatabaseControlNumbers(data.engine)
        except ImportError:  # pragma: no cover
            numbers = InMemoryControlNumbers()
        text = write_276([inquiry_for(by_id[i.claim_id]) for i in due], parties, numbers)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text)
        console.print(f"{output}: 276 for {len(due)} claim(s)", highlight=False, markup=False)

    @ar.command("status-response")
    def status_response(path: Path = typer.Argument(..., help="A 277 file (response to our 276)"),
                        as_of: Optional[str] = AsOfOption, practice: Optional[str] = PracticeOption,
                        db: Optional[str] = DbOption) -> None:
        """Read a 277 and record one touch per claim with its status and next action."""
        from painrcm.ar.claim_status import touches_from_277
        from painrcm.edi.reader_277ca import read_277ca
        from painrcm.store.engine import session_scope
        from painrcm.store.migrate import open_engine
        from painrcm.store.repositories.ar import add_touch
        from painrcm.store.scope import PracticeScope

        if not path.is_file():
            raise InputError("no such file", file=str(path))
        received = _date(as_of, "--as-of") or date.today()
        reports = list(read_277ca(path))
        pairs = touches_from_277(reports, received=received)
        engine = open_engine(db)
        from painrcm.store.models import ClaimRow
        with session_scope(engine) as s:
            pid = _practice(s, practice)
            known = {r.claim_id for r in PracticeScope(s, pid).all(ClaimRow)}
            n = 0
            for t, upd in pairs:
                if t.claim_id in known:
                    add_touch(s, pid, t)
                    n += 1
        console.print(f"{path}: {n} claim status(es) recorded, {len(pairs) - n} for unknown claims",
                      highlight=False, markup=False)

    @statements.command("run")
    def run(output: Path = typer.Option(..., "-o", "--output", help="Folder for the statement PDFs"),
            template_dir: Optional[Path] = typer.Option(None, "--template-dir", help="Folder with your statement.html"),
            dry_run: bool = typer.Option(False, "--dry-run", help="Decide, write nothing"),
            as_json: bool = typer.Option(False, "--json", help="Print the decisions as JSON"),
            as_of: Optional[str] = AsOfOption, practice: Optional[str] = PracticeOption,
            db: Optional[str] = DbOption) -> None:
        """Send the patient statements due today (none while insurance is pending)."""
        from painrcm.patients.render import write_statement_pdf
        from painrcm.patients.statements import SEND, StatementRecord, statement_run
        from painrcm.store.engine import session_scope
        from painrcm.store.repositories.ar import (add_statement, load_patient_payments, load_payment_plans,
                                                   load_statements)
        from painrcm.store.repositories.parties import load_patients, load_practice

        if template_dir is not None and not (template_dir / "statement.html").is_file():
            raise InputError("no statement.html in the folder", file=str(template_dir), field="--template-dir")
        data = _Data(db, practice, _date(as_of, "--as-of"), reconcile=False)
        with session_scope(data.engine) as s:
            prac = load_practice(s, data.practice_id)
            patients = {p.id: p for p in load_patients(s, data.practice_id)}
            history = load_statements(s, data.practice_id)
            plans = load_payment_plans(s, data.practice_id)
            payments = load_patient_payments(s, data.practice_id, until=data.as_of)
        decisions = statement_run(data.claims, data.remittances, data.as_of, payments=payments, history=history,
                                  plans=plans, patients=patients)
        to_send = [d for d in decisions if d.action == SEND]
        written = []
        if not dry_run and to_send:
            with progress() as bar:
                task = bar.add_task("statements", total=len(to_send))
                for d in to_send:
                    st = d.statement
                    f = output / f"statement-{st.patient_id}-{st.statement_date.isoformat()}.pdf"
                    write_statement_pdf(st, f, practice=prac, template_dir=template_dir)
                    written.append((d, f))
                    bar.advance(task)
            with session_scope(data.engine) as s:
                for d, f in written:
                    st = d.statement
                    add_statement(s, data.practice_id, StatementRecord(st.patient_id, st.statement_date, st.cycle,
                                                                       st.balance), amount_due=st.amount_due,
                                  file_name=f.name)
        if as_json:
            typer.echo(json.dumps([{"patient_id": d.patient_id, "action": d.action, "reason": d.reason,
                                    "balance": str(d.balance),
                                    "statement": d.statement.to_json() if d.statement else None}
                                   for d in decisions], indent=2))
            return
        counts: dict[str, int] = {}
        for d in decisions:
            counts[d.action] = counts.get(d.action, 0) + 1
        console.print(f"{len(written)} statement(s) written to {output}" if not dry_run else
                      f"{len(to_send)} statement(s) due (dry run)", highlight=False, markup=False)
        for action, n in sorted(counts.items()):
            console.print(f"  {action}: {n}", highlight=False, markup=False)
