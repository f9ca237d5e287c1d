"""``painrcm edi validate``: every check painrcm can run on a file, all problems listed.

Envelopes and counts (ISA/IEA, GS/GE, ST/SE), segment syntax and values (through the
typed reader of the file's transaction type), 835 balancing of every claim, line and
payment (not just the first imbalance), and for an 837P the independent X12N validation
of pyx12 against its 005010X222A1 map.
"""

from __future__ import annotations

import io
import json
import logging
import os
from dataclasses import dataclass, field

from painrcm.domain.money import ZERO
from painrcm.edi.balancing import claim_problems
from painrcm.edi.errors import X12Error
from painrcm.edi.parse import FileKind, parse_file, sniff


@dataclass(slots=True)
class ValidationReport:
    file: str
    kind: str | None
    problems: list[str] = field(default_factory=list)
    transactions: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def pyx12_problems(path) -> list[str]:
    """Errors pyx12 (an independent X12N validator) finds in ``path``; [] when valid."""
    import pyx12.params
    import pyx12.x12n_document

    logger = logging.getLogger("pyx12")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    out = io.StringIO()
    try:
        ok = pyx12.x12n_document.x12n_document(param=pyx12.params.params(), src_file=os.fspath(path),
                                               fd_997=None, fd_html=None, fd_json=out)
    except Exception as exc:  # pyx12 raises its own engine errors (e.g. unknown map)
        return [f"pyx12: {type(exc).__name__}: {exc}"]
    finally:
        logger.setLevel(level)
    problems: list[str] = []
    try:
        doc = json.loads(out.getvalue() or "{}")
    except json.JSONDecodeError:
        doc = {}

    def walk(node, where):
        if isinstance(node, dict):
            for err in node.get("errors", []) or []:
                problems.append(f"pyx12 {where}: {err.get('err_str', err)}")
            for seg in node.get("segments", []) or []:
                for err in seg.get("errors", []) or []:
                    problems.append(f"pyx12 segment {seg.get('seg_count')} ({seg.get('seg_id')}): "
                                    f"{err.get('err_str', err)}")
                for ele in seg.get("elements", []) or []:
                    for err in ele.get("errors", []) or []:
                        problems.append(f"pyx12 segment {seg.get('seg_count')} ({seg.get('seg_id')}) "
                                        f"{ele.get('ele_ref') or ele.get('refdes') or ''}: "
                                        f"{err.get('err_str', err)}")
            for key in ("interchanges", "groups", "transactions"):
                for child in node.get(key, []) or []:
                    walk(child, key[:-1])

    walk(doc, "file")
    if not ok and not problems:
        problems.append("pyx12: the file is not valid")
    return problems


def validate_file(path, *, use_pyx12: bool = True) -> ValidationReport:
    name = os.path.basename(os.fspath(path))
    report = ValidationReport(name, None)
    try:
        kind: FileKind = sniff(path, name=name)
        report.kind = kind.kind
        if kind.kind == "835":
            _balance_all(path, name, report)
        else:
            _, data = parse_file(path)
            report.transactions = sum(len(v) for v in data.values() if isinstance(v, list))
    except X12Error as exc:
        report.problems.append(str(exc))
    if use_pyx12 and report.kind == "837P":
        report.problems.extend(pyx12_problems(path))
    return report


def _balance_all(path, name: str, report: ValidationReport) -> None:
    from painrcm.edi.reader_835 import read_835

    for t, rem in enumerate(read_835(path, name=name, check_balance=False), 1):
        report.transactions += 1
        for c, claim in enumerate(rem.claims, 1):
            for line_index, element, message in claim_problems(claim):
                where = f"payment {t} claim {c}" + (f" line {line_index + 1}" if line_index is not None else "")
                report.problems.append(f"{name}, {where}, field {element}: {message}")
        diff = rem.balance_difference()
        if diff:
            plb = sum((p.amount for p in rem.provider_adjustments), ZERO)
            paid = sum((c.paid for c in rem.claims), ZERO)
            report.problems.append(f"{name}, payment {t}, field BPR02: payment does not balance: BPR02 "
                                   f"{rem.total_paid:.2f} != claim payments {paid:.2f} - provider"
                                   f" adjustments {plb:.2f}")
