"""ICD-10-CM codes: validity, billability (leaf codes), descriptions and children.

A thin, cached wrapper around the ``simple-icd-10-cm`` package (1.5.0, ICD-10-CM April 2026
release). That package loads its whole classification when imported (about 1.5 s), so it is
imported on first use, not with painrcm; each answer is cached, so the scrubber's repeated
questions cost a dictionary lookup. Chapters and blocks (``"13"``, ``"M40-M54"``) are not
codes: they are neither valid nor billable here.

>>> is_billable("M54.16"), is_billable("M54.4"), is_billable("M48.06")
(True, False, False)
>>> "without myelopathy or radiculopathy" in description("M47.816")
True
>>> normalize(" m54.16 "), with_dot("M5416"), with_dot("G8929")
('M5416', 'M54.16', 'G89.29')
>>> children("M48.06")
('M48.061', 'M48.062')
>>> is_valid("M54.99"), is_valid("M40-M54")
(False, False)
"""

from __future__ import annotations

import warnings
from functools import cache
from types import ModuleType

VERSION = "ICD-10-CM April 2026 (simple-icd-10-cm 1.5.0)"


@cache
def _lib() -> ModuleType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm

    return simple_icd_10_cm


def normalize(code: str) -> str:
    """Upper case, no dot, no spaces: the form used on an 837 (HI segment).

    >>> normalize("s32.010a")
    'S32010A'
    """
    return code.strip().upper().replace(".", "").replace(" ", "")


def with_dot(code: str) -> str:
    """The dotted form used in notes and reports (a dot after the third character).

    >>> with_dot("M54"), with_dot("m47.816")
    ('M54', 'M47.816')
    """
    bare = normalize(code)
    return bare if len(bare) <= 3 else f"{bare[:3]}.{bare[3:]}"


@cache
def _valid(bare: str) -> bool:
    lib = _lib()
    if not bare or not lib.is_valid_item(bare):
        return False
    return not lib.is_chapter_or_block(bare)


def is_valid(code: str) -> bool:
    """Whether the code is an ICD-10-CM category, subcategory or code (billable or not)."""
    return _valid(normalize(code))


@cache
def _billable(bare: str) -> bool:
    return _valid(bare) and _lib().is_leaf(bare)


def is_billable(code: str) -> bool:
    """Whether the code may go on a claim (a leaf: no more specific code below it).

    >>> is_billable("G89.29"), is_billable("M54.5"), is_billable("M54.50")
    (True, False, True)
    """
    return _billable(normalize(code))


@cache
def _description(bare: str) -> str | None:
    return _lib().get_description(bare) if _valid(bare) else None


def description(code: str) -> str | None:
    """The ICD-10-CM title of a code (public domain, CDC/NCHS), or None when not valid."""
    return _description(normalize(code))


@cache
def _children(bare: str) -> tuple[str, ...]:
    return tuple(_lib().get_children(bare)) if _valid(bare) else ()


def children(code: str) -> tuple[str, ...]:
    """The codes one level below (dotted form); () for a leaf or an invalid code.

    >>> children("M54.4")
    ('M54.40', 'M54.41', 'M54.42')
    """
    return _children(normalize(code))


@cache
def _parent(bare: str) -> str | None:
    if not _valid(bare):
        return None
    parent = _lib().get_parent(bare)
    return None if not parent or _lib().is_chapter_or_block(parent) else parent


def parent(code: str) -> str | None:
    """The code one level up (dotted), or None for a category or an invalid code.

    >>> parent("M54.16"), parent("M54")
    ('M54.1', None)
    """
    return _parent(normalize(code))
