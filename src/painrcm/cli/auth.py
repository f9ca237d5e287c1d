"""``painrcm auth``, ``painrcm credentials`` and ``painrcm calendar``: prior auth, credentials, deadlines.

    painrcm auth check --payer ID (--codes C,C | --family F) [--levels L4-5,L5-S1] [--side S] [--pos NN]
                       --dos DATE [--patient ID] [--state XX] [--json]
    painrcm auth due [--within 21d] [--as-of DATE] [--auths FILE.csv] [--json]
    painrcm auth package PATIENT --procedure rfa -o FILE.pdf [--levels ...] [--side ...] [--date DATE]
    painrcm auth import FILE.csv              (whole file or nothing)
    painrcm credentials due [--within 120d] [--as-of DATE] [--credentials FILE.csv] [--json]
    painrcm credentials import FILE.csv       (bad rows rejected one by one, the others imported)
    painrcm calendar -o FILE.ics [--auths FILE.csv] [--credentials FILE.csv]

Records come from the database (``--db``, default ./painrcm.db) when it exists, or from the CSV
files given (columns: docs/auth.md). The core is ``painrcm.auth``; this module only reads,
prints and writes.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from painrcm.cli.common import DbOption, console, err_console
from painrcm.errors import InputError, NotFound



def _days(value: str, option: str) -> int:
    """'21d', '3w', '21' -> days."""
    m = re.fullmatch(r"\s*(\d{1,4})\s*([dw]?)\s*", value or "", re.I)
    if not m:
        raise InputError(f"not a number of days (e.g. 21d, 3w): {value!r}", field=option)
    return int(m.group(1)) * (7 if m.group(2).lower() == "w" else 1)


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {value!r}", field=option) from None


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r"[,\s]+", value or "") if p.strip())


# ---------------------------------------------------------------------------------- database

def _db_url(db: str | None, *, must_exist: bool) -> str | None:
    """The database URL, or None when the default SQLite file is not there (and none was asked for)."""
    from painrcm.store.config import database_url

    url = database_url(db)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        if must_exist or db:
            raise NotFound(f"no database at {url[len('sqlite:///'):]}: run `painrcm init` (or `painrcm demo`)",
                           field="--db")
        return None
    return url


def _practice_id(session, practice: str | None) -> str:
    from painrcm.store.repositories.parties import load_practices

    ids = [p.id for p in load_practices(session)]
    if practice:
        if practice not in ids:
            raise NotFound(f"no practice {practice!r} in the database", field="--practice")
        return practice
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise NotFound("the database has no practice yet (run `painrcm demo` or import one)", field="--practice")
    raise InputError(f"the database holds {len(ids)} practices: choose one with --practice", field="--practice")


class _Db:
    """Read-only view of what the auth commands need from the database."""

    def __init__(self, url: str, practice: str | None):
        from painrcm.store.engine import make_engine

        self.engine = make_engine(url)
        self.practice_arg = practice

    def __enter__(self):
        from painrcm.store.engine import session_scope

        self._cm = session_scope(self.engine)
        self.session = self._cm.__enter__()
        self.practice_id = _practice_id(self.session, self.practice_arg)
        return self

    def __exit__(self, *exc):
        out = self._cm.__exit__(*exc)
        self.engine.dispose()
        return out


PracticeOption = typer.Option(None, "--practice", help="Practice id (default: the only practice in the database)")


def _load_records(db: str | None, practice: str | None, auths_csv: Path | None = None,
                  credentials_csv: Path | None = None, *, want_services: bool = False, today: date | None = None):
    """(auths, credentials, enrollments, services, payers) from CSV files and/or the database."""
    from painrcm.auth.imports import read_authorizations, read_credentials

    auths: list = []
    creds: list = []
    enrollments: list = []
    services: list = []
    payers: dict = {}
    if auths_csv is not None:
        auths.extend(read_authorizations(auths_csv))
    if credentials_csv is not None:
        imported = read_credentials(credentials_csv)
        if imported.rejected:
            raise InputError(imported.rejected[0].message, file=imported.rejected[0].file,
                             location=f"row {imported.rejected[0].row}", field=imported.rejected[0].field)
        creds.extend(imported.credentials)
        enrollments.extend(imported.enrollments)
    no_files = auths_csv is None and credentials_csv is None
    url = _db_url(db, must_exist=no_files) if no_files or db else None
    if url is not None:
        from painrcm.store.repositories.auth import load_authorizations, load_credentials, load_enrollments
        from painrcm.store.repositories.parties import load_payers

        with _Db(url, practice) as d:
            if auths_csv is None:
                auths.extend(load_authorizations(d.session, d.practice_id))
            if credentials_csv is None:
                creds.extend(load_credentials(d.session, d.practice_id))
                enrollments.extend(load_enrollments(d.session, d.practice_id))
            payers = {p.id: p for p in load_payers(d.session)}
            if want_services:
                services = _services_from_db(d, today or date.today())
    return auths, creds, enrollments, services, payers


def _services_from_db(d: _Db, today: date) -> list:
    """Claims of the 90 days before ``today`` as auth-tracker services (for retro-authorization windows)."""
    from datetime import timedelta

    from painrcm.auth.deadlines import Service
    from painrcm.store.repositories.claims import load_claims

    since = today - timedelta(days=90)
    out = []
    for c in load_claims(d.session, d.practice_id, date_from=since):
        state = c.service_facility.address.state if c.service_facility and c.service_facility.address else (
            c.billing_provider.address.state if c.billing_provider.address else None)
        out.append(Service(c.patient_id, c.payer_id, c.service_date, tuple(dict.fromkeys(ln.code for ln in c.lines)),
                           place_of_service=c.place_of_service, state=state, id=c.claim_id,
                           authorization_number=c.prior_authorization))
    return out


# ---------------------------------------------------------------------------------- printing

def _deadline_table(title: str, rows) -> Table:
    table = Table(title=title)
    for col in ("date", "what", "reference", "patient", "payer"):
        table.add_column(col)
    for d in rows:
        day = f"[red]{d.day.isoformat()}[/]" if d.overdue else d.day.isoformat()
        table.add_row(day, d.title, d.reference, d.patient_id or "-", d.payer_id or "-")
    return table


def register(app: typer.Typer) -> None:
    auth = typer.Typer(help="Prior authorizations: requirement check, due list, RFA package, import.",
                       no_args_is_help=True)
    creds = typer.Typer(help="Provider credentials and payer enrollments: due list, import.", no_args_is_help=True)
    app.add_typer(auth, name="auth")
    app.add_typer(creds, name="credentials")

    @auth.command("check")
    def check(
        payer: str = typer.Option(..., "--payer", help="Payer (policy) id, e.g. medicare"),
        codes: Optional[str] = typer.Option(None, "--codes", help="Planned CPT/HCPCS codes, comma-separated"),
        family: Optional[str] = typer.Option(None, "--family", help="Procedure family instead of codes (e.g. esi)"),
        levels: Optional[str] = typer.Option(None, "--levels", help="Levels, e.g. L4-5,L5-S1"),
        side: Optional[str] = typer.Option(None, "--side", help="left, right or bilateral"),
        pos: Optional[str] = typer.Option(None, "--pos", help="Place of service, e.g. 11, 22, 24"),
        dos: str = typer.Option(..., "--dos", help="Planned date of service (YYYY-MM-DD)"),
        patient: Optional[str] = typer.Option(None, "--patient", help="Patient id (history and auths from --db)"),
        state: Optional[str] = typer.Option(None, "--state", help="Patient's state (WISeR and other state rules)"),
        region: Optional[str] = typer.Option(None, "--region", help="cervical, thoracic, lumbar or sacral"),
        as_json: bool = typer.Option(False, "--json", help="Print JSON"),
        db: Optional[str] = DbOption,
        practice: Optional[str] = PracticeOption,
    ) -> None:
        """Does a planned procedure need prior auth, what must the package hold, is there frequency room?"""
        from painrcm.auth.frequency import history_key
        from painrcm.auth.requirements import PlannedProcedure, check_requirements
        from painrcm.policy import load_policy
        from painrcm.scrub.history import HistoryIndex

        day = _date(dos, "--dos")
        if side and side.lower() not in ("left", "right", "bilateral"):
            raise InputError(f"must be left, right or bilateral, got {side!r}", field="--side")
        if state and not re.fullmatch(r"[A-Za-z]{2}", state):
            raise InputError(f"must be a two-letter state code, got {state!r}", field="--state")
        if pos and not re.fullmatch(r"\d{1,2}", pos):
            raise InputError(f"must be a two-digit place of service, got {pos!r}", field="--pos")
        policy = load_policy(payer)
        history = key = None
        auths: list = []
        if patient:
            url = _db_url(db, must_exist=False)
            if url is not None:
                from painrcm.store.repositories.auth import load_authorizations
                from painrcm.store.repositories.claims import load_claims
                from painrcm.store.repositories.parties import load_patient

                with _Db(url, practice) as d:
                    claims = load_claims(d.session, d.practice_id, patient_id=patient)
                    history, key = HistoryIndex(claims), history_key(claims)
                    auths = load_authorizations(d.session, d.practice_id, patient_id=patient)
                    if state is None:
                        try:
                            p = load_patient(d.session, d.practice_id, patient)
                            state = p.address.state if p.address else None
                        except NotFound:
                            pass
        planned = PlannedProcedure(payer, day, codes=tuple(c.upper() for c in _split(codes)), family=family,
                                   levels=_split(levels), side=side.lower() if side else None,
                                   place_of_service=pos.zfill(2) if pos else None,
                                   state=state.upper() if state else None, region=region, patient_id=patient)
        result = check_requirements(planned, policy=policy, history=history, history_key=key, authorizations=auths)
        if as_json:
            typer.echo(json.dumps(result.to_json(), indent=2))
            return
        verdict = {True: "[bold red]prior authorization REQUIRED[/]", False: "[green]no prior authorization[/]",
                   None: "[yellow]prior authorization depends on the patient's state[/]"}[result.needs_auth]
        console.print(f"{policy.name}, {', '.join(planned.codes) or planned.family} on {day.isoformat()}: {verdict}")
        for r in result.reasons:
            console.print(f"  - {r}", highlight=False, markup=False)
        for w in result.warnings:
            console.print(f"  [yellow]! {w}[/]", highlight=False)
        if result.needs_auth is not False:
            console.print("Clinical package must contain:")
            for item in result.package:
                console.print(f"  [ ] {item}", highlight=False, markup=False)

    @auth.command("due")
    def due(
        within_: str = typer.Option("21d", "--within", help="Look ahead, e.g. 21d or 3w"),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="Today's date (default: today)"),
        auths_csv: Optional[Path] = typer.Option(None, "--auths", help="Authorizations CSV instead of the database"),
        as_json: bool = typer.Option(False, "--json", help="Print JSON"),
        db: Optional[str] = DbOption,
        practice: Optional[str] = PracticeOption,
    ) -> None:
        """Renewals, lapsed auths, peer-to-peer and retro-authorization deadlines coming up."""
        from painrcm.auth.deadlines import auth_deadlines, retro_deadlines, within
        from painrcm.auth.policies import policy_for

        days = _days(within_, "--within")
        today = _date(as_of, "--as-of") or date.today()
        auths, _, _, services, payers = _load_records(db, practice, auths_csv, want_services=auths_csv is None,
                                                      today=today)
        lookup = lambda pid: policy_for(pid, payers)  # noqa: E731
        rows = auth_deadlines(auths, today=today, policy_lookup=lookup)
        rows += retro_deadlines(services, auths, today=today, policy_lookup=lookup)
        rows = sorted(within(rows, today, days))
        if as_json:
            typer.echo(json.dumps([r.to_json() for r in rows], indent=2))
            return
        console.print(_deadline_table(f"Authorization deadlines, {today.isoformat()} + {days} days", rows))
        console.print(f"{len(rows)} item(s); {sum(r.overdue for r in rows)} overdue", highlight=False)

    @auth.command("package")
    def package(
        patient: str = typer.Argument(..., help="Patient id"),
        procedure: str = typer.Option("rfa", "--procedure", help="Only rfa for now"),
        output: Path = typer.Option(..., "-o", "--output", help="PDF (or .html) file to write"),
        levels: Optional[str] = typer.Option(None, "--levels", help="Planned levels (default: the draft RFA auth's)"),
        side: Optional[str] = typer.Option(None, "--side", help="Planned side (default: the draft RFA auth's)"),
        payer: Optional[str] = typer.Option(None, "--payer", help="Payer id (default: the draft RFA auth's)"),
        planned: Optional[str] = typer.Option(None, "--date", help="Planned date (default: the auth's start, or today)"),
        functional: Optional[str] = typer.Option(None, "--functional", help="Functional impairment text"),
        imaging: Optional[str] = typer.Option(None, "--imaging", help="Imaging correlation text"),
        conservative: Optional[str] = typer.Option(None, "--conservative", help="Conservative treatment history"),
        as_json: bool = typer.Option(False, "--json", help="Also print the verdict and gaps as JSON"),
        db: Optional[str] = DbOption,
        practice: Optional[str] = PracticeOption,
    ) -> None:
        """Assemble the RFA prior-auth package (MBB notes, relief per block, verdict, gaps) as PDF or HTML."""
        from painrcm.auth.rfa_package import ProcedureNote, RfaRequest, build_package, render_html, render_pdf
        from painrcm.store.repositories.auth import load_authorizations
        from painrcm.store.repositories.parties import load_encounters, load_patient, load_providers

        if procedure.lower() != "rfa":
            raise InputError(f"only the rfa package is built so far, not {procedure!r}", field="--procedure")
        url = _db_url(db, must_exist=True)
        with _Db(url, practice) as d:
            p = load_patient(d.session, d.practice_id, patient)
            auths = [a for a in load_authorizations(d.session, d.practice_id, patient_id=patient)
                     if a.family == "facet_rfa" or set(a.codes) & {"64633", "64635"}]
            draft = max(auths, key=lambda a: a.start_date, default=None)
            encounters = load_encounters(d.session, d.practice_id, patient_id=patient)
            names = {pr.npi: f"{pr.first_name} {pr.last_name}, {pr.credential}"
                     for pr in load_providers(d.session, d.practice_id)}
        notes = [ProcedureNote(n.id, e.date_of_service, n.text, names.get(e.rendering_npi))
                 for e in encounters for n in e.notes if n.kind == "procedure"]
        lv = _split(levels) or (draft.levels if draft else ())
        if not lv:
            raise InputError("no planned levels: give --levels (no RFA authorization on file for this patient)",
                             field="--levels")
        req = RfaRequest(
            patient_id=patient, payer_id=payer or (draft.payer_id if draft else encounters[-1].payer_id
                                                   if encounters else "medicare"),
            levels=lv, side=(side or (draft.side if draft else None) or "bilateral").lower(),
            planned_date=_date(planned, "--date") or (draft.start_date if draft else date.today()),
            patient_label=f"{p.last_name}, {p.first_name} (DOB {p.birth_date.isoformat()})",
            codes=tuple(c for c in (draft.codes if draft else ()) if c in ("64633", "64634", "64635", "64636")),
            functional_impairment=functional, imaging_correlation=imaging, conservative_treatment=conservative)
        pkg = build_package(notes, req)
        if output.suffix.lower() in (".html", ".htm"):
            output.write_text(render_html(pkg), encoding="utf-8")
        else:
            output.write_bytes(render_pdf(pkg))
        if as_json:
            typer.echo(json.dumps(pkg.to_json(), indent=2))
            return
        console.print(pkg.verdict, highlight=False)
        for g in pkg.gaps:
            console.print(f"  [red]gap:[/] {g}", highlight=False)
        console.print(f"wrote {output}", highlight=False)

    @auth.command("import")
    def import_auths(
        file: Path = typer.Argument(..., help="Authorizations CSV (columns: docs/auth.md)"),
        db: Optional[str] = DbOption,
        practice: Optional[str] = PracticeOption,
    ) -> None:
        """Import authorizations: the whole file, or nothing if any row is bad."""
        import dataclasses

        from painrcm.auth.imports import read_authorizations
        from painrcm.store.repositories.auth import save_authorizations

        rows = read_authorizations(file)
        url = _db_url(db, must_exist=True)
        with _Db(url, practice) as d:
            rows = [a if a.practice_id else dataclasses.replace(a, practice_id=d.practice_id) for a in rows]
            others = sorted({a.practice_id for a in rows} - {d.practice_id})
            if others:
                raise InputError(f"rows for practice {others[0]!r}, not {d.practice_id!r}; nothing imported",
                                 file=str(file), field="practice_id")
            try:
                save_authorizations(d.session, rows)
            except Exception as exc:  # foreign keys: unknown patient or payer
                import sqlalchemy as sa
                if isinstance(exc, sa.exc.IntegrityError):
                    raise InputError("a patient_id or payer_id is not in the database; nothing imported",
                                     file=str(file), field="patient_id/payer_id") from None
                raise
        console.print(f"imported {len(rows)} authorization(s) from {file}", highlight=False)

    @creds.command("due")
    def credentials_due_cmd(
        within_: str = typer.Option("120d", "--within", help="Look ahead, e.g. 120d"),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="Today's date (default: today)"),
        credentials_csv: Optional[Path] = typer.Option(None, "--credentials", help="Credentials CSV instead of the database"),
        as_json: bool = typer.Option(False, "--json", help="Print JSON"),
        db: Optional[str] = DbOption,
        practice: Optional[str] = PracticeOption,
    ) -> None:
        """Credentials expiring soon (and expired), and providers not enrolled with a payer."""
        from painrcm.auth.credentialing import credentials_due, enrollment_gaps

        days = _days(within_, "--within")
        today = _date(as_of, "--as-of") or date.today()
        _, cs, enrollments, _, payers = _load_records(db, practice, None, credentials_csv)
        alerts = credentials_due(cs, today=today, within_days=days)
        npis = sorted({c.provider_npi for c in cs} | {e.provider_npi for e in enrollments})
        payer_ids = sorted(set(payers) | {e.payer_id for e in enrollments})
        gaps = enrollment_gaps(npis, payer_ids, enrollments, on=today) if enrollments else []
        if as_json:
            typer.echo(json.dumps({"credentials": [a.to_json() for a in alerts],
                                   "enrollment_gaps": [g.to_json() for g in gaps]}, indent=2))
            return
        table = Table(title=f"Credentials expiring by {today.isoformat()} + {days} days")
        for col in ("expires", "days", "provider NPI", "credential", "number", "level"):
            table.add_column(col)
        from painrcm.auth.credentialing import kind_name
        for a in alerts:
            c = a.credential
            table.add_row(c.expires_on.isoformat(), str(a.days_left), c.provider_npi,
                          kind_name(c.kind) + (f" ({c.state})" if c.state else ""), c.number, a.level)
        console.print(table)
        for g in gaps:
            console.print(f"[yellow]not enrolled:[/] NPI {g.provider_npi} with {g.payer_id} ({g.reason})",
                          highlight=False)

    @creds.command("import")
    def import_credentials(
        file: Path = typer.Argument(..., help="Credentials/enrollments CSV (columns: docs/auth.md)"),
        db: Optional[str] = DbOption,
        practice: Optional[str] = PracticeOption,
    ) -> None:
        """Import credentials and enrollments: bad rows are rejected one by one, the others imported
        (exit 2 when any row was rejected)."""
        from painrcm.auth.imports import read_credentials
        from painrcm.store.repositories.auth import save_credentials, save_enrollments

        result = read_credentials(file)
        url = _db_url(db, must_exist=True)
        with _Db(url, practice) as d:
            try:
                save_credentials(d.session, d.practice_id, result.credentials)
                save_enrollments(d.session, d.practice_id, result.enrollments)
            except Exception as exc:
                import sqlalchemy as sa
                if isinstance(exc, sa.exc.IntegrityError):
                    raise InputError("a provider_npi or payer_id is not in the database; nothing imported",
                                     file=str(file), field="provider_npi/payer_id") from None
                raise
        console.print(f"imported {len(result.credentials)} credential(s) and {len(result.enrollments)} "
                      f"enrollment(s) from {file}", highlight=False)
        for problem in result.rejected:
            err_console.print(f"rejected: {problem}", highlight=False, markup=False)
        if result.rejected:
            raise typer.Exit(2)

    @app.command("calendar")
    def calendar(
        output: Path = typer.Option(..., "-o", "--output", help=".ics file to write"),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="Today's date (default: today)"),
        auths_csv: Optional[Path] = typer.Option(None, "--auths", help="Authorizations CSV instead of the database"),
        credentials_csv: Optional[Path] = typer.Option(None, "--credentials", help="Credentials CSV instead of the database"),
        db: Optional[str] = DbOption,
        practice: Optional[str] = PracticeOption,
    ) -> None:
        """Export every auth and credential deadline as an iCalendar file (all-day events)."""
        from painrcm.auth.calendar import to_ical
        from painrcm.auth.credentialing import credential_deadlines, enrollment_deadlines
        from painrcm.auth.deadlines import auth_deadlines
        from painrcm.auth.policies import policy_for

        today = _date(as_of, "--as-of") or date.today()
        auths, cs, enrollments, _, payers = _load_records(db, practice, auths_csv, credentials_csv)
        rows = auth_deadlines(auths, today=today, policy_lookup=lambda pid: policy_for(pid, payers))
        rows += credential_deadlines(cs, today=today) + enrollment_deadlines(enrollments, today=today)
        output.write_bytes(to_ical(rows))
        console.print(f"wrote {len(rows)} deadline(s) to {output}", highlight=False)


__all__ = ["register"]
