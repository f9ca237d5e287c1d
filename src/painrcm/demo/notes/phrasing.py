"""Small phrasing helpers shared by the note writers: level and side notation, lists, typos.

Every writer draws from a ``random.Random`` it is given, so a note is a pure function of the
facts and the seed.

>>> import random
>>> rng = random.Random(1)
>>> level_text("L4-5", "slash"), level_text("L5-S1", "compact"), level_text("C5-6", "full")
('L4/5', 'L5S1', 'C5-C6')
>>> join(["L4-5", "L5-S1"], random.Random(0))
'L4-5 and L5-S1'
"""

from __future__ import annotations

import random
import re

LEVEL_STYLES = ("dash", "dash", "dash", "full", "slash", "compact")


def level_text(level: str, style: str) -> str:
    """Write a spine level (``L4-5``, ``L5-S1``, ``C5-6``, ``T12``) in one of the common notations."""
    m = re.fullmatch(r"([CTLS])(\d)-([CTLS]?)(\d)", level)
    if not m:
        return level
    r1, n1, r2, n2 = m.groups()
    r2 = r2 or r1
    same = r2 == r1
    if style == "full":
        return f"{r1}{n1}-{r2}{n2}"
    if style == "slash":
        return f"{r1}{n1}/{n2}" if same else f"{r1}{n1}/{r2}{n2}"
    if style == "compact":
        return f"{r1}{n1}{n2}" if same else f"{r1}{n1}{r2}{n2}"
    return f"{r1}{n1}-{n2}" if same else f"{r1}{n1}-{r2}{n2}"


def join(items: list[str], rng: random.Random, conj: str = "and") -> str:
    items = list(items)
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} {conj} {items[1]}"
    if rng.random() < 0.5:
        return ", ".join(items[:-1]) + f", {conj} {items[-1]}"
    return ", ".join(items[:-1]) + f" {conj} {items[-1]}"


SIDE_WORDS = {
    "formal": {"right": "right", "left": "left", "both": "bilateral"},
    "abbr": {"right": "R", "left": "L", "both": "b/l"},
    "short": {"right": "rt", "left": "lt", "both": "bilat"},
    "caps": {"right": "RIGHT", "left": "LEFT", "both": "BILATERAL"},
}


def side_word(side: str, rng: random.Random, terse: bool = False) -> str:
    """``right``/``left``/``both`` in a random notation (abbreviations only in terse notes)."""
    if terse:
        table = SIDE_WORDS[rng.choice(("abbr", "short", "formal"))]
    else:
        table = SIDE_WORDS[rng.choice(("formal", "formal", "formal", "caps"))]
    word = table[side]
    if side == "both" and not terse:
        word = rng.choice(("bilateral", "bilateral", "bilaterally placed", "BILATERAL"))
        if word == "bilaterally placed":
            word = "bilateral"
    return word


TYPOS = (
    ("fluoroscopy", "flouroscopy"), ("fluoroscopic", "flouroscopic"), ("patient", "pateint"),
    ("procedure", "proceedure"), ("injection", "injeciton"), ("transforaminal", "tranforaminal"),
    ("interlaminar", "interlaminer"), ("anesthetic", "anesthetc"), ("negative", "negtive"),
    ("tolerated", "tolerted"), ("contrast", "contrst"), ("aspiration", "aspiraton"),
    ("received", "recieved"), ("bilateral", "bilaterl"), ("separately", "seperately"),
    ("radiculopathy", "radiculapathy"), ("lidocaine", "lidocaine"), ("needle", "neeedle"),
)


def add_typos(text: str, rng: random.Random, rate: float = 0.35) -> str:
    """Misspell some common words the way fast typists and dictation software do."""
    for word, typo in TYPOS:
        if rng.random() < rate:
            text = re.sub(rf"\b{word}\b", typo, text, count=1)
    return text


STEROIDS = (
    ("80 mg Depo-Medrol", "80 mg depo"), ("40 mg triamcinolone (Kenalog)", "40 mg kenalog"),
    ("10 mg dexamethasone", "10 mg dex"), ("6 mg Celestone", "6 mg celestone"),
    ("80 mg methylprednisolone", "80 mg MP"), ("40 mg Depo-Medrol", "40 mg depo"),
)
LOCALS = (
    ("2 mL of 1% lidocaine", "2cc 1% lido"), ("3 mL of 0.25% bupivacaine", "3cc 0.25% bupi"),
    ("1 mL of 0.5% ropivacaine", "1cc 0.5% ropi"), ("2 mL of preservative-free normal saline", "2cc PF NS"),
)
BLOCK_LOCALS = (("0.5 mL of 0.5% bupivacaine", "0.5cc 0.5% bupi"), ("0.5 mL of 2% lidocaine", "0.5cc 2% lido"),
                ("0.3 mL of 0.75% ropivacaine", "0.3cc 0.75% ropi"))


def medication(rng: random.Random, kind: str = "steroid") -> tuple[str, str]:
    """(formal, shorthand) injectate description."""
    if kind == "block":
        return rng.choice(BLOCK_LOCALS)
    s, s_short = rng.choice(STEROIDS)
    loc, loc_short = rng.choice(LOCALS)
    return f"{s} with {loc}", f"{s_short} + {loc_short}"


def maybe(rng: random.Random, p: float, text: str) -> str:
    return text if rng.random() < p else ""


def sentences(parts: list[str]) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())
