"""Contract files: a payer contract as YAML (plus an optional fee schedule CSV), validated.

The format is documented in ``docs/contracts.md``. A file names the payer, the dates, the
basis (``fee_schedule`` or ``percent_of_medicare``) and the terms; a fee schedule is listed
inline or in a CSV beside the file (columns ``code, modifier, allowed, effective_from,
effective_to``). Validation is pydantic; YAML reading with line numbers and the wording of
problems are shared with the payer policy loader, so a bad contract file is reported the same
way as a bad policy file: file, line, key path and reason.

>>> c = contract_from_data({"payer": "acme", "name": "Acme 2026", "effective_from": "2026-01-01",
...                          "basis": "percent_of_medicare", "percent_of_medicare": 125})
>>> c.percent_of_medicare, c.terms.multiple_procedure_payment
(Decimal('1.2500'), (Decimal('1.00'), Decimal('0.50')))
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from painrcm.errors import PolicyError
from painrcm.remit.contract import Contract, ContractTerms, FeeScheduleEntry

SHIPPED_DIR = Path(__file__).resolve().parent / "data" / "contracts"
CLAUSE_TOPICS = ("fee_schedule", "multiple_procedure", "bilateral", "modifiers", "imaging",
                 "patient_responsibility", "overpayment", "timely_payment")
Fraction = Annotated[Decimal, Field(ge=0, le=5)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FeeRow(_Strict):
    code: str = Field(pattern=r"^[A-Z0-9]{5}$")
    modifier: str | None = Field(default=None, pattern=r"^[A-Z0-9]{2}$")
    allowed: Annotated[Decimal, Field(ge=0, decimal_places=2)]
    effective_from: date | None = None
    effective_to: date | None = None


class TermsModel(_Strict):
    multiple_procedure_payment: tuple[Fraction, ...] = (Decimal("1.00"), Decimal("0.50"))
    bilateral_payment: Fraction = Decimal("1.50")
    mppr_exempt_codes: tuple[str, ...] = ()
    carve_outs: tuple[str, ...] = ()
    dispute_window_days: Annotated[int, Field(ge=1, le=3650)] | None = None
    lesser_of_charge: bool = True
    clauses: dict[str, str] = Field(default_factory=dict)

    @field_validator("multiple_procedure_payment")
    @classmethod
    def _first_is_full(cls, value):
        if not value:
            raise ValueError("list at least the first procedure's fraction (1.00)")
        return value

    @field_validator("clauses")
    @classmethod
    def _known_topics(cls, value):
        bad = sorted(set(value) - set(CLAUSE_TOPICS))
        if bad:
            raise ValueError(f"unknown clause topic {bad[0]!r} (known: {', '.join(CLAUSE_TOPICS)})")
        return value


class ContractFile(_Strict):
    """The YAML document of one contract."""

    payer: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    effective_from: date
    effective_to: date | None = None
    basis: Literal["fee_schedule", "percent_of_medicare"]
    percent_of_medicare: Annotated[Decimal, Field(gt=0, le=1000)] | None = None
    locality: str | None = None
    fee_schedule: tuple[FeeRow, ...] = ()
    fee_schedule_csv: str | None = None
    terms: TermsModel = TermsModel()
    notes: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "ContractFile":
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        if self.basis == "percent_of_medicare" and self.percent_of_medicare is None:
            raise ValueError("basis percent_of_medicare needs percent_of_medicare (e.g. 125)")
        if self.basis == "fee_schedule" and not self.fee_schedule and not self.fee_schedule_csv:
            raise ValueError("basis fee_schedule needs fee_schedule rows or fee_schedule_csv")
        if self.locality is not None:
            from painrcm.errors import NotFound
            from painrcm.reference.mpfs import gpci
            try:
                gpci(self.locality)
            except NotFound as exc:
                raise ValueError(exc.message) from None
        return self


def _entry(row: FeeRow) -> FeeScheduleEntry:
    return FeeScheduleEntry(code=row.code, allowed=row.allowed, modifier=row.modifier,
                            effective_from=row.effective_from, effective_to=row.effective_to)


def contract_from_model(doc: ContractFile, extra_fees: tuple[FeeScheduleEntry, ...] = (),
                        default_dispute_days: int = 365) -> Contract:
    t = doc.terms
    terms = ContractTerms(
        multiple_procedure_payment=tuple(t.multiple_procedure_payment),
        bilateral_payment=t.bilateral_payment, mppr_exempt_codes=frozenset(t.mppr_exempt_codes),
        carve_outs=frozenset(t.carve_outs),
        dispute_window_days=t.dispute_window_days or default_dispute_days,
        lesser_of_charge=t.lesser_of_charge, clauses=tuple(sorted(t.clauses.items())))
    pct = (doc.percent_of_medicare / 100).quantize(Decimal("0.0001")) if doc.percent_of_medicare else None
    return Contract(payer_id=doc.payer, name=doc.name, basis=doc.basis, effective_from=doc.effective_from,
                    effective_to=doc.effective_to, percent_of_medicare=pct, locality=doc.locality,
                    fee_schedule=tuple(_entry(r) for r in doc.fee_schedule) + extra_fees, terms=terms)


def _dispute_days(payer: str) -> int:
    """The payer file's dispute window (``deadlines.dispute_days``), 365 when no policy file."""
    try:
        from painrcm.policy import load_policy
        return load_policy(payer).deadlines.dispute_days
    except Exception:  # noqa: BLE001 - a contract for a payer without a shipped policy file
        return 365


def contract_from_data(data: dict, *, file: str = "<contract>") -> Contract:
    """A contract from already-parsed data (inline fee schedule only)."""
    try:
        doc = ContractFile.model_validate(data)
    except ValidationError as exc:
        from painrcm.policy.loader import _problems_from
        problems = _problems_from(exc, file, {})
        raise problems[0].error(more=len(problems) - 1) from None
    return contract_from_model(doc, default_dispute_days=_dispute_days(doc.payer))


def read_fee_schedule_csv(path: Path) -> tuple[FeeScheduleEntry, ...]:
    """Fee schedule rows from a CSV (code, modifier, allowed, effective_from, effective_to).

    Errors name the file, the row and the column.
    """
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PolicyError("fee schedule CSV not found", file=name) from None
    reader = csv.DictReader(text.splitlines())
    need = {"code", "allowed"}
    if reader.fieldnames is None or not need <= {f.strip() for f in reader.fieldnames}:
        raise PolicyError("the header must have at least code and allowed "
                          "(code,modifier,allowed,effective_from,effective_to)", file=name, location="row 1")
    out = []
    for n, raw in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        where = f"row {n}"
        try:
            allowed = Decimal(row["allowed"])
        except InvalidOperation:
            raise PolicyError("not an amount", file=name, location=where, field="allowed") from None
        try:
            entry = FeeRow(code=row["code"].upper(), modifier=row.get("modifier") or None,
                           allowed=allowed.quantize(Decimal("0.01")),
                           effective_from=row.get("effective_from") or None,
                           effective_to=row.get("effective_to") or None)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            from painrcm.policy.loader import _reason
            raise PolicyError(_reason(err), file=name, location=where,
                              field=".".join(str(p) for p in err["loc"]) or None) from None
        out.append(_entry(entry))
    return tuple(out)


def load_contract_file(path: Path) -> Contract:
    """Read and validate one contract file; raises ``PolicyError`` (file, line, key path, reason)."""
    from painrcm.policy.loader import _parse, _problems_from, _Unreadable, Problem

    path = Path(path)
    name = str(path)
    try:
        data, lines = _parse(path)
    except _Unreadable as exc:
        raise exc.problem.error() from None
    if not isinstance(data, dict):
        raise Problem(name, None, 1, "the file must be a mapping of keys (payer:, name:, basis: ...)").error()
    try:
        doc = ContractFile.model_validate(data)
    except ValidationError as exc:
        problems = sorted(_problems_from(exc, name, lines), key=lambda p: p.line or 0)
        raise problems[0].error(more=len(problems) - 1) from None
    extra: tuple[FeeScheduleEntry, ...] = ()
    if doc.fee_schedule_csv:
        extra = read_fee_schedule_csv(path.parent / doc.fee_schedule_csv)
    return contract_from_model(doc, extra, default_dispute_days=_dispute_days(doc.payer))


def load_contract_dir(directory: Path) -> list[Contract]:
    """Every ``*.yaml`` contract in a directory, sorted by file name."""
    directory = Path(directory)
    return [load_contract_file(p) for p in sorted(directory.glob("*.y*ml"))]


def shipped_contracts() -> list[Contract]:
    """The demo contracts of the five demo payers (``remit/data/contracts``)."""
    return load_contract_dir(SHIPPED_DIR)


def contract_for(contracts, payer_id: str, day: date) -> Contract | None:
    """The contract of a payer in effect on a date (latest start wins), or None.

    >>> contract_for(shipped_contracts(), "summit-health", date(2026, 3, 1)).basis
    'fee_schedule'
    """
    best = None
    for c in contracts:
        if c.payer_id == payer_id and c.in_effect(day):
            if best is None or c.effective_from > best.effective_from:
                best = c
    return best


__all__ = ["ContractFile", "load_contract_file", "load_contract_dir", "shipped_contracts",
           "contract_for", "contract_from_data", "read_fee_schedule_csv", "SHIPPED_DIR", "CLAUSE_TOPICS"]
