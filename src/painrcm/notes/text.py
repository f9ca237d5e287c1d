"""A clinical note as sections and sentences, with offsets into the original text.

Every later step (ConText, fact matchers, evidence) works on :class:`Sentence` objects
whose ``start``/``end`` are character offsets into the text the user gave, so evidence
spans always point at the original characters.

Hand-written rather than medspaCy's Sectionizer/PyRuSH: one pass of two compiled
regexes keeps the offsets trivially exact and costs microseconds per note, which the
200 notes/s budget needs; the header vocabulary is the usual one of procedure notes.

>>> note = read_note("PROCEDURE: Right L5 TFESI.\\nPLAN: We will consider RFA.")
>>> [(s.section, s.text) for s in note.sentences]
[('procedure', 'Right L5 TFESI.'), ('plan', 'We will consider RFA.')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Section header at the start of a line: "PROCEDURE PERFORMED:", "Assessment/Plan:", "PROCEDURE::".
_HEADER = re.compile(
    r"^[ \t]*(?:\d+[.)][ \t]*)?(?P<name>[A-Za-z][A-Za-z0-9 /&,()'\-]{1,60}?)[ \t]*:{1,2}(?=[ \t]|$)",
    re.MULTILINE,
)

# canonical section -> header keywords (first match wins, most specific first)
_SECTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("postop_diagnosis", ("postoperative diagnos", "post-operative diagnos", "postop diagnos",
                          "post-op diagnos", "post op diagnos", "postprocedure diagnos",
                          "post-procedure diagnos")),
    ("preop_diagnosis", ("preoperative diagnos", "pre-operative diagnos", "preop diagnos",
                         "pre-op diagnos", "pre op diagnos", "preprocedure diagnos",
                         "pre-procedure diagnos", "diagnos")),
    ("plan", ("assessment and plan", "assessment/plan", "assessment & plan", "a/p", "plan",
              "recommendation", "disposition", "follow-up", "follow up", "followup",
              "discharge instruction", "post procedure instruction", "post-procedure instruction",
              "postprocedure instruction", "instruction")),
    ("assessment", ("assessment", "impression")),
    ("indication", ("indication", "reason for", "chief complaint", "cc", "reason")),
    ("history", ("history", "hpi", "interval", "past ", "medications", "medication", "allergies",
                 "social", "family", "review of systems", "ros", "subjective", "prior")),
    ("exam", ("physical exam", "exam", "vital", "objective")),
    ("data", ("imaging", "mri", "x-ray", "radiolog", "studies", "labs", "data")),
    ("procedure", ("procedure", "operation", "description", "details", "technique", "findings",
                   "narrative", "note", "service", "injection", "block", "epidurogram",
                   "fluoroscop", "guidance", "image", "contrast", "programming", "device",
                   "anesthesia", "sedation", "complication", "time", "consent", "medication used",
                   "injectate", "levels", "target", "approach", "side", "muscles")),
)

# Headers that are not sections (times, vitals written "BP: 120/80", lists) are kept in
# the current section: we only accept known words.


def classify_header(name: str) -> str | None:
    """Map a header to a canonical section, or None if it is not a known section header.

    >>> classify_header("PRE-OPERATIVE DIAGNOSIS")
    'preop_diagnosis'
    >>> classify_header("Assessment/Plan")
    'plan'
    >>> classify_header("BP") is None
    True
    """
    low = name.lower().strip()
    for section, words in _SECTION_WORDS:
        for w in words:
            if len(w) <= 3:
                if re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", low):
                    return section
            elif w in low:
                return section
    return None


@dataclass(frozen=True)
class Sentence:
    """One sentence (or list line) of the note."""

    start: int
    end: int
    text: str
    section: str
    header: str = ""


@dataclass(frozen=True)
class Note:
    """The note text with its sentences; ``sections`` lists the canonical sections seen."""

    text: str
    sentences: tuple[Sentence, ...]

    @property
    def sections(self) -> frozenset[str]:
        return frozenset(s.section for s in self.sentences)

    def in_sections(self, *names: str) -> list[Sentence]:
        return [s for s in self.sentences if s.section in names]


# Sentence boundaries: end punctuation followed by space, a semicolon, or a line break.
_SENT_END = re.compile(r"(?<=[.!?;])[ \t]+(?=[\"'(\[]?[A-Z0-9#*-])|(?<=[;])[ \t]+|\n")
_ABBREV_END = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|vs|approx|e\.g|i\.e|No|St|cc|mL|mg)\.)$", re.I)


def _sentences_of(text: str, start: int, end: int, section: str, header: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = start
    pieces: list[tuple[int, int]] = []
    for m in _SENT_END.finditer(text, start, end):
        if m.group(0) != "\n" and _ABBREV_END.search(text[max(start, m.start() - 8):m.start()]):
            continue
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, end))
    for a, b in pieces:
        while a < b and text[a] in " \t\r\n-*•":
            a += 1
        while b > a and text[b - 1] in " \t\r\n":
            b -= 1
        if b > a:
            out.append(Sentence(a, b, text[a:b], section, header))
    return out


def read_note(text: str) -> Note:
    """Split a note into sections and sentences (offsets into ``text``)."""
    sentences: list[Sentence] = []
    section, header, pos = "body", "", 0
    has_headers = False
    for m in _HEADER.finditer(text):
        canon = classify_header(m.group("name"))
        if canon is None:
            continue
        if not has_headers and pos == 0 and m.start() > 0:
            # text before the first header: a title line ("LUMBAR TFESI") counts as procedure
            section = "title"
        has_headers = True
        sentences.extend(_sentences_of(text, pos, m.start(), section, header))
        section, header, pos = canon, m.group("name").strip(), m.end()
    sentences.extend(_sentences_of(text, pos, len(text), section, header))
    secs = {s.section for s in sentences}
    if {"history", "exam"} & secs and len(secs) >= 3:
        # a visit note opening with narrative: after a short first line, that narrative is the history
        out = []
        for k, s in enumerate(sentences):
            if s.section == "title" and (k > 0 or len(s.text) > 80):
                s = Sentence(s.start, s.end, s.text, "history", s.header)
            out.append(s)
        sentences = out
    return Note(text, tuple(sentences))
