"""X12 EDI: write 837P claims and 270 inquiries; read 835, 999/TA1, 277CA, 271 and 837P.

One module per concept: ``tokenizer`` (delimiters from ISA, streaming segments),
``values`` (amounts, dates), ``envelope`` (ISA/GS/ST checks, control numbers),
``writer_837p``, ``reader_837p``, ``reader_835``, ``balancing``, ``reader_999`` (999 and TA1),
``reader_277ca``, ``reader_271``, ``writer_270``, ``transactions`` (small transaction types),
``parse`` (recognise a file), ``validate``, ``jsonforms``, ``ingest`` (database), ``samples``
(synthetic claims). Every problem is an :class:`~painrcm.edi.errors.X12Error`.
See docs/edi.md.
"""

from painrcm.edi.envelope import ControlNumberSource, InMemoryControlNumbers
from painrcm.edi.errors import X12Error
from painrcm.edi.reader_271 import read_271
from painrcm.edi.reader_277ca import read_277ca
from painrcm.edi.reader_835 import read_835, read_835_claims
from painrcm.edi.reader_837p import read_837p
from painrcm.edi.reader_999 import read_999, read_ta1
from painrcm.edi.writer_270 import EligibilityInquiry, write_270
from painrcm.edi.writer_837p import SubmissionParties, write_837p, write_837p_file

__all__ = [
    "ControlNumberSource", "InMemoryControlNumbers", "X12Error", "read_271", "read_277ca", "read_835", "read_835_claims",
    "read_837p", "read_999", "read_ta1", "EligibilityInquiry", "write_270", "SubmissionParties",
    "write_837p", "write_837p_file",
]
