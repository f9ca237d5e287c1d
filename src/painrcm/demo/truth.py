"""What was really done at a synthetic encounter: the structured facts a note is written from.

The demo generator decides these facts first, then a note writer renders them as text in some
physician's style, and ``painrcm.demo.labels`` derives the expected coding from the facts alone
(never by running the coder). ``gaps`` name the documentation elements the note deliberately
leaves out (the seeds' list: approach not stated, image not saved, "significant relief" ...).

>>> p = Procedure("tfesi", region="lumbar", targets=(("right", "L4-5"), ("left", "L4-5")))
>>> p.sides, p.levels
(('left', 'right'), ('L4-5',))
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: documentation gaps a note may carry (each maps to a query topic in labels)
GAPS = (
    "approach",          # epidural approach not stated
    "laterality",        # side(s) not stated
    "image_saved",       # imaging used but no permanent image recorded
    "interpretation",    # imaging used but no interpretation documented
    "imaging_unstated",  # note does not say whether imaging was used
    "modality_unnamed",  # interlaminar epidural: contrast spread described, modality (fluoro/CT) not named
    "muscles",           # trigger points: muscles not named or counted
    "parameters",        # SCS programming: parameters not stated
    "device",            # SCS implant: device type not stated
    "relief_pct",        # "significant relief" instead of a percentage
    "relief_duration",   # relief duration missing
    "em_level",          # visit note without MDM elements or time
    "diagnosis",         # no diagnosis documented
)


@dataclass(frozen=True, slots=True)
class Procedure:
    """One procedure as performed.

    ``targets`` are (side, level-or-site) pairs; side is ``right``, ``left`` or ``midline``.
    Spine levels are written ``L4-5``/``L5-S1``/``C5-6`` (a foramen for transforaminal work,
    a joint for facet/RFA work, a vertebral body like ``L1`` for vertebral augmentation).
    """

    family: str
    region: str = ""
    targets: tuple[tuple[str, str], ...] = ()
    approach: str = ""            # interlaminar | transforaminal | caudal | kyphoplasty | vertebroplasty
    imaging: str = ""             # fluoroscopy | ct | ultrasound | none | ""
    image_saved: bool = True
    interpretation: bool = True
    site: str = ""                # joint, nerve, ganglion ...
    muscles: tuple[tuple[str, str], ...] = ()  # (side, muscle)
    diagnostic: bool = False      # medial branch block (vs intra-articular)
    leads: int = 0
    device: str = ""              # integrated | rechargeable | nonrechargeable
    parameters: tuple[str, ...] | None = None  # changed parameters; () = interrogation only
    relief_pct: int | None = None  # relief from the prior diagnostic block(s)
    relief_hours: int | None = None
    prior_blocks: int = 0
    drug: str = ""
    dx: tuple[str, ...] = ()
    gaps: frozenset[str] = frozenset()

    @property
    def sides(self) -> tuple[str, ...]:
        return tuple(sorted({s for s, _ in self.targets}))

    @property
    def levels(self) -> tuple[str, ...]:
        seen: list[str] = []
        for _, lvl in self.targets:
            if lvl not in seen:
                seen.append(lvl)
        return tuple(seen)

    def levels_on(self, side: str) -> tuple[str, ...]:
        return tuple(lvl for s, lvl in self.targets if s == side)


@dataclass(frozen=True, slots=True)
class Visit:
    """An office E/M service. MDM element levels use 2 straightforward .. 5 high."""

    new: bool
    problems: int
    data: int
    risk: int
    minutes: int | None = None
    complaint: str = ""           # chief complaint key
    side: str = "left"            # side of a one-sided complaint (knee, leg, arm)
    dx: tuple[str, ...] = ()
    separate: bool = True         # separately identifiable from a same-day procedure
    longitudinal: bool = True     # ongoing care of a chronic condition by this practice
    gaps: frozenset[str] = frozenset()

    @property
    def mdm_level(self) -> int:
        """2 of 3 elements: the second-highest element level."""
        return sorted((self.problems, self.data, self.risk), reverse=True)[1]


@dataclass(frozen=True, slots=True)
class EncounterTruth:
    """Everything the note is written from, and the label derived from it."""

    scenario: str
    procedures: tuple[Procedure, ...] = ()
    visit: Visit | None = None
    place_of_service: str = "11"
    printed_codes: tuple[str, ...] = ()   # codes typed at the end of a dictation (never copied)
    not_billable: str = ""                # free-text extra: outside the code set / cancelled (lysis: 62264)
    planned: tuple[str, ...] = ()         # hypothetical / planned procedures mentioned only
    style: str = ""
    expected: dict = field(default_factory=dict, compare=False)
