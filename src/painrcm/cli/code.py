"""``painrcm code``: propose codes for a note, a folder of notes, or stdin.

Contract (stable): ``painrcm code PATH [--payer ID] [--pos NN] [--dos YYYY-MM-DD]
[--new-patient/--established] [--json]``. PATH is a text note, a FHIR R4 DocumentReference or
Bundle (JSON), a folder (one JSON object per line with ``"file"``) or ``-`` for stdin.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from painrcm.cli.common import console, err_console, progress
from painrcm.errors import InputError

_NOTE_SUFFIXES = {".txt", ".text", ".note", ".json", ""}


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the note ({exc.strerror})", file=str(path)) from None
    text = raw.decode("utf-8", errors="replace")
    if not text.strip():
        raise InputError("the note is empty", file=str(path))
    return text


def _notes_of(text: str, name: str) -> list[tuple[str, str]]:
    from painrcm.notes.fhir import is_fhir, notes_from_fhir

    if is_fhir(text):
        docs = notes_from_fhir(text, file=name)
        if len(docs) == 1:
            return [(name, docs[0][1])]
        return [(f"{name}#{doc_id}", body) for doc_id, body in docs]
    return [(name, text)]


def _folder_files(folder: Path) -> list[Path]:
    out = []
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or p.suffix.lower() not in _NOTE_SUFFIXES or p.name.startswith("."):
            continue
        if p.suffix.lower() == ".json":
            head = p.read_text(errors="replace")[:2000]
            if '"resourceType"' not in head:
                continue  # a label or other JSON beside the notes
        out.append(p)
    return out


def _table(name: str, result) -> None:
    data = result.to_json()
    status = "[green]ready[/]" if data["status"] == "ready" else "[yellow]needs review[/]"
    console.print(f"[bold]{name}[/]: {status}", highlight=False)
    t = Table(show_header=True, header_style="bold")
    for col in ("code", "modifiers", "units", "diagnoses", "evidence"):
        t.add_column(col)
    for line in data["lines"]:
        ev = line["evidence"][0]["text"] if line["evidence"] else ""
        t.add_row(line["code"], " ".join(line["modifiers"]), str(line["units"]), " ".join(line["diagnoses"]),
                  ev[:90] + ("…" if len(ev) > 90 else ""))
    if data["lines"]:
        console.print(t)
    if data["diagnoses"]:
        console.print("diagnoses: " + ", ".join(data["diagnoses"]), highlight=False)
    for q in data["queries"]:
        console.print(f"[yellow]query[/] ({q['topic']}): {q['message']}", highlight=False)


def register(app: typer.Typer) -> None:
    @app.command("code")
    def code(
        path: str = typer.Argument(..., help="Note file (text or FHIR JSON), a folder of notes, or - for stdin"),
        payer: Optional[str] = typer.Option(None, "--payer", help="Payer policy id (default: medicare)"),
        pos: Optional[str] = typer.Option(None, "--pos", help="Place of service, e.g. 11 (office), 22, 24"),
        dos: Optional[str] = typer.Option(None, "--dos", help="Date of service YYYY-MM-DD (default: today)"),
        new_patient: Optional[bool] = typer.Option(None, "--new-patient/--established",
                                                   help="New or established patient (E/M)"),
        as_json: bool = typer.Option(False, "--json", help="Print JSON (one object per note)"),
    ) -> None:
        """Propose CPT/HCPCS/ICD-10 codes for a procedure or visit note, with evidence and queries."""
        from painrcm.coding import code_note

        day = None
        if dos:
            try:
                day = date.fromisoformat(dos)
            except ValueError:
                raise InputError(f"not a date (YYYY-MM-DD): {dos!r}", field="--dos") from None
        if pos is not None and not (pos.isdigit() and len(pos) <= 2):
            raise InputError(f"place of service must be a two-digit code, got {pos!r}", field="--pos")
        pos2 = pos.zfill(2) if pos else None
        visit_type = None if new_patient is None else ("new" if new_patient else "established")
        kw = dict(payer=payer, pos=pos2, dos=day, visit_type=visit_type)

        if path == "-":
            text = sys.stdin.read()
            if not text.strip():
                raise InputError("the note on stdin is empty", file="<stdin>")
            notes = _notes_of(text, "<stdin>")
            folder = False
        else:
            p = Path(path)
            if p.is_dir():
                files = _folder_files(p)
                if not files:
                    raise InputError("no notes (.txt or FHIR .json) in the folder", file=str(p))
                folder = True
            elif p.exists():
                notes = _notes_of(_read(p), str(p))
                folder = False
            else:
                raise InputError("no such file or folder", file=str(p))

        if not folder:
            for name, text in notes:
                result = code_note(text, **kw)
                if as_json:
                    obj = result.to_json()
                    if len(notes) > 1:
                        obj = {"file": name, **obj}
                    typer.echo(json.dumps(obj))
                else:
                    _table(name, result)
            return

        ready = review = 0
        with progress(transient=True) as bar:
            task = bar.add_task("coding notes", total=len(files))
            for f in files:
                try:
                    items = _notes_of(_read(f), str(f))
                except InputError as exc:
                    err_console.print(f"[bold red]skipped:[/] {exc}", highlight=False)
                    bar.advance(task)
                    continue
                for name, text in items:
                    result = code_note(text, **kw)
                    if result.status == "ready":
                        ready += 1
                    else:
                        review += 1
                    if as_json:
                        typer.echo(json.dumps({"file": name, **result.to_json()}))
                    else:
                        _table(name, result)
                bar.advance(task)
        err_console.print(f"{ready + review} notes: {ready} ready, {review} need review", highlight=False)
