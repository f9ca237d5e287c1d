"""Write the labeled development corpus: tests/corpus/dev/NNNN.txt + NNNN.json (+ README counts).

Usage: .venv/bin/python scripts/make_dev_corpus.py [--seed 2026] [--count 360] [--out tests/corpus/dev]

The notes come from the demo's scenario builders and note writers (``painrcm.demo``) with a seed
different from the demo's and a high "hard" rate, so documentation gaps, negations, bilateral and
mixed-side work, multi-procedure sessions and typos are oversampled. Labels are derived from the
structured facts (``painrcm.demo.labels``), never from the coder.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from painrcm.demo import scenarios as sc
from painrcm.demo import sessions as ss
from painrcm.demo.generate import build_truth
from painrcm.demo.labels import expected_label
from painrcm.demo.notes import STYLES, write_note
from painrcm.demo.truth import EncounterTruth

REPO = Path(__file__).resolve().parents[1]
PROVIDERS = ("Elena Marsh, MD", "Samuel Okoye, DO", "Priya Nandakumar, NP", "R. Castellano, MD", "J. Whitfield, DO")

#: corpus scenario -> weight (hard cases oversampled relative to the demo mix)
MIX = {
    "tfesi": 15, "ilesi": 9, "facet": 12, "rfa": 9, "si_joint": 5, "si_rfa": 1, "joint": 7, "genicular_block": 1,
    "genicular_rfa": 1, "tpi": 7, "nerve_block": 5, "sympathetic": 4, "blood_patch": 1, "vert_aug": 2,
    "scs_trial": 2, "scs_implant": 3, "scs_programming": 4, "new": 7, "est": 10, "proc+em": 5, "combo": 7,
    "not_billable": 2, "not_billable+proc": 1,
}
FAMILY_GROUP = {"caudal": "ilesi", "genicular_block": "joint", "genicular_rfa": "rfa", "si_rfa": "si_joint"}


def make_truth(kind: str, rng: random.Random, hard: float, dos: date) -> EncounterTruth:
    if kind in ("new", "est"):
        return build_truth(kind, {}, rng, hard, dos)
    if kind == "not_billable":
        t = EncounterTruth("not_billable", not_billable=rng.choice(("cancelled", "impar", "lysis", "prp")))
        return replace(t, expected=expected_label(t, dos))
    if kind == "not_billable+proc":
        p = rng.choice((sc.tpi, sc.si_joint))(rng, 0.0)
        t = EncounterTruth("not_billable+" + p.family, procedures=(p,), place_of_service="11",
                           not_billable=rng.choice(("impar", "prp")))
        return replace(t, expected=expected_label(t, dos))
    if kind == "combo":
        procs = sc.combo(rng, hard)
    elif kind == "proc+em":
        procs = ()
    else:
        procs = (sc.single(kind, rng, hard, dos),)
    pos = sc.default_pos(procs[0], rng) if procs else "11"
    visit = None
    if kind == "proc+em":
        procs = (sc.single(rng.choice(("tfesi", "facet", "tpi", "joint", "si_joint", "nerve_block")), rng, hard, dos),)
        pos = "11"
        visit = ss.visit(rng, hard, new=rng.random() < 0.3, complaint=rng.choice(("knee_oa", "myofascial", "failed_back", "occipital")))
    t = EncounterTruth("+".join(p.family for p in procs) + ("+em" if visit else ""), procedures=procs, visit=visit,
                       place_of_service=pos)
    t = replace(t, planned=ss.planned_for(t, rng, 0.35))
    label = expected_label(t, dos)
    t2 = ss.with_printed_codes(t, rng, hard, label["lines"])
    return replace(t2, expected=expected_label(t2, dos))


README = """# Development corpus (synthetic, labeled)

{count} synthetic pain-management notes (`NNNN.txt`) with their expected coding (`NNNN.json`), for
measuring the note coder (`painrcm code`). Written by `scripts/make_dev_corpus.py` (seed {seed},
hard-case rate {hard}); regenerate with

    .venv/bin/python scripts/make_dev_corpus.py --seed {seed} --count {count} --hard {hard}

(`tests/demo/test_dev_corpus_files.py` checks that the committed files equal the generator's output).

## How the notes are made

Each note starts as structured facts (`painrcm.demo.truth`: procedure family, approach, region,
levels and sides, imaging modality and whether an image was saved and interpreted, muscles, relief %
and duration of prior blocks, leads, device, changed programming parameters, E/M problems / data /
risk / time) drawn by the scenario builders of the demo (`painrcm.demo.scenarios`). A writer
(`painrcm.demo.notes`) renders the facts in one of four procedure styles (templated EHR note with
fields, transcribed dictation with capitalised headings, terse clinic shorthand, free narrative) or
visit styles (SOAP, EHR visit template, narrative), with random heading names, field order, level
notation (L4-5, L4-L5, L4/5, L45, nerve-root and medial-branch notation), side notation (right, R, rt,
bilateral, b/l, bilat), abbreviations (TFESI, ILESI, MBB, RFA, TPI, fluoro), typos in ~20% of notes,
negations ("No fluoroscopy was used", "denies radicular symptoms"), hypothetical or planned procedures
("will consider RFA if relief > 80%"), multi-procedure sessions, and codes typed at the end of
dictations (old 76005, 95973, ICD-9 such as 724.4, sometimes a wrong current code). When the facts
carry a documentation gap, the writer leaves out every word that would fill it (tested).

The label is computed from the facts by `painrcm.demo.labels` (never by running the coder), following
`docs/coding-conventions.md` with no payer (the `medicare` default profile). `meta` (scenario, style,
gaps, printed codes) is for analysis only; `context` gives the place of service and date of service
the coder should be called with (`--pos`, `--dos`); `payer` is always null.

## Choices the conventions leave open (fixed here)

- RFA note whose prior diagnostic blocks are described without a percentage ("significant relief") or
  without a duration: `relief_documentation` query, the RFA line is still coded (the element does not
  change the code). Thresholds (80% vs 50%, one block vs two) are payer policy, not note queries.
- SCS device C-codes only at places of service 22/24 (facility/ASC under the `medicare` profile):
  C1607 for an integrated neurostimulator (2026+), else C1820 (rechargeable) or C1767
  (non-rechargeable) plus C1778 per lead. Trial leads carry no device line. Device type not stated at
  22/24 -> `device` query, the 63650/63685 lines stay.
- E/M: level = higher of MDM (2 of 3 elements) and total time; G2211 on an office E/M without
  modifier 25 when the plan states ongoing care by this practice (not for a one-time consultation);
  an E/M with a same-day procedure is always written as separately identifiable and carries 25.
  Times stay below the prolonged-service thresholds.
- Imaging lines (77002, 77003, 76942) only for primaries that exclude imaging (joints, peripheral
  nerve blocks, stellate/lumbar sympathetic, blood patch, trigger points) and only at place of
  service 11 (no -26 question); with a missing saved image or interpretation -> `imaging_documentation`
  query and no imaging line. Ultrasound joint injection without recording/report -> 20610 + query.
- Multi-procedure sessions only combine pairs without an NCCI PTP edit (TFESI + MBB, ILESI + facet,
  facet + SI, RFA + SI, ILESI + TPI), so no 59/X modifier is expected. No modifier 51.
- A printed current CPT code that is not among the expected lines -> `code_conflict` (lines still
  coded from the documentation); printed deleted codes (76005, 95973) and ICD-9 codes are ignored.
- Interlaminar/caudal epidural whose note does not mention imaging (gap `imaging_unstated`; the writer
  then names neither a modality nor contrast spread) -> 62320/62322 (imaging is billable only when
  documented). When the note describes contrast spread but names no modality (gap `modality_unnamed`)
  -> `imaging_documentation` query, no line. SI joint injection with imaging unstated -> query, no line.
- Percutaneous lysis of epidural adhesions written as one day -> 62264 (imaging and the injection
  through the catheter included, no 50/RT/LT); written as an extra free-text service with no diagnosis.
- Laterality gaps are only generated where the diagnosis has no side (TFESI, facet, RFA, SI joint,
  occipital nerve), so the side cannot be read from the diagnosis either. Beware "the patient left the
  procedure area" (a verb, not a side).
- Line `diagnoses` list the diagnoses documented for that procedure (structural code first, G89.x last).

## Counts

Words per note: min {words_min}, median {words_median}, max {words_max}.

{tables}
"""


def readme(stats: dict, table: dict) -> str:
    parts = []
    for name, title in (("family", "Notes per procedure family (a multi-procedure note counts once per family)"),
                        ("style", "Notes per style"), ("status", "Label status"), ("query", "Expected queries per topic"),
                        ("gap", "Documentation gaps per kind"), ("feature", "Hard-case features")):
        rows = "\n".join(f"| {k} | {v} |" for k, v in table[name].items())
        parts.append(f"### {title}\n\n| | notes |\n| --- | --- |\n{rows}\n")
    return README.format(**stats, tables="\n".join(parts))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--count", type=int, default=360)
    ap.add_argument("--hard", type=float, default=1.0)
    ap.add_argument("--out", type=Path, default=REPO / "tests" / "corpus" / "dev")
    args = ap.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("[0-9][0-9][0-9][0-9].txt")) + list(out.glob("[0-9][0-9][0-9][0-9].json")):
        old.unlink()
    kinds, weights = list(MIX), list(MIX.values())
    counts = {"family": collections.Counter(), "style": collections.Counter(), "status": collections.Counter(),
              "query": collections.Counter(), "gap": collections.Counter(), "feature": collections.Counter()}
    words = []
    for i in range(1, args.count + 1):
        rng = random.Random(f"dev:{args.seed}:{i}")
        kind = rng.choices(kinds, weights=weights)[0]
        dos = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 295))
        t = make_truth(kind, rng, args.hard, dos)
        style = "dictation" if t.printed_codes else rng.choice(STYLES)
        typos = rng.random() < 0.2
        t = replace(t, style=style)
        text = write_note(t, rng, provider=rng.choice(PROVIDERS), dos=dos, style=style, typos=typos)
        words.append(len(text.split()))
        label = dict(t.expected)
        label["meta"] = {"scenario": t.scenario, "style": style, "typos": typos,
                         "gaps": sorted({g for p in t.procedures for g in p.gaps} | (set(t.visit.gaps) if t.visit else set())),
                         "printed_codes": list(t.printed_codes), "generator": f"make_dev_corpus seed={args.seed} #{i}"}
        (out / f"{i:04d}.txt").write_text(text, encoding="utf-8")
        (out / f"{i:04d}.json").write_text(json.dumps(label, indent=1) + "\n", encoding="utf-8")
        fams = {FAMILY_GROUP.get(p.family, p.family) for p in t.procedures}
        if t.visit is not None:
            fams.add("em")
        if t.not_billable == "lysis":
            fams.add("lysis")
        if not fams:
            fams.add("not_billable")
        for f in sorted(fams):
            counts["family"][f] += 1
        counts["style"][style + ("+typos" if typos else "")] += 1
        counts["status"][label["status"]] += 1
        for q in label["queries"]:
            counts["query"][q["topic"]] += 1
        for g in label["meta"]["gaps"]:
            counts["gap"][g] += 1
        if len(t.procedures) > 1:
            counts["feature"]["multi-procedure"] += 1
        if any(len(p.sides) == 2 and set(p.levels_on("left")) == set(p.levels_on("right")) for p in t.procedures):
            counts["feature"]["bilateral same levels"] += 1
        if any("left" in p.sides and "right" in p.sides and set(p.levels_on("left")) != set(p.levels_on("right")) for p in t.procedures):
            counts["feature"]["mixed sides"] += 1
        if any(len(p.levels) > 1 for p in t.procedures if p.family in ("tfesi", "facet", "rfa")):
            counts["feature"]["multi-level spine"] += 1
        if any(p.imaging == "none" for p in t.procedures):
            counts["feature"]["imaging negated / none"] += 1
        if t.printed_codes:
            counts["feature"]["printed codes at end"] += 1
        if t.planned:
            counts["feature"]["hypothetical procedure mentioned"] += 1
    stats = {"count": args.count, "seed": args.seed, "hard": args.hard,
             "words_min": min(words), "words_median": sorted(words)[len(words) // 2], "words_max": max(words)}
    table = {k: dict(v.most_common()) for k, v in counts.items()}
    (out / "counts.json").write_text(json.dumps({**stats, **table}, indent=1) + "\n")
    (out / "README.md").write_text(readme(stats, table), encoding="utf-8")
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
