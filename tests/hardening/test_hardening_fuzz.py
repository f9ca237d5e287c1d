"""Property-based fuzzing of every reader and importer: a typed error or a result,
never another exception and never a hang (each call runs under a SIGALRM bound,
``fuzz_targets_hardening.CALL_LIMIT_S``).

Inputs: byte-level mutations of one valid seed per target, plus random bytes, plus
(for the YAML loaders) random YAML documents and valid documents with one leaf
replaced. ``HARDENING_FUZZ_EXAMPLES`` raises the example count (CI default is small;
docs/reliability.md records the full-size run).
"""

from __future__ import annotations

import os
import random

import pytest
import yaml
from fuzz_targets_hardening import TARGETS, seeds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

N = int(os.environ.get("HARDENING_FUZZ_EXAMPLES", "40"))
SEEDS = seeds()
FAST = sorted(t for t in TARGETS if t != "note")
SETTINGS = settings(max_examples=N, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

DELIMS = b"*~:^|,\n\r\"'-#{}[]&!%@\t0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ \x00\xff"
EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 3), st.sampled_from(list(DELIMS)),
                           st.integers(1, 64)), min_size=1, max_size=8)


def mutate(seed: bytes, edits) -> bytes:
    """Overwrite, delete, insert a byte, or duplicate/drop a block at each edit position."""
    b = bytearray(seed or b" ")
    for pos, op, ch, span in edits:
        i = pos % max(len(b), 1)
        if op == 0 and b:
            b[i] = ch
        elif op == 1 and b:
            del b[i:i + (span % 4) + 1]
        elif op == 2:
            b.insert(i, ch)
        else:
            b[i:i] = b[i:i + span]  # duplicate a block (repeated segments, rows, keys)
    return bytes(b)


@pytest.mark.parametrize("target", FAST)
@SETTINGS
@given(edits=EDITS)
def test_mutated_seed_gives_result_or_typed_error(target, edits):
    TARGETS[target](mutate(SEEDS[target], edits))


@pytest.mark.parametrize("target", FAST)
@SETTINGS
@given(data=st.binary(max_size=2000))
def test_random_bytes_give_result_or_typed_error(target, data):
    TARGETS[target](data)


@pytest.mark.parametrize("target", FAST)
@SETTINGS
@given(cut=st.integers(0, 10**6))
def test_truncated_seed_gives_result_or_typed_error(target, cut):
    seed = SEEDS[target]
    TARGETS[target](seed[:cut % (len(seed) + 1)])


LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                   st.text(max_size=30), st.dates(), st.sampled_from(["64483", "L4-5", "medicare", "x" * 300, ""]))
YAML_DOCS = st.recursive(LEAVES, lambda kids: st.one_of(
    st.lists(kids, max_size=5), st.dictionaries(st.text(max_size=12), kids, max_size=6)), max_leaves=30)


@pytest.mark.parametrize("target", ["policy_yaml", "contract_yaml"])
@SETTINGS
@given(doc=YAML_DOCS)
def test_random_yaml_documents(target, doc):
    TARGETS[target](yaml.safe_dump(doc, allow_unicode=True).encode())


def _leaf_paths(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaf_paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaf_paths(v, path + (i,))
    yield path


@pytest.mark.parametrize("target", ["policy_yaml", "contract_yaml"])
@SETTINGS
@given(pick=st.integers(0, 10**6), value=YAML_DOCS, drop=st.booleans())
def test_valid_yaml_with_one_value_replaced(target, pick, value, drop):
    doc = yaml.safe_load(SEEDS[target])
    paths = [p for p in _leaf_paths(doc) if p]
    path = paths[pick % len(paths)]
    parent = doc
    for k in path[:-1]:
        parent = parent[k]
    if drop:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    TARGETS[target](yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode())


NOTE_WORDS = ("transforaminal epidural steroid injection interlaminar caudal facet medial branch block "
              "radiofrequency ablation L1 L2 L3 L4 L5 S1 C5-6 T12 left right bilateral fluoroscopy "
              "ultrasound spinal cord stimulator trial 64483 64635 20552 lidocaine Depo-Medrol 80mg "
              "levels: two units x3 no yes not performed aborted history of pain VAS 8/10 E/M 99214 "
              "\n \t : ; , . ( ) - / # 0 1 2 3").split(" ")


@settings(max_examples=max(N // 3, 10), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(NOTE_WORDS), max_size=400), edits=EDITS)
def test_note_coder_on_random_and_mutated_text(words, edits):
    TARGETS["note"](" ".join(words).encode())
    TARGETS["note"](mutate(SEEDS["note"], edits))


def test_note_coder_on_a_huge_repetitive_note():
    """Quadratic blow-up check: 200 KB of repeated procedure text returns (within the bound)."""
    TARGETS["note"]((SEEDS["note"] * 150)[:200_000])


def test_seeds_are_valid_inputs():
    """Each seed reads without error, so mutations start from the happy path."""
    for name, target in TARGETS.items():
        target(SEEDS[name])
    assert random  # keep import for reproducible local experiments
