"""ConText-style modifiers: is a mention negated, hypothetical/planned, historical?

The algorithm is ConText (Harkema et al. 2009, as in medspaCy's ``ConText`` component):
trigger phrases open a scope forward or backward within the sentence; a pseudo-trigger
("no complications", "not only") cancels; a terminator ("but", "however") closes the
scope. A mention inside a scope takes that category.

Hand-written rather than a medspaCy pipeline because the targets here are regex matches
with character offsets (levels, sides, modalities) rather than spaCy entities, and a
pure-regex pass is ~50x faster than tokenising every sentence, which the 200 notes/s
budget needs. The rule vocabulary follows medspaCy's default ``context_rules.json``
categories (NEGATED_EXISTENCE, POSSIBLE/HYPOTHETICAL, HISTORICAL) trimmed to notes of
pain procedures.

>>> ctx = sentence_context("No fluoroscopy was used.")
>>> ctx.modifiers_at(3)
{'negated'}
>>> sentence_context("Fluoroscopy would be considered if needed.").modifiers_at(0)
{'hypothetical'}
>>> sentence_context("Under fluoroscopy the needle was placed.").modifiers_at(6)
set()
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (category, direction, max_chars_of_scope, regex)
_RULES: tuple[tuple[str, str, int, str], ...] = (
    # negation, forward
    ("negated", "fwd", 30, r"\bno\b(?!\s+(?:further|complications?|change|other|significant|acute|"
                           r"new|apparent|evidence of (?:complication|intravascular|intrathecal|"
                           r"vascular|heme|blood|CSF|paresthesia)|intravascular|intrathecal|blood|"
                           r"heme|CSF|paresthesia|bleeding|pain on|adverse|difficult|immediate|"
                           r"vascular|known|longer\b(?! (?:used|performed))))"),
    ("negated", "fwd", 30, r"\bwithout\b(?!\s+(?:any\s+)?(?:complications?|difficulty|incident|epinephrine|"
                           r"preservatives?|sedation|"
                           r"problems?|event|issues?|paresthesias?|adverse|evidence of|"
                           r"intravascular|vascular|blood|heme|CSF|radicular))"),
    ("negated", "fwd", 50, r"\b(?:not|never|neither|nor|denies|denied|negative for|absence of|"
                           r"did not|didn't|was not|were not|wasn't|weren't|cannot|can't|"
                           r"unable to|declined|refused|deferred|canceled|cancelled|aborted)\b"
                           r"(?!\s+(?:only|limited|necessarily|applicable|at (?:treatment )?goal|improved|better|"
                           r"responding|controlled|well controlled))"),
    # negation, backward ("fluoroscopy was not used", "images were not saved")
    ("negated", "bwd", 80, r"\b(?:not (?:used|performed|done|utilized|obtained|saved|stored|retained|"
                           r"archived|recorded|available|documented|employed|needed|required|"
                           r"completed|administered|injected|placed)|was deferred|were deferred|"
                           r"was cancel+ed|were cancel+ed|was aborted|declined|refused|"
                           r"not be (?:used|performed|done))\b"),
    # hypothetical / planned / recommended, forward
    ("hypothetical", "fwd", 200, r"\b(?:will|would|could|should|shall|may|might|consider|"
                                 r"considering|considered|plan(?:s|ning|ned)? (?:to|for|on)|"
                                 r"schedul(?:e|ed|ing)|recommend(?:s|ed|ation)?|candidate for|"
                                 r"if\b|option(?:s)?|discuss(?:ed|ion)?(?: of)?|"
                                 r"to be (?:scheduled|performed|done)|request(?:ed|ing)?|"
                                 r"authori[sz]ation|await(?:ing)?|pending|return(?:s)? for|"
                                 r"next (?:visit|time|step)|in the future|possibl[ey]|potential|"
                                 r"proceed with (?:a |an )?(?:repeat|future)|would like|wants? to|"
                                 r"interested in|referr(?:al|ed) (?:to|for)|offer(?:ed|ing)?\b|suggest(?:ed|ing)?\b|"
                                 r"to be (?:initiated|started|given|continued|repeated)|next (?:\w+ ){0,2}visit|"
                                 r"would benefit|think about|order(?:ed)? (?:a |an )?"
                                 r"(?:MRI|CT|x-?ray)|repeat(?:ing)?\b(?= (?:in|at|after)))\b"),
    ("hypothetical", "bwd", 60, r"\b(?:discussed|not scheduled|as a (?:future|possible) option|only if|if (?:relief|the "
                                r"block|both|he|she|positive)|was offered|were offered|next)\b"),
    ("hypothetical", "bwd", 80, r"\b(?:would|could|might|may|will) be (?:considered|used|useful|helpful|needed|"
                                r"required|indicated|an option|reasonable|scheduled|performed|done)|"
                                r"\b(?:is|was|are|were) (?:recommended|planned|scheduled|considered|"
                                r"discussed|ordered|requested)|will be (?:scheduled|performed|done)|"
                                r"as needed|if needed|prn\b|next (?:visit|week|month)|"
                                r"in (?:\d+|two|three|four|six) (?:weeks?|months?)"),
    # historical, forward
    ("historical", "fwd", 200, r"\b(?:previous(?:ly)?|prior\b(?!\s+to\b)|history of|h/o|hx of|"
                               r"has had|had\b(?! to\b| been\b)|underwent|s/p|status post|last (?:year|month|time|"
                               r"injection|procedure)|in the past|past\b)"),
    ("historical", "bwd", 80, r"\b(?:in the past|ago|previously|in (?:19|20)\d\d|last (?:year|"
                              r"month|spring|summer|fall|winter)|before)\b"),
)

_COMPILED = tuple((cat, d, n, re.compile(rx, re.I)) for cat, d, n, rx in _RULES)
_TERMINATOR = re.compile(r"\b(?:but|however|although|though|except|which (?:was|were) "
                         r"(?:then|now)|today|now|this time|currently)\b|[;:]", re.I)


def _commas(text: str) -> list[int]:
    # a negation does not run past a comma that starts a new clause ("without radiculopathy, severe ...")
    return [m.start() for m in re.finditer(r",\s+(?!(?:or|nor|and)\b)(?=\w+\s+\w+)", text)]


@dataclass(frozen=True)
class SentenceContext:
    """Scopes found in one sentence: (category, start, end) in sentence offsets."""

    scopes: tuple[tuple[str, int, int], ...]

    def modifiers_at(self, start: int, end: int | None = None) -> set[str]:
        """Categories whose scope covers the span starting at ``start`` (sentence offsets)."""
        end = start + 1 if end is None else end
        return {cat for cat, a, b in self.scopes if a <= start and end <= b + 1 or a <= start < b}


def sentence_context(text: str) -> SentenceContext:
    """Find the ConText scopes of one sentence."""
    scopes: list[tuple[str, int, int]] = []
    terms = [m.start() for m in _TERMINATOR.finditer(text)]
    for cat, direction, width, rx in _COMPILED:
        for m in rx.finditer(text):
            if direction == "fwd":
                a = m.start()
                b = min(len(text), m.end() + width)
                nxt = [t for t in (terms + _commas(text) if cat == "negated" else terms) if t >= m.end()]
                if nxt:
                    b = min(b, nxt[0])
            else:
                b = m.end()
                a = max(0, m.start() - width)
                prev = [t for t in terms if t < m.start()]
                if prev:
                    a = max(a, prev[-1])
            scopes.append((cat, a, b))
    return SentenceContext(tuple(scopes))
