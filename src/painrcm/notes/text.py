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
    r"^[ \t]*(?:\d+[.)][ \t]*)?(?P<name>[A-Za-z][A-Za-z0-9 /&,()'\-]{0,60}?)[ \t]*(?P<sep>:{1,2}(?=[ \t]|$)|[ \t]+-[ \t]+)",
    re.MULTILINE,
)
_LIST_LINE = re.compile(r"[ \t]*\d+[.)][ \t]")

# canonical section -> header keywords (first match wins, most specific first)
_SECTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("codes", ("cpt", "icd", "hcpcs", "billing code", "codes", "code(s)", "dx codes", "icd-9", "icd-10")),
    ("postop_diagnosis", ("postoperative diagnos", "post-operative diagnos", "postop diagnos",
                          "post-op diagnos", "post op diagnos", "postprocedure diagnos",
                          "post-procedure diagnos")),
    ("preop_diagnosis", ("preoperative diagnos", "pre-operative diagnos", "preop diagnos",
                         "pre-op diagnos", "pre op diagnos", "preprocedure diagnos",
                         "pre-procedure diagnos", "diagnos", "dx", "ddx", "pre-op dx", "preop dx")),
    ("plan", ("assessment and plan", "assessment/plan", "assessment & plan", "a/p", "plan",
              "recommendation", "disposition", "follow-up", "follow up", "followup",
              "discharge instruction", "post procedure instruction", "post-procedure instruction",
              "postprocedure instruction", "instruction", "p", "a/p", "ap")),
    ("assessment", ("assessment", "impression", "imp", "a")),
    ("indication", ("indication", "reason for", "chief complaint", "cc", "reason", "ind")),
    ("history", ("history", "hpi", "interval", "past ", "medications", "medication", "allergies",
                 "social", "family", "review of systems", "ros", "subjective", "prior", "s", "meds", "pmh")),
    ("exam", ("physical exam", "exam", "vital", "objective", "o", "pe")),
    ("data", ("imaging", "mri", "x-ray", "radiolog", "studies", "labs", "data")),
    ("procedure", ("procedure", "operation", "description", "details", "technique", "findings",
                   "narrative", "note", "service", "injection", "block", "epidurogram",
                   "fluoroscop", "guidance", "image", "contrast", "programming", "device",
                   "anesthesia", "sedation", "complication", "time", "consent", "medication used",
                   "injectate", "levels", "target", "approach", "side", "muscles", "proc", "procs", "px",
                   "tx", "treatment")),
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
            if len(w) <= 2 or w in ("a/p",):
                if low == w:
                    return section
            elif len(w) <= 3:
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
_LIST_NUMBER = re.compile(r"(?:^|\n)[ \t]*\d{1,2}[.)]$")
_ABBREV_END = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|vs|approx|e\.g|i\.e|No|St|cc|mL|mg)\.)$", re.I)


def _sentences_of(text: str, start: int, end: int, section: str, header: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = start
    pieces: list[tuple[int, int]] = []
    for m in _SENT_END.finditer(text, start, end):
        if m.group(0) != "\n" and _ABBREV_END.search(text[max(start, m.start() - 8):m.start()]):
            continue
        if m.group(0) != "\n" and _LIST_NUMBER.search(text[max(start, m.start() - 6):m.start()]):
            continue  # "1.  Lumbar discogram L2-3." is one list item
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


_INHERIT = {"exam", "history", "data", "codes"}
_NARRATIVE = {"indication", "history", "preop_diagnosis", "postop_diagnosis", "assessment", "plan", "exam", "data"}
_FIELD_LINES = re.compile(r"\n[ \t]*[A-Za-z][A-Za-z /]{0,20}:[ \t]")
_UNCHECKED = re.compile(r"[\[(]\s[\])]\s*[^\[(\n]*")


def _blank_unchecked(text: str) -> str:
    """Template check boxes: "[ ] Transforaminal  [x] Interlaminar" -> only the ticked option is read."""
    if "[ ]" not in text and "( )" not in text:
        return text
    return _UNCHECKED.sub(lambda m: " " * len(m.group(0)), text)


def read_note(text: str) -> Note:
    """Split a note into sections and sentences (offsets into ``text``).

    A header with its content on the same line ("Indication: lumbar radiculopathy") governs that
    line (and list lines right under it); the lines that follow without a header are "other". A
    header alone on its line governs until the next header. Unknown headers ("Location:",
    "Performed by:") start an "other" section.

    >>> [(s.section, s.text) for s in read_note("Indication: L5 radiculopathy\\nRight L5 TFESI done.").sentences]
    [('indication', 'L5 radiculopathy'), ('other', 'Right L5 TFESI done.')]
    """
    text = _blank_unchecked(text)
    sentences: list[Sentence] = []
    marks: list[tuple[int, int, str, str]] = []  # (header start, content start, section, header)
    for m in _HEADER.finditer(text):
        name = m.group("name").strip()
        canon = classify_header(name)
        words = len(name.split())
        if m.group("sep").strip() == "-":
            if canon is None or words > 3:
                continue
        elif canon is None:
            if words > 4 or not name[0].isupper():
                continue
            # a sub-heading ("Musculoskeletal:" under the exam) stays in its section
            canon = marks[-1][2] if marks and marks[-1][2] in _INHERIT else "other"
            if canon == "other":
                # an unknown label ("SCS reprog:", "Location:") is part of the content it introduces
                marks.append((m.start(), m.start(), canon, name))
                continue
        elif words > 6:
            continue  # "Total time spent on the date of the encounter: 48 minutes" is a sentence
        marks.append((m.start(), m.end(), canon, name))
    if not marks:
        return Note(text, tuple(_sentences_of(text, 0, len(text), "body", "")))
    if marks[0][0] > 0:
        sentences.extend(_sentences_of(text, 0, marks[0][0], "title", ""))
    for k, (hs, cs, canon, name) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(text)
        line_end = text.find("\n", cs)
        line_end = end if line_end == -1 or line_end > end else line_end
        same_line = text[cs:line_end].strip() != ""
        if not same_line:
            sentences.extend(_sentences_of(text, cs, end, canon, name))
            continue
        # content on the header line: it governs that line and list lines right below it
        stop = line_end
        while stop < end:
            nxt = text.find("\n", stop + 1)
            nxt = end if nxt == -1 or nxt > end else nxt
            line = text[stop + 1:nxt]
            if _LIST_LINE.match(line):
                stop = nxt
                continue
            break
        rest = text[stop:end]
        if canon in _NARRATIVE and re.match(r"[ \t]*\n[ \t]*\n", rest) and not _FIELD_LINES.search(rest):
            # a dictated section: its header line, then paragraphs after a blank line
            sentences.extend(_sentences_of(text, cs, end, canon, name))
            continue
        sentences.extend(_sentences_of(text, cs, stop, canon, name))
        if stop < end:
            sentences.extend(_sentences_of(text, stop, end, "other", ""))
    secs = {s.section for s in sentences}
    if {"history", "exam"} & secs and len(secs - {"other"}) >= 3:
        # a visit note opening with narrative: after a short first line, that narrative is the history
        out = []
        for k, s in enumerate(sentences):
            if s.section == "title" and (k > 0 or len(s.text) > 80):
                s = Sentence(s.start, s.end, s.text, "history", s.header)
            out.append(s)
        sentences = out
    return Note(text, tuple(sentences))
