"""Where the database is.

``--db`` wins, then ``PAINRCM_DATABASE_URL``, then ``painrcm.db`` in the working
directory (embedded SQLite). A bare path is taken as an SQLite file.

>>> database_url("sqlite:///x.db")
'sqlite:///x.db'
>>> database_url("practice.db").startswith("sqlite:///")
True
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_SQLITE_FILE = "painrcm.db"


def database_url(db: str | None = None) -> str:
    value = db or os.environ.get("PAINRCM_DATABASE_URL") or DEFAULT_SQLITE_FILE
    if "://" in value:
        if value.startswith("postgres://"):  # Heroku-style URLs
            value = "postgresql://" + value[len("postgres://"):]
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://"):]
        return value
    return f"sqlite:///{Path(value).resolve()}"
