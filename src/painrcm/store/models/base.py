"""Declarative base: naming convention for constraints and the shared column helpers.

The naming convention gives every index and constraint a stable name, so
Alembic migrations (and SQLite batch rebuilds) can refer to them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from painrcm.store.types import Money, UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        Decimal: Money(),
        datetime: UTCDateTime(),
        date: sa.Date(),
        dict[str, Any]: sa.JSON(),
        list[Any]: sa.JSON(),
        str: sa.String(),
    }


def practice_fk(*, primary_key: bool = False) -> Mapped[str]:
    """The ``practice_id`` column every table of practice data carries.

    Indexed on its own unless it leads the primary key (which already indexes it).
    """
    return mapped_column(sa.String(64), sa.ForeignKey("practices.id", ondelete="CASCADE"),
                         nullable=False, primary_key=primary_key, index=not primary_key)


def created_at() -> Mapped[datetime]:
    return mapped_column(UTCDateTime(), nullable=False, default=utcnow)


def updated_at() -> Mapped[datetime]:
    return mapped_column(UTCDateTime(), nullable=False, default=utcnow, onupdate=utcnow)
