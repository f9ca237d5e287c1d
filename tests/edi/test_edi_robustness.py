"""Any damage to a file gives an X12Error (never an IndexError, ValueError, ... or a traceback)."""

from __future__ import annotations

import io

from edi_helpers import CLAIM_OK, x835
from hypothesis import given, settings
from hypothesis import strategies as st

from painrcm.edi.errors import X12Error
from painrcm.edi.reader_835 import read_835
from painrcm.edi.reader_837p import read_837p
from painrcm.edi.samples import PARTIES, sample_claims
from painrcm.edi.envelope import InMemoryControlNumbers
from painrcm.edi.writer_837p import write_837p

GOOD_835 = x835(CLAIM_OK * 2 + "PLB*1234567893*20261231*WO:ABC*10~", bpr_total="130")
GOOD_837 = write_837p(sample_claims(5), PARTIES, InMemoryControlNumbers())
ALPHABET = "*:^~0123456789.-ABCXYZ \n"


def _mutate(text: str, edits) -> str:
    chars = list(text)
    for pos, op, ch in edits:
        i = pos % len(chars)
        if op == 0:
            chars[i] = ch
        elif op == 1:
            del chars[i]
        else:
            chars.insert(i, ch)
    return "".join(chars)


EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 2), st.sampled_from(ALPHABET)),
                 min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(EDITS)
def test_damaged_835(edits):
    try:
        list(read_835(io.StringIO(_mutate(GOOD_835, edits)), name="f.835"))
    except X12Error as exc:
        assert str(exc).startswith("f.835")


@settings(max_examples=300, deadline=None)
@given(EDITS)
def test_damaged_837p(edits):
    try:
        list(read_837p(io.StringIO(_mutate(GOOD_837, edits)), name="f.837"))
    except X12Error as exc:
        assert str(exc).startswith("f.837")


@settings(max_examples=100, deadline=None)
@given(st.integers(1, len(GOOD_835) - 1))
def test_truncated_835_anywhere(cut):
    try:
        list(read_835(io.StringIO(GOOD_835[:cut]), name="f.835"))
    except X12Error as exc:
        assert str(exc).startswith("f.835")
    else:
        raise AssertionError("a truncated file was accepted")
