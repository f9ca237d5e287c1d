"""The EDI archive (every X12 file kept byte for byte, once per practice by SHA-256)
and the X12 control-number counters.

Control numbers are taken atomically: the counter row is created if missing, then
locked (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the preceding write
already holds the database's write lock until commit) and incremented, all in the
caller's transaction, so two writers never send the same ISA13.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from painrcm.errors import NotFound
from painrcm.store.models import EdiFileRow, X12ControlNumberRow

MAX_CONTROL_NUMBER = 999_999_999  # ISA13 and GS06 are at most nine digits


@dataclass(frozen=True, slots=True)
class ArchivedFile:
    id: int
    sha256: str
    created: bool  # False when the same bytes were already archived for the practice


def sha256_of(content: bytes | str) -> str:
    """
    >>> sha256_of("ISA*")[:12]
    '2bf5281c3d96'
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()


def archive_file(session: Session, practice_id: str, *, kind: str, file_name: str, content: bytes | str,
                 direction: str = "in", status: str = "received",
                 interchange_control_number: str | None = None) -> ArchivedFile:
    """Keep an X12 file; the same bytes twice for one practice are stored once."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    digest = sha256_of(data)
    existing = session.scalar(sa.select(EdiFileRow.id).where(
        EdiFileRow.practice_id == practice_id, EdiFileRow.sha256 == digest))
    if existing is not None:
        return ArchivedFile(existing, digest, False)
    row = EdiFileRow(practice_id=practice_id, kind=kind, direction=direction, file_name=file_name,
                     sha256=digest, size=len(data), content=data, status=status,
                     interchange_control_number=interchange_control_number)
    session.add(row)
    session.flush()
    return ArchivedFile(row.id, digest, True)


def set_file_status(session: Session, file_id: int, status: str, message: str | None = None) -> None:
    row = session.get(EdiFileRow, file_id)
    if row is None:
        raise NotFound(f"no EDI file {file_id}")
    row.status = status
    row.message = message
    session.flush()


def file_content(session: Session, practice_id: str, file_id: int) -> bytes:
    data = session.scalar(sa.select(EdiFileRow.content).where(
        EdiFileRow.practice_id == practice_id, EdiFileRow.id == file_id))
    if data is None:
        raise NotFound(f"no EDI file {file_id} in practice {practice_id!r}")
    return data


@dataclass(frozen=True, slots=True)
class ControlNumbers:
    isa13: int
    gs06: int
    st02: tuple[int, ...]  # one per transaction set in the group

    @property
    def isa13_text(self) -> str:
        """ISA13 as sent: nine digits, zero padded.

        >>> ControlNumbers(42, 42, (1,)).isa13_text
        '000000042'
        """
        return f"{self.isa13:09d}"


def _next(value: int, by: int = 1) -> int:
    return (value + by - 1) % MAX_CONTROL_NUMBER + 1


def next_control_numbers(session: Session, practice_id: str, receiver_id: str, *,
                         transactions: int = 1) -> ControlNumbers:
    """Take the next ISA13, GS06 and ``transactions`` ST02 numbers toward ``receiver_id``."""
    if transactions < 1:
        raise ValueError("at least one transaction set")
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(X12ControlNumberRow).values(
        practice_id=practice_id, receiver_id=receiver_id, last_isa13=0, last_gs06=0, last_st02=0
    ).on_conflict_do_nothing())
    table = X12ControlNumberRow.__table__
    key = (table.c.practice_id == practice_id) & (table.c.receiver_id == receiver_id)
    current = session.execute(sa.select(table.c.last_isa13, table.c.last_gs06, table.c.last_st02)
                              .where(key).with_for_update()).one()
    isa13, gs06 = _next(current.last_isa13), _next(current.last_gs06)
    st02 = tuple(_next(current.last_st02, i) for i in range(1, transactions + 1))
    session.execute(sa.update(table).where(key).values(last_isa13=isa13, last_gs06=gs06, last_st02=st02[-1]))
    return ControlNumbers(isa13, gs06, st02)


class SessionControlNumbers:
    """``painrcm.edi.envelope.ControlNumberSource`` on the caller's session.

    The numbers are taken inside the caller's transaction: if it rolls back (the file
    was not written), they are not used up.
    """

    def __init__(self, session: Session):
        self.session = session

    def next(self, practice_id: str, receiver_id: str) -> tuple[int, int, int]:
        n = next_control_numbers(self.session, practice_id, receiver_id)
        return n.isa13, n.gs06, n.st02[0]


class DatabaseControlNumbers:
    """``painrcm.edi.envelope.ControlNumberSource`` that commits each number at once.

    For writers that have no session of their own: a number taken is never handed
    out again, even if the file is then not sent.
    """

    def __init__(self, engine):
        self.engine = engine

    def next(self, practice_id: str, receiver_id: str) -> tuple[int, int, int]:
        from painrcm.store.engine import session_scope

        with session_scope(self.engine) as session:
            return SessionControlNumbers(session).next(practice_id, receiver_id)
