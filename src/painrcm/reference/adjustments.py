"""Claim adjustment codes of the 835: CARC, RARC and the group codes (CAS01).

CARC (Claim Adjustment Reason Codes, X12 code source 139) and RARC (Remittance Advice Remark
Codes, maintained by CMS, code source 411) with their start, last-modified and stop dates as
published on x12.org (scrape of 2026-08-17, dates from the 2024-06-18 scrape). A code is
``active`` on a date when it has started and not stopped; ``deactivated`` codes stay readable
because old remittances still carry them.

>>> carc("45").description[:40]
'Charge exceeds fee schedule/maximum allo'
>>> carc("CO-45").code
'45'
>>> rarc("N290").active
True
>>> group("PR").name
'Patient Responsibility'
>>> group("CR").valid_in_5010
False
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from painrcm.reference._data import opt, opt_date, read_rows


@dataclass(frozen=True, slots=True)
class AdjustmentCode:
    """A CARC or RARC with its published text and dates."""

    code: str
    kind: str                       # "CARC" or "RARC"
    description: str
    usage: str | None
    notes: str | None
    start_date: date | None
    last_modified: date | None
    stop_date: date | None
    status: str                     # x12.org status in the 2026-08 scrape: current / deactivated

    @property
    def active(self) -> bool:
        """Current in the latest published list (not deactivated)."""
        return self.status == "current" and self.stop_date is None

    def active_on(self, day: date) -> bool:
        """Whether a payer may send the code on a date (start and stop dates; unknown = yes)."""
        if self.start_date is not None and day < self.start_date:
            return False
        # a deactivated code without a published stop date cannot be dated: accept it
        return self.stop_date is None or day < self.stop_date


@dataclass(frozen=True, slots=True)
class GroupCode:
    """A claim adjustment group code (who bears the adjustment)."""

    code: str
    name: str
    explanation: str

    @property
    def valid_in_5010(self) -> bool:
        """CR (corrections and reversals) is a 4010 code, not valid in the 5010 835."""
        return self.code != "CR"

    @property
    def patient_owes(self) -> bool:
        return self.code == "PR"


def _load(name: str, kind: str) -> dict[str, AdjustmentCode]:
    return {
        row["code"]: AdjustmentCode(
            code=row["code"], kind=kind, description=row["description"],
            usage=opt(row["usage"]), notes=opt(row["notes"]),
            start_date=opt_date(row["start_date"]), last_modified=opt_date(row["last_modified"]),
            stop_date=opt_date(row["stop_date"]), status=row["status_x12_2026_08"] or "current")
        for row in read_rows(name)
    }


@cache
def _carc() -> dict[str, AdjustmentCode]:
    return _load("carc.csv", "CARC")


@cache
def _rarc() -> dict[str, AdjustmentCode]:
    return _load("rarc.csv", "RARC")


@cache
def _groups() -> dict[str, GroupCode]:
    return {row["code"]: GroupCode(row["code"], row["name"], row["plain_explanation"])
            for row in read_rows("claim_adjustment_group_codes.csv")}


@cache
def _clp02() -> dict[str, str]:
    return {row["code"]: row["meaning"] for row in read_rows("claim_status_codes_clp02.csv")}


def _bare(code: str) -> str:
    code = code.strip().upper()
    if "-" in code:                 # "CO-45" -> "45"
        code = code.rsplit("-", 1)[1]
    return code


def carc(code: str) -> AdjustmentCode | None:
    """A Claim Adjustment Reason Code (``45``, or ``CO-45``/``CO45`` with its group), or None.

    >>> carc("CO45").code, carc("999") is None
    ('45', True)
    """
    code = _bare(code)
    found = _carc().get(code)
    if found is None and code[:2] in _groups():
        found = _carc().get(code[2:])
    return found


def rarc(code: str) -> AdjustmentCode | None:
    """A Remittance Advice Remark Code (``N290``, ``M15``, ``MA130``), or None.

    >>> rarc("m15").code
    'M15'
    """
    return _rarc().get(_bare(code))


def group(code: str) -> GroupCode | None:
    """A claim adjustment group code (CO, PR, OA, PI, and legacy CR), or None."""
    return _groups().get(code.strip().upper())


def claim_status(code: str) -> str | None:
    """Meaning of an 835 CLP02 claim status code.

    >>> claim_status("1")
    'Processed as Primary'
    """
    return _clp02().get(code.strip())


def all_carcs() -> tuple[AdjustmentCode, ...]:
    return tuple(_carc().values())


def all_rarcs() -> tuple[AdjustmentCode, ...]:
    return tuple(_rarc().values())
