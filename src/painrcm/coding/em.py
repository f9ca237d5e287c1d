"""E/M level (2021+ office rules): MDM (2 of 3 elements) or total time, whichever is higher.

Tables in ``data/em_mdm.yaml``. Pure function of the visit facts and the payer's E/M options.

>>> from painrcm.notes.facts import VisitFacts
>>> v = VisitFacts(True, "established", "moderate", "low", "moderate", None)
>>> code_em(v, visit_type=None, opioid_high=False, prolonged="G2212")
(['99214'], 0, None)
>>> code_em(VisitFacts(True, "new", None, None, None, 62), visit_type=None, opioid_high=False,
...         prolonged="99417")
(['99205'], 0, None)
>>> code_em(VisitFacts(True, "established", None, None, None, 70), visit_type=None, opioid_high=False,
...         prolonged="G2212")
(['99215', 'G2212'], 1, None)
"""

from __future__ import annotations

from painrcm.notes.facts import VisitFacts
from painrcm.notes.visit import em_table

_ORDER = ("straightforward", "low", "moderate", "high")


def mdm_level(problems: str | None, data: str | None, risk: str | None) -> str | None:
    """The MDM level met by at least two of the three elements, or None.

    >>> mdm_level("moderate", "straightforward", "moderate"), mdm_level("high", None, None)
    ('moderate', None)
    """
    known = [e for e in (problems, data, risk) if e is not None]
    if len(known) < 2:
        return None
    ranks = sorted((_ORDER.index(e) for e in (problems, data, risk) if e is not None), reverse=True)
    return _ORDER[ranks[1]]


def code_em(v: VisitFacts, *, visit_type: str | None, opioid_high: bool, prolonged: str
            ) -> tuple[list[str], int, str | None]:
    """([E/M code, prolonged code?], prolonged units, query message or None)."""
    table = em_table()
    kind = visit_type or v.visit_type
    if kind not in ("new", "established"):
        return [], 0, "E/M: the note does not say whether the patient is new or established."
    risk = v.risk
    if opioid_high and v.opioid_monitoring:
        risk = "high"
    mdm = mdm_level(v.problems, v.data, risk)
    by_mdm = table["codes"][kind][mdm] if mdm else None
    by_time = None
    if v.total_minutes is not None:
        for code, minimum in sorted(table["time"][kind].items(), key=lambda kv: kv[1]):
            if v.total_minutes >= minimum:
                by_time = code
    candidates = [c for c in (by_mdm, by_time) if c]
    if not candidates:
        return [], 0, ("E/M: neither the medical decision making (problems, data, risk) nor the total "
                       "time is documented well enough to choose a level.")
    code = max(candidates)
    out = [code]
    units = 0
    top = table["codes"][kind]["high"]
    if code == top and by_time == top and v.total_minutes is not None:
        rule = table["prolonged"][prolonged]
        start = rule[kind]
        if v.total_minutes >= start:
            units = (v.total_minutes - start) // rule["per"] + 1
            out.append(prolonged)
    return out, units, None
