"""``painrcm scrub``: scrub 837P claims against payer policy, CMS edits, history, auths and notes.

Contract (tests depend on it)::

    painrcm scrub PATH... [--payer ID] [--payers DIR] [--auths FILE] [--enrollments FILE]
                  [--notes DIR] [--history PATH...] [--as-of YYYY-MM-DD] [--fix -o OUT] [--json]

With ``--json`` one line per claim: ``{"claim_id", "status", "findings": [...]}``. Exit 0 when the
scrub ran (whatever it found), 2 with one line on stderr for unreadable input.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from typer.core import TyperCommand

from painrcm.cli.common import console, err_console, progress
from painrcm.errors import InputError, NotFound


class _ScrubCommand(TyperCommand):
    """Lets ``--history`` take several paths (``--history a.837 b.837``), as the contract writes it:
    the words after ``--history`` up to the next option are history paths."""

    def parse_args(self, ctx, args):
        out: list[str] = []
        in_history = False
        for arg in args:
            if arg == "--history":
                in_history = True
                continue
            if arg.startswith("-"):
                in_history = False
                out.append(arg)
                continue
            if in_history:
                out.extend(("--history", arg))
            else:
                out.append(arg)
        return super().parse_args(ctx, out)


def register(app: typer.Typer) -> None:
    @app.command("scrub", cls=_ScrubCommand)
    def scrub(
        paths: List[Path] = typer.Argument(..., help="837P files or folders of them"),
        payer: Optional[str] = typer.Option(None, "--payer", help="Scrub every claim with this payer policy id"),
        payers: Optional[Path] = typer.Option(None, "--payers", help="Folder of payer policy files (default: shipped)"),
        auths: Optional[Path] = typer.Option(None, "--auths", help="Authorizations CSV (docs/scrub-inputs.md)"),
        enrollments: Optional[Path] = typer.Option(None, "--enrollments",
                                                   help="Enrollments/credentials CSV (docs/scrub-inputs.md)"),
        notes: Optional[Path] = typer.Option(None, "--notes", help="Folder of notes named <CLM01>.txt"),
        history: List[Path] = typer.Option([], "--history", help="837P files/folders of the patients' prior claims"),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="Date the scrub runs for (YYYY-MM-DD; default today)"),
        fix: bool = typer.Option(False, "--fix", help="Apply the deterministic fixes and write the claims to -o"),
        output: Optional[Path] = typer.Option(None, "-o", "--output", help="837P file for --fix"),
        as_json: bool = typer.Option(False, "--json", help="One JSON line per claim"),
    ) -> None:
        """Scrub claims before submission: every finding with its edit id, severity, lines and fix."""
        run_scrub(paths, payer=payer, payers=payers, auths=auths, enrollments=enrollments, notes=notes,
                  history=history, as_of=as_of, fix=fix, output=output, as_json=as_json)


def _is_x12(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(64).lstrip().startswith(b"ISA")
    except OSError:
        return False


def _files(paths: list[Path], what: str) -> list[Path]:
    """Files as given; in a folder, the X12 files only (a README or notes beside them are skipped)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".") and _is_x12(f))
            if not found:
                raise InputError(f"no X12 files in the folder ({what})", file=str(p))
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(f"no such file or folder ({what})", file=str(p))
    return out


def _read_claims(path: Path, payer_ids: dict[str, str]) -> list:
    from painrcm.edi.reader_837p import read_837p

    try:
        with open(path, "rb") as fh:
            head = fh.read(64).lstrip()[:3]
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=str(path)) from None
    if head != b"ISA":
        raise InputError("not an X12 837P file (it does not start with ISA)", file=str(path))
    try:
        return list(read_837p(path, name=str(path), payer_ids=payer_ids))
    except InputError:
        raise
    except (ValueError, KeyError, IndexError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the 837P: {exc}", file=str(path)) from None


def _parties(first: Path, claims: list):
    from painrcm.edi.writer_837p import SubmissionParties

    sender, receiver = "PAINRCM", "RECEIVER"
    try:
        text = first.read_text(encoding="utf-8", errors="replace")[:200]
        sep = text[3]
        el = text.split(sep)
        sender, receiver = el[6].strip() or sender, el[8].strip() or receiver
    except (OSError, IndexError):
        pass
    name = claims[0].billing_provider.name.last if claims else "PAINRCM"
    return SubmissionParties(sender_id=sender, receiver_id=receiver, submitter_name=name,
                             submitter_contact="BILLING OFFICE", submitter_phone="0000000000",
                             receiver_name=receiver)


class _Notes:
    """Notes by claim id, coded on demand; degrades to nothing when the coder is not installed."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.coder = None
        self.warned = False
        if folder is not None:
            if not folder.is_dir():
                raise InputError("no such folder (--notes)", file=str(folder))
            try:
                from painrcm.coding import code_note
                self.coder = code_note
            except ImportError:
                err_console.print("note: the note coder is not installed; documentation edits are skipped",
                                  highlight=False)

    def coded(self, claim, policy_id: str):
        if self.folder is None or self.coder is None:
            return None
        path = self.folder / f"{claim.claim_id}.txt"
        if not path.is_file():
            return None
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise InputError(f"cannot read the note ({exc.strerror})", file=str(path)) from None
        try:
            return self.coder(text, payer=policy_id, pos=claim.place_of_service, dos=claim.service_date)
        except Exception as exc:  # noqa: BLE001 - one unreadable note must not stop the scrub
            err_console.print(f"note: {path.name}: the note could not be coded ({type(exc).__name__}); "
                              "documentation edits skipped for this claim", highlight=False)
            return None


def _relief(result):
    from painrcm.scrub import history_relief

    return history_relief(result)


def run_scrub(paths, *, payer=None, payers=None, auths=None, enrollments=None, notes=None, history=(),
              as_of=None, fix=False, output=None, as_json=False) -> list[dict]:
    """The command's work (also used by tests): returns the per-claim JSON objects it printed."""
    from painrcm.policy import load_directory, load_policy
    from painrcm.policy.loader import SHIPPED_DIR
    from painrcm.scrub import (AuthIndex, HistoryIndex, ScrubContext, claim_status, note_evidence,
                               scrub_and_fix, scrub_claim)
    from painrcm.scrub.inputs import read_authorizations, read_enrollments

    if fix and output is None:
        raise InputError("--fix needs -o OUT (the 837P file to write)")
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {as_of!r}", field="--as-of") from None
    directory = Path(payers) if payers else SHIPPED_DIR
    if payers is not None and not Path(payers).is_dir():
        raise InputError("no such folder (--payers)", file=str(payers))
    forced = load_policy(payer, directory) if payer else None
    policies = load_directory(directory)
    by_x12 = {}
    for pol in policies.values():
        for x in pol.x12_payer_ids:
            by_x12.setdefault(x.strip().upper(), pol)
    payer_ids = {x: pol.id for x, pol in by_x12.items()}

    files = _files(list(paths), "PATH")
    if not files:
        raise InputError("no 837P files found", file=", ".join(str(p) for p in paths))
    hist_files = _files(list(history), "--history")
    auth_list = read_authorizations(auths) if auths else None
    enr, cred = read_enrollments(enrollments) if enrollments else (None, None)
    note_source = _Notes(Path(notes) if notes else None)

    index = HistoryIndex()
    for hf in hist_files:
        for c in _read_claims(hf, payer_ids):
            index.add(c, _relief(note_source.coded(c, c.payer_id)) if notes else None)

    claims: list = []
    for f in files:
        claims.extend((f, c) for c in _read_claims(f, payer_ids))

    def policy_for(path: Path, claim):
        if forced is not None:
            return forced
        pol = by_x12.get((claim.x12_payer_id or "").strip().upper())
        if pol is None:
            raise NotFound(f"claim {claim.claim_id}: payer id {claim.x12_payer_id!r} (NM1*PR) is in no payer "
                           f"file of {directory}; pass --payer ID or add it to a file's x12_payer_ids",
                           file=str(path))
        return pol

    resolved = [(path, c, policy_for(path, c)) for path, c in claims]
    base = ScrubContext(policy=resolved[0][2] if resolved else None, as_of=day, history=index,
                        authorizations=AuthIndex(auth_list) if auth_list is not None else None,
                        enrollments=tuple(enr) if enr is not None else None,
                        credentials=tuple(cred) if cred is not None else None)
    results: list[dict] = []
    fixed_claims = []
    counts = {"clean": 0, "warning": 0, "error": 0}

    def work() -> Iterator[None]:
        for path, claim, pol in resolved:
            coded = note_source.coded(claim, pol.id)
            ctx = ScrubContext(policy=pol, as_of=day, history=index, authorizations=base.authorizations,
                               enrollments=base.enrollments, credentials=base.credentials,
                               note=note_evidence(coded) if coded is not None else None)
            if fix:
                fixed, findings = scrub_and_fix(claim, ctx)
                before = {f.edit for f in scrub_claim(claim, ctx) if f.apply is not None}
                fixed_claims.append(fixed)
            else:
                findings = scrub_claim(claim, ctx)
            status = claim_status(findings)
            counts[status] += 1
            item = {"claim_id": claim.claim_id, "status": status, "findings": [f.to_dict() for f in findings]}
            if fix:
                item["fixes_applied"] = sorted(before - {f.edit for f in findings if f.apply is not None})
            results.append(item)
            index.add(fixed_claims[-1] if fix else claim, _relief(coded))
            yield None

    if as_json:
        for _ in work():
            typer.echo(json.dumps(results[-1]))
    else:
        with progress(transient=True) as bar:
            task = bar.add_task("scrubbing", total=len(resolved))
            for _ in work():
                bar.advance(task)
        _print_report(results)
    if fix:
        from painrcm.edi.envelope import InMemoryControlNumbers
        from painrcm.edi.writer_837p import write_837p_file

        if not fixed_claims:
            raise InputError("no claims to write", file=str(output))
        write_837p_file(output, fixed_claims, _parties(files[0], fixed_claims), InMemoryControlNumbers())
        err_console.print(f"wrote {len(fixed_claims)} claim(s) to {output}", highlight=False)
    if not as_json:
        console.print(f"{len(results)} claim(s): {counts['clean']} clean, {counts['warning']} with warnings, "
                      f"{counts['error']} with errors", highlight=False)
    return results


def _print_report(results: list[dict]) -> None:
    """One block per claim with findings: severity, edit id, lines, message, then the fix."""
    for r in results:
        if not r["findings"]:
            continue
        colour = "red" if r["status"] == "error" else "yellow"
        console.print(f"[bold]{r['claim_id']}[/]: [{colour}]{r['status']}[/]", highlight=False)
        for f in r["findings"]:
            sev = "[red]error  [/]" if f["severity"] == "error" else "[yellow]warning[/]"
            where = f" line {','.join(map(str, f['lines']))}" if f["lines"] else ""
            console.print(f"  {sev} {f['edit']}{where}: {f['message']}", highlight=False, soft_wrap=True)
            if f["fix"]:
                console.print(f"          fix: {f['fix']}", highlight=False, soft_wrap=True)
