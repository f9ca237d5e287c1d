"""``painrcm schedule``, ``painrcm charges`` and ``painrcm feeschedule``: charge capture controls.

- ``schedule import FILE``: appointments from a CSV export or a FHIR R4 Bundle into the database
  (good rows saved, bad rows listed with row and field; ``--strict`` saves nothing when a row is bad).
- ``charges missing``: seen appointments without charges, oldest filing deadline first.
- ``charges lag``: days from date of service to charge entry, per rendering provider.
- ``charges providers``: NPI, enrollment and incident-to problems of the charged encounters.
- ``charges pos``: claims whose place of service differs from the appointment's.
- ``feeschedule import FILE`` / ``feeschedule check``: the practice's charge master against every
  payer's allowable (``--charge-master FILE`` checks a CSV without a database).

The work is done by the pure functions of ``painrcm.claims`` (schedule, reconcile,
fee_schedule_check, provider_checks, place_of_service); this module only reads and prints.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from painrcm.cli.common import DbOption, console, err_console, progress
from painrcm.errors import InputError

PracticeOption = typer.Option(None, "--practice", help="Practice id (default: the only practice in the database)")
JsonOption = typer.Option(False, "--json", help="Print JSON instead of a table")
AsOfOption = typer.Option(None, "--as-of", help="Date to check on (YYYY-MM-DD; default: today in the practice's zone)")


def _practice(session, practice_id: str | None):
    from painrcm.store.repositories.parties import load_practice, load_practices

    if practice_id:
        from painrcm.errors import NotFound
        try:
            return load_practice(session, practice_id)
        except NotFound:
            raise InputError(f"no practice {practice_id!r} in the database", field="--practice") from None
    practices = load_practices(session)
    if len(practices) != 1:
        raise InputError("the database has " + (f"{len(practices)} practices" if practices else "no practice")
                         + ": name one with --practice", field="--practice")
    return practices[0]


def _as_of(text: str | None, time_zone: str) -> date:
    if text:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise InputError("not a date (YYYY-MM-DD)", field="--as-of") from None
    from painrcm.claims.schedule import practice_zone
    return datetime.now(practice_zone(time_zone)).date()


def _print_json(data) -> None:
    typer.echo(json.dumps(data, indent=2, default=str))


def _load_reconcile_inputs(session, practice_id: str):
    from painrcm.store.repositories.charges import coded_line_counts, filing_days_by_payer, load_appointments
    from painrcm.store.repositories.claims import load_claims
    from painrcm.store.repositories.parties import load_encounters

    return (load_appointments(session, practice_id), load_encounters(session, practice_id),
            coded_line_counts(session, practice_id), load_claims(session, practice_id),
            filing_days_by_payer(session))


def register(app: typer.Typer) -> None:
    schedule = typer.Typer(help="The appointment schedule.", no_args_is_help=True)
    charges = typer.Typer(help="Charge capture: missing charges, charge lag, provider and place-of-service checks.",
                          no_args_is_help=True)
    feeschedule = typer.Typer(help="The practice's charge master against payer allowables.", no_args_is_help=True)
    app.add_typer(schedule, name="schedule")
    app.add_typer(charges, name="charges")
    app.add_typer(feeschedule, name="feeschedule")

    @schedule.command("import")
    def schedule_import(file: Path = typer.Argument(..., help="Schedule CSV export or FHIR R4 Bundle (JSON)"),
                        practice: Optional[str] = PracticeOption, db: Optional[str] = DbOption,
                        strict: bool = typer.Option(False, "--strict", help="Save nothing if any row is bad"),
                        as_json: bool = JsonOption) -> None:
        """Import appointments; bad rows are listed (row, field) and the good rows saved."""
        from painrcm.claims.schedule import read_schedule_file
        from painrcm.store.engine import session_scope
        from painrcm.store.migrate import open_engine
        from painrcm.store.repositories.charges import save_appointments
        from painrcm.store.repositories.parties import load_providers

        engine = open_engine(db)
        with session_scope(engine) as session:
            p = _practice(session, practice)
            result = read_schedule_file(file, practice_id=p.id, time_zone=p.time_zone,
                                        providers=load_providers(session, p.id))
            saved = 0
            if result.appointments and not (strict and result.errors):
                saved = save_appointments(session, result.appointments)
        if as_json:
            _print_json({"file": str(file), "rows": result.rows, "saved": saved,
                         "errors": [{"row": e.row, "field": e.field, "message": e.message} for e in result.errors]})
        else:
            for e in result.errors:
                err_console.print(f"{file}, {e}", highlight=False, markup=False, soft_wrap=True)
            note = " (--strict: nothing saved)" if strict and result.errors else ""
            console.print(f"{file}: {result.rows} row(s), {saved} appointment(s) saved, "
                          f"{len(result.errors)} bad row(s){note}", highlight=False, soft_wrap=True)
        if result.errors:
            raise typer.Exit(2)

    @charges.command("missing")
    def charges_missing(as_of: Optional[str] = AsOfOption,
                        practice: Optional[str] = PracticeOption, db: Optional[str] = DbOption,
                        all_stages: bool = typer.Option(False, "--all", help="Also list coded-but-unbilled visits"),
                        as_json: bool = JsonOption) -> None:
        """Seen appointments without charges: age, timely-filing date, days left."""
        from painrcm.claims.reconcile import STAGE_TEXT, reconcile
        from painrcm.store.engine import session_scope
        from painrcm.store.migrate import open_engine

        engine = open_engine(db)
        with session_scope(engine) as session:
            p = _practice(session, practice)
            day = _as_of(as_of, p.time_zone)
            with progress(transient=True) as bar:
                task = bar.add_task("loading schedule, encounters, coding, claims", total=None)
                appts, encs, coded, claims, days = _load_reconcile_inputs(session, p.id)
                bar.update(task, total=1, completed=1)
        result = reconcile(appts, encs, coded, claims, as_of=day, filing_days=days)
        gaps = result.gaps if all_stages else result.missing
        if as_json:
            data = result.to_dict()
            data["gaps"] = [g.to_dict() for g in gaps]
            _print_json(data)
            return
        table = Table(title=f"Missing charges as of {day.isoformat()} "
                            f"({len(result.missing)} of {result.seen} seen visits)")
        for col in ("DOS", "age", "file by", "left", "provider", "payer", "stage", "appointment"):
            table.add_column(col, no_wrap=col in ("DOS", "file by", "provider"))
        for g in gaps:
            left = f"[bold red]{g.days_left}[/]" if g.at_risk else str(g.days_left)
            table.add_row(g.date_of_service.isoformat(), str(g.age_days), g.filing_deadline.isoformat(), left,
                          g.provider_npi, g.payer_id or "", STAGE_TEXT[g.stage], g.appointment_id)
        console.print(table)
        counts = result.counts()
        console.print(f"billed {result.billed}, no-charge reason {result.exempt}, "
                      + ", ".join(f"{STAGE_TEXT[k]} {v}" for k, v in counts.items())
                      + (f"; {len(result.stale_scheduled)} past appointment(s) still 'scheduled'"
                         if result.stale_scheduled else ""), highlight=False, soft_wrap=True)

    @charges.command("lag")
    def charges_lag(practice: Optional[str] = PracticeOption, db: Optional[str] = DbOption,
                    as_json: bool = JsonOption) -> None:
        """Days from date of service to charge entry, per rendering provider."""
        from painrcm.claims.reconcile import charge_events, charge_lag
        from painrcm.claims.schedule import local_date
        from painrcm.store.engine import session_scope
        from painrcm.store.migrate import open_engine
        from painrcm.store.repositories.charges import claim_entry_dates
        from painrcm.store.repositories.claims import load_claims
        from painrcm.store.repositories.parties import load_providers

        engine = open_engine(db)
        with session_scope(engine) as session:
            p = _practice(session, practice)
            claims = load_claims(session, p.id)
            entered = {k: local_date(v, p.time_zone) for k, v in claim_entry_dates(session, p.id).items()}
            names = {pr.npi: f"{pr.last_name}, {pr.first_name} {pr.credential}" for pr in load_providers(session, p.id)}
        stats = charge_lag(charge_events(claims, entered))
        if as_json:
            _print_json([{**s.to_dict(), "provider": names.get(s.provider_npi)} for s in stats])
            return
        table = Table(title="Charge lag (date of service to charge entry, days)")
        for col in ("provider", "NPI", "charges", "mean", "median", "90th pct", "max"):
            table.add_column(col)
        for s in stats:
            table.add_row(names.get(s.provider_npi, ""), s.provider_npi, str(s.charges), f"{s.mean_days:.1f}",
                          f"{s.median_days:g}", str(s.p90_days), str(s.max_days))
        console.print(table)

    @charges.command("providers")
    def charges_providers(practice: Optional[str] = PracticeOption, db: Optional[str] = DbOption,
                          as_json: bool = JsonOption) -> None:
        """NPI validity, payer enrollment and incident-to eligibility of every encounter."""
        from painrcm.claims.provider_checks import (check_provider_billing, first_physician_visit,
                                                    physicians_on_site, service_facts_for)
        from painrcm.claims.reconcile import reconcile
        from painrcm.store.engine import session_scope
        from painrcm.store.migrate import open_engine
        from painrcm.store.repositories.auth import load_credentials, load_enrollments
        from painrcm.store.repositories.parties import load_payers, load_providers

        engine = open_engine(db)
        with session_scope(engine) as session:
            p = _practice(session, practice)
            appts, encs, coded, claims, days = _load_reconcile_inputs(session, p.id)
            providers = {pr.npi: pr for pr in load_providers(session, p.id)}
            plan = {py.id: py.plan_type.value for py in load_payers(session)}
            enrollments = load_enrollments(session, p.id)
            credentials = load_credentials(session, p.id)
        day = max((a.date_of_service for a in appts), default=date.today())
        rec = reconcile(appts, encs, coded, claims, as_of=day, filing_days=days)
        appt_of = {enc: a for a in appts for enc in [rec.encounter_of.get(a.id) or a.encounter_id] if enc}
        on_site = physicians_on_site(appts, providers)
        first = first_physician_visit(encs, providers)
        rows = []
        for e in encs:
            facts = service_facts_for(e, providers=providers, billing_npi=p.npi, plan_type=plan.get(e.payer_id),
                                      appointment=appt_of.get(e.id), on_site=on_site, first_physician=first)
            for issue in check_provider_billing(facts, enrollments=enrollments or None,
                                                credentials=credentials or None):
                rows.append({"encounter_id": e.id, "date_of_service": e.date_of_service.isoformat(),
                             "payer_id": e.payer_id, **issue.to_dict()})
        if as_json:
            _print_json(rows)
            return
        table = Table(title=f"Provider billing problems ({len(rows)})")
        for col in ("encounter", "date", "payer", "problem", "fix"):
            table.add_column(col)
        for r in rows:
            table.add_row(r["encounter_id"], r["date_of_service"], r["payer_id"], r["message"], r["fix"])
        console.print(table)

    @charges.command("pos")
    def charges_pos(practice: Optional[str] = PracticeOption, db: Optional[str] = DbOption,
                    as_json: bool = JsonOption) -> None:
        """Claims whose place of service differs from where the appointment was booked."""
        from painrcm.claims.place_of_service import check_pos_mismatches
        from painrcm.claims.reconcile import reconcile
        from painrcm.store.engine import session_scope
        from painrcm.store.migrate import open_engine

        engine = open_engine(db)
        with session_scope(engine) as session:
            p = _practice(session, practice)
            appts, encs, coded, claims, days = _load_reconcile_inputs(session, p.id)
        day = max((a.date_of_service for a in appts), default=date.today())
        rec = reconcile(appts, encs, coded, claims, as_of=day, filing_days=days)
        found = check_pos_mismatches(claims, appts, encounter_of=rec.encounter_of, locality=p.mpfs_locality)
        if as_json:
            _print_json([m.to_dict() for m in found])
            return
        for m in found:
            console.print(f"{m.claim_id} ({m.service_date.isoformat()}): {m.message}", highlight=False, soft_wrap=True)
        console.print(f"{len(found)} place-of-service mismatch(es)", highlight=False)

    @feeschedule.command("import")
    def feeschedule_import(file: Path = typer.Argument(..., help="Charge master CSV: code,modifier,charge,"
                                                                 "effective_from,effective_to"),
                           practice: Optional[str] = PracticeOption, db: Optional[str] = DbOption) -> None:
        """Replace the practice's charge master with a CSV file (all rows valid, or nothing saved)."""
        from painrcm.claims.charge_master_io import read_charge_master_csv
        from painrcm.store.engine import session_scope
        from painrcm.store.migrate import open_engine
        from painrcm.store.repositories.charges import save_charge_master

        master = read_charge_master_csv(file)
        engine = open_engine(db)
        with session_scope(engine) as session:
            p = _practice(session, practice)
            n = save_charge_master(session, p.id, master)
        console.print(f"{file}: {n} charge(s) saved for {p.id}", highlight=False, soft_wrap=True)

    @feeschedule.command("check")
    def feeschedule_check(as_of: Optional[str] = AsOfOption,
                          charge_master: Optional[Path] = typer.Option(
                              None, "--charge-master", help="Check this CSV instead of the saved charge master"),
                          contracts_dir: Optional[Path] = typer.Option(
                              None, "--contracts", help="Directory of contract YAML files (default: the database's)"),
                          locality: Optional[str] = typer.Option(
                              None, "--locality", help="Medicare locality (default: the practice's)"),
                          practice: Optional[str] = PracticeOption, db: Optional[str] = DbOption,
                          as_json: bool = JsonOption) -> None:
        """Charges below the highest payer or Medicare allowable, the dollar effect over 12 months, stale charges."""
        from painrcm.claims.charge_master_io import read_charge_master_csv
        from painrcm.claims.fee_schedule_check import check_fee_schedule
        from painrcm.remit.contracts import load_contract_dir

        master = read_charge_master_csv(charge_master) if charge_master else None
        contracts = load_contract_dir(contracts_dir) if contracts_dir else None
        claims: list = []
        zone = "America/New_York"
        if master is None or db is not None:
            from painrcm.store.engine import session_scope
            from painrcm.store.migrate import open_engine
            from painrcm.store.repositories.charges import load_charge_master
            from painrcm.store.repositories.claims import load_claims
            from painrcm.store.repositories.contracts import load_contracts

            engine = open_engine(db)
            with session_scope(engine) as session:
                p = _practice(session, practice)
                zone = p.time_zone
                locality = locality or p.mpfs_locality
                if master is None:
                    master = load_charge_master(session, p.id)
                    if master is None:
                        raise InputError("no charge master saved: run `painrcm feeschedule import FILE` "
                                         "or pass --charge-master FILE", field="--charge-master")
                if contracts is None:
                    contracts = load_contracts(session, p.id)
                claims = load_claims(session, p.id)
        report = check_fee_schedule(master, contracts or (), claims, as_of=_as_of(as_of, zone), locality=locality)
        if as_json:
            _print_json(report.to_dict())
            return
        table = Table(title=f"Charges below the allowable on {report.as_of.isoformat()} "
                            f"({len(report.below)} of {report.checked} charges)")
        for col in ("code", "charge", "highest allowable", "from", "gap", "units (12 mo)", "effect (12 mo)",
                    "raise to"):
            table.add_column(col)
        for g in report.below:
            table.add_row(g.code + (f"-{g.modifier}" if g.modifier else ""), f"{g.charge:,.2f}",
                          f"{g.highest_allowable:,.2f}", g.source, f"{g.gap:,.2f}", str(g.volume),
                          f"{g.dollar_effect:,.2f}", f"{g.suggested_charge:,.2f}")
        console.print(table)
        console.print(f"dollar effect over the last 12 months: ${report.dollar_effect:,.2f}; "
                      f"{len(report.stale)} billed line(s) not at the current charge; "
                      f"{len(report.unpriced)} code(s) without any allowable to compare",
                      highlight=False, soft_wrap=True)
