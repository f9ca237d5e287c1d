"""Tables of the EDI archive (every X12 file in or out, byte for byte) and the
X12 control-number counters per practice and receiver."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from painrcm.store.models.base import Base, practice_fk
from painrcm.store.types import UTCDateTime, utcnow


class EdiFileRow(Base):
    __tablename__ = "edi_files"
    __table_args__ = (
        sa.UniqueConstraint("practice_id", "sha256"),
        sa.Index("ix_edi_files_practice_kind_received", "practice_id", "kind", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = practice_fk()
    kind: Mapped[str] = mapped_column(sa.String(10))  # 837P, 835, 999, 277CA, 270, 271 ...
    direction: Mapped[str] = mapped_column(sa.String(3))  # in | out
    file_name: Mapped[str] = mapped_column(sa.String(255))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    interchange_control_number: Mapped[str | None] = mapped_column(sa.String(9))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(sa.String(20))  # received | parsed | posted | rejected | sent
    message: Mapped[str | None] = mapped_column(sa.Text)


class X12ControlNumberRow(Base):
    """Last control numbers used toward one receiver (ISA08): ISA13, GS06, ST02."""

    __tablename__ = "x12_control_numbers"

    practice_id: Mapped[str] = practice_fk(primary_key=True)
    receiver_id: Mapped[str] = mapped_column(sa.String(15), primary_key=True)
    last_isa13: Mapped[int] = mapped_column(default=0)
    last_gs06: Mapped[int] = mapped_column(default=0)
    last_st02: Mapped[int] = mapped_column(default=0)
