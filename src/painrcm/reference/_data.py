"""Where the shipped reference files live and how they are read (internal helper).

Every file in ``painrcm/reference/data/`` is built by ``scripts/build_reference_data.py``
(see ``MANIFEST.json`` there for the source of each). Loaders in the sibling modules read
them once, lazily, and cache the parsed result.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Iterator


def read_rows(name: str) -> Iterator[dict[str, str]]:
    """Rows of a shipped CSV (``.csv`` or ``.csv.gz``) as dictionaries."""
    raw = resources.files("painrcm.reference").joinpath("data").joinpath(name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    yield from csv.DictReader(io.StringIO(raw.decode("utf-8")))


@cache
def manifest() -> dict:
    """The build manifest: sources, SHA-256 and version of each shipped data file."""
    data = resources.files("painrcm.reference").joinpath("data")
    text = data.joinpath("MANIFEST.json").read_text("utf-8")
    return json.loads(text)


def version(name: str) -> str:
    """The version string recorded for a shipped data file.

    >>> version("codes.csv").startswith("CMS PPRRVU 2025 Oct")
    True
    """
    return manifest()["outputs"][name]["version"]


def opt(value: str | None) -> str | None:
    """Blank -> None; anything else stripped."""
    value = (value or "").strip()
    return value or None


def opt_decimal(value: str | None) -> Decimal | None:
    value = opt(value)
    return Decimal(value) if value is not None and value.upper() != "NA" else None


def opt_int(value: str | None) -> int | None:
    value = opt(value)
    return int(value) if value is not None else None


def opt_date(value: str | None) -> date | None:
    """ISO (2018-12-31) or CMS compact (20181231) date; blank -> None."""
    value = opt(value)
    if value is None:
        return None
    if len(value) == 8 and value.isdigit():
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    return date.fromisoformat(value)
