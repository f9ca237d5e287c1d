"""The coder's output: code lines, provider queries and the result of one note.

>>> line = CodeLine("64483", ("RT",), 1, ("M54.16",))
>>> CodingResult((line,), ("M54.16",), (), {}).to_json()["status"]
'ready'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from painrcm.notes.facts import Evidence

QUERY_TOPICS = ("approach", "region", "levels", "laterality", "imaging_documentation", "muscles",
                "programming_complexity", "device", "relief_documentation", "em_level", "diagnosis",
                "not_billable", "code_conflict")


@dataclass(frozen=True)
class CodeLine:
    """One claim line: a code with its modifiers, units, diagnosis codes and evidence."""

    code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    diagnoses: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    def to_json(self) -> dict:
        return {"code": self.code, "modifiers": list(self.modifiers), "units": self.units,
                "diagnoses": list(self.diagnoses), "evidence": [e.to_json() for e in self.evidence]}


@dataclass(frozen=True)
class Query:
    """A question to the provider: what is missing or unclear, by topic."""

    topic: str
    message: str

    def to_json(self) -> dict:
        return {"topic": self.topic, "message": self.message}


@dataclass(frozen=True)
class CodingResult:
    """What the coder proposes for one note."""

    lines: tuple[CodeLine, ...]
    diagnoses: tuple[str, ...]
    queries: tuple[Query, ...]
    facts: dict = field(default_factory=dict)

    @property
    def status(self) -> str:
        return "needs_review" if self.queries else "ready"

    def to_json(self) -> dict:
        """The JSON object of ``painrcm code --json`` (docs/coding-conventions.md)."""
        return {"status": self.status, "lines": [l.to_json() for l in self.lines],
                "diagnoses": list(self.diagnoses), "queries": [q.to_json() for q in self.queries],
                "facts": self.facts}
