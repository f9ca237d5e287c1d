"""A claim prepared once for all edits: each line with its code facts, modifiers and side.

Edits read ``ClaimView`` instead of re-deriving facts per edit, which keeps a scrub O(lines).
"""

from __future__ import annotations

from datetime import date

from painrcm.claims.model import Claim, ClaimLine
from painrcm.scrub.codefacts import CodeFacts, facts
from painrcm.scrub.history import PatientKey, line_side, patient_key

DISTINCT_MODIFIERS = frozenset({"59", "XE", "XS", "XP", "XU"})
#: Modifiers that may bypass an NCCI pair (NCCI policy manual ch. I): distinct + anatomic + global.
ANATOMIC_MODIFIERS = frozenset({"E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7",
                                "F8", "F9", "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9",
                                "LT", "RT", "LC", "LD", "RC", "LM", "RI"})
NCCI_BYPASS = DISTINCT_MODIFIERS | frozenset({"24", "25", "57", "58", "78", "79", "27", "91"})


class LineView:
    """One claim line with what every edit asks of it. ``n`` is the 1-based line number."""

    __slots__ = ("n", "line", "code", "f", "mods", "side", "day", "units")

    def __init__(self, n: int, line: ClaimLine, day: date) -> None:
        self.n = n
        self.line = line
        self.code = line.code.strip().upper()
        self.f: CodeFacts = facts(self.code)
        self.mods = frozenset(line.modifiers)
        self.side = line_side(line.modifiers)
        self.day = day
        self.units = int(line.units)


class ClaimView:
    __slots__ = ("claim", "lines", "by_code", "codes", "key", "dos", "pos", "claim_id")

    def __init__(self, claim: Claim) -> None:
        self.claim = claim
        self.dos = claim.service_date
        self.lines = [LineView(i, ln, claim.line_date(ln)) for i, ln in enumerate(claim.lines, 1)]
        self.by_code: dict[str, list[LineView]] = {}
        for lv in self.lines:
            self.by_code.setdefault(lv.code, []).append(lv)
        self.codes = frozenset(self.by_code)
        self.key: PatientKey = patient_key(claim)
        self.pos = claim.place_of_service
        self.claim_id = claim.claim_id

    def procedures(self) -> list[LineView]:
        """Lines of procedure codes (0/10/90-day global), add-ons excluded."""
        return [lv for lv in self.lines if lv.f.global_days is not None and not lv.f.is_addon]

    def side_of(self, code: str) -> str:
        """Combined side of every line of a code: 'B', 'R', 'L' or ''."""
        side = ""
        for lv in self.by_code.get(code, ()):
            s = lv.side
            side = s if not side else (side if s in ("", side) else "B")
        return side


def lines_text(lines: list[LineView] | tuple[LineView, ...]) -> tuple[int, ...]:
    return tuple(sorted({lv.n for lv in lines}))
