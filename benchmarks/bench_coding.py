"""Throughput of the note coder on ~400-word procedure and visit notes (one core).

    .venv/bin/python benchmarks/bench_coding.py [--notes 1000] [--corpus tests/corpus/dev]

Without --corpus the notes are built from varied ~400-word templates (levels, sides, approach,
family, dictation or EHR style); with --corpus every ``*.txt`` in the folder is coded.
Prints notes/s and the mean words per note.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date
from pathlib import Path

from painrcm.coding import code_note

_PROC = [
    "{side} {lv1} and {lv2} transforaminal epidural steroid injection under fluoroscopic guidance",
    "{side} {lv1} and {lv2} medial branch blocks under fluoroscopy",
    "{side} radiofrequency ablation of the {lv1} and {lv2} medial branch nerves",
    "{lv1} interlaminar epidural steroid injection under fluoroscopy",
    "trigger point injections into the {side} trapezius, levator scapulae and rhomboid muscles",
    "{side} sacroiliac joint injection under fluoroscopic guidance",
]
_FILLER = (
    "The risks, benefits and alternatives were discussed with the patient, including infection, bleeding, "
    "nerve injury, headache and allergic reaction, and written informed consent was obtained. The patient "
    "was placed prone on the procedure table and monitored with pulse oximetry, blood pressure and ECG. "
    "The skin was prepped with chlorhexidine and draped in the usual sterile fashion. A time-out was "
    "performed confirming the patient, the procedure and the site. The skin and subcutaneous tissues were "
    "anesthetized with 1% lidocaine. "
)


def make_note(rng: random.Random) -> str:
    side = rng.choice(["Right", "Left", "Bilateral", "b/l", "rt", "lt"])
    upper = rng.choice([3, 4])
    lv1, lv2 = rng.choice([(f"L{upper}-{upper + 1}", f"L{upper + 1}-{'S1' if upper == 4 else upper + 2}"),
                           (f"L{upper}", f"L{upper + 1}"), (f"L{upper}{upper + 1}", "L5-S1")])
    proc = rng.choice(_PROC).format(side=side, lv1=lv1, lv2=lv2)
    relief = rng.choice(["80% relief for 6 hours", "significant relief", "90% relief lasting 8 hours"])
    return (
        f"DATE OF SERVICE: 2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n\n"
        "PREOPERATIVE DIAGNOSIS: Lumbar spondylosis without myelopathy or radiculopathy; chronic low back pain.\n"
        "POSTOPERATIVE DIAGNOSIS: Same.\n\n"
        f"PROCEDURE PERFORMED: {proc}.\n\n"
        "INDICATIONS: The patient has axial low back pain for more than six months despite physical therapy, "
        f"NSAIDs and a home exercise program. Prior diagnostic blocks provided {relief}. The pain interferes "
        "with sleep and work, and the patient wishes to proceed. No anticoagulants. No allergies to contrast.\n\n"
        f"DESCRIPTION OF PROCEDURE: {_FILLER}{_FILLER}"
        "Under intermittent fluoroscopic guidance 22-gauge spinal needles were advanced to the targets. "
        "Aspiration was negative for blood and cerebrospinal fluid. Omnipaque 240 was injected and showed "
        "appropriate spread without vascular uptake. Permanent images were saved to PACS. A solution of 40 mg "
        "triamcinolone and 3 mL of 0.25% bupivacaine was injected in divided doses. The needles were removed "
        "intact and bandages applied. There were no complications and the patient tolerated the procedure well. "
        "No fluoroscopy-related events occurred. The patient was observed for 20 minutes in recovery, vital "
        "signs were stable, and the patient was discharged home ambulatory with a driver.\n\n"
        "PLAN: Follow up in two weeks. If the relief is greater than 80%, we will consider radiofrequency "
        "ablation at the same levels. Continue home exercise program and meloxicam 15 mg daily.\n"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=1000)
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.corpus:
        notes = [p.read_text() for p in sorted(args.corpus.glob("*.txt"))]
    else:
        rng = random.Random(args.seed)
        notes = [make_note(rng) for _ in range(args.notes)]
    code_note(notes[0], dos=date(2026, 6, 1))  # warm caches (policy, code table, ICD-10)
    words = sum(len(n.split()) for n in notes) / len(notes)
    start, cpu = time.perf_counter(), time.process_time()
    for n in notes:
        code_note(n, dos=date(2026, 6, 1))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{len(notes)} notes, {words:.0f} words/note on average: wall {elapsed:.2f} s = "
          f"{len(notes) / elapsed:.0f} notes/s; CPU {cpu:.2f} s = {len(notes) / cpu:.0f} notes/s "
          "(one process, one core)")


if __name__ == "__main__":
    main()
