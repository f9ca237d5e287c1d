"""What the audit reads: a practice's own exports (837P sent, 835 received, notes, contracts,
payer files) or the painrcm database, with everything unreadable counted instead of stopping.

Folder layout for ``painrcm audit PATH`` (every X12 file under PATH is sniffed, whatever its
name; sub-folders ``notes/``, ``contracts/`` and ``payers/`` are used when the options are not given)::

    PATH/*.x12|*.837|*.835|*.txt ...   837P and 835 files (other X12 kinds are skipped and counted)
    PATH/notes/<CLM01>.txt               one note per claim, named by the claim id
    PATH/contracts/*.yaml                payer contracts (else the shipped demo contracts)
    PATH/payers/*.yaml                   payer policy files (else the shipped ones)
    PATH/payers.csv                      optional: x12_payer_id,payer_id,policy_id (the practice's
                                         payer ids on its 837Ps, when the policy files do not list them)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from painrcm.claims.model import Claim
from painrcm.errors import PainRCMError
from painrcm.remit.contract import Contract
from painrcm.remit.model import Remittance
from painrcm.reports.model import DataQuality

Tick = Callable[[int], None]
NOTE_SUFFIXES = (".txt", ".md", ".note")
SPECIAL_DIRS = ("notes", "contracts", "payers")


@dataclass
class AuditInput:
    """Everything one audit looks at."""

    practice: str
    claims: list[Claim]
    remittances: list[Remittance]
    notes: dict[str, str] = field(default_factory=dict)          # claim id -> note text
    contracts: list[Contract] = field(default_factory=list)
    policies: dict = field(default_factory=dict)                  # payer id -> PayerPolicy
    quality: DataQuality = field(default_factory=DataQuality)
    codings: dict[str, object] = field(default_factory=dict)     # claim id -> stored coding (skips re-coding)
    submitted_on: dict[str, date] = field(default_factory=dict)


def load_policies(payers_dir: Path | None) -> dict:
    from painrcm.policy.loader import SHIPPED_DIR, load_directory

    return load_directory(payers_dir or SHIPPED_DIR)


def load_contracts(contracts_dir: Path | None) -> list[Contract]:
    from painrcm.remit.contracts import load_contract_dir, shipped_contracts

    return load_contract_dir(contracts_dir) if contracts_dir else shipped_contracts()


def _x12_files(root: Path, skip: set[Path]) -> list[Path]:
    out = []
    for p in sorted(root.rglob("*")):
        if not p.is_file() or any(s == p or s in p.parents for s in skip):
            continue
        out.append(p)
    return out


def read_notes(notes_dir: Path, quality: DataQuality) -> dict[str, str]:
    notes = {}
    for p in sorted(notes_dir.iterdir()):
        if not p.is_file() or p.suffix.lower() not in NOTE_SUFFIXES:
            continue
        try:
            notes[p.stem] = p.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            quality.unreadable_notes += 1
    return notes


def load_exports(path: Path, *, notes_dir: Path | None = None, contracts_dir: Path | None = None,
                 payers_dir: Path | None = None, payers_file: Path | None = None,
                 tick: Callable[[str, int], Tick] | None = None) -> AuditInput:
    """Read a practice's exports (see module doc). Broken files are counted in the data quality."""
    from painrcm.edi.parse import sniff
    from painrcm.edi.reader_835 import read_835
    from painrcm.edi.reader_837p import read_837p
    from painrcm.errors import InputError

    path = Path(path)
    if not path.exists():
        raise InputError("no such file or folder", file=str(path))
    root = path if path.is_dir() else path.parent
    notes_dir = notes_dir or (root / "notes" if (root / "notes").is_dir() else None)
    contracts_dir = contracts_dir or (root / "contracts" if (root / "contracts").is_dir() else None)
    payers_dir = payers_dir or (root / "payers" if (root / "payers").is_dir() else None)
    quality = DataQuality()
    policies = load_policies(payers_dir)
    contracts = load_contracts(contracts_dir)
    x12_map = {x.upper(): pid for pid, pol in policies.items() for x in pol.x12_payer_ids}
    table = payers_file or (root / "payers.csv" if (root / "payers.csv").is_file() else None)
    if table:
        for x12, pid, policy_id in read_payer_table(Path(table)):
            x12_map[x12.upper()] = pid
            if policy_id in policies and pid not in policies:
                policies[pid] = policies[policy_id]
    skip = {Path(d) for d in (notes_dir, contracts_dir, payers_dir, table) if d}
    files = [path] if path.is_file() else _x12_files(root, skip)
    claims: dict[str, Claim] = {}
    remittances: list[Remittance] = []
    step = tick("reading files", len(files)) if tick else (lambda n=1: None)
    for f in files:
        step(1)
        try:
            kind = sniff(f, name=f.name).kind
        except (PainRCMError, UnicodeDecodeError, ValueError, OSError) as exc:
            if f.suffix.lower() in (".x12", ".edi", ".835", ".837", ".dat"):
                quality.broken_files.append((f.name, _reason(exc)))
            else:
                quality.skipped_files.append((f.name, "not an X12 file"))
            continue
        if kind not in ("837P", "835"):
            quality.skipped_files.append((f.name, f"X12 {kind}"))
            continue
        got: list = []
        try:
            if kind == "837P":
                for c in read_837p(f, name=f.name, payer_ids=x12_map):
                    got.append(c)
            else:
                for r in read_835(f, name=f.name, check_balance=False):
                    got.append(r)
        except (PainRCMError, UnicodeDecodeError, ValueError) as exc:
            quality.broken_files.append((f.name, _reason(exc) + (f" ({len(got)} read before the error)" if got else "")))
        quality.files_read += 1
        if kind == "837P":
            for c in got:
                if c.claim_id in claims:
                    quality.duplicate_claims += 1
                claims[c.claim_id] = c
        else:
            remittances.extend(got)
    for c in claims.values():
        if c.payer_id not in policies:
            quality.unknown_payers[c.x12_payer_id] = quality.unknown_payers.get(c.x12_payer_id, 0) + 1
    notes = read_notes(notes_dir, quality) if notes_dir else {}
    practice = next((c.billing_provider.name.last for c in claims.values()), root.name)
    return AuditInput(practice, list(claims.values()), remittances, notes, contracts, policies, quality)


def read_payer_table(path: Path) -> list[tuple[str, str, str]]:
    """Rows of a payers.csv: (X12 payer id, painrcm payer id, payer policy id)."""
    import csv

    from painrcm.errors import InputError

    out = []
    with open(path, newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            x12, pid = (row.get("x12_payer_id") or "").strip(), (row.get("payer_id") or "").strip()
            if not x12 or not pid:
                raise InputError("x12_payer_id and payer_id are required", file=str(path), location=f"row {n}")
            out.append((x12, pid, (row.get("policy_id") or pid).strip()))
    return out


def _reason(exc: BaseException) -> str:
    text = str(exc) if isinstance(exc, PainRCMError) else type(exc).__name__
    return text.splitlines()[0][:160]


__all__ = ["AuditInput", "load_exports", "load_session", "load_database", "read_payer_table", "load_policies",
           "load_contracts", "read_notes"]


def load_session(session, practice_id: str, *, contracts_dir: Path | None = None, payers_dir: Path | None = None,
                 with_notes: bool = True, tick: Callable[[str, int], Tick] | None = None) -> AuditInput:
    """The audit input of one practice from an open database session (see :func:`load_database`)."""
    import gc

    from painrcm.reports.bulk import load_claims_fast, load_remittances_fast
    from painrcm.store.repositories.contracts import load_contracts as stored_contracts
    from painrcm.store.repositories.parties import load_encounters

    quality = DataQuality()
    step = tick("loading claims", 3) if tick else (lambda n=1: None)
    gc.disable()  # millions of new objects and no garbage: the collector would only rescan them
    try:
        claims = load_claims_fast(session, practice_id)
        step(1)
        remits = load_remittances_fast(session, practice_id)
        step(1)
        contracts = stored_contracts(session, practice_id) if contracts_dir is None else []
        notes: dict[str, str] = {}
        if with_notes:
            by_enc = {c.encounter_id: c.claim_id for c in claims if c.encounter_id}
            for enc in load_encounters(session, practice_id, encounter_ids=list(by_enc)):
                if enc.notes:
                    notes[by_enc[enc.id]] = "\n\n".join(n.text for n in enc.notes)
        step(1)
    finally:
        gc.freeze()  # what was loaded lives as long as the audit: keep it out of later collections
        gc.enable()
    if not contracts:
        contracts = load_contracts(contracts_dir)
    policies = load_policies(payers_dir)
    for c in claims:
        if c.payer_id not in policies:
            quality.unknown_payers[c.payer_id] = quality.unknown_payers.get(c.payer_id, 0) + 1
    return AuditInput(practice_id, claims, remits, notes, contracts, policies, quality)


def load_database(db: str | None, *, practice: str | None = None, contracts_dir: Path | None = None,
                  payers_dir: Path | None = None, with_notes: bool = True,
                  tick: Callable[[str, int], Tick] | None = None) -> AuditInput:
    """The audit input from the painrcm database: a practice's claims, posted remittances, stored
    contracts (else ``contracts_dir`` or the shipped ones) and, with ``with_notes``, each claim's
    encounter notes (re-coded by the audit like exported notes)."""
    from painrcm.errors import InputError, NotFound
    from painrcm.store.engine import session_scope
    from painrcm.store.migrate import open_engine
    from painrcm.store.repositories.parties import load_practices

    engine = open_engine(db)
    try:
        with session_scope(engine) as s:
            practices = {p.id: p for p in load_practices(s)}
            if practice is None:
                if len(practices) != 1:
                    raise InputError(f"{len(practices)} practices in the database: name one with --practice",
                                     field="--practice")
                practice = next(iter(practices))
            elif practice not in practices:
                raise NotFound(f"no practice {practice!r} in the database", field="--practice")
            inp = load_session(s, practice, contracts_dir=contracts_dir, payers_dir=payers_dir,
                               with_notes=with_notes, tick=tick)
            inp.practice = practices[practice].name or practice
            return inp
    finally:
        engine.dispose()
