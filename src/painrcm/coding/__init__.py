"""coding stage: facts -> code lines, modifiers, units, diagnoses, provider queries.

``code_note(text, payer=, pos=, dos=, visit_type=)`` returns a :class:`CodingResult`.
"""

from painrcm.coding.engine import code_note
from painrcm.coding.model import QUERY_TOPICS, CodeLine, CodingResult, Query

__all__ = ["code_note", "CodingResult", "CodeLine", "Query", "QUERY_TOPICS"]
