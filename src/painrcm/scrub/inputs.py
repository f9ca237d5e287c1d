"""Reading the scrubber's side inputs: authorizations and enrollments/credentials CSV files.

Hand-written over ``csv.DictReader`` because each bad value must be reported with the file,
the row number and the column (docs/scrub-inputs.md lists the columns); a generic loader
would stop at the first type error without saying where.

>>> import io
>>> text = "number,patient_id,payer_id,start_date,end_date,codes\\nA1,PT-M1,medicare,2026-01-01,2026-06-30,64483 64484\\n"
>>> [a.codes for a in read_authorizations(io.StringIO(text), name="auths.csv")]
[('64483', '64484')]
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path
from typing import Iterable, TextIO

from painrcm.auth.model import (Authorization, AuthStatus, Credential, CredentialKind, EnrollmentStatus,
                                PayerEnrollment)
from painrcm.errors import InputError

AUTH_COLUMNS = ("number", "patient_id", "payer_id", "start_date", "end_date", "status", "codes", "family",
                "region", "levels", "side", "units", "units_used", "place_of_service", "practice_id", "purpose")
AUTH_REQUIRED = ("number", "patient_id", "payer_id", "start_date", "end_date")
ENROLLMENT_COLUMNS = ("type", "provider_npi", "payer_id", "status", "effective_from", "effective_to",
                      "kind", "number", "expires_on", "issued_on", "state")


def _open(source: str | Path | TextIO, name: str | None) -> tuple[TextIO, str, bool]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            return open(path, newline="", encoding="utf-8-sig"), name or str(path), True
        except OSError as exc:
            raise InputError(f"cannot read the file ({exc.strerror})", file=str(path)) from None
    return source, name or "<input>", False


class _Row:
    def __init__(self, row: dict, file: str, n: int) -> None:
        self.row, self.file, self.n = row, file, n

    def err(self, column: str, message: str) -> InputError:
        return InputError(message, file=self.file, location=f"row {self.n}", field=column)

    def text(self, column: str, required: bool = False) -> str | None:
        value = (self.row.get(column) or "").strip()
        if not value:
            if required:
                raise self.err(column, "is required")
            return None
        return value

    def day(self, column: str, required: bool = False) -> date | None:
        value = self.text(column, required)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.err(column, f"not a date (YYYY-MM-DD): {value!r}") from None

    def integer(self, column: str) -> int | None:
        value = self.text(column)
        if value is None:
            return None
        if not value.isdigit():
            raise self.err(column, f"not a whole number: {value!r}")
        return int(value)

    def choice(self, column: str, enum, default):
        value = self.text(column)
        if value is None:
            return default
        try:
            return enum(value.lower())
        except ValueError:
            known = ", ".join(e.value for e in enum)
            raise self.err(column, f"unknown value {value!r} (known: {known})") from None

    def items(self, column: str) -> tuple[str, ...]:
        value = self.text(column)
        return tuple(p for p in re.split(r"[\s;|]+", value) if p) if value else ()


def _rows(fh: TextIO, file: str, columns: Iterable[str], required: Iterable[str]) -> Iterable[_Row]:
    reader = csv.DictReader(fh)
    if reader.fieldnames is None:
        raise InputError("the file is empty (expected a header row)", file=file)
    header = [h.strip() for h in reader.fieldnames]
    reader.fieldnames = header
    unknown = [h for h in header if h not in columns]
    if unknown:
        raise InputError(f"unknown column {unknown[0]!r} (known: {', '.join(columns)})", file=file,
                         location="row 1")
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(f"missing column {missing[0]!r}", file=file, location="row 1")
    for n, row in enumerate(reader, start=2):
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        yield _Row(row, file, n)


def read_authorizations(source: str | Path | TextIO, *, name: str | None = None) -> list[Authorization]:
    """Authorizations from a CSV file (columns: docs/scrub-inputs.md)."""
    fh, file, close = _open(source, name)
    try:
        out = []
        for r in _rows(fh, file, AUTH_COLUMNS, AUTH_REQUIRED):
            start, end = r.day("start_date", True), r.day("end_date", True)
            if end < start:
                raise r.err("end_date", "is before start_date")
            side = r.text("side")
            if side and side.lower() not in ("left", "right", "bilateral"):
                raise r.err("side", f"must be left, right or bilateral, got {side!r}")
            pos = r.text("place_of_service")
            if pos and not re.fullmatch(r"\d{1,2}", pos):
                raise r.err("place_of_service", f"must be a two-digit place of service, got {pos!r}")
            extra = {"purpose": r.text("purpose")} if r.text("purpose") else {}
            out.append(Authorization(
                **extra,
                number=r.text("number", True), practice_id=r.text("practice_id") or "",
                payer_id=r.text("payer_id", True), patient_id=r.text("patient_id", True),
                start_date=start, end_date=end, status=r.choice("status", AuthStatus, AuthStatus.APPROVED),
                codes=tuple(c.upper() for c in r.items("codes")), family=r.text("family"),
                region=(r.text("region") or "").lower() or None, levels=r.items("levels"),
                side=side.lower() if side else None, units=r.integer("units"),
                units_used=r.integer("units_used") or 0, place_of_service=pos.zfill(2) if pos else None))
        return out
    finally:
        if close:
            fh.close()


def read_enrollments(source: str | Path | TextIO, *, name: str | None = None
                     ) -> tuple[list[PayerEnrollment], list[Credential]]:
    """Payer enrollments and provider credentials from one CSV file (``type`` column tells which)."""
    fh, file, close = _open(source, name)
    try:
        enrollments: list[PayerEnrollment] = []
        credentials: list[Credential] = []
        for r in _rows(fh, file, ENROLLMENT_COLUMNS, ("provider_npi",)):
            kind = (r.text("type") or "enrollment").lower()
            npi = r.text("provider_npi", True)
            if not re.fullmatch(r"\d{10}", npi):
                raise r.err("provider_npi", "must be ten digits")
            if kind == "enrollment":
                enrollments.append(PayerEnrollment(
                    provider_npi=npi, payer_id=r.text("payer_id", True),
                    status=r.choice("status", EnrollmentStatus, EnrollmentStatus.ACTIVE),
                    effective_from=r.day("effective_from"), effective_to=r.day("effective_to")))
            elif kind == "credential":
                credentials.append(Credential(
                    provider_npi=npi, kind=r.choice("kind", CredentialKind, None) or _required(r, "kind"),
                    number=r.text("number") or "", expires_on=r.day("expires_on", True),
                    issued_on=r.day("issued_on"), state=r.text("state")))
            else:
                raise r.err("type", f"must be enrollment or credential, got {kind!r}")
        return enrollments, credentials
    finally:
        if close:
            fh.close()


def _required(r: _Row, column: str):
    raise r.err(column, "is required")

