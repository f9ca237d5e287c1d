"""What the scrubber reports: a finding per problem, with its edit id, severity and fix.

Edit ids are stable (tests, saved reports and the web screen key on them); each is documented
in ``docs/edits.md`` with its source (seed, CMS/NCCI, LCD, payer file).

>>> f = Finding("MOD51", WARNING, (2,), "64493 is a second procedure; this payer wants 51.", "Add 51.")
>>> f.blocks_submission, f.to_dict()["lines"]
(False, [2])
>>> claim_status(())
'clean'
>>> claim_status((f,))
'warning'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from painrcm.claims.model import Claim

ERROR = "error"  # blocks submission
WARNING = "warning"  # needs a look

#: Every edit id the scrubber can emit, with a one-line title (docs/edits.md has the detail).
EDITS: dict[str, str] = {
    "ADDON_WITHOUT_PRIMARY": "add-on code without its primary on the same date (or listed before it)",
    "PRIMARY_REPEATED": "primary code reported again for another level instead of its add-on",
    "ADDON_UNITS": "add-on units do not match its rule (e.g. 64492/64495 one unit per side)",
    "MUE_EXCEEDED": "units above the CMS medically unlikely edit",
    "NCCI_PAIR": "NCCI procedure-to-procedure pair billed together without a valid modifier",
    "IMAGING_INCLUDED": "imaging guidance billed with a code that includes it",
    "IMAGING_DOCUMENTATION": "imaging guidance billed without its three documentation elements",
    "CODE_NOTE_MISMATCH": "approach, region, levels, side or guidance differ from the note",
    "LATERALITY_MISSING": "paired-structure procedure without RT, LT or 50",
    "BILATERAL_FORMAT": "bilateral work not in this payer's format (50 / 50 x2 / RT+LT)",
    "BILATERAL_NOT_ALLOWED": "modifier 50 (or laterality) on a code whose bilateral indicator forbids it",
    "MOD25_MISSING": "same-day E/M without modifier 25",
    "MOD25_UNSUPPORTED": "modifier 25 without a same-day procedure or a separately identifiable E/M",
    "MOD51": "modifier 51 missing where the payer wants it, or on a code exempt from it",
    "MOD59_PREFERENCE": "59 vs XE/XP/XS/XU not as this payer prefers",
    "FREQUENCY_LIMIT": "more sessions per region in a rolling window than the payer covers",
    "RFA_PREREQUISITE": "RFA without the required positive diagnostic blocks",
    "CONSERVATIVE_TREATMENT": "no documented conservative treatment before an interventional procedure",
    "AUTH_MISSING": "service needs prior authorization and none is on the claim or on file",
    "AUTH_INVALID": "authorization does not cover the service (status, dates, codes, units, levels)",
    "SCS_PERMANENT_AUTH": "SCS permanent implant without its own permanent-implant authorization",
    "SCS_DEVICE_CODE": "SCS device C-code missing where due, or reported where not allowed",
    "TIMELY_FILING": "claim past (or close to) the payer's timely filing limit",
    "PROVIDER_NOT_ENROLLED": "rendering/billing provider not actively enrolled with the payer",
    "CREDENTIAL_EXPIRED": "provider credential expired on the date of service",
    "DX_INVALID": "diagnosis not a billable ICD-10-CM code on the date of service",
    "DX_NOT_SUPPORTING": "diagnosis does not support the procedure per the LCD or payer list",
    "TPI_MUSCLE_COUNT": "trigger point code does not match the documented muscle count",
    "DELETED_CODE": "code not valid on the date of service (deleted or not yet effective)",
    "GLOBAL_PERIOD": "E/M inside a prior procedure's global period without 24/25/57",
    "CPM_CONFLICT": "chronic pain management code conflicts with CCM/PCM/RPM or G2211 rules",
    "KX_REQUIRED": "payer-required modifier (KX and the like) missing",
    "RFA_FACET_SAME_DAY": "RFA and facet injection/MBB in the same region on one date",
    "DUPLICATE_CLAIM": "same patient, date and services as another claim",
    "MISSING_REQUIRED_FIELD": "a field the 837P or the payer requires is missing or invalid",
    "PROVIDER_BILLING": "NP/PA service billed under a physician's NPI without incident-to standing",
}

Fixer = Callable[[Claim], Claim]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem on one claim.

    ``lines`` are 1-based positions of the claim lines as scrubbed (empty: the whole claim).
    ``apply`` is a deterministic fixer (claim -> fixed claim) when the fix needs no judgement.
    Messages speak to a biller and never carry patient data.
    """

    edit: str
    severity: str
    lines: tuple[int, ...]
    message: str
    fix: str = ""
    apply: Fixer | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.edit not in EDITS:
            raise ValueError(f"unknown edit id {self.edit!r}")
        if self.severity not in (ERROR, WARNING):
            raise ValueError(f"severity must be {ERROR!r} or {WARNING!r}")

    @property
    def blocks_submission(self) -> bool:
        return self.severity == ERROR

    @property
    def fixable(self) -> bool:
        return self.apply is not None

    def to_dict(self) -> dict:
        """The JSON shape of ``painrcm scrub --json``."""
        return {"edit": self.edit, "severity": self.severity, "lines": list(self.lines),
                "message": self.message, "fix": self.fix}


def claim_status(findings: tuple[Finding, ...] | list[Finding]) -> str:
    """``clean`` / ``warning`` / ``error``: the worst severity among the findings."""
    if not findings:
        return "clean"
    return ERROR if any(f.severity == ERROR for f in findings) else WARNING
