"""The billing audit as plain data: findings in dollars, the claims behind them, data quality, KPIs.

A :class:`Finding` is one claim (or claim line) behind one of the audit's sections, with its
amount to the cent. A section's figure in the report is the sum of its findings' amounts, and the
CSV/XLSX drill-downs list exactly those findings, so report and drill-down agree to the cent.

>>> f = Finding("imaging_not_billed", "C1", "medicare", date(2026, 3, 2), Decimal("30.12"), code="77003")
>>> section_total([f, f])
Decimal('60.24')
>>> SECTIONS["imaging_not_billed"].meaning
'uncaptured revenue'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Iterable

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    meaning: str          # what the dollar figure is: uncaptured revenue, compliance exposure ...
    explanation: str


SECTIONS: dict[str, Section] = {s.key: s for s in (
    Section("imaging_not_billed", "Imaging guidance documented but not billed", "uncaptured revenue",
            "The note documents guidance, a permanent image and an interpretation, but the claim has no "
            "77002/77003/76942/77012 line. Amount: the contract (else Medicare) allowable of the missing code."),
    Section("imaging_undocumented", "Imaging billed without the documentation", "compliance exposure",
            "The claim bills imaging guidance but the note lacks one of the three elements (guidance, "
            "permanent image, interpretation). Amount: what the payer paid for that line."),
    Section("code_mismatch", "Code / note mismatches", "amount at risk",
            "Billed procedure codes the note does not support: wrong approach (interlaminar vs "
            "transforaminal), region, number of levels or side. Amount: the allowable of the billed line "
            "(levels: of the units the note does not support)."),
    Section("addon_bilateral", "Add-on and bilateral errors", "amount at risk",
            "Add-on codes without their primary code, modifier 50 on codes CMS does not pay bilaterally, "
            "and RT + LT lines where the payer wants 50. Amount: the allowable of the line."),
    Section("em_level", "E/M levels against the note", "revenue gap",
            "Billed E/M level differs from the level the note's medical decision making or time supports. "
            "Amount: the allowable difference (undercoded: revenue left behind; overcoded: exposure)."),
    Section("underpayment", "Underpayments against the contract", "underpaid",
            "835 payments below the contract: multiple-procedure reductions, add-ons, bilateral, imaging, "
            "modifier 25 bundling, fee schedule. Amount: expected allowed minus the allowed paid."),
    Section("denial", "Denials by CPT and payer", "denied",
            "Lines the payer paid nothing on with a denial reason. Amount: the contract's expected allowed "
            "(else the charge). Preventable: a root cause fixed upstream (auth, eligibility, coding, ...)."),
    Section("auth_denial", "Authorization-related denials", "denied",
            "Denials whose root cause is prior authorization (CARC 197, 15, 62 ...)."),
    Section("ar_over_60", "AR over 60 days", "open insurance balance",
            "Open insurance balances billed more than 60 days before the audit date."),
    Section("ar_over_90", "AR over 90 days", "open insurance balance",
            "Open insurance balances billed more than 90 days before the audit date."),
    Section("timely_filing", "Claims near timely filing", "at risk of write-off",
            "Claims with no payer decision (or denied) whose filing limit ends within 30 days or has passed."),
)}

#: short labels for charts
SHORT = {"imaging_not_billed": "Imaging not billed", "imaging_undocumented": "Imaging undocumented",
         "code_mismatch": "Code/note mismatch", "addon_bilateral": "Add-on/bilateral", "em_level": "E/M level gap",
         "underpayment": "Underpayments", "denial": "Denials", "auth_denial": "Auth denials",
         "ar_over_60": "AR > 60 days", "ar_over_90": "AR > 90 days", "timely_filing": "Timely filing risk"}

#: sections whose dollars are revenue the practice can recover or must protect (the headline)
RECOVERABLE = ("imaging_not_billed", "em_level", "underpayment", "denial")


@dataclass(frozen=True, slots=True)
class Finding:
    """One claim (or line) behind a section, in dollars. ``extra`` holds the section's own columns."""

    kind: str
    claim_id: str
    payer_id: str
    service_date: date
    amount: Decimal
    code: str | None = None
    line_number: int | None = None
    provider: str = ""
    detail: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def row(self) -> dict:
        return {"section": self.kind, "claim_id": self.claim_id, "payer": self.payer_id,
                "provider": self.provider, "service_date": self.service_date.isoformat(),
                "line": self.line_number or "", "code": self.code or "", "amount": self.amount,
                "detail": self.detail, **{k: v for k, v in sorted(self.extra.items())}}


def section_total(findings: Iterable[Finding]) -> Decimal:
    return sum((f.amount for f in findings), ZERO)


@dataclass
class DataQuality:
    """What could not be read or matched, with counts; the audit goes on without it."""

    files_read: int = 0
    broken_files: list[tuple[str, str]] = field(default_factory=list)   # (file name, reason)
    skipped_files: list[tuple[str, str]] = field(default_factory=list)  # other X12 kinds, non-X12
    claims_without_835: int = 0
    payments_without_claim: int = 0
    unknown_payers: dict[str, int] = field(default_factory=dict)         # X12 payer id -> claims
    payers_without_contract: dict[str, int] = field(default_factory=dict)
    claims_without_notes: int = 0
    notes_without_claim: int = 0
    unreadable_notes: int = 0
    duplicate_claims: int = 0

    def rows(self) -> list[tuple[str, int, str]]:
        """(check, count, what it means) for the report's data quality section."""
        return [
            ("Files read", self.files_read, "837P and 835 files read"),
            ("Broken files", len(self.broken_files), "; ".join(f"{n}: {r}" for n, r in self.broken_files[:5])),
            ("Other files skipped", len(self.skipped_files), "not 837P/835"),
            ("Claims without an 835", self.claims_without_835, "no payer response in the 835s given"),
            ("835 payments without a claim", self.payments_without_claim, "claim id not in the 837Ps given"),
            ("Claims with an unknown payer", sum(self.unknown_payers.values()),
             ", ".join(sorted(self.unknown_payers)) or ""),
            ("Claims of payers without a contract", sum(self.payers_without_contract.values()),
             "valued at the Medicare fee schedule: " + ", ".join(sorted(self.payers_without_contract))
             if self.payers_without_contract else ""),
            ("Claims without a note", self.claims_without_notes, "documentation checks skipped"),
            ("Notes without a claim", self.notes_without_claim, "note file names are CLM01 ids"),
            ("Unreadable notes", self.unreadable_notes, "not UTF-8 text"),
            ("Duplicate claims", self.duplicate_claims, "same CLM01 in two files; the last one kept"),
        ]


@dataclass(frozen=True, slots=True)
class Kpi:
    key: str
    name: str
    value: Decimal | None     # percent (0-100) or days; None when not measurable
    unit: str                 # "%" or "days"
    benchmark: Decimal | None
    better: str               # "higher" | "lower"
    basis: str                # how it is computed, with the counts

    @property
    def meets(self) -> bool | None:
        if self.value is None or self.benchmark is None:
            return None
        return self.value >= self.benchmark if self.better == "higher" else self.value < self.benchmark


@dataclass
class AuditReport:
    practice: str
    as_of: date
    period: tuple[date, date] | None
    claims: int
    lines: int
    charges: Decimal
    paid: Decimal
    findings: dict[str, list[Finding]]
    kpis: list[Kpi]
    data_quality: DataQuality
    notes_checked: int = 0
    tables: dict = field(default_factory=dict)   # breakdowns for charts (E/M distribution, denials by ...)
    seconds: float = 0.0

    def total(self, kind: str) -> Decimal:
        return section_total(self.findings.get(kind, ()))

    def count(self, kind: str) -> int:
        return len(self.findings.get(kind, ()))

    def all_findings(self) -> list[Finding]:
        return [f for k in SECTIONS for f in self.findings.get(k, ())]


__all__ = ["Section", "SECTIONS", "RECOVERABLE", "Finding", "section_total", "DataQuality", "Kpi", "AuditReport"]
