"""Value types of a payer policy file: codes, families, places of service, states, ICD-10 prefixes.

Each is a pydantic ``Annotated`` string with a check, so a bad value fails validation with the
key path of the value (``prior_auth.rules.0.states.1``) rather than later in a scrub edit.
YAML reads an unquoted place of service such as ``24`` as the integer 24; ``PlaceOfService``
turns it back into the two-digit string ``"24"`` (and ``1`` into ``"01"``).
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, ConfigDict, BaseModel

from painrcm.policy.families import FAMILY_NAMES, SPINAL_REGIONS


class Strict(BaseModel):
    """Base of every policy model: unknown keys fail, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


_CODE = re.compile(r"^(\d{4}[0-9FTU]|[A-Z]\d{4})$")
_ICD_PREFIX = re.compile(r"^[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$")
_STATE = re.compile(r"^[A-Z]{2}$")
_POS = re.compile(r"^\d{2}$")
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")


def _as_text(value: object) -> object:
    if isinstance(value, bool):
        return value  # leave for the type check to reject
    if isinstance(value, int):
        return str(value)
    return value


def _pos(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:02d}"
    return value


def _check_pos(value: str) -> str:
    if not _POS.match(value):
        raise ValueError(f"place of service must be two digits (e.g. '11', '22', '24'), got {value!r}")
    return value


def _check_code(value: str) -> str:
    value = value.strip().upper()
    if not _CODE.match(value):
        raise ValueError(f"not a CPT/HCPCS code: {value!r}")
    return value


def _check_family(value: str) -> str:
    if value not in FAMILY_NAMES:
        raise ValueError(f"unknown procedure family {value!r} (known: {', '.join(sorted(FAMILY_NAMES))})")
    return value


def _check_code_or_family(value: str) -> str:
    if value in FAMILY_NAMES:
        return value
    if _CODE.match(value.strip().upper()):
        return value.strip().upper()
    raise ValueError(f"not a procedure family or CPT/HCPCS code: {value!r}")


def _check_state(value: str) -> str:
    if not _STATE.match(value):
        raise ValueError(f"state must be a two-letter upper-case code (e.g. 'TX'), got {value!r}")
    return value


def _check_icd_prefix(value: str) -> str:
    if not _ICD_PREFIX.match(value):
        raise ValueError(f"not an ICD-10-CM code or prefix with the dot (e.g. 'M54.1', 'M47.81'): {value!r}")
    return value


def _check_modifier(value: str) -> str:
    if not _MODIFIER.match(value):
        raise ValueError(f"a modifier is two letters/digits, got {value!r}")
    return value


def _check_region(value: str) -> str:
    if value not in SPINAL_REGIONS:
        raise ValueError(f"spinal region must be one of {', '.join(SPINAL_REGIONS)}, got {value!r}")
    return value


PlaceOfService = Annotated[str, BeforeValidator(_pos), AfterValidator(_check_pos)]
Code = Annotated[str, BeforeValidator(_as_text), AfterValidator(_check_code)]
Family = Annotated[str, AfterValidator(_check_family)]
CodeOrFamily = Annotated[str, BeforeValidator(_as_text), AfterValidator(_check_code_or_family)]
State = Annotated[str, AfterValidator(_check_state)]
IcdPrefix = Annotated[str, AfterValidator(_check_icd_prefix)]
Modifier = Annotated[str, BeforeValidator(_as_text), AfterValidator(_check_modifier)]
SpinalRegion = Annotated[str, AfterValidator(_check_region)]


class BilateralStyle(str, Enum):
    """How a payer wants a procedure done on both sides reported."""

    MODIFIER_50_ONE_LINE = "modifier_50_one_line"    # one line, modifier 50, 1 unit (Medicare)
    MODIFIER_50_TWO_UNITS = "modifier_50_two_units"  # one line, modifier 50, 2 units
    RT_LT_TWO_LINES = "rt_lt_two_lines"              # two lines, RT and LT, 1 unit each


class DistinctProcedureModifier(str, Enum):
    """Which modifier marks a distinct procedural service: 59 or the X{E,P,S,U} subset."""

    M59 = "59"
    X = "X"


class XModifier(str, Enum):
    XE = "XE"  # separate encounter
    XP = "XP"  # separate practitioner
    XS = "XS"  # separate structure (organ/site)
    XU = "XU"  # unusual non-overlapping service


class ModifierCondition(str, Enum):
    """When a required modifier applies to a line of its codes."""

    ALWAYS = "always"
    DIAGNOSTIC = "diagnostic"          # the injection is diagnostic (e.g. selective nerve root block, MBB)
    THERAPEUTIC = "therapeutic"
    OVER_FREQUENCY_LIMIT = "over_frequency_limit"  # medical-necessity exception documented


class ProlongedCode(str, Enum):
    CPT_99417 = "99417"
    MEDICARE_G2212 = "G2212"
