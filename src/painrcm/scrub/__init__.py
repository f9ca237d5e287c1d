"""Pre-submission claim scrubber: every edit the seeds describe, payer by payer, with fixes.

``scrub_claim(claim, ctx)`` returns the findings of one claim; ``ScrubContext`` carries the
payer policy, as-of date, patient history index, authorizations, enrollments, credentials and
the note's coded facts; ``apply_fixes``/``scrub_and_fix`` apply the deterministic fixes.
Edit ids and their sources: docs/edits.md. One module per edit family (``edits_*.py``).
"""

from painrcm.scrub.context import AuthIndex, NoteEvidence, NoteProcedure, ScrubContext, build_context, note_evidence
from painrcm.scrub.engine import CHECKS, apply_fixes, scrub_and_fix, scrub_claim
from painrcm.scrub.findings import EDITS, ERROR, WARNING, Finding, claim_status
from painrcm.scrub.history import HistoryIndex, HistoryRelief, history_relief, patient_key

__all__ = [
    "scrub_claim", "scrub_and_fix", "apply_fixes", "CHECKS",
    "ScrubContext", "build_context", "AuthIndex", "NoteEvidence", "NoteProcedure", "note_evidence",
    "Finding", "EDITS", "ERROR", "WARNING", "claim_status",
    "HistoryIndex", "HistoryRelief", "history_relief", "patient_key",
]
