"""Domain dataclasses to JSON-ready values and back, for the JSON columns.

pydantic's ``TypeAdapter`` already knows how to dump a stdlib dataclass (Decimal as a
string, dates as ISO text, tuples as lists) and rebuild it with the right types, so
nested parts of a claim or a contract are stored through it rather than by hand.

>>> from painrcm.domain.parties import Address
>>> data = dump(Address, Address("1 Main St", "Austin", "TX", "78701"))
>>> data["city"]
'Austin'
>>> load(Address, data) == Address("1 Main St", "Austin", "TX", "78701")
True
>>> dump(Address | None, None) is None
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import TypeAdapter


@lru_cache(maxsize=None)
def _adapter(tp: Any) -> TypeAdapter:
    return TypeAdapter(tp)


def dump(tp: Any, value: Any) -> Any:
    """``value`` (of type ``tp``) as JSON-ready dicts, lists, strings and numbers."""
    return _adapter(tp).dump_python(value, mode="json")


def load(tp: Any, data: Any) -> Any:
    """Rebuild a value of type ``tp`` from what ``dump`` wrote."""
    return _adapter(tp).validate_python(data)
