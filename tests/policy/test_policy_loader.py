"""Payer policy files: shipped files validate, broken files fail with file, key path, line and reason."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from painrcm.errors import NotFound, PolicyError
from painrcm.policy import (SHIPPED_DIR, load_directory, load_policy, policy_for_x12_payer_id,
                            shipped_policy_ids, validate_directory, validate_file)

MINIMAL = """\
id: acme
name: Acme Health
plan_type: commercial
version: "1"
effective_from: 2026-01-01
"""


def write(tmp_path: Path, body: str, name: str = "acme.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def error_of(path: Path) -> PolicyError:
    with pytest.raises(PolicyError) as info:
        validate_file(path)
    return info.value


# ---- shipped files ----------------------------------------------------------------------------

SHIPPED = ("medicare", "medicare-advantage", "summit-health", "lakeshore-ppo", "granite-mutual")


def test_shipped_ids():
    assert set(SHIPPED) <= set(shipped_policy_ids())


@pytest.mark.parametrize("path", sorted(SHIPPED_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_file_validates(path):
    policy = validate_file(path)
    assert policy.id == path.stem


def test_load_directory_shipped():
    policies = load_directory(SHIPPED_DIR)
    assert set(SHIPPED) <= set(policies)


def test_unknown_policy_lists_known_ids():
    with pytest.raises(NotFound) as info:
        load_policy("no-such-payer")
    assert "medicare" in str(info.value) and "granite-mutual" in str(info.value)


def test_policy_for_x12_payer_id():
    assert policy_for_x12_payer_id("04412").id == "medicare"   # Novitas Texas
    assert policy_for_x12_payer_id("GRM01").id == "granite-mutual"
    assert policy_for_x12_payer_id("NOPE") is None


def test_policy_is_frozen():
    policy = load_policy("medicare")
    with pytest.raises(Exception):
        policy.name = "x"  # type: ignore[misc]


def test_minimal_file_takes_cms_defaults(tmp_path):
    policy = validate_file(write(tmp_path, MINIMAL))
    assert policy.bilateral_style("11").value == "modifier_50_one_line"
    assert policy.prior_auth.renewal_lead_days == 14
    assert policy.prior_auth.retro_auth_window_days == 30
    assert policy.deadlines.peer_to_peer_days == 30
    assert policy.deadlines.dispute_days == 365
    assert policy.em.opioid_monitoring_is_high_risk is False
    assert policy.frequency_limit("esi", "lumbar") is None


def test_directory_loading_with_custom_dir(tmp_path):
    write(tmp_path, MINIMAL)
    assert list(load_directory(tmp_path)) == ["acme"]
    assert load_policy("acme", tmp_path).name == "Acme Health"


# ---- broken files -----------------------------------------------------------------------------

def test_wrong_type(tmp_path):
    path = write(tmp_path, MINIMAL + "deadlines:\n  timely_filing_days: ninety\n")
    err = error_of(path)
    assert err.key_path == "deadlines.timely_filing_days"
    assert err.line == 7
    assert "acme.yaml" in str(err) and "not a whole number" in str(err) and "line 7" in str(err)


def test_unknown_key(tmp_path):
    path = write(tmp_path, MINIMAL + "bilateral:\n  default: modifier_50_one_line\n  by_pos: {}\n")
    err = error_of(path)
    assert err.key_path == "bilateral.by_pos"
    assert err.line == 8
    assert "unknown key" in str(err)


def test_unknown_top_level_key(tmp_path):
    err = error_of(write(tmp_path, MINIMAL + "timely_filing: 90\n"))
    assert err.key_path == "timely_filing" and err.line == 6


def test_missing_required_key(tmp_path):
    body = MINIMAL.replace('version: "1"\n', "")
    err = error_of(write(tmp_path, body))
    assert err.key_path == "version"
    assert "missing required key" in str(err)


def test_missing_nested_required_key_points_at_parent(tmp_path):
    body = MINIMAL + "frequency_limits:\n  - family: esi\n    window_days: 365\n"
    err = error_of(write(tmp_path, body))
    assert err.key_path == "frequency_limits.0.max_sessions"
    assert err.line == 7   # the list item the key is missing from


def test_bad_enum_by_place_of_service(tmp_path):
    body = MINIMAL + "bilateral:\n  by_place_of_service:\n    11: modifier_50_one_line\n    24: two_lines\n"
    err = error_of(write(tmp_path, body))
    assert err.key_path == "bilateral.by_place_of_service.24"
    assert err.line == 9
    assert "rt_lt_two_lines" in str(err)   # lists the allowed values


def test_bad_plan_type(tmp_path):
    err = error_of(write(tmp_path, MINIMAL.replace("commercial", "hmo")))
    assert err.key_path == "plan_type" and err.line == 3


def test_bad_family_and_state(tmp_path):
    body = MINIMAL + "prior_auth:\n  rules:\n    - applies_to: [esi]\n      states: [TX, texas]\n"
    err = error_of(write(tmp_path, body))
    assert err.key_path == "prior_auth.rules.0.states.1"
    assert "two-letter" in str(err)
    body = MINIMAL + "frequency_limits:\n  - family: epidurals\n    max_sessions: 3\n"
    err = error_of(write(tmp_path, body))
    assert err.key_path == "frequency_limits.0.family" and "unknown procedure family" in str(err)


def test_yaml_syntax_error_gives_line(tmp_path):
    body = MINIMAL + "bilateral:\n  default: [modifier_50_one_line\n  payment_pct: 150\n"
    err = error_of(write(tmp_path, body))
    assert "YAML syntax error" in str(err)
    assert err.line is not None and err.line >= 7


def test_empty_file(tmp_path):
    err = error_of(write(tmp_path, ""))
    assert "empty" in str(err) and "acme.yaml" in str(err)
    err = error_of(write(tmp_path, "# only a comment\n"))
    assert "empty" in str(err)


def test_not_a_mapping(tmp_path):
    err = error_of(write(tmp_path, "- a\n- b\n"))
    assert "mapping" in str(err)


def test_duplicate_key(tmp_path):
    err = error_of(write(tmp_path, MINIMAL + "name: Again\n"))
    assert err.key_path == "name" and err.line == 6 and "twice" in str(err)


def test_id_must_match_file_name(tmp_path):
    err = error_of(write(tmp_path, MINIMAL, name="other.yaml"))
    assert err.key_path == "id" and err.line == 1


def test_bad_date_order(tmp_path):
    body = MINIMAL + ("prior_auth:\n  rules:\n    - applies_to: [esi]\n"
                      "      effective_from: 2026-01-01\n      effective_to: 2025-01-01\n")
    err = error_of(write(tmp_path, body))
    assert err.key_path == "prior_auth.rules.0" and "before" in str(err)


def test_several_problems_counted(tmp_path):
    body = MINIMAL + "deadlines:\n  timely_filing_days: x\n  appeal_days: y\n"
    err = error_of(write(tmp_path, body))
    assert "1 more problem" in str(err)


def test_validate_directory_collects_all_errors(tmp_path):
    write(tmp_path, MINIMAL)
    write(tmp_path, MINIMAL.replace("acme", "bad") + "nope: 1\n", name="bad.yaml")
    write(tmp_path, "", name="empty.yaml")
    reports = {r.path.name: r for r in validate_directory(tmp_path)}
    assert reports["acme.yaml"].ok
    assert not reports["bad.yaml"].ok and reports["bad.yaml"].problems[0].key_path == "nope"
    assert not reports["empty.yaml"].ok
    with pytest.raises(PolicyError):
        load_directory(tmp_path)


def test_missing_directory(tmp_path):
    with pytest.raises(NotFound):
        load_directory(tmp_path / "nope")


def test_docs_cover_every_key():
    """docs/payer-policy.md names every key of the schema (section.key for nested sections)."""
    from typing import get_args

    from pydantic import BaseModel

    from painrcm.policy import PayerPolicy

    doc = (Path(__file__).resolve().parents[2] / "docs" / "payer-policy.md").read_text()
    missing = []

    def model_in(annotation):
        for t in (annotation, *get_args(annotation)):
            if isinstance(t, type) and issubclass(t, BaseModel):
                return t
        return None

    for name, info in PayerPolicy.model_fields.items():
        if f"`{name}`" not in doc and f"`{name}." not in doc:
            missing.append(name)
        sub = model_in(info.annotation)
        if sub is None:
            continue
        is_list = sub is not info.annotation
        for child in sub.model_fields:
            key = f"`{child}`" if is_list else f"`{name}.{child}`"
            if key not in doc:
                missing.append(f"{name}.{child}")
    assert not missing, missing
