"""The patient's claim history, indexed for the edits that look back in time.

Frequency limits, RFA prerequisites, global periods, monthly care-management conflicts and
duplicate claims all ask "what else did this patient have, when". Scanning every prior claim
per edit would make a million-claim scrub quadratic, so claims are folded once into small
sorted lists keyed by (member, family, region), (member, date) and (member, month); an edit
answers with a bisect over a handful of entries.

A patient is keyed by subscriber member id plus birth date (dependants share a member id).
A claim never counts as its own history: every query skips entries of the asking claim id.

>>> from painrcm.scrub.testing import make_claim, line
>>> h = HistoryIndex()
>>> h.add(make_claim("A1", date(2026, 1, 5), [line("64483", "RT")]))
>>> h.add(make_claim("A2", date(2026, 3, 5), [line("64483", "50")]))
>>> key = patient_key(make_claim("X", date(2026, 6, 1), [line("99213")]))
>>> [s.side for s in h.sessions(key, "esi", "lumbar_sacral")]
['R', 'B']
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass
from operator import attrgetter
from datetime import date
from typing import Iterable, NamedTuple

from painrcm.claims.model import Claim
from painrcm.scrub.codefacts import facts

#: Care-management codes tracked per calendar month (CPM conflicts).
MONTHLY_CODES = frozenset({"G3002", "G3003", "99490", "99491", "99439", "99437", "99487", "99489",
                           "99424", "99425", "99426", "99427", "99457", "99458", "99091",
                           "99453", "99454"})

PatientKey = tuple[str, int]
_DAY = attrgetter("day")


def patient_key(claim: Claim) -> PatientKey:
    birth = claim.patient_birth_date
    return (claim.subscriber.member_id.strip().upper(), birth.toordinal() if birth else 0)


class Session(NamedTuple):
    """One date on which a family was done in a region (one entry per claim and date)."""

    day: int  # date ordinal
    side: str  # 'R', 'L', 'B' (both) or '' (no side)
    claim_id: str
    code: str  # the primary code
    levels: int  # levels/joints on the claim for that family (per side)
    relief_pct: int | None = None  # documented relief from the note, when known
    relief_hours: float | None = None
    purpose: str | None = None  # diagnostic | therapeutic, when known


class GlobalEntry(NamedTuple):
    day: int
    global_days: int
    code: str
    claim_id: str


class DayEntry(NamedTuple):
    claim_id: str
    services: tuple  # sorted ((code, modifiers-tuple), ...)
    frequency_code: str

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(code for code, _ in self.services)


def line_side(modifiers: Iterable[str]) -> str:
    """'B' for 50, 'R'/'L' for RT/LT, '' otherwise."""
    mods = set(modifiers)
    if "50" in mods or {"RT", "LT"} <= mods:
        return "B"
    if "RT" in mods:
        return "R"
    if "LT" in mods:
        return "L"
    return ""


def merge_sides(a: str, b: str) -> str:
    if not a:
        return b
    if not b or a == b:
        return a
    return "B"


@dataclass(frozen=True, slots=True)
class HistoryRelief:
    """Relief documented in a history claim's note (for RFA prerequisites)."""

    relief_pct: int | None = None
    relief_hours: float | None = None
    purpose: str | None = None


def history_relief(coding_result) -> HistoryRelief | None:
    """The relief a (diagnostic block) note documents, from the note coder's result, for ``add``."""
    from painrcm.scrub.context import note_evidence  # noqa: PLC0415

    if coding_result is None:
        return None
    for p in note_evidence(coding_result).procedures:
        if p.relief_pct is not None or p.purpose:
            return HistoryRelief(p.relief_pct, p.relief_hours, p.purpose)
    return None


class HistoryIndex:
    """Prior claims of every patient, indexed for O(log n) look-backs (see module docstring)."""

    __slots__ = ("_sessions", "_globals", "_days", "_months", "_members", "_count")

    def __init__(self, claims: Iterable[Claim] = ()) -> None:
        self._sessions: dict[tuple, list[Session]] = {}
        self._globals: dict[PatientKey, list[GlobalEntry]] = {}
        self._days: dict[tuple, list[DayEntry]] = {}
        self._months: dict[tuple, list[tuple[str, str]]] = {}
        self._members: set[PatientKey] = set()
        self._count = 0
        for claim in claims:
            self.add(claim)

    def __len__(self) -> int:
        return self._count

    def add(self, claim: Claim, relief: HistoryRelief | None = None) -> None:
        """Fold one claim into the index (voids are skipped)."""
        if claim.frequency_code == "8":
            return
        key = patient_key(claim)
        self._members.add(key)
        self._count += 1
        cid = claim.claim_id
        per_family: dict[tuple[str, str], list] = {}
        services = []
        for ln in claim.lines:
            code = ln.code.upper()
            day = claim.line_date(ln).toordinal()
            services.append((code, tuple(ln.modifiers)))
            f = facts(code)
            if f.global_days:
                insort(self._globals.setdefault(key, []),
                       GlobalEntry(day, f.global_days, code, cid), key=_DAY)
            if code in MONTHLY_CODES:
                d = claim.line_date(ln)
                self._months.setdefault((key, d.year * 12 + d.month), []).append((code, cid))
            if not f.families or f.is_em:
                continue
            side = line_side(ln.modifiers)
            for fam in f.families:
                slot = per_family.get((fam, f.region or "", day))
                levels = 1 if (not f.is_addon or code in _ONE_PER_SIDE_EXTRA) else int(ln.units)
                if slot is None:
                    per_family[(fam, f.region or "", day)] = [side, code if not f.is_addon else "", levels]
                else:
                    slot[0] = merge_sides(slot[0], side)
                    if not f.is_addon and not slot[1]:
                        slot[1] = code
                    slot[2] += levels if f.is_addon else 0
        for (fam, region, day), (side, code, levels) in per_family.items():
            if not code:  # add-on without its primary: no session
                continue
            rel = relief or HistoryRelief()
            insort(self._sessions.setdefault((key, fam, region), []),
                   Session(day, side, cid, code, levels, rel.relief_pct, rel.relief_hours, rel.purpose),
                   key=_DAY)
        dos = claim.service_date.toordinal()
        self._days.setdefault((key, dos), []).append(
            DayEntry(cid, tuple(sorted(set(services))), claim.frequency_code))

    # ---- questions --------------------------------------------------------------------

    def has_patient(self, key: PatientKey) -> bool:
        return key in self._members

    def sessions(self, key: PatientKey, family: str, region: str | None,
                 start: date | None = None, end: date | None = None) -> list[Session]:
        """Sessions of a family in a region, by date, optionally within [start, end]."""
        rows = self._sessions.get((key, family, region or ""), ())
        if not rows:
            return []
        lo = bisect_left(rows, start.toordinal(), key=_DAY) if start else 0
        hi = bisect_right(rows, end.toordinal(), key=_DAY) if end else len(rows)
        return list(rows[lo:hi])

    def globals_before(self, key: PatientKey, day: date, longest: int = 90) -> list[GlobalEntry]:
        """Procedures with a 10/90-day global done in the ``longest`` days up to and including ``day``
        (and the next day, for a 90-day procedure's pre-operative day)."""
        rows = self._globals.get(key, ())
        if not rows:
            return []
        d = day.toordinal()
        lo = bisect_left(rows, d - longest, key=_DAY)
        hi = bisect_right(rows, d + 1, key=_DAY)
        return list(rows[lo:hi])

    def same_day(self, key: PatientKey, day: date) -> list[DayEntry]:
        return list(self._days.get((key, day.toordinal()), ()))

    def month_codes(self, key: PatientKey, day: date) -> list[tuple[str, str]]:
        """(code, claim id) of care-management codes billed in the calendar month of ``day``."""
        return list(self._months.get((key, day.year * 12 + day.month), ()))


# 64491/64494 stand for the 2nd level, 64492/64495 for the 3rd and beyond (one unit per side).
_ONE_PER_SIDE_EXTRA = frozenset({"64491", "64492", "64494", "64495", "0214T", "0215T", "0217T", "0218T"})
