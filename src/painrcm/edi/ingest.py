"""Ingest received X12 files into the database: archive, then post, in one transaction.

``ingest_file(session, practice_id, path)`` reads and checks the whole file first
(envelopes, counts, values, 835 balancing): a bad file raises :class:`X12Error`
before anything is written. Then, in the caller's transaction, it archives the raw
bytes with their SHA-256 (``store.repositories.edi.archive_file``; the same bytes are
kept once) and posts each 835 payment (``store.repositories.remits.save_remittance``).
A payment already posted for the practice (same payer and TRN02) is not posted again
and is reported in ``duplicates``. Other file types (999, 277CA, 271, 837P) are archived.

The database-backed :class:`~painrcm.edi.envelope.ControlNumberSource` implementations
live with the table (``x12_control_numbers``): ``store.repositories.edi.SessionControlNumbers``
(in the caller's transaction) and ``DatabaseControlNumbers`` (commits each number at once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from painrcm.edi.parse import sniff
from painrcm.edi.reader_835 import read_835


@dataclass(slots=True)
class IngestResult:
    file: str
    kind: str
    sha256: str
    archived: bool  # False when the same bytes were already in the archive
    posted: list[str] = field(default_factory=list)  # TRN02 of each payment posted
    duplicates: list[str] = field(default_factory=list)  # TRN02 already posted: nothing done
    claims: int = 0  # claim payments posted
    # (remittances row id, parsed payment) of each payment posted now, so posting need not re-read the file
    saved: list = field(default_factory=list, repr=False, compare=False)

    @property
    def summary(self) -> str:
        parts = [f"{self.file}: {self.kind}"]
        if self.kind == "835":
            parts.append(f"{len(self.posted)} payment(s) posted, {self.claims} claim payment(s)")
            if self.duplicates:
                parts.append(f"{len(self.duplicates)} already posted, not posted again "
                             f"(TRN {', '.join(self.duplicates)})")
        parts.append("archived" if self.archived else "already archived (same SHA-256)")
        return "; ".join(parts)


def ingest_file(session, practice_id: str, path) -> IngestResult:
    """Check, archive and post one file in ``session`` (the caller commits)."""
    from painrcm.store.repositories.edi import archive_file, set_file_status
    from painrcm.store.repositories.remits import find_remittance_id, save_remittance

    path = Path(path)
    name = path.name
    kind = sniff(path, name=name).kind
    remittances = list(read_835(path, name=name)) if kind == "835" else []
    if kind != "835":
        from painrcm.edi.parse import parse_file
        parse_file(path)  # full check: a broken file raises before anything is stored
    content = path.read_bytes()
    icn = _isa13(content)
    archived = archive_file(session, practice_id, kind=kind, file_name=name, content=content,
                            direction="in", status="received", interchange_control_number=icn)
    result = IngestResult(name, kind, archived.sha256, archived.created)
    for rem in remittances:
        if find_remittance_id(session, practice_id, rem) is not None:
            result.duplicates.append(rem.trn)
            continue
        result.saved.append((save_remittance(session, practice_id, rem, edi_file_id=archived.id), rem))
        result.posted.append(rem.trn)
        result.claims += len(rem.claims)
    if kind == "835":
        status = "posted" if result.posted else "duplicate"
        set_file_status(session, archived.id, status,
                        f"{len(result.duplicates)} payment(s) already posted" if result.duplicates else None)
    else:
        set_file_status(session, archived.id, "parsed")
    return result


def _isa13(content: bytes) -> str | None:
    head = content[:300].decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if not head.startswith("ISA") or len(head) < 4:
        return None
    parts = head.split(head[3], 14)
    return parts[13][:9] if len(parts) > 13 else None


def files_to_ingest(target) -> list[Path]:
    """``target`` itself, or the regular files of a directory (sorted, hidden files skipped)."""
    p = Path(target)
    if p.is_dir():
        return sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith("."))
    return [p]


def ingest_paths(engine, practice_id: str, paths, *, on_file=None) -> list[IngestResult]:
    """Ingest each file in its own transaction; a failing file leaves the database unchanged."""
    from painrcm.store.engine import session_scope

    results = []
    for path in paths:
        with session_scope(engine) as session:
            results.append(ingest_file(session, practice_id, path))
        if on_file:
            on_file(path)
    return results


__all__ = ["IngestResult", "ingest_file", "ingest_paths", "files_to_ingest"]
