"""Export one practice's complete data to an archive and import it into another database.

The archive is a zip (format ``painrcm-practice-archive`` version 1, described in
docs/reliability.md):

* ``manifest.json``: format, version, schema revision, practice id, export time and,
  per table, the row count, the SHA-256 of its file and a *content hash*;
* ``tables/<table>.jsonl``: one JSON object per row (keys sorted), rows in primary
  key order. Decimals are plain strings (``"1250.5"``), dates and times ISO 8601
  (UTC), binary columns base64, JSON columns as JSON.

What is in it: the practice row, every table carrying ``practice_id`` for that
practice, and the payers those rows name. Users and their practice links are not
(passwords and sign-ins belong to the database, not the practice): references to
users (``audit_log.user_id``, ``work_items.assigned_to``) are cleared on export.

Surrogate integer ids (``remittances.id`` ...) are kept when the target database has
them free, else shifted by one offset per table (and every reference to them with
it, including the ``entity``/``entity_id`` pairs of work items and the audit log).
The content hash ignores such shifts: ids are hashed relative to the smallest id of
their table in the archive, so an export and the re-export of its import hash equal
on SQLite and PostgreSQL alike. ``import_practice`` checks exactly that before it
commits.

Hand-written rather than ``pg_dump``: the archive must cross database engines
(SQLite <-> PostgreSQL) and hold one practice out of many.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from painrcm.errors import InputError, NotFound

FORMAT = "painrcm-practice-archive"
VERSION = 1
NOT_EXPORTED = {"users", "user_practices", "alembic_version"}
USER_REFERENCES = {("audit_log", "user_id"), ("work_items", "assigned_to")}
# soft references: (table, kind column, id column) whose id names a row of the table the kind names
SOFT_REFERENCES = (("work_items", "entity", "entity_id"), ("audit_log", "entity", "entity_id"))
ENTITY_TABLES = {"remittance": "remittances", "edi_file": "edi_files", "work_item": "work_items",
                 "claim_payment": "claim_payments", "patient_statement": "patient_statements",
                 "payment_plan": "payment_plans"}


def _metadata() -> sa.MetaData:
    from painrcm.store.models import Base
    return Base.metadata


def archived_tables() -> list[sa.Table]:
    """The tables of an archive, parents before children."""
    return [t for t in _metadata().sorted_tables
            if t.name not in NOT_EXPORTED and (t.name in ("practices", "payers") or "practice_id" in t.c)]


def _id_tables() -> set[str]:
    """Tables whose primary key is one surrogate integer ``id``."""
    return {t.name for t in archived_tables()
            if [c.name for c in t.primary_key] == ["id"] and isinstance(t.c.id.type, sa.Integer)}


def _int_refs(table: sa.Table, id_tables: set[str]) -> dict[str, str]:
    """Column -> referenced table, for foreign keys to a surrogate integer id."""
    return {fk.parent.name: fk.column.table.name for fk in table.foreign_keys
            if fk.column.table.name in id_tables and fk.column.name == "id"}


# ---- values ------------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """A JSON-ready form of a column value.

    >>> _plain(Decimal("100.00")), _plain(Decimal("0.10")), _plain(date(2026, 3, 2))
    ('100', '0.1', '2026-03-02')
    """
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "") else text
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return aware.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _kind(column: sa.Column) -> type | None:
    t = column.type
    impl = getattr(t, "impl", None)
    base = impl if isinstance(impl, sa.types.TypeEngine) else (impl() if isinstance(impl, type) else t)
    for kind in (sa.DateTime, sa.Date, sa.Numeric, sa.LargeBinary):
        if isinstance(base, kind) or isinstance(t, kind):
            return kind
    return None


def _typed(column: sa.Column, value: Any) -> Any:
    """A JSON value back in the column's Python type."""
    if value is None:
        return None
    kind = _kind(column)
    if kind is sa.DateTime:
        return datetime.fromisoformat(value)
    if kind is sa.Date:
        return date.fromisoformat(value)
    if kind is sa.Numeric:
        return Decimal(value)
    if kind is sa.LargeBinary:
        return base64.b64decode(value)
    return value


def _line(row: dict) -> str:
    return json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


# ---- reading a practice ------------------------------------------------------------------------

def _rows(conn: Connection, table: sa.Table, practice_id: str, payer_ids: set[str]) -> list[dict]:
    if table.name == "practices":
        stmt = sa.select(table).where(table.c.id == practice_id)
    elif table.name == "payers":
        stmt = sa.select(table).where(table.c.id.in_(sorted(payer_ids)))
    else:
        stmt = sa.select(table).where(table.c.practice_id == practice_id)
    out = []
    for r in conn.execute(stmt).mappings():
        row = {k: _plain(v) for k, v in r.items()}
        for (tname, col) in USER_REFERENCES:
            if tname == table.name and col in row:
                row[col] = None
        out.append(row)
    key_cols = [c.name for c in table.primary_key]
    out.sort(key=lambda row: tuple((0, row[k]) if isinstance(row[k], int) else (1, str(row[k])) for k in key_cols))
    return out


def read_practice(conn: Connection, practice_id: str) -> dict[str, list[dict]]:
    """Every archived table's rows of the practice (payers: those its rows name)."""
    tables = archived_tables()
    if not conn.execute(sa.select(sa.func.count()).select_from(_metadata().tables["practices"]).where(
            _metadata().tables["practices"].c.id == practice_id)).scalar():
        raise NotFound(f"no practice {practice_id!r} in the database")
    data: dict[str, list[dict]] = {}
    for table in tables:
        if table.name != "payers":
            data[table.name] = _rows(conn, table, practice_id, set())
    payer_ids = {row["payer_id"] for rows in data.values() for row in rows if row.get("payer_id")}
    data["payers"] = _rows(conn, _metadata().tables["payers"], practice_id, payer_ids)
    return {t.name: data[t.name] for t in tables}


def content_hashes(data: dict[str, list[dict]]) -> dict[str, str]:
    """Per table, a SHA-256 of its rows with surrogate ids taken relative to their table's smallest id."""
    id_tables = _id_tables()
    base = {t: min((r["id"] for r in data.get(t, [])), default=0) for t in id_tables}
    tables = _metadata().tables
    out = {}
    for name, rows in data.items():
        refs = _int_refs(tables[name], id_tables)
        soft = [(k, i) for t, k, i in SOFT_REFERENCES if t == name]
        h = hashlib.sha256()
        lines = []
        for row in rows:
            row = dict(row)
            if name in id_tables:
                row["id"] -= base[name]
            for col, ref in refs.items():
                if row.get(col) is not None:
                    row[col] -= base[ref]
            for kcol, icol in soft:
                ref = ENTITY_TABLES.get(row.get(kcol) or "")
                if ref in base and str(row.get(icol) or "").isdigit():
                    row[icol] = str(int(row[icol]) - base[ref])
            lines.append(_line(row))
        for text in sorted(lines):
            h.update(text.encode() + b"\n")
        out[name] = h.hexdigest()
    return out


# ---- export ------------------------------------------------------------------------------------

def export_practice(engine: Engine, practice_id: str, out: Path | str,
                    on_table: Callable[[str], None] | None = None) -> dict:
    """Write the practice's archive to ``out``; returns the manifest."""
    from painrcm.store.migrate import head
    from painrcm.store.types import utcnow

    with engine.connect() as conn:
        data = read_practice(conn, practice_id)
    hashes = content_hashes(data)
    manifest: dict[str, Any] = {"format": FORMAT, "version": VERSION, "schema": head(),
                                "practice_id": practice_id, "exported_at": utcnow().isoformat(), "tables": {}}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, rows in data.items():
            body = "".join(_line(r) + "\n" for r in rows).encode("utf-8")
            z.writestr(f"tables/{name}.jsonl", body)
            manifest["tables"][name] = {"rows": len(rows), "sha256": hashlib.sha256(body).hexdigest(),
                                        "content_sha256": hashes[name]}
            if on_table:
                on_table(name)
        z.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


# ---- import ------------------------------------------------------------------------------------

def read_archive(path: Path | str) -> tuple[dict, dict[str, list[dict]]]:
    """The manifest and rows of an archive, each file checked against its SHA-256."""
    name = str(path)
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InputError(f"not a practice archive (zip): {exc}", file=name) from None
    with z:
        try:
            manifest = json.loads(z.read("manifest.json"))
        except (KeyError, ValueError):
            raise InputError("no readable manifest.json", file=name) from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise InputError(f"not a {FORMAT} version {VERSION}", file=name, location="manifest.json")
        known = {t.name for t in archived_tables()}
        data: dict[str, list[dict]] = {}
        for table, info in (manifest.get("tables") or {}).items():
            if table not in known:
                raise InputError(f"unknown table {table!r}", file=name, location="manifest.json")
            try:
                body = z.read(f"tables/{table}.jsonl")
            except KeyError:
                raise InputError(f"tables/{table}.jsonl is missing", file=name) from None
            if hashlib.sha256(body).hexdigest() != info.get("sha256"):
                raise InputError(f"tables/{table}.jsonl does not match its SHA-256", file=name)
            try:
                rows = [json.loads(line) for line in body.decode("utf-8").splitlines() if line]
            except ValueError:
                raise InputError(f"tables/{table}.jsonl is not JSON Lines", file=name) from None
            if len(rows) != info.get("rows"):
                raise InputError(f"tables/{table}.jsonl holds {len(rows)} rows, the manifest says "
                                 f"{info.get('rows')}", file=name)
            data[table] = rows
    if not data.get("practices"):
        raise InputError("the archive holds no practice row", file=name)
    return manifest, data


def _offsets(conn: Connection, data: dict[str, list[dict]]) -> dict[str, int]:
    """Per id table: 0 when the archive's ids are free in the target, else a shift past its largest id."""
    tables = _metadata().tables
    out = {}
    for name in _id_tables():
        ids = [r["id"] for r in data.get(name, [])]
        if not ids:
            out[name] = 0
            continue
        t = tables[name]
        lo, hi = min(ids), max(ids)
        taken = conn.execute(sa.select(sa.func.count()).select_from(t).where(t.c.id.between(lo, hi))).scalar()
        top = conn.execute(sa.select(sa.func.max(t.c.id))).scalar() or 0
        out[name] = 0 if not taken else top - lo + 1
    return out


def delete_practice(conn: Connection, practice_id: str) -> None:
    """Remove every row of the practice (children first); payers stay."""
    for table in reversed(_metadata().sorted_tables):
        if table.name in ("payers", "users", "alembic_version"):
            continue
        if table.name == "practices":
            conn.execute(table.delete().where(table.c.id == practice_id))
        elif "practice_id" in table.c:
            conn.execute(table.delete().where(table.c.practice_id == practice_id))


def _insert(conn: Connection, table: sa.Table, rows: list[dict], chunk: int = 2000) -> None:
    for i in range(0, len(rows), chunk):
        conn.execute(table.insert(), rows[i:i + chunk])


def _bump_sequences(conn: Connection, names: Iterable[str]) -> None:
    if conn.dialect.name != "postgresql":
        return
    for name in names:
        conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                             f"GREATEST((SELECT MAX(id) FROM {name}), 1))"))


def import_practice(engine: Engine, path: Path | str, *, replace: bool = False,
                    on_table: Callable[[str], None] | None = None) -> dict:
    """Load an archive into the database in one transaction and verify it; returns the manifest.

    Refuses (``InputError``) when the practice exists, unless ``replace``. After loading,
    the practice is read back and its row counts and content hashes must equal the
    manifest's, or nothing is committed.
    """
    manifest, data = read_archive(path)
    practice_id = data["practices"][0]["id"]
    tables = _metadata().tables
    id_tables = _id_tables()
    with engine.begin() as conn:
        t = tables["practices"]
        exists = conn.execute(sa.select(sa.func.count()).select_from(t).where(t.c.id == practice_id)).scalar()
        if exists and not replace:
            raise InputError(f"practice {practice_id!r} is already in the database: use --replace to overwrite it",
                             file=str(path))
        if exists:
            delete_practice(conn, practice_id)
        offsets = _offsets(conn, data)
        for table in archived_tables():
            rows = data.get(table.name, [])
            if table.name == "payers":
                have = set(conn.execute(sa.select(table.c.id)).scalars())
                rows = [r for r in rows if r["id"] not in have]
            refs = _int_refs(table, id_tables)
            soft = [(k, i) for tn, k, i in SOFT_REFERENCES if tn == table.name]
            out = []
            for row in rows:
                row = {c.name: _typed(c, row.get(c.name)) for c in table.columns if c.name in row}
                if table.name in id_tables:
                    row["id"] += offsets[table.name]
                for col, ref in refs.items():
                    if row.get(col) is not None:
                        row[col] += offsets[ref]
                for kcol, icol in soft:
                    ref = ENTITY_TABLES.get(row.get(kcol) or "")
                    if ref in offsets and offsets[ref] and str(row.get(icol) or "").isdigit():
                        row[icol] = str(int(row[icol]) + offsets[ref])
                out.append(row)
            _insert(conn, table, out)
            if on_table:
                on_table(table.name)
        _bump_sequences(conn, id_tables)
        verify(conn, practice_id, manifest, path)
    return manifest


def verify(conn: Connection, practice_id: str, manifest: dict, path: Path | str = "<archive>") -> None:
    """Raise ``InputError`` unless the practice in ``conn`` equals the manifest (counts, content hashes)."""
    data = read_practice(conn, practice_id)
    hashes = content_hashes(data)
    for name, info in manifest["tables"].items():
        if name == "payers":  # shared rows: a payer already in the target is kept as it is
            continue
        if len(data.get(name, [])) != info["rows"] or hashes.get(name) != info["content_sha256"]:
            raise InputError(f"table {name}: {len(data.get(name, []))} rows after import, archive has "
                             f"{info['rows']} (or the content differs); nothing imported", file=str(path))


def manifest_of(path: Path | str) -> dict:
    """The manifest of an archive (checked)."""
    return read_archive(path)[0]


def archive_bytes(engine: Engine, practice_id: str) -> bytes:
    """The archive in memory (tests)."""
    buf = io.BytesIO()
    export_practice(engine, practice_id, buf)
    return buf.getvalue()


__all__ = ["FORMAT", "VERSION", "archived_tables", "export_practice", "import_practice", "read_archive",
           "read_practice", "content_hashes", "delete_practice", "verify", "manifest_of", "archive_bytes"]
