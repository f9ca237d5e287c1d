"""Accuracy of the note coder against a labeled corpus.

Usage:
    .venv/bin/python scripts/eval_coding.py tests/corpus/dev
    .venv/bin/python scripts/eval_coding.py tests/corpus/real --notes ../shared/corpus/real-notes
    ... [--show N] [--json]

A corpus folder holds labels ``NAME.json`` (the ``painrcm code --json`` shape; ``queries`` list
topics); the note is ``NAME.txt`` beside the label, or in ``--notes``. Reported:

- exact: share of notes whose multiset of (code, units) equals the label's;
- modifier accuracy: over lines matched by (code, units), share with the same modifier set;
- query precision / recall by topic (per note, sets of topics);
- imaging codes (77002/77003/76942/77012) proposed without all three documented elements (must be 0);
- diagnoses: share of notes whose diagnosis set equals the label's (secondary).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from painrcm.coding import code_note

IMAGING = {"77002", "77003", "76942", "77012"}


def _topics(queries) -> set[str]:
    out = set()
    for q in queries or []:
        out.add(q["topic"] if isinstance(q, dict) else str(q))
    return out


def _pairs(lines) -> Counter:
    return Counter((l["code"], int(l.get("units", 1))) for l in lines or [])


def evaluate(folder: Path, notes: Path | None = None, show: int = 0) -> dict:
    labels = sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))
    n = exact = 0
    mod_total = mod_ok = 0
    q_tp = q_fp = q_fn = 0
    per_topic: dict[str, list[int]] = {}
    imaging_bad = 0
    dx_exact = 0
    failures = []
    started = time.perf_counter()
    for label_path in labels:
        try:
            label = json.loads(label_path.read_text())
        except (OSError, json.JSONDecodeError):
            continue  # a label being rewritten
        if not isinstance(label, dict) or "lines" not in label:
            continue
        note_path = (notes or folder) / (label_path.stem + ".txt")
        if not note_path.exists():
            continue
        try:
            text = note_path.read_text(errors="replace")
        except OSError:
            continue
        ctx = label.get("context") or {}
        dos = date.fromisoformat(ctx["dos"]) if ctx.get("dos") else date(2026, 6, 1)
        vt = ctx.get("visit_type") if ctx.get("visit_type") in ("new", "established") and \
            ctx.get("visit_type_given") else None
        result = code_note(text, payer=ctx.get("payer"), pos=ctx.get("pos"), dos=dos, visit_type=vt).to_json()
        n += 1
        got, want = _pairs(result["lines"]), _pairs(label["lines"])
        ok = got == want
        exact += ok
        # modifiers on lines matched by (code, units)
        remaining = [dict(l) for l in label["lines"]]
        for line in result["lines"]:
            cands = [w for w in remaining if w["code"] == line["code"] and int(w.get("units", 1)) == line["units"]]
            if not cands:
                continue
            same = [w for w in cands if sorted(w.get("modifiers", [])) == sorted(line["modifiers"])]
            pick = (same or cands)[0]
            remaining.remove(pick)
            mod_total += 1
            mod_ok += bool(same)
        gt, wt = _topics(result["queries"]), _topics(label.get("queries"))
        q_tp += len(gt & wt)
        q_fp += len(gt - wt)
        q_fn += len(wt - gt)
        for t in gt | wt:
            c = per_topic.setdefault(t, [0, 0, 0])
            c[0] += t in gt and t in wt
            c[1] += t in gt and t not in wt
            c[2] += t in wt and t not in gt
        procs = result["facts"].get("procedures", [])
        for line in result["lines"]:
            if line["code"] in IMAGING:
                if not any(p["imaging"]["guidance_documented"] and p["imaging"]["permanent_image"]
                           and p["imaging"]["interpretation"] for p in procs):
                    imaging_bad += 1
        dx_exact += set(result["diagnoses"]) == set(label.get("diagnoses", []))
        if not ok or gt != wt:
            failures.append({
                "note": label_path.stem,
                "got": sorted(f"{l['code']}{'-' + '-'.join(l['modifiers']) if l['modifiers'] else ''}x{l['units']}"
                              for l in result["lines"]),
                "want": sorted(f"{l['code']}{'-' + '-'.join(l.get('modifiers', [])) if l.get('modifiers') else ''}"
                               f"x{l.get('units', 1)}" for l in label["lines"]),
                "queries_got": sorted(gt), "queries_want": sorted(wt), "lines_ok": ok,
            })
    elapsed = time.perf_counter() - started
    report = {
        "corpus": str(folder), "notes": n,
        "exact_code_units": round(exact / n, 4) if n else None,
        "exact_count": exact,
        "modifier_accuracy": round(mod_ok / mod_total, 4) if mod_total else None,
        "query_precision": round(q_tp / (q_tp + q_fp), 4) if q_tp + q_fp else None,
        "query_recall": round(q_tp / (q_tp + q_fn), 4) if q_tp + q_fn else None,
        "query_by_topic": {t: {"tp": c[0], "fp": c[1], "fn": c[2]} for t, c in sorted(per_topic.items())},
        "imaging_without_three_elements": imaging_bad,
        "diagnosis_set_exact": round(dx_exact / n, 4) if n else None,
        "seconds": round(elapsed, 2),
    }
    if show:
        report["failures"] = failures[:show]
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--notes", type=Path, default=None, help="folder of the note texts (default: beside labels)")
    ap.add_argument("--show", type=int, default=0, help="list up to N failing notes")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: not a folder", file=sys.stderr)
        return 2
    report = evaluate(args.corpus, args.notes, args.show)
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    for k, v in report.items():
        if k in ("failures", "query_by_topic"):
            continue
        print(f"{k}: {v}")
    print("queries by topic (tp/fp/fn): " + ", ".join(
        f"{t} {c['tp']}/{c['fp']}/{c['fn']}" for t, c in report["query_by_topic"].items()))
    for f in report.get("failures", []):
        flag = "" if f["lines_ok"] else "LINES "
        print(f"- {f['note']}: {flag}got {f['got']} want {f['want']}; q got {f['queries_got']} "
              f"want {f['queries_want']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
