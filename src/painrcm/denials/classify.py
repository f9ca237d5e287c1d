"""Denial classification: group code + CARC + RARC -> root cause, hard or soft.

The rules are data: ``denials/data/carc_root_causes.csv`` has one row for every CARC of the
reference list (:func:`painrcm.reference.adjustments.all_carcs`) with its root cause, severity
and the upstream fix; ``denials/data/rarc_overrides.csv`` lets a remark code refine a *generic*
CARC (16, 96, 17, 125, A1, 226, 227, 252, 133) or the CARCs a row names, e.g. CO-16 + M127 is a
documentation denial, CO-96 + N130 a benefit exclusion.

Severity: ``hard`` needs an appeal (or a write-off) to be overturned; ``soft`` is fixed by a
corrected claim or by sending what the payer asked for; ``none`` is not a denial (contractual
reductions, cost sharing).

>>> c = classify(["CO-197"])
>>> c.root_cause, c.severity, c.carc
('authorization', 'soft', '197')
>>> classify(["CO-16"], ["M127"]).root_cause
'documentation'
>>> classify(["CO-45", "PR-2"]) is None
True
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Iterable

from painrcm.claims.model import Adjustment
from painrcm.reference import adjustments as ref

ROOT_CAUSES = ("eligibility", "authorization", "medical_necessity", "coding_bundling", "modifier",
               "frequency", "documentation", "timely_filing", "duplicate", "credentialing",
               "coordination_of_benefits", "other")
NOT_DENIAL = frozenset({"contractual", "patient_cost_share"})
SEVERITIES = ("hard", "soft")
#: CARCs that only say "denied / information missing"; their remark code names the cause.
GENERIC_CARCS = frozenset({"16", "96", "17", "125", "A1", "226", "227", "252", "133"})
ROOT_CAUSE_LABELS = {
    "eligibility": "Eligibility / coverage", "authorization": "Prior authorization",
    "medical_necessity": "Medical necessity", "coding_bundling": "Coding / bundling",
    "modifier": "Modifier", "frequency": "Frequency / units", "documentation": "Documentation",
    "timely_filing": "Timely filing", "duplicate": "Duplicate", "credentialing": "Credentialing / enrollment",
    "coordination_of_benefits": "Coordination of benefits", "other": "Other",
}


@dataclass(frozen=True, slots=True)
class CarcRule:
    carc: str
    root_cause: str          # one of ROOT_CAUSES, or contractual / patient_cost_share
    severity: str            # hard | soft | none
    fix: str                 # the upstream fix that prevents it


@dataclass(frozen=True, slots=True)
class RarcOverride:
    rarc: str
    carcs: frozenset[str]    # empty: applies to the generic CARCs
    root_cause: str
    severity: str
    fix: str


@dataclass(frozen=True, slots=True)
class Classification:
    """Why a line was denied: the deciding group/CARC, the remark codes and the rule used."""

    root_cause: str
    severity: str
    group: str
    carc: str
    rarcs: tuple[str, ...]
    fix: str
    basis: str               # e.g. "CO-50 (medical_necessity); RARC N115 ..."
    carc_text: str = ""

    @property
    def is_hard(self) -> bool:
        return self.severity == "hard"

    @property
    def code(self) -> str:
        """The adjustment as a biller writes it, e.g. ``CO-197``."""
        return f"{self.group}-{self.carc}"

    @property
    def label(self) -> str:
        return ROOT_CAUSE_LABELS.get(self.root_cause, self.root_cause)


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("painrcm.denials").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def carc_rules() -> dict[str, CarcRule]:
    """Every CARC's rule (code -> :class:`CarcRule`)."""
    return {r["carc"]: CarcRule(r["carc"], r["root_cause"], r["severity"], r["fix"])
            for r in _rows("carc_root_causes.csv")}


@cache
def rarc_overrides() -> dict[str, RarcOverride]:
    return {r["rarc"]: RarcOverride(r["rarc"], frozenset(c for c in r["carcs"].split() if c), r["root_cause"],
                                    r["severity"], r["fix"])
            for r in _rows("rarc_overrides.csv")}


def rule(carc: str) -> CarcRule | None:
    """The rule of a CARC (``"50"`` or ``"CO-50"``).

    >>> rule("CO-29").root_cause
    'timely_filing'
    """
    return carc_rules().get(carc.strip().upper().rsplit("-", 1)[-1])


def _split(adj: str | Adjustment) -> tuple[str, str]:
    if isinstance(adj, Adjustment):
        return adj.group.upper(), adj.reason.upper()
    text = adj.strip().upper()
    if "-" in text:
        g, c = text.split("-", 1)
        return g, c
    if text[:2] in ("CO", "PR", "OA", "PI", "CR") and len(text) > 2:
        return text[:2], text[2:]
    return "CO", text


def classify(adjustments: Iterable[str | Adjustment], remarks: Iterable[str] = ()) -> Classification | None:
    """Classify a denied line from its adjustments (``"CO-50"`` or :class:`Adjustment`) and RARCs.

    The first adjustment whose CARC is a denial decides; a remark code of
    ``rarc_overrides.csv`` refines a generic CARC. Returns None when no adjustment is a denial
    (contractual reductions and cost sharing only). An unknown CARC is ``other``/``hard``.

    >>> classify(["CO-96"], ["N130"]).root_cause
    'eligibility'
    >>> classify(["CO-50"], ["N115"]).basis
    'CO-50 medical_necessity/hard; RARC N115 (medical_necessity)'
    """
    rarcs = tuple(r.strip().upper() for r in remarks if r and r.strip())
    chosen: tuple[str, str, CarcRule] | None = None
    for adj in adjustments:
        group, carc = _split(adj)
        r = carc_rules().get(carc) or CarcRule(carc, "other", "hard", "unknown CARC: read the payer's remark codes")
        if r.severity == "none":
            continue
        chosen = (group, carc, r)
        break
    if chosen is None:
        return None
    group, carc, r = chosen
    root, severity, fix = r.root_cause, r.severity, r.fix
    basis = f"{group}-{carc} {root}/{severity}"
    for code in rarcs:
        o = rarc_overrides().get(code)
        if o is None:
            continue
        if carc in o.carcs or (not o.carcs and carc in GENERIC_CARCS):
            root, severity, fix = o.root_cause, o.severity, o.fix
            basis += f"; RARC {code} -> {root}/{severity}"
            break
        if o.root_cause == root:
            basis += f"; RARC {code} ({root})"
            break
    info = ref.carc(carc)
    return Classification(root, severity, group, carc, rarcs, fix, basis, info.description if info else "")


def classify_denial(denial) -> Classification | None:
    """Classify a :class:`painrcm.remit.variances.Denial` (adjustments as ``"CO-197"`` strings)."""
    found = classify(denial.adjustments, denial.remarks)
    if found is None and denial.adjustments:
        # zero paid but only contractual codes: the payer gave no denial reason
        group, carc = _split(denial.adjustments[0])
        return Classification("other", "hard", group, carc, tuple(denial.remarks),
                              "ask the payer why the line paid nothing", f"{group}-{carc} zero paid, no denial CARC")
    return found


__all__ = ["ROOT_CAUSES", "ROOT_CAUSE_LABELS", "GENERIC_CARCS", "CarcRule", "RarcOverride", "Classification",
           "carc_rules", "rarc_overrides", "rule", "classify", "classify_denial"]
