"""The code facts the scrubber needs, precomputed once per code.

The reference stage (``painrcm.reference``) is the source of every fact; this module turns a
``CodeInfo`` into a small slotted record and caches it, so each edit reads plain attributes
(indicators as ints, regions normalised) instead of converting reference values on every line
of a million claims. NCCI pairs are cached the same way.

>>> facts("64484").is_addon, facts("64484").primaries
(True, ('64483',))
>>> facts("64483").imaging_included, facts("64483").bilateral_indicator
(True, 1)
>>> facts("12345").known
False
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from painrcm.policy.families import families_of, family_of

#: Level ladders: primary -> add-ons for the 2nd and 3rd+ level (CPT code structure).
LEVEL_LADDERS: dict[str, tuple[str, ...]] = {
    "64479": ("64480",), "64483": ("64484",),
    "64490": ("64491", "64492"), "64493": ("64494", "64495"),
    "64633": ("64634",), "64635": ("64636",),
    "0213T": ("0214T", "0215T"), "0216T": ("0217T", "0218T"),
    "22510": ("22512",), "22511": ("22512",), "22513": ("22515",), "22514": ("22515",),
}
#: Add-ons reported once per side whatever the level count (CPT: "third and any additional").
ONE_UNIT_ADDONS = frozenset({"64491", "64492", "64494", "64495", "0214T", "0215T", "0217T", "0218T"})
#: Imaging guidance codes.
IMAGING_CODES = frozenset({"77002", "77003", "76942", "77012", "77021"})
#: Office/outpatient E/M codes.
EM_CODES = frozenset({"99202", "99203", "99204", "99205", "99211", "99212", "99213", "99214", "99215"})


@dataclass(frozen=True, slots=True)
class CodeFacts:
    code: str
    known: bool = False
    family: str | None = None
    families: tuple[str, ...] = ()
    region: str | None = None  # cervical_thoracic | lumbar_sacral | None
    is_addon: bool = False
    primaries: tuple[str, ...] = ()
    imaging_included: bool = False
    global_days: int | None = None  # 0, 10, 90; None when not a global-surgery code
    bilateral_indicator: int | None = None
    mult_proc_indicator: int | None = None
    mue: int | None = None
    mue_mai: int | None = None
    effective_from: date | None = None
    effective_to: date | None = None

    @property
    def is_em(self) -> bool:
        return self.code in EM_CODES

    @property
    def is_imaging(self) -> bool:
        return self.code in IMAGING_CODES

    @property
    def is_procedure(self) -> bool:
        """A surgical/procedural primary (has a 0/10/90-day global)."""
        return self.global_days is not None

    def in_effect(self, day: date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to)


def _int(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _region(value) -> str | None:
    if not value:
        return None
    text = str(getattr(value, "value", value)).lower().replace("/", "_").replace("-", "_")
    if "cerv" in text or "thor" in text:
        return "cervical_thoracic"
    if "lumb" in text or "sacr" in text:
        return "lumbar_sacral"
    return text


def _global(value) -> int | None:
    if value is None:
        return None
    text = str(value).strip().upper()
    return int(text) if text.isdigit() else None


def _from_reference(code: str) -> CodeFacts:
    from painrcm.reference import codes as ref  # noqa: PLC0415

    info = ref.lookup(code)
    if info is None:
        return CodeFacts(code=code, family=family_of(code), families=families_of(code))
    mue = info.mue
    return CodeFacts(
        code=code, known=True, family=family_of(code), families=families_of(code),
        region=_region(info.region), is_addon=bool(info.is_addon), primaries=tuple(info.primaries or ()),
        imaging_included=bool(info.imaging_included), global_days=_global(info.global_days),
        bilateral_indicator=_int(info.bilateral_indicator), mult_proc_indicator=_int(info.mult_proc_indicator),
        mue=_int(getattr(mue, "value", mue)), mue_mai=_int(info.mue_mai),
        effective_from=info.effective_from, effective_to=info.effective_to,
    )


@lru_cache(maxsize=4096)
def facts(code: str) -> CodeFacts:
    """Cached facts of one code (unknown codes come back with ``known=False``)."""
    return _from_reference(code.strip().upper())


@dataclass(frozen=True, slots=True)
class PairEdit:
    column1: str
    column2: str
    modifier_indicator: int  # 0 never together, 1 a modifier may allow, 9 not applicable
    deletion_date: date | None = None

    def active_on(self, day: date) -> bool:
        return self.deletion_date is None or day <= self.deletion_date


@lru_cache(maxsize=65536)
def ptp(code1: str, code2: str) -> PairEdit | None:
    """The active NCCI practitioner PTP edit between two codes, in either order (column 1 first)."""
    from painrcm.reference import ncci  # noqa: PLC0415

    edit = ncci.ptp_edit(code1, code2)
    if edit is None:
        return None
    mi = _int(edit.modifier_indicator)
    return None if mi is None else PairEdit(edit.column1, edit.column2, mi, edit.deletion_date)
