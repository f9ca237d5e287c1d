"""Frequency room: sessions used and remaining per region in the payer's rolling window.

A thin wrapper over the scrubber's claim-history index (``painrcm.scrub.history.HistoryIndex``),
so the auth check before scheduling and the FREQUENCY_LIMIT edit after the service count the
same way: one session per date, a bilateral session at the same level counts once unless the
payer file says otherwise (then both sides count), the window is the payer's ``window_days``
ending the day before the planned date (``window_days`` = 365 is the LCD "rolling 12 months",
counted in days, so across 29 February the window still spans 365 days).

>>> from painrcm.scrub.testing import make_claim, line
>>> from painrcm.policy import load_policy
>>> claims = [make_claim(f"C{m}", date(2026, m, 5), [line("64483", "50")]) for m in (1, 3, 5, 7)]
>>> room = frequency_room(load_policy("medicare"), HistoryIndex(claims), history_key(claims),
...                       "64483", "lumbar", date(2026, 9, 1))
>>> room.used, room.remaining, room.next_available.isoformat()
(4, 0, '2027-01-05')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from painrcm.claims.model import Claim
from painrcm.scrub.history import HistoryIndex, PatientKey, patient_key

#: The region of the claim-history index for a spinal region (codes only tell these two apart).
CODE_REGION = {"cervical": "cervical_thoracic", "thoracic": "cervical_thoracic",
               "lumbar": "lumbar_sacral", "sacral": "lumbar_sacral",
               "cervical_thoracic": "cervical_thoracic", "lumbar_sacral": "lumbar_sacral"}
_REGION_NAME = {"cervical_thoracic": "cervical/thoracic", "lumbar_sacral": "lumbar/sacral"}


@dataclass(frozen=True, slots=True)
class FrequencyRoom:
    """The patient's room under one frequency limit on one planned date."""

    family: str
    region: str  # counting region, e.g. lumbar_sacral
    max_sessions: int
    window_days: int
    window_start: date  # first day counted
    used: int  # sessions already in the window (weighted: bilateral = 1 unless the payer says 2)
    this_session: int  # what the planned session counts (1, or 2 for bilateral when not counted once)
    session_dates: tuple[date, ...]
    bilateral_counts_once: bool = True
    next_available: date | None = None  # first date the planned session fits (None: fits now)
    min_days_between: int | None = None
    note: str | None = None

    @property
    def remaining(self) -> int:
        """Sessions left in the window before the planned one."""
        return max(0, self.max_sessions - self.used)

    @property
    def fits(self) -> bool:
        return self.next_available is None

    @property
    def reason(self) -> str:
        name = f"{self.family.replace('_', ' ')} ({_REGION_NAME.get(self.region, self.region)})"
        base = (f"{name}: {self.used} of {self.max_sessions} sessions used in the {self.window_days} days "
                f"from {self.window_start.isoformat()}, {self.remaining} remaining")
        if self.next_available is not None:
            return base + f"; the planned session fits from {self.next_available.isoformat()}"
        return base


def history_key(claims: Iterable[Claim]) -> PatientKey | None:
    """The history key of the patient of these claims (the first claim's), or None."""
    for claim in claims:
        return patient_key(claim)
    return None


def _side(side: str | None) -> str:
    return {"left": "L", "right": "R", "bilateral": "B", "l": "L", "r": "R", "b": "B"}.get((side or "").lower(), "")


def frequency_room(policy, history: HistoryIndex | None, key: PatientKey | None, code_or_family: str,
                   region: str | None, on: date, side: str | None = None) -> FrequencyRoom | None:
    """Room under the payer's frequency limit for a planned session, or None when no limit applies.

    ``region`` is a spinal region (``lumbar``) or a counting region (``lumbar_sacral``); ``side``
    is left/right/bilateral (only matters when bilateral sessions count twice).
    """
    if region is None:
        return None
    limit = policy.frequency_limit(code_or_family, region)
    if limit is None:
        return None
    counting = policy.counting_region(region) or region
    hist_region = CODE_REGION.get(region.lower(), region.lower())
    start = on - timedelta(days=limit.window_days - 1)
    sessions = history.sessions(key, limit.family, hist_region, start, on - timedelta(days=1)) \
        if history is not None and key is not None else []
    days: dict[int, str] = {}
    for s in sessions:
        prev = days.get(s.day)
        days[s.day] = s.side if prev is None else ("B" if prev and s.side and prev != s.side else (prev or s.side))

    def weight(sd: str) -> int:
        return 2 if sd == "B" and not limit.bilateral_same_level_counts_once else 1

    used = sum(weight(sd) for sd in days.values())
    this = weight(_side(side))
    next_ok: date | None = None
    if used + this > limit.max_sessions:
        need = used + this - limit.max_sessions
        dropped = 0
        for day in sorted(days):
            dropped += weight(days[day])
            if dropped >= need:
                next_ok = date.fromordinal(day) + timedelta(days=limit.window_days)
                break
    if limit.min_days_between_sessions and days:
        earliest = date.fromordinal(max(days)) + timedelta(days=limit.min_days_between_sessions)
        if earliest > on and (next_ok is None or earliest > next_ok):
            next_ok = earliest
    return FrequencyRoom(
        family=limit.family, region=counting, max_sessions=limit.max_sessions, window_days=limit.window_days,
        window_start=start, used=used, this_session=this,
        session_dates=tuple(date.fromordinal(d) for d in sorted(days)),
        bilateral_counts_once=limit.bilateral_same_level_counts_once, next_available=next_ok,
        min_days_between=limit.min_days_between_sessions, note=limit.note)


__all__ = ["CODE_REGION", "FrequencyRoom", "HistoryIndex", "frequency_room", "history_key", "patient_key"]
