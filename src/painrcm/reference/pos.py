"""CMS place of service (POS) codes and whether the PFS facility rate applies.

From the CMS Place of Service code set (September 2023). ``facility`` says which Medicare
physician fee schedule rate a professional claim at that place gets: True = facility rate
(hospital, ASC, SNF...), False = non-facility rate (office, home...), None = CMS assigns no
rate setting (e.g. pharmacy-only or unassigned codes).

>>> place_of_service("11")
PlaceOfService(code='11', name='Office', facility=False)
>>> place_of_service("24").facility, is_facility("22"), is_facility(11)
(True, True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from painrcm.errors import NotFound
from painrcm.reference._data import read_rows


@dataclass(frozen=True, slots=True)
class PlaceOfService:
    code: str
    name: str
    facility: bool | None


_SETTING = {"Facility": True, "Non-Facility": False}


@cache
def _table() -> dict[str, PlaceOfService]:
    return {row["pos_code"]: PlaceOfService(row["pos_code"], row["pos_name"],
                                            _SETTING.get(row["pfs_rate_setting"]))
            for row in read_rows("place_of_service.csv")}


def _norm(code: str | int) -> str:
    return str(code).strip().zfill(2)


def place_of_service(code: str | int) -> PlaceOfService | None:
    """The POS entry for a two-digit code (``"11"``, ``11`` or ``"5"`` -> ``"05"``), or None.

    >>> place_of_service("99").name
    'Other Place of Service'
    >>> place_of_service("00") is None
    True
    """
    return _table().get(_norm(code))


def is_facility(pos: str | int) -> bool:
    """Whether the PFS facility rate applies at this place of service.

    Codes without a CMS rate setting count as non-facility (the PFS default). An unknown
    code raises :class:`painrcm.errors.NotFound`.

    >>> is_facility("12")
    False
    """
    found = place_of_service(pos)
    if found is None:
        raise NotFound(f"unknown place of service code {pos!r}", field="place_of_service")
    return bool(found.facility)


def all_places() -> tuple[PlaceOfService, ...]:
    return tuple(_table().values())
