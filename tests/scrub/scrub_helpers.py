"""Shared builders for the scrubber tests."""

from __future__ import annotations

from datetime import date

from painrcm.policy import load_policy
from painrcm.scrub import HistoryIndex, ScrubContext, scrub_claim
from painrcm.scrub.testing import line, make_claim  # noqa: F401 - re-exported

DOS = date(2026, 2, 10)
AS_OF = date(2026, 3, 1)


def ctx(payer: str = "medicare", *, history=(), as_of: date = AS_OF, **kw) -> ScrubContext:
    index = history if isinstance(history, HistoryIndex) else HistoryIndex(history)
    return ScrubContext(policy=load_policy(payer), as_of=as_of, history=index, **kw)


def findings(claim, payer: str = "medicare", **kw):
    return scrub_claim(claim, ctx(payer, **kw))


def edits(claim, payer: str = "medicare", severity: str | None = None, **kw) -> set[str]:
    return {f.edit for f in findings(claim, payer, **kw) if severity is None or f.severity == severity}


def claim(*lines, dos: date = DOS, **kw):
    return make_claim(kw.pop("claim_id", "C1"), dos, list(lines), **kw)
