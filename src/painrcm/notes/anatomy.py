"""Spinal levels, sides and regions as written in pain notes.

Levels come as ``L4-5``, ``L4-L5``, ``L45``, ``L4/5``, ``L5-S1``, ``C7-T1``, ``L5`` (a nerve root or
vertebra), ``L4 and L5 nerve roots``, ``L3, L4 and L5 medial branches``. Sides come as right,
left, bilateral, b/l, bilat, R/L, right-sided. A side applies to the levels that follow it
until the next side; a side written after the levels ("L4-5 bilaterally", "L5 on the left")
applies to the levels before it when no side came first.

>>> [ (s, l.label) for s, l in sided_levels("right L4-5 and left L5-S1") ]
[('R', 'L4-L5'), ('L', 'L5-S1')]
>>> [ (s, l.label) for s, l in sided_levels("bilateral L45, L5/S1") ]
[('B', 'L4-L5'), ('B', 'L5-S1')]
>>> [ (s, l.label) for s, l in sided_levels("L4 and L5 nerve roots on the left") ]
[('L', 'L4'), ('L', 'L5')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_REGION_ORDER = {"C": 0, "T": 1, "L": 2, "S": 3}
_REGION_SIZE = {"C": 7, "T": 12, "L": 5, "S": 5}


@dataclass(frozen=True, order=True)
class Vertebra:
    region: str
    number: int

    @property
    def index(self) -> int:
        base = sum(_REGION_SIZE[r] for r in "CTLS"[: _REGION_ORDER[self.region]])
        return base + self.number

    def next(self) -> "Vertebra":
        if self.number >= _REGION_SIZE[self.region] and self.region != "S":
            return Vertebra("CTLS"[_REGION_ORDER[self.region] + 1], 1)
        return Vertebra(self.region, self.number + 1)

    def __str__(self) -> str:
        return f"{self.region}{self.number or '#'}"


@dataclass(frozen=True)
class Level:
    """A segment (``upper``-``lower``) or a single vertebra/root (``lower`` is None)."""

    upper: Vertebra
    lower: Vertebra | None = None

    @property
    def label(self) -> str:
        return f"{self.upper}-{self.lower}" if self.lower else str(self.upper)

    @property
    def region(self) -> str:
        """cervical, thoracic, lumbar or sacral (a segment takes its upper vertebra)."""
        return {"C": "cervical", "T": "thoracic", "L": "lumbar", "S": "sacral"}[self.upper.region]

    def as_segment(self) -> "Level":
        """The foramen/segment a root or vertebra names (L5 -> L5-S1, C6 -> C5-C6)."""
        if self.lower:
            return self
        v = self.upper
        if v.number == 0:
            return self
        if v.region == "C" and v.number > 1:
            return Level(Vertebra("C", v.number - 1), v)
        if v.region == "S":
            return self
        return Level(v, v.next())


_V = r"([CTLS])\s?-?(\d{1,2})"
_LEVEL = re.compile(
    rf"(?<![A-Za-z0-9])(?:{_V}(?:\s*(?:-|–|/|to\b|through|thru)\s*|\s?(?=S1\b|T1\b))(?:([CTLS])\s?(\d{{1,2}})|(\d{{1,2}})(?!\d))"
    rf"|([CL])([1-7])([1-8])(?!\d)|{_V})(?![0-9])(?!\s*(?:mg|ml|cc|%|gauge|g\b|mm|cm))",
)


def _vert(region: str, num: str) -> Vertebra | None:
    n = int(num)
    if region not in _REGION_SIZE or n < 1 or n > _REGION_SIZE[region] + (1 if region == "L" else 0):
        return None
    return Vertebra(region, n)


_BLANK_LEVEL = re.compile(r"(?<![A-Za-z0-9])([CTL])(?:#|\*+|_{2,}|\?)")


def parse_levels(text: str) -> list[tuple[int, int, list[Level]]]:
    """Level mentions as (start, end, levels); a range of more than one segment is expanded.
    A template blank ("C#", "L***") is one level of unknown number (label "C#").

    >>> [[l.label for l in ls] for _, _, ls in parse_levels("L3-L5 and C7-T1, L5, L5S1, C#")]
    [['L3-L4', 'L4-L5'], ['C7-T1'], ['L5'], ['L5-S1'], ['C#']]
    """
    out: list[tuple[int, int, list[Level]]] = []
    for m in _BLANK_LEVEL.finditer(text):
        out.append((m.start(), m.end(), [Level(Vertebra(m.group(1), 0))]))
    for m in _LEVEL.finditer(text):
        if m.group(1):
            a = _vert(m.group(1), m.group(2))
            if m.group(3):
                b = _vert(m.group(3), m.group(4))
            else:
                b = _vert(m.group(1), m.group(5))
            if a is None or b is None or b.index <= a.index:
                # "L5 S1" split by space where the second part is odd: take the first only
                if a is not None and b is None:
                    out.append((m.start(), m.start() + len(m.group(1)) + len(m.group(2)), [Level(a)]))
                continue
            if b.index - a.index > 6:
                continue
            segs = []
            v = a
            while v.index < b.index:
                segs.append(Level(v, v.next()))
                v = v.next()
            out.append((m.start(), m.end(), segs))
        elif m.group(6):
            a = _vert(m.group(6), m.group(7))
            b = _vert(m.group(6), m.group(8))
            if a is None or b is None or b.index != a.index + 1:
                continue
            out.append((m.start(), m.end(), [Level(a, b)]))
        else:
            a = _vert(m.group(9), m.group(10))
            if a is None:
                continue
            out.append((m.start(), m.end(), [Level(a)]))
    out.sort(key=lambda t: t[0])
    return out


_SIDE = re.compile(
    r"(?<![A-Za-z])(?:(?P<B>bilateral(?:ly)?|bilat\.?|b/l|both sides|both|R\s?(?:&|and|/)\s?L|left and right|"
    r"right and left|(?:the )?(?:other|opposite|contralateral) side)|(?P<R>right(?:-sided)?(?! (?:angles?|away|now|here|after|before|there)\b)|rt\.?|R)|(?P<L>(?<!was )(?<!were )(?<!been )(?<!is )(?<!be )(?<!are )left(?:-sided)?(?! (?:in place|in situ|intact|alone|over|behind|open|untouched|undisturbed|to dry|on\b))|lt\.?|L))(?![A-Za-z0-9])",
    re.I,
)


def find_sides(text: str) -> list[tuple[int, int, str]]:
    """Side words as (start, end, 'R'|'L'|'B'). Single letters R/L only in capitals.

    >>> [s for _, _, s in find_sides("b/l L4-5 and right-sided L5")]
    ['B', 'R']
    """
    out = []
    for m in _SIDE.finditer(text):
        word = m.group(0)
        if len(word.rstrip(".")) <= 1 and word not in ("R", "L"):
            continue
        if word in ("L", "R") and re.match(r"\s?-?\d", text[m.end():m.end() + 3]):
            continue  # L5 is a level, not "left"
        if word.lower() == "both" and not re.match(r"\s+(?:sides?|SI|sacroiliac|(?:\w+\s+)?(?:knees|hips|shoulders|"
                                                   r"elbows|wrists|ankles|feet|hands|legs|arms|heels|trapezius|"
                                                   r"buttocks|joints|L\d|C\d))\b", text[m.end():m.end() + 30], re.I):
            continue
        kind = "B" if m.group("B") else ("R" if m.group("R") else "L")
        out.append((m.start(), m.end(), kind))
    return out


_GLUE = re.compile(r"^[\s,&/.()-]*(?:(?:and|on|at|of|the|nerve|roots?|levels?|facets?|joints?|medial|"
                   r"branch(?:es)?|foramen|foramina|foraminal|side|sided|segments?|dorsal|rami|ramus|"
                   r"spaces?|interspaces?|vertebrae?)\b[\s,&/.()-]*)*$", re.I)


_LEADS = re.compile(r"[\s-]*(?:sided\s*)?(?:at\s+)?(?:the\s+)?", re.I)


def sided_levels(text: str, default_side: str | None = None) -> list[tuple[str | None, Level]]:
    """Pair each level with the side that governs it (see module doc).

    >>> [(s, l.label) for s, l in sided_levels("left L4-L5 and L5-S1 on the right")]
    [('L', 'L4-L5'), ('R', 'L5-S1')]
    """
    return [(s, l) for s, l, _ in sided_levels_at(text, default_side)]


def sided_levels_at(text: str, default_side: str | None = None) -> list[tuple[str | None, Level, int]]:
    """Like :func:`sided_levels`, with the offset of each level mention."""
    levels = parse_levels(text)
    sides = find_sides(text)

    def glue(a: int, b: int) -> bool:
        between = text[a:b]
        for s0, e0, _ in levels:
            if s0 >= a and e0 <= b:
                between = between.replace(text[s0:e0], " ", 1)
        return bool(_GLUE.match(between))

    out: list[tuple[str | None, Level, int]] = []
    for start, end, lvls in levels:
        before = [s for s in sides if s[1] <= start]
        after = [s for s in sides if s[0] >= end]
        side = None
        trailing_ok = False
        if after:
            later = [l for l in levels if l[0] >= after[0][1]]
            # a side right before a later level leads that level; it is not a trailing side
            trailing_ok = not (later and _LEADS.fullmatch(text[after[0][1]:later[0][0]]))
        if before and _LEADS.fullmatch(text[before[-1][1]:start]):
            side = before[-1][2]
        elif after and trailing_ok and glue(end, after[0][0]):
            side = after[0][2]
        elif before:
            side = before[-1][2]
        for lv in lvls:
            out.append((side or default_side, lv, start))
    return out


REGION_WORDS = re.compile(
    r"\b(?P<cervical>cervical|neck|C-spine)|(?P<thoracic>thoracic|T-spine)|"
    r"(?P<lumbar>lumbar|lumbosacral|low back|L-spine)|(?P<sacral>sacral|caudal|sacrum)\b",
    re.I,
)


def spine_region(levels: list[Level], text: str = "") -> str | None:
    """'cervical_thoracic' or 'lumbar_sacral' from levels, else from region words.

    >>> spine_region([], "lumbar TFESI")
    'lumbar_sacral'
    """
    regions = {l.region for l in levels}
    if regions:
        if regions <= {"cervical", "thoracic"}:
            return "cervical_thoracic"
        if regions <= {"lumbar", "sacral"}:
            return "lumbar_sacral"
        return None
    found = {k for m in REGION_WORDS.finditer(text) for k, v in m.groupdict().items() if v}
    if found and found <= {"cervical", "thoracic"}:
        return "cervical_thoracic"
    if found and found <= {"lumbar", "sacral"}:
        return "lumbar_sacral"
    return None
