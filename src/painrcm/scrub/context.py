"""Everything a claim is scrubbed against, besides the claim itself.

``ScrubContext`` holds the payer policy, the as-of date (for timely filing), the patient
history index, authorizations, provider enrollments and credentials, and the facts of the
claim's note when there is one. Build one per run with :func:`build_context`, then give each
claim its own note with ``ctx.with_note(...)`` (cheap: the indexes are shared).

>>> ctx = build_context("medicare", as_of=date(2026, 3, 1))
>>> ctx.policy.id, ctx.as_of, len(ctx.history)
('medicare', datetime.date(2026, 3, 1), 0)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from painrcm.auth.model import Authorization, Credential, PayerEnrollment
from painrcm.claims.model import Claim
from painrcm.scrub.history import HistoryIndex


class AuthIndex:
    """Authorizations by patient (id or member id) and by number."""

    __slots__ = ("_by_patient", "_by_number", "_all")

    def __init__(self, auths: Iterable[Authorization] = ()) -> None:
        self._by_patient: dict[str, list[Authorization]] = {}
        self._by_number: dict[str, Authorization] = {}
        self._all: list[Authorization] = []
        for a in auths:
            self.add(a)

    def add(self, auth: Authorization) -> None:
        self._all.append(auth)
        self._by_patient.setdefault(auth.patient_id.strip().upper(), []).append(auth)
        self._by_number[auth.number.strip().upper()] = auth

    def __len__(self) -> int:
        return len(self._all)

    def for_claim(self, claim: Claim) -> list[Authorization]:
        """Authorizations filed under the claim's patient id or member id."""
        out: list[Authorization] = []
        for key in {claim.patient_id.strip().upper(), claim.subscriber.member_id.strip().upper()}:
            out.extend(self._by_patient.get(key, ()))
        return out

    def by_number(self, number: str | None) -> Authorization | None:
        return self._by_number.get(number.strip().upper()) if number else None


@dataclass(frozen=True, slots=True)
class NoteProcedure:
    """What the note says about one procedure (a thin copy of the coder's fact)."""

    family: str
    approach: str | None = None
    region: str | None = None
    levels: tuple[tuple[str | None, str], ...] = ()
    sides: tuple[str, ...] = ()
    imaging_modality: str | None = None
    imaging_missing: tuple[str, ...] = ()  # guidance / permanent image / interpretation
    imaging_explicitly_none: bool = False
    muscle_count: int | None = None
    purpose: str | None = None
    relief_pct: int | None = None
    relief_hours: float | None = None


#: note-fact family (painrcm.notes) -> the code families (painrcm.policy.families) it is coded to.
_NOTE_TO_CODE_FAMILIES: dict[str, tuple[str, ...]] = {
    "epidural": ("esi_interlaminar", "esi_transforaminal", "epidural_catheter", "epidural_blood_patch"),
    "facet": ("facet_injection", "facet_injection_ultrasound"),
    "rfa": ("facet_rfa", "genicular_rfa", "si_joint_rfa"),
    "si_joint": ("si_joint_injection",),
    "joint": ("joint_injection",),
    "tendon": ("tendon_injection",),
    "tpi": ("trigger_point",),
    "nerve_block": ("peripheral_nerve_block", "sympathetic_block"),
    "augmentation": ("vertebral_augmentation",),
    "scs_leads": ("scs",), "scs_paddle": ("scs",), "scs_generator": ("scs",),
    "scs_programming": ("neurostimulator_programming",),
}


def note_family_matches(note_family: str, code_family: str | None) -> bool:
    """Whether a note's procedure fact (``epidural``, ``facet`` ...) is about a code family.

    >>> note_family_matches("epidural", "esi_transforaminal"), note_family_matches("facet", "facet_rfa")
    (True, False)
    """
    if not code_family:
        return False
    nf = (note_family or "").lower()
    return code_family in _NOTE_TO_CODE_FAMILIES.get(nf, (nf,))


@dataclass(frozen=True, slots=True)
class NoteEvidence:
    """The coded reading of the claim's note: lines the note supports and its facts."""

    lines: tuple[tuple[str, tuple[str, ...], int], ...] = ()  # (code, modifiers, units)
    procedures: tuple[NoteProcedure, ...] = ()
    separate_evaluation: bool | None = None  # E/M distinct from the procedure decision
    conservative_treatment: bool | None = None
    query_topics: tuple[str, ...] = ()
    status: str = "ready"

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(c for c, _, _ in self.lines)


def _hours(duration: Any) -> float | None:
    """'6 hours', '2 days', 4 -> hours (None when unreadable)."""
    if duration is None:
        return None
    if isinstance(duration, (int, float)):
        return float(duration)
    import re  # noqa: PLC0415

    m = re.search(r"(\d+(?:\.\d+)?)\s*(hour|hr|h\b|day|week|month|minute|min)", str(duration).lower())
    if not m:
        return None
    n = float(m.group(1))
    unit = m.group(2)
    return n * {"hour": 1, "hr": 1, "h": 1, "day": 24, "week": 168, "month": 720,
                "minute": 1 / 60, "min": 1 / 60}[unit]


def _pct(value: Any) -> int | None:
    """A relief percentage 0-100; anything else (None, -1 for "not stated", text) is unknown."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if 0 <= value <= 100 else None


def _g(obj: Any, key: str, default: Any = None) -> Any:
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _levels(raw: Any) -> tuple[tuple[str | None, str], ...]:
    out = []
    for item in raw or ():
        if isinstance(item, dict):
            out.append((item.get("side"), str(item.get("level", ""))))
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            out.append((item[0], str(item[1])))
    return tuple(out)


def note_evidence(result: Any) -> NoteEvidence:
    """Adapt a ``painrcm.coding.CodingResult`` (``.lines``, ``.facts`` as object or JSON dict,
    ``.queries``, ``.status``) to ``NoteEvidence``."""
    lines = tuple((str(_g(ln, "code")), tuple(_g(ln, "modifiers", ()) or ()), int(_g(ln, "units", 1) or 1))
                  for ln in _g(result, "lines", ()) or ())
    facts = _g(result, "facts")
    procs: list[NoteProcedure] = []
    separate = None
    conservative = None
    if facts:
        for p in _g(facts, "procedures", ()) or ():
            img = _g(p, "imaging")
            missing = _g(img, "missing", ()) or ()
            procs.append(NoteProcedure(
                family=str(_g(p, "family", "")), approach=_g(p, "approach"), region=_g(p, "region"),
                levels=_levels(_g(p, "levels")), sides=tuple(_g(p, "sides", ()) or ()),
                imaging_modality=_g(img, "modality"), imaging_missing=tuple(missing),
                imaging_explicitly_none=bool(_g(img, "explicitly_none", False)),
                muscle_count=_g(p, "muscle_count") if _g(p, "muscle_count") is not None else (
                    len(_g(p, "muscles")) if _g(p, "muscles") else None), purpose=_g(p, "purpose"),
                relief_pct=_pct(_g(p, "relief_pct")), relief_hours=_hours(_g(p, "duration"))))
        visit = _g(facts, "visit")
        if visit and _g(visit, "is_visit", False):
            separate = bool(_g(visit, "separate_evaluation", False))
        conservative = _g(facts, "conservative_treatment")
    topics = tuple(str(_g(q, "topic", q)) for q in _g(result, "queries", ()) or ())
    status = str(_g(result, "status", "ready") or "ready")
    return NoteEvidence(lines, tuple(procs), separate, conservative, topics, status)


@dataclass(frozen=True)
class ScrubContext:
    """What a claim is scrubbed against (see module docstring).

    ``authorizations``, ``enrollments`` and ``credentials`` are None when not supplied: the
    edits that need them are then skipped, not failed. ``policy`` None means the shipped
    ``medicare`` profile (CMS defaults).
    """

    policy: Any = None  # painrcm.policy.PayerPolicy
    as_of: date = field(default_factory=date.today)
    history: HistoryIndex = field(default_factory=HistoryIndex)
    authorizations: AuthIndex | None = None
    enrollments: tuple[PayerEnrollment, ...] | None = None
    credentials: tuple[Credential, ...] | None = None
    note: NoteEvidence | None = None
    state: str | None = None  # where the service was given (prior-auth rules by state); default: billing address

    def __post_init__(self) -> None:
        if self.policy is None:
            from painrcm.policy import load_policy  # noqa: PLC0415

            object.__setattr__(self, "policy", load_policy("medicare"))

    def with_note(self, note: NoteEvidence | None) -> "ScrubContext":
        return dataclasses.replace(self, note=note)

    def with_policy(self, policy: Any) -> "ScrubContext":
        return dataclasses.replace(self, policy=policy)


def build_context(payer_id: str | None = None, *, payers_dir: str | None = None,
                  as_of: date | None = None, history: Iterable[Claim] = (),
                  authorizations: Iterable[Authorization] | None = None,
                  enrollments: Iterable[PayerEnrollment] | None = None,
                  credentials: Iterable[Credential] | None = None) -> ScrubContext:
    """A context for one payer (``payer_id`` = policy id; None: CMS defaults) and a claim history."""
    policy = None
    if payer_id is not None:
        from pathlib import Path  # noqa: PLC0415

        from painrcm.policy import load_policy  # noqa: PLC0415

        policy = load_policy(payer_id, Path(payers_dir) if payers_dir else None)
    return ScrubContext(
        policy=policy, as_of=as_of or date.today(), history=HistoryIndex(history),
        authorizations=AuthIndex(authorizations) if authorizations is not None else None,
        enrollments=tuple(enrollments) if enrollments is not None else None,
        credentials=tuple(credentials) if credentials is not None else None,
    )

