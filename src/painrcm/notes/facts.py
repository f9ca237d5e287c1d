"""What a note says was done: pure dataclasses, no coding decisions.

>>> Imaging("fluoroscopy", True, False, True).missing
('permanent image',)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Evidence:
    """A span of the original note text."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Imaging:
    """The guidance modality and its three documentation elements."""

    modality: str | None = None  # fluoroscopy | ct | ultrasound | None
    guidance_documented: bool = False
    permanent_image: bool = False
    interpretation: bool = False
    explicitly_none: bool = False  # "no imaging was used"

    @property
    def missing(self) -> tuple[str, ...]:
        names = (("guidance", self.guidance_documented), ("permanent image", self.permanent_image),
                 ("interpretation", self.interpretation))
        return tuple(n for n, ok in names if not ok)

    @property
    def complete(self) -> bool:
        return self.modality is not None and not self.missing


@dataclass(frozen=True)
class ProcedureFact:
    """One performed procedure (family + target), with what decides its code."""

    family: str  # epidural, facet, rfa, si_joint, joint, tpi, nerve_block, scs_*, ...
    target: str = ""  # knee, occipital, genicular, medial_branch, ...
    approach: str | None = None  # interlaminar | transforaminal | caudal
    region: str | None = None  # cervical_thoracic | lumbar_sacral | (joint size) ...
    levels: tuple[tuple[str | None, str], ...] = ()  # (side, level label)
    sides: tuple[str, ...] = ()  # 'R', 'L' (B expanded)
    imaging: Imaging = field(default_factory=Imaging)
    muscles: tuple[str, ...] = ()
    muscle_count: int | None = None
    purpose: str | None = None  # diagnostic | therapeutic
    relief_pct: int | None = None
    duration: str | None = None
    leads: int | None = None
    parameters: int | None = None
    device: str | None = None
    detail: str = ""  # extra choice (e.g. 'continuous', 'paddle', 'removal')
    evidence: tuple[Evidence, ...] = ()
    issues: tuple[tuple[str, str], ...] = ()  # (query topic, message) found while reading

    def to_json(self) -> dict:
        d = asdict(self)
        d["evidence"] = [e.to_json() for e in self.evidence]
        d["levels"] = [{"side": s, "level": l} for s, l in self.levels]
        d["imaging"]["missing"] = list(self.imaging.missing) if self.imaging.modality else []
        d["issues"] = [{"topic": t, "message": m} for t, m in self.issues]
        return d


@dataclass(frozen=True)
class VisitFacts:
    """Evaluation and management facts of the note."""

    is_visit: bool = False
    visit_type: str | None = None  # new | established
    problems: str | None = None  # MDM levels: straightforward | low | moderate | high
    data: str | None = None
    risk: str | None = None
    total_minutes: int | None = None
    longitudinal: bool = False
    separate_evaluation: bool = False
    opioid_monitoring: bool = False  # opioid management with PDMP/UDS review (risk option)
    evidence: tuple[Evidence, ...] = ()

    def to_json(self) -> dict:
        d = asdict(self)
        d["evidence"] = [e.to_json() for e in self.evidence]
        return d


@dataclass(frozen=True)
class NoteFacts:
    """Everything extracted from one note."""

    procedures: tuple[ProcedureFact, ...]
    visit: VisitFacts
    diagnosis_text: tuple[Evidence, ...] = ()
    printed_codes: tuple[str, ...] = ()
    planned: tuple[str, ...] = ()  # families mentioned only as planned/hypothetical
    unsupported: tuple[tuple[str, Evidence], ...] = ()  # (what, evidence) outside the code set

    def to_json(self) -> dict:
        return {
            "procedures": [p.to_json() for p in self.procedures],
            "visit": self.visit.to_json(),
            "printed_codes": list(self.printed_codes),
            "planned": list(self.planned),
            "unsupported": [w for w, _ in self.unsupported],
        }
