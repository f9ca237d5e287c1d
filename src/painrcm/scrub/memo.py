"""Memoised answers of a payer policy: the scrubber asks the same few questions millions of times.

``ask(policy, "frequency_limit", "64483", "lumbar")`` calls the policy once per distinct
question. The policy object is kept referenced here so that its ``id`` is never reused by
another object while its answers are cached.

>>> from painrcm.policy import load_policy
>>> p = load_policy("medicare")
>>> ask(p, "bilateral_style", "11").value
'modifier_50_one_line'
"""

from __future__ import annotations

from typing import Any

_ANSWERS: dict[tuple, Any] = {}
_KEEP: dict[int, Any] = {}
_MAX = 500_000


def ask(policy: Any, method: str, *args: Any) -> Any:
    key = (id(policy), method, args)
    try:
        return _ANSWERS[key]
    except KeyError:
        pass
    value = getattr(policy, method)(*args)
    if len(_ANSWERS) > _MAX:
        _ANSWERS.clear()
    _KEEP[id(policy)] = policy
    _ANSWERS[key] = value
    return value
