"""CMS NCCI edits for professional claims: procedure-to-procedure (PTP) pairs and MUEs.

PTP: the practitioner edit table effective 2024-07-01, restricted to pairs where both codes are
in the pain code set (:mod:`painrcm.reference.codes`), active and deleted rows (a deleted row is
history: the pair no longer edits after its deletion date). The source dropped CMS's effective
date, so an edit is taken to apply from the beginning of time until its deletion date
(inclusive). Modifier indicator 0: the column-2 code is never paid with the column-1 code;
1: an NCCI-associated modifier (59/XE/XS/XP/XU, anatomic modifiers) may bypass the edit when
the services are truly distinct; 9: the edit does not apply.

MUE: the whole practitioner MUE table effective 2024-07-01 (value, adjudication indicator
(MAI 1 line edit, 2 date-of-service policy, 3 date-of-service clinical) and CMS rationale).

>>> edit = ptp_edit("64483", "62323")
>>> edit.column1, edit.column2, edit.modifier_indicator, edit.modifier_allowed
('62323', '64483', '1', True)
>>> ptp_edit("64483", "77003").column1
'64483'
>>> mue("64484")
Mue(code='64484', value=4, mai='3', rationale='Clinical: Data')
>>> mue("64484").mai_description
'Date of Service Edit: Clinical'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from painrcm.reference._data import opt, opt_date, read_rows, version

PTP_FILE = "ncci_ptp_2024q3_practitioner.csv"
MUE_FILE = "mue_2024q3_practitioner.csv.gz"

MAI_DESCRIPTIONS = {
    "1": "Line Edit",
    "2": "Date of Service Edit: Policy",
    "3": "Date of Service Edit: Clinical",
}
MODIFIER_INDICATORS = {
    "0": "not allowed: the column-2 code is never paid with the column-1 code",
    "1": "allowed: an NCCI-associated modifier may bypass the edit when documented",
    "9": "not applicable: the edit does not apply",
}


@dataclass(frozen=True, slots=True)
class PtpEdit:
    """One NCCI procedure-to-procedure edit: ``column2`` is bundled into ``column1``."""

    column1: str
    column2: str
    modifier_indicator: str
    rationale: str
    deletion_date: date | None

    @property
    def modifier_allowed(self) -> bool:
        """True when a modifier (59/X{EPSU}, anatomic) may bypass the edit (indicator 1)."""
        return self.modifier_indicator == "1"

    def in_effect(self, day: date) -> bool:
        """Whether the edit applies on a date of service (deletion date inclusive)."""
        return self.deletion_date is None or day <= self.deletion_date


@dataclass(frozen=True, slots=True)
class Mue:
    """Medically unlikely edit for one code (practitioner services)."""

    code: str
    value: int
    mai: str
    rationale: str

    @property
    def mai_description(self) -> str:
        return MAI_DESCRIPTIONS.get(self.mai, "")

    @property
    def per_line(self) -> bool:
        """MAI 1: the edit applies to each claim line (units on one line)."""
        return self.mai == "1"


@cache
def _ptp() -> dict[tuple[str, str], tuple[PtpEdit, ...]]:
    table: dict[tuple[str, str], list[PtpEdit]] = {}
    for row in read_rows(PTP_FILE):
        edit = PtpEdit(row["column1"], row["column2"], row["modifier_indicator"],
                       row["ptp_edit_rationale"], opt_date(row["deletion_date"]))
        table.setdefault((edit.column1, edit.column2), []).append(edit)
    # active row first, then the most recent deletion
    return {key: tuple(sorted(rows, key=lambda e: (e.deletion_date is not None,
                                                   -(e.deletion_date or date.min).toordinal())))
            for key, rows in table.items()}


def _pick(rows: tuple[PtpEdit, ...], on: date | None) -> PtpEdit | None:
    for edit in rows:
        if (edit.deletion_date is None) if on is None else edit.in_effect(on):
            return edit
    return None


def ptp_edit(code_a: str, code_b: str, on: date | None = None) -> PtpEdit | None:
    """The PTP edit between two codes in either order, or None when they may be billed together.

    ``on`` (date of service) also finds edits deleted after that date; without it only edits
    still active in the data are returned. The answer tells which code is column 1 (paid) and
    which is column 2 (bundled).

    >>> ptp_edit("64483", "64493") is None    # facet and transforaminal: no edit
    True
    >>> ptp_edit("0213T", "20552", on=date(2016, 6, 1)).column1
    '0213T'
    >>> ptp_edit("99999", "64483") is None
    True
    """
    table = _ptp()
    found = _pick(table.get((code_a, code_b), ()), on)
    other = _pick(table.get((code_b, code_a), ()), on)
    if found is None or other is None:
        return found or other
    # Both directions apply (a pair deleted and re-added reversed; the source has no effective
    # dates): the edit with the earlier deletion date is the one of that time.
    return min((found, other), key=lambda e: e.deletion_date or date.max)


def ptp_history(code_a: str, code_b: str) -> tuple[PtpEdit, ...]:
    """Every stored row for a pair (either order), active ones first."""
    table = _ptp()
    return table.get((code_a, code_b), ()) + table.get((code_b, code_a), ())


@cache
def _by_code() -> dict[str, tuple[PtpEdit, ...]]:
    found: dict[str, list[PtpEdit]] = {}
    for rows in _ptp().values():
        edit = rows[0]
        if edit.deletion_date is None:
            found.setdefault(edit.column1, []).append(edit)
            found.setdefault(edit.column2, []).append(edit)
    return {code: tuple(edits) for code, edits in found.items()}


def active_edits(code: str) -> tuple[PtpEdit, ...]:
    """Active edits where the code is column 1 or column 2.

    >>> any(e.column2 == "77003" for e in active_edits("64483"))
    True
    """
    return _by_code().get(code, ())


@cache
def _mue() -> dict[str, Mue]:
    return {row["hcpcs"]: Mue(row["hcpcs"], int(row["mue_value"]), row["mai"],
                              opt(row["mue_rationale"]) or "")
            for row in read_rows(MUE_FILE)}


def mue(code: str) -> Mue | None:
    """The practitioner MUE for a code (any code, not only the pain set), or None.

    >>> mue("20552").value, mue("20552").mai
    (1, '2')
    >>> mue("C1607") is None
    True
    """
    return _mue().get(code)


def data_version() -> str:
    """Versions of the shipped NCCI tables.

    >>> "2024-07-01" in data_version()
    True
    """
    return f"{version(PTP_FILE)}; {version(MUE_FILE)}"
