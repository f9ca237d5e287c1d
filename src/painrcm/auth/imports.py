"""CSV import of authorizations, provider credentials and payer enrollments.

The canonical importers of the auth tracker (``painrcm auth import``, ``painrcm credentials
import``). They accept the same columns as the scrubber's side inputs (``painrcm scrub --auths
/ --enrollments``), so one file serves both; docs/auth.md lists the columns.

Hand-written over ``csv.DictReader`` because every bad value must be reported with the file,
the row number (the header is row 1) and the column; a generic loader stops at the first type
error without saying where.

Whole file or nothing, or row by row:

* **authorizations are imported atomically**: one bad row refuses the whole file (an
  authorization half-imported is worse than none: a claim would be held or released on a
  partial picture). The error names the first bad row; ``problems`` on the error lists them all.
* **credentials and enrollments keep the good rows**: each bad row is rejected with file, row and
  field (``CredentialImport.rejected``), the others are imported, so one typo in a licence number
  does not hide every other provider's expiry date.

>>> import io
>>> text = "number,patient_id,payer_id,start_date,end_date,codes\\nA1,PT-1,medicare,2026-01-01,2026-06-30,64483 64484\\n"
>>> [a.codes for a in read_authorizations(io.StringIO(text), name="auths.csv")]
[('64483', '64484')]
>>> bad = text + "A2,PT-2,medicare,2026-13-01,2026-06-30,64483\\n"
>>> read_authorizations(io.StringIO(bad), name="auths.csv")
Traceback (most recent call last):
...
painrcm.auth.imports.ImportRefused: auths.csv, row 3, field start_date: not a date (YYYY-MM-DD): '2026-13-01' (1 bad row; nothing imported)
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from painrcm.auth.model import (Authorization, AuthStatus, Credential, CredentialKind, EnrollmentStatus,
                                PayerEnrollment)
from painrcm.errors import InputError

#: Authorization columns (the scrubber's ``--auths`` columns, plus optional extras at the end).
AUTH_COLUMNS = ("number", "patient_id", "payer_id", "start_date", "end_date", "status", "codes", "family",
                "region", "levels", "side", "units", "units_used", "place_of_service", "practice_id",
                "documents", "claim_ids", "submitted_on", "decided_on", "purpose", "related_number")
AUTH_REQUIRED = ("number", "patient_id", "payer_id", "start_date", "end_date")
#: Credential/enrollment columns (the scrubber's ``--enrollments`` columns); ``type`` says which.
ENROLLMENT_COLUMNS = ("type", "provider_npi", "payer_id", "status", "effective_from", "effective_to",
                      "kind", "number", "expires_on", "issued_on", "state")
ENROLLMENT_REQUIRED = ("provider_npi",)
SIDES = ("left", "right", "bilateral")
REGIONS = ("cervical", "thoracic", "lumbar", "sacral")


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One rejected row: where and why (never the row's values beyond the bad field)."""

    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, field {self.field}: {self.message}"


@dataclass(frozen=True, slots=True)
class CredentialImport:
    credentials: tuple[Credential, ...]
    enrollments: tuple[PayerEnrollment, ...]
    rejected: tuple[RowProblem, ...] = ()


class ImportRefused(InputError):
    """An atomic import refused: the first problem in the message, all of them in ``problems``."""

    def __init__(self, problems: list[RowProblem]):
        first = problems[0]
        more = f"{len(problems)} bad row{'s' if len(problems) > 1 else ''}; nothing imported"
        super().__init__(f"{first.message} ({more})", file=first.file, location=f"row {first.row}",
                         field=first.field)
        self.problems = tuple(problems)


class _Bad(Exception):
    def __init__(self, field: str, message: str):
        self.field, self.message = field, message


class _Row:
    __slots__ = ("row",)

    def __init__(self, row: dict) -> None:
        self.row = row

    def text(self, column: str, required: bool = False) -> str | None:
        value = (self.row.get(column) or "").strip()
        if not value:
            if required:
                raise _Bad(column, "is required")
            return None
        return value

    def day(self, column: str, required: bool = False) -> date | None:
        value = self.text(column, required)
        if value is None:
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            raise _Bad(column, f"not a date (YYYY-MM-DD): {value!r}") from None

    def integer(self, column: str) -> int | None:
        value = self.text(column)
        if value is None:
            return None
        if not value.isdigit():
            raise _Bad(column, f"not a whole number: {value!r}")
        return int(value)

    def choice(self, column: str, enum, default=None, required: bool = False):
        value = self.text(column, required)
        if value is None:
            return default
        try:
            return enum(value.lower())
        except ValueError:
            known = ", ".join(e.value for e in enum)
            raise _Bad(column, f"unknown value {value!r} (known: {known})") from None

    def items(self, column: str) -> tuple[str, ...]:
        value = self.text(column)
        return tuple(p for p in re.split(r"[\s;|]+", value) if p) if value else ()


def _open(source: str | Path | TextIO, name: str | None) -> tuple[TextIO, str, bool]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            return open(path, newline="", encoding="utf-8-sig"), name or str(path), True
        except OSError as exc:
            raise InputError(f"cannot read the file ({exc.strerror})", file=str(path)) from None
    return source, name or "<input>", False


def _rows(fh: TextIO, file: str, columns: Iterable[str], required: Iterable[str]) -> Iterator[tuple[int, _Row]]:
    """The numbered data rows; a file the csv module cannot split is an ``InputError``."""
    reader = csv.DictReader(fh)
    try:
        yield from _csv_rows(reader, file, columns, required)
    except csv.Error as exc:
        raise InputError(f"not a readable CSV file: {exc}", file=file, location=f"row {reader.line_num}") from None


def _csv_rows(reader: csv.DictReader, file: str, columns: Iterable[str],
              required: Iterable[str]) -> Iterator[tuple[int, _Row]]:
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
        if None in row:
            yield n, _Row({"__extra__": "x"})
            continue
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        yield n, _Row(row)


_CODE = re.compile(r"^(\d{4}[0-9FTU]|[A-Z]\d{4})$")
_LEVEL = re.compile(r"^[CTLS]\d{1,2}(-[CTLS]?\d{1,2})?$")


def _authorization(r: _Row) -> Authorization:
    if "__extra__" in r.row:
        raise _Bad("(row)", "more values than columns in the header")
    number = r.text("number", True)
    patient_id, payer_id = r.text("patient_id", True), r.text("payer_id", True)
    start, end = r.day("start_date", True), r.day("end_date", True)
    if end < start:
        raise _Bad("end_date", "is before start_date")
    codes = tuple(c.upper() for c in r.items("codes"))
    for c in codes:
        if not _CODE.match(c):
            raise _Bad("codes", f"not a CPT/HCPCS code: {c!r}")
    family = r.text("family")
    if family:
        from painrcm.policy.families import is_family
        if not is_family(family):
            raise _Bad("family", f"unknown procedure family {family!r}")
    region = (r.text("region") or "").lower() or None
    if region and region not in REGIONS:
        raise _Bad("region", f"must be one of {', '.join(REGIONS)}, got {region!r}")
    levels = tuple(lv.upper() for lv in r.items("levels"))
    for lv in levels:
        if not _LEVEL.match(lv):
            raise _Bad("levels", f"not a spinal level (e.g. L4-5, L5-S1): {lv!r}")
    side = (r.text("side") or "").lower() or None
    if side and side not in SIDES:
        raise _Bad("side", f"must be left, right or bilateral, got {side!r}")
    pos = r.text("place_of_service")
    if pos and not re.fullmatch(r"\d{1,2}", pos):
        raise _Bad("place_of_service", f"must be a two-digit place of service, got {pos!r}")
    units, used = r.integer("units"), r.integer("units_used") or 0
    if units is not None and used > units:
        raise _Bad("units_used", f"is more than the {units} approved units")
    return Authorization(
        number=number, practice_id=r.text("practice_id") or "", payer_id=payer_id, patient_id=patient_id,
        start_date=start, end_date=end, status=r.choice("status", AuthStatus, AuthStatus.APPROVED),
        codes=codes, family=family, region=region, levels=levels, side=side, units=units, units_used=used,
        place_of_service=pos.zfill(2) if pos else None, documents=r.items("documents"),
        claim_ids=r.items("claim_ids"), submitted_on=r.day("submitted_on"), decided_on=r.day("decided_on"),
        purpose=r.text("purpose"), related_number=r.text("related_number"))


def read_authorizations(source: str | Path | TextIO, *, name: str | None = None) -> list[Authorization]:
    """Authorizations from a CSV file; any bad row refuses the whole file (``ImportRefused``).

    A number repeated for the same payer is a bad row too (the second one).
    """
    fh, file, close = _open(source, name)
    try:
        out: list[Authorization] = []
        problems: list[RowProblem] = []
        seen: set[tuple[str, str]] = set()
        for n, r in _rows(fh, file, AUTH_COLUMNS, AUTH_REQUIRED):
            try:
                auth = _authorization(r)
                key = (auth.payer_id.upper(), auth.number.upper())
                if key in seen:
                    raise _Bad("number", "repeats an authorization number of an earlier row for this payer")
                seen.add(key)
                out.append(auth)
            except _Bad as bad:
                problems.append(RowProblem(file, n, bad.field, bad.message))
        if problems:
            raise ImportRefused(problems)
        return out
    finally:
        if close:
            fh.close()


def _credential_row(r: _Row) -> Credential | PayerEnrollment:
    if "__extra__" in r.row:
        raise _Bad("(row)", "more values than columns in the header")
    kind = (r.text("type") or "enrollment").lower()
    npi = r.text("provider_npi", True)
    if not re.fullmatch(r"\d{10}", npi):
        raise _Bad("provider_npi", "must be ten digits")
    if kind == "enrollment":
        start, end = r.day("effective_from"), r.day("effective_to")
        if start and end and end < start:
            raise _Bad("effective_to", "is before effective_from")
        return PayerEnrollment(provider_npi=npi, payer_id=r.text("payer_id", True),
                               status=r.choice("status", EnrollmentStatus, EnrollmentStatus.ACTIVE),
                               effective_from=start, effective_to=end)
    if kind == "credential":
        cred_kind = r.choice("kind", CredentialKind, required=True)
        issued, expires = r.day("issued_on"), r.day("expires_on", True)
        if issued and expires < issued:
            raise _Bad("expires_on", "is before issued_on")
        state = r.text("state")
        if state and not re.fullmatch(r"[A-Za-z]{2}", state):
            raise _Bad("state", f"must be a two-letter state code, got {state!r}")
        return Credential(provider_npi=npi, kind=cred_kind, number=r.text("number") or "",
                          expires_on=expires, issued_on=issued, state=state.upper() if state else None)
    raise _Bad("type", f"must be enrollment or credential, got {kind!r}")


def read_credentials(source: str | Path | TextIO, *, name: str | None = None) -> CredentialImport:
    """Credentials and payer enrollments from one CSV file (``type`` column: credential or
    enrollment, default enrollment). Bad rows are rejected one by one; the others are kept."""
    fh, file, close = _open(source, name)
    try:
        creds: list[Credential] = []
        enrollments: list[PayerEnrollment] = []
        rejected: list[RowProblem] = []
        for n, r in _rows(fh, file, ENROLLMENT_COLUMNS, ENROLLMENT_REQUIRED):
            try:
                item = _credential_row(r)
            except _Bad as bad:
                rejected.append(RowProblem(file, n, bad.field, bad.message))
                continue
            (creds if isinstance(item, Credential) else enrollments).append(item)
        return CredentialImport(tuple(creds), tuple(enrollments), tuple(rejected))
    finally:
        if close:
            fh.close()


__all__ = ["AUTH_COLUMNS", "AUTH_REQUIRED", "ENROLLMENT_COLUMNS", "ENROLLMENT_REQUIRED", "CredentialImport",
           "ImportRefused", "RowProblem", "read_authorizations", "read_credentials"]
