"""The CPT/HCPCS codes of an interventional pain practice, with the CMS facts billers check.

One :class:`CodeInfo` per code: our own short plain-language descriptor (never the AMA CPT
text), the code family and spinal region, whether it is an add-on and which primary codes it
goes with (CPT parenthetical instructions), how units are counted, whether imaging guidance is
part of the code, and the CMS values from the 2025 October PFS relative value file (status,
global days, bilateral and multiple-procedure indicators, RVUs) and the practitioner MUE table
(effective 2024-07-01). Deleted codes stay in the table with their termination date, because
old dictations still print them (76005, 95973).

The hand-written part lives in ``data/code_set.csv``; ``scripts/build_reference_data.py``
merges it with the CMS files into ``data/codes.csv``, which this module reads once and caches.
A lookup is one dictionary access.

>>> info = lookup("64484")
>>> info.family, info.is_addon, info.primaries, info.units_rule
('esi_transforaminal', True, ('64483',), 'per_additional_level')
>>> info.global_indicator, info.bilateral_indicator, info.mue, info.mue_mai
('ZZZ', '1', 4, '3')
>>> lookup("64483").addons
('64484',)
>>> lookup("95973").in_effect(date(2019, 1, 1)), lookup("95973").effective_to
(False, datetime.date(2018, 12, 31))
>>> lookup("62323").imaging_included, lookup("77003").imaging_included
(True, False)
>>> lookup("99999") is None
True
>>> [c.code for c in codes_in_family("facet") if c.in_effect(date(2025, 1, 1))][-3:]
['64493', '64494', '64495']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from painrcm.reference._data import opt, opt_date, opt_decimal, opt_int, read_rows, version

FAMILIES = (
    "esi_interlaminar", "epidural_catheter", "esi_transforaminal", "facet", "rfa", "scs",
    "scs_programming", "tpi", "si_joint", "joint", "nerve_block", "sympathetic_block",
    "neurolysis", "vertebral_augmentation", "epidural_other", "discography", "intrathecal_pump",
    "pns", "basivertebral_ablation", "dry_needling", "regenerative", "unlisted",
    "imaging_guidance", "em", "cpm", "care_management", "drug_administration", "drug", "device",
)
"""Code families, in the order a pain practice thinks of them."""

UNITS_RULES = {
    "per_session": "one unit per session (per side through modifiers where the code allows)",
    "first_level": "one unit for the first level/joint on each side",
    "per_level": "one unit per level (spinal level or disc)",
    "per_additional_level": "one unit per level/joint beyond the first",
    "once_per_session": "one unit per session whatever the count (e.g. third and further levels)",
    "per_lead": "one unit per lead (electrode array)",
    "per_joint": "one unit per joint, bursa or knee",
    "per_nerve": "one unit per nerve or nerve branch injected",
    "per_site": "one unit per site (tendon sheath, ligament, tendon origin, carpal tunnel)",
    "per_15_minutes": "one unit per full 15 minutes beyond the threshold",
    "per_30_minutes": "one unit per 30 minutes (deleted time-based codes)",
    "per_month": "one unit per calendar month (time thresholds apply)",
    "per_hcpcs_unit": "units = dose given / dose in the HCPCS descriptor",
    "per_device": "one unit per device implanted",
}
"""The units rules used in :attr:`CodeInfo.units_rule`."""

REGIONS = ("cervical_thoracic", "lumbar_sacral", "cervical", "thoracic", "lumbar")


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """What a biller needs to know about one CPT/HCPCS code (see module docstring)."""

    code: str
    descriptor: str
    family: str
    region: str | None
    is_addon: bool
    primaries: tuple[str, ...]
    units_rule: str
    imaging_included: bool
    imaging_modalities: tuple[str, ...]
    global_days: int | None
    global_indicator: str | None
    bilateral_indicator: str | None
    mult_proc_indicator: str | None
    mue: int | None
    mue_mai: str | None
    status_code: str | None
    work_rvu: Decimal | None
    nonfac_pe_rvu: Decimal | None
    fac_pe_rvu: Decimal | None
    mp_rvu: Decimal | None
    effective_from: date | None
    effective_to: date | None
    source: str
    note: str = ""                        # our remark (history, CMS status meaning)
    ncci_bundled_imaging: tuple[str, ...] = ()   # imaging codes NCCI PTP bundles into this code

    def in_effect(self, day: date) -> bool:
        """Whether the code may be reported for a date of service.

        >>> old = lookup("76005")
        >>> old.in_effect(date(2007, 12, 31)), old.in_effect(date(2008, 1, 1))
        (True, False)
        >>> lookup("G3002").in_effect(date(2024, 12, 31))
        False
        """
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.effective_to is None or day <= self.effective_to

    @property
    def deleted_on(self) -> date | None:
        """First day the code is no longer valid (day after the termination date), or None.

        >>> lookup("95973").deleted_on
        datetime.date(2019, 1, 1)
        """
        return self.effective_to + timedelta(days=1) if self.effective_to else None

    @property
    def addons(self) -> tuple[str, ...]:
        """Add-on codes that may be reported with this code as their primary.

        >>> lookup("64493").addons
        ('64494', '64495')
        """
        return _addons().get(self.code, ())


def _source(row: dict[str, str]) -> str:
    parts = ["painrcm code set (family, add-on primaries, imaging, dates: CPT/CMS rules)"]
    if row["in_pprrvu"] == "Y":
        parts.append("CMS PPRRVU 2025 Oct (RVU25D)")
    else:
        parts.append("not in CMS PPRRVU 2025 Oct")
    parts.append("MUE 2024-07-01" if row["in_mue"] == "Y" else "no practitioner MUE 2024-07-01")
    return "; ".join(parts)


def _global_days(indicator: str | None) -> int | None:
    return int(indicator) if indicator and indicator.isdigit() else None


def _split(value: str) -> tuple[str, ...]:
    return tuple(value.split()) if value.strip() else ()


@cache
def _index() -> dict[str, CodeInfo]:
    table: dict[str, CodeInfo] = {}
    for row in read_rows("codes.csv"):
        global_indicator = opt(row["global_days"])
        table[row["code"]] = CodeInfo(
            code=row["code"],
            descriptor=row["descriptor"],
            family=row["family"],
            region=opt(row["region"]),
            is_addon=row["is_addon"] == "Y",
            primaries=_split(row["primaries"]),
            units_rule=row["units_rule"],
            imaging_included=row["imaging_included"] == "Y",
            imaging_modalities=_split(row["imaging_modalities"]),
            global_days=_global_days(global_indicator),
            global_indicator=global_indicator,
            bilateral_indicator=opt(row["bilat_surg_indicator"]),
            mult_proc_indicator=opt(row["mult_proc_indicator"]),
            mue=opt_int(row["mue_value"]),
            mue_mai=opt(row["mai"]),
            status_code=opt(row["status_code"]),
            work_rvu=opt_decimal(row["work_rvu"]),
            nonfac_pe_rvu=opt_decimal(row["nonfac_pe_rvu"]),
            fac_pe_rvu=opt_decimal(row["fac_pe_rvu"]),
            mp_rvu=opt_decimal(row["mp_rvu"]),
            effective_from=opt_date(row["effective_from"]),
            effective_to=opt_date(row["effective_to"]),
            source=_source(row),
            note=row["note"],
            ncci_bundled_imaging=_split(row["ncci_bundled_imaging"]),
        )
    return table


@cache
def _addons() -> dict[str, tuple[str, ...]]:
    reverse: dict[str, list[str]] = {}
    for info in _index().values():
        for primary in info.primaries:
            reverse.setdefault(primary, []).append(info.code)
    return {code: tuple(sorted(found)) for code, found in reverse.items()}


def lookup(code: str, on: date | None = None) -> CodeInfo | None:
    """The facts for a code, or None when the code is not in the pain code set.

    Deleted codes are returned too: the caller checks :meth:`CodeInfo.in_effect`. ``on`` is
    accepted for when several yearly data versions ship; today one version answers every date.

    >>> lookup(" 64483 ").code
    '64483'
    >>> lookup("g2211").is_addon
    True
    """
    info = _index().get(code)
    if info is None and code:
        info = _index().get(code.strip().upper())
    return info


def all_codes() -> tuple[CodeInfo, ...]:
    """Every code in the set, in code order."""
    return _all_sorted()


@cache
def _all_sorted() -> tuple[CodeInfo, ...]:
    return tuple(sorted(_index().values(), key=lambda c: c.code))


@cache
def codes_in_family(family: str) -> tuple[CodeInfo, ...]:
    """The codes of one family (see :data:`FAMILIES`), in code order; () for an unknown family.

    >>> [c.code for c in codes_in_family("cpm")]
    ['G3002', 'G3003']
    """
    return tuple(c for c in _all_sorted() if c.family == family)


def data_version() -> str:
    """Version of the CMS data behind the code table.

    >>> "RVU25D" in data_version()
    True
    """
    return version("codes.csv")
