"""Reading the practice's charge master from a CSV file.

Columns: ``code, modifier, charge, effective_from, effective_to`` (``code`` and ``charge``
required; dates ``YYYY-MM-DD``; empty modifier = the code's base charge). Every bad row is
reported (row number with the header as row 1, and the column) in one ``InputError``; a charge
master is all-or-nothing, because a half-loaded one would price claims wrongly.

>>> cm = charge_master_from_csv("code,modifier,charge\\n64483,,950.00\\n77003,26,120\\n")
>>> cm.charge("77003", date(2026, 1, 5), "26")
Decimal('120.00')
>>> charge_master_from_csv("code,charge\\n64483,abc\\n")
Traceback (most recent call last):
...
painrcm.errors.InputError: <charge master>, row 2, field charge: not an amount
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from painrcm.claims.charges import ChargeEntry, ChargeMaster
from painrcm.errors import InputError

_CODE = re.compile(r"^[A-Z0-9]{5}$")
_MOD = re.compile(r"^[A-Z0-9]{2}$")
CENT = Decimal("0.01")


def _date(text: str, name: str, where: str, file: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError("not a date (YYYY-MM-DD)", file=file, location=where, field=name) from None


def charge_master_from_csv(text: str, *, file: str = "<charge master>") -> ChargeMaster:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    fields = {(f or "").strip().lower() for f in reader.fieldnames or ()}
    if not {"code", "charge"} <= fields:
        raise InputError("the header must have code and charge (code,modifier,charge,effective_from,"
                         "effective_to)", file=file, location="row 1")
    entries = []
    problems: list[InputError] = []
    for n, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        where = f"row {n}"
        try:
            code = row.get("code", "").upper()
            if not _CODE.match(code):
                raise InputError("not a CPT/HCPCS code (5 characters)", file=file, location=where, field="code")
            modifier = row.get("modifier", "").upper() or None
            if modifier and not _MOD.match(modifier):
                raise InputError("not a modifier (2 characters)", file=file, location=where, field="modifier")
            try:
                charge = Decimal(row.get("charge", "").replace("$", "").replace(",", ""))
            except InvalidOperation:
                raise InputError("not an amount", file=file, location=where, field="charge") from None
            if not charge.is_finite() or charge < 0:
                raise InputError("not an amount", file=file, location=where, field="charge")
            start = _date(row.get("effective_from", ""), "effective_from", where, file)
            end = _date(row.get("effective_to", ""), "effective_to", where, file)
            if start and end and end < start:
                raise InputError("effective_to is before effective_from", file=file, location=where,
                                 field="effective_to")
            entries.append(ChargeEntry(code, charge.quantize(CENT), modifier, start, end))
        except InputError as exc:
            problems.append(exc)
    if problems:
        first = problems[0]
        if len(problems) > 1:
            first.message += f" (and {len(problems) - 1} more bad row(s))"
        raise InputError(first.message, file=first.file, location=first.location, field=first.field)
    return ChargeMaster(tuple(entries))


def read_charge_master_csv(path: str | Path) -> ChargeMaster:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    return charge_master_from_csv(text, file=str(path))


def charge_master_to_csv(master: ChargeMaster) -> str:
    """The CSV form ``charge_master_from_csv`` reads back."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["code", "modifier", "charge", "effective_from", "effective_to"])
    for e in master.entries:
        w.writerow([e.code, e.modifier or "", f"{e.charge:.2f}",
                    e.effective_from.isoformat() if e.effective_from else "",
                    e.effective_to.isoformat() if e.effective_to else ""])
    return out.getvalue()


__all__ = ["charge_master_from_csv", "read_charge_master_csv", "charge_master_to_csv"]
