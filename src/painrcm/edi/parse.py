"""Recognise an X12 file and read it with the right reader (``painrcm edi parse``).

``sniff(path)`` reads up to the first ST (or TA1) and returns a :class:`FileKind`;
``parse_file(path)`` returns ``(kind, json)`` with the normalised JSON of
:mod:`painrcm.edi.jsonforms`. Transaction types painrcm has no model for (837I, 276,
278, 270, 834 ...) still parse, envelope-checked, into their segments.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from painrcm.edi.errors import X12Error
from painrcm.edi.jsonforms import claims_to_json, remittances_to_json, to_jsonable
from painrcm.edi.tokenizer import SegmentReader
from painrcm.edi.transactions import iter_transactions


@dataclass(frozen=True, slots=True)
class FileKind:
    kind: str  # 835, 837P, 837I, 999, TA1, 277CA, 277, 271, 270, or the ST01
    set_id: str | None
    version: str | None

    @property
    def label(self) -> str:
        return self.kind


def sniff(source, *, name: str | None = None) -> FileKind:
    r = SegmentReader(source, name=name)
    version = None
    for el in r:
        sid = el[0]
        if sid == "GS":
            version = el[8] if len(el) > 8 else None
        elif sid == "TA1":
            return FileKind("TA1", None, None)
        elif sid == "ST":
            set_id = el[1] if len(el) > 1 else ""
            v = (el[3] if len(el) > 3 and el[3] else version) or ""
            if set_id == "837":
                kind = "837P" if "X222" in v else "837I" if "X223" in v else "837D" if "X224" in v else "837"
            elif set_id == "277":
                kind = "277CA" if "X214" in v else "277"
            else:
                kind = set_id
            return FileKind(kind, set_id, v or None)
        if r.count > 20:
            break
    raise X12Error("missing transaction envelope: no ST (or TA1) near the start of the file",
                   file=r.name, segment_number=r.count or None)


def parse_file(path, *, check_balance: bool = True, practice_id: str = "") -> tuple[FileKind, dict]:
    """Read ``path`` completely and return its kind and normalised JSON form."""
    name = os.path.basename(os.fspath(path))
    kind = sniff(path, name=name)
    k = kind.kind
    if k == "835":
        from painrcm.edi.reader_835 import read_835
        return kind, remittances_to_json(read_835(path, name=name, check_balance=check_balance))
    if k == "837P":
        from painrcm.edi.reader_837p import read_837p
        return kind, claims_to_json(read_837p(path, name=name, practice_id=practice_id))
    if k == "999":
        from painrcm.edi.reader_999 import read_999
        return kind, {"acknowledgments": [to_jsonable(a) for a in read_999(path, name=name)]}
    if k == "TA1":
        from painrcm.edi.reader_999 import read_ta1
        return kind, {"interchange_acknowledgments": [to_jsonable(a) for a in read_ta1(path, name=name)]}
    if k in ("277CA", "277"):
        from painrcm.edi.reader_277ca import read_277ca
        return kind, {"claim_status": [to_jsonable(a) for a in read_277ca(path, name=name)]}
    if k == "271":
        from painrcm.edi.reader_271 import read_271
        return kind, {"eligibility": [to_jsonable(a) for a in read_271(path, name=name)]}
    return kind, {"transactions": [
        {"set_id": t.set_id, "control_number": t.control_number, "version": t.version,
         "segments": [el for _, el in t.segments]}
        for t in iter_transactions(path, name=name)]}
