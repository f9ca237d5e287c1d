"""``painrcm payers``: list, show and validate payer policy files, and print their JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer
from rich.table import Table

from painrcm.cli.common import console, err_console
from painrcm.errors import PolicyError
from painrcm.policy import (SHIPPED_DIR, PayerPolicy, check_file, load_directory, load_policy,
                            validate_directory)

DirOption = typer.Option(None, "--dir", help="Directory of payer files (default: the shipped payer files)")


def register(app: typer.Typer) -> None:
    payers = typer.Typer(help="Payer policy files: list, show, validate.", no_args_is_help=True)
    app.add_typer(payers, name="payers")

    @payers.command("list")
    def list_payers(directory: Optional[Path] = DirOption) -> None:
        """List the payer policies of a directory."""
        policies = load_directory(directory or SHIPPED_DIR)
        table = Table(title=f"Payer policies in {directory or 'the shipped payer files'}")
        table.add_column("id", no_wrap=True)
        for col in ("name", "plan type", "version", "effective", "X12 payer ids"):
            table.add_column(col)
        for p in policies.values():
            table.add_row(p.id, p.name, p.plan_type.value, p.version, p.effective_from.isoformat(),
                          _short(", ".join(p.x12_payer_ids) or "-", 40))
        console.print(table)

    @payers.command("validate")
    def validate(target: Optional[Path] = typer.Argument(
            None, help="A payer file or a directory of them (default: the shipped payer files)")) -> None:
        """Validate payer files: one line per file, every problem listed; exit 2 if any fails."""
        target = target or SHIPPED_DIR
        if target.is_dir():
            reports = validate_directory(target)
        elif target.exists():
            reports = [check_file(target)]
        else:
            raise PolicyError("no such file or directory", file=str(target))
        failed = 0
        for report in reports:
            if report.ok:
                console.print(f"[green]OK[/]    {report.path}", highlight=False)
                continue
            failed += 1
            console.print(f"[red]ERROR[/] {report.path}", highlight=False)
            for problem in report.problems:
                where = ", ".join(x for x in (f"line {problem.line}" if problem.line else None,
                                              f"key {problem.key_path}" if problem.key_path else None) if x)
                console.print(f"      {where + ': ' if where else ''}{problem.reason}",
                              highlight=False, markup=False)
        if not reports:
            err_console.print(f"no payer files (*.yaml) in {target}")
            raise typer.Exit(2)
        console.print(f"{len(reports) - failed} of {len(reports)} payer files valid")
        if failed:
            raise typer.Exit(2)

    @payers.command("show")
    def show(policy_id: str = typer.Argument(..., help="Payer policy id, e.g. medicare"),
             directory: Optional[Path] = DirOption,
             as_json: bool = typer.Option(False, "--json", help="Print the whole profile as JSON")) -> None:
        """Show one payer profile as a readable table (or JSON)."""
        policy = load_policy(policy_id, directory)
        if as_json:
            typer.echo(json.dumps(policy.model_dump(mode="json"), indent=2))
            return
        console.print(profile_table(policy))


    @payers.command("schema")
    def schema() -> None:
        """Print the JSON Schema of a payer file (for editor completion and checks)."""
        typer.echo(json.dumps(PayerPolicy.model_json_schema(), indent=2))


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(_fmt(v) for v in value) if value else "-"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_fmt(v)}" for k, v in value.items()) if value else "-"
    return str(value)


def _rows(policy: PayerPolicy) -> list[tuple[str, str, str]]:
    p = policy
    rows: list[tuple[str, str, str]] = [
        ("payer", "id", p.id), ("payer", "name", p.name), ("payer", "plan type", p.plan_type.value),
        ("payer", "version", f"{p.version} (effective {p.effective_from}"
                             + (f" to {p.effective_to})" if p.effective_to else ")")),
        ("payer", "X12 payer ids", _fmt(p.x12_payer_ids)), ("payer", "states", _fmt(p.states) if p.states else "all"),
        ("claim", "bilateral", p.bilateral.default.value
         + "".join(f"; POS {k}: {v.value}" for k, v in p.bilateral.by_place_of_service.items())),
        ("claim", "bilateral payment", f"{p.bilateral.payment_pct} %"),
        ("claim", "distinct procedure", "59" if p.distinct_procedure_modifier == "59"
         else "X-modifiers, preferring " + _fmt([m.value for m in p.modifiers.x_preference])),
        ("claim", "modifier 51", "wanted" if p.wants_modifier_51 else "not used (payer reduces)"),
        ("claim", "multiple-procedure payment", " / ".join(f"{int(f * 100)} %" for f in p.multiple_procedure_reduction)),
        ("claim", "device codes at POS", _fmt(p.device_codes.report_at_places_of_service)),
        ("claim", "E/M", f"prolonged {p.em.prolonged_code.value}; G2211 "
         f"{'accepted' if p.em.g2211_allowed else 'not accepted'}; opioid monitoring "
         f"{'high' if p.em.opioid_monitoring_is_high_risk else 'moderate'} risk"),
    ]
    for m in p.modifiers.required:
        rows.append(("claim", f"modifier {m.modifier}",
                     f"{_fmt(m.applies_to)} when {m.when.value}"
                     + (f" at POS {_fmt(m.places_of_service)}" if m.places_of_service else "")
                     + ("" if m.enabled else " (off)")))
    for o in p.imaging_bundling_overrides:
        rows.append(("claim", f"imaging {o.imaging_code}",
                     f"{'billable' if o.separately_billable else 'bundled'} with {_fmt(o.with_codes)}"))
    for f in p.frequency_limits:
        rows.append(("limits", f"frequency {f.family}",
                     f"{f.max_sessions} sessions / {f.window_days} days per region"
                     + (f" ({_fmt(f.regions)})" if f.regions else "")
                     + ("; bilateral same level counts once" if f.bilateral_same_level_counts_once else "")
                     + (f"; {f.min_days_between_sessions} days apart" if f.min_days_between_sessions else "")))
    for lv in p.levels_per_session:
        rows.append(("limits", f"levels {lv.family}", f"max {lv.max_levels} per session"
                     + (f"; never {_fmt(lv.non_covered_codes)}" if lv.non_covered_codes else "")))
    r = p.rfa_prerequisite
    rows.append(("limits", "RFA prerequisite",
                 f"{r.diagnostic_blocks} diagnostic block(s) with >= {r.relief_threshold_pct} % relief"
                 + (f" for >= {r.min_relief_duration_hours} h" if r.min_relief_duration_hours else "")
                 + ("; same levels and side" if r.same_levels_and_side else "")
                 + f"; repeat after {r.repeat_rfa_min_months} months with >= {r.repeat_rfa_relief_pct} % relief"))
    for ri in p.repeat_injection:
        rows.append(("limits", f"repeat {ri.family}", f">= {ri.min_relief_pct} % relief"
                     + (f" for {ri.min_relief_days} days" if ri.min_relief_days else "")))
    rows.append(("limits", "SCS trial success", f">= {p.scs.trial_success_relief_pct} % relief"))
    for c in p.conservative_treatment:
        rows.append(("limits", f"conservative care {c.family}", f"{c.weeks} weeks"))
    for fam, prefixes in p.covered_diagnoses.items():
        rows.append(("limits", f"diagnoses {fam}", _fmt(prefixes)))
    for rule in p.prior_auth.rules:
        when = []
        if rule.places_of_service:
            when.append(f"POS {_fmt(rule.places_of_service)}")
        if rule.states:
            when.append(f"in {_fmt(rule.states)}")
        if rule.effective_from or rule.effective_to:
            when.append(f"{rule.effective_from or '…'} to {rule.effective_to or '…'}")
        rows.append(("auth", f"prior auth{' (' + rule.program + ')' if rule.program else ''}",
                     _fmt(rule.applies_to) + (" — " + "; ".join(when) if when else "")))
    if not p.prior_auth.rules:
        rows.append(("auth", "prior auth", "none"))
    rows += [
        ("auth", "renewal lead", f"{p.prior_auth.renewal_lead_days} days"),
        ("auth", "retro-auth window", f"{p.prior_auth.retro_auth_window_days} days"),
    ]
    d = p.deadlines
    rows += [("deadlines", "timely filing", f"{d.timely_filing_days} days"),
             ("deadlines", "appeal", f"{d.appeal_days} days"
              + (f" (second level {d.second_level_appeal_days})" if d.second_level_appeal_days else "")),
             ("deadlines", "peer-to-peer", f"{d.peer_to_peer_days} days"),
             ("deadlines", "payment dispute", f"{d.dispute_days} days")]
    return rows


def profile_table(policy: PayerPolicy) -> Table:
    """A Rich table of a payer profile, grouped by section."""
    table = Table(title=f"{policy.name} ({policy.id})", show_lines=False)
    table.add_column("section", style="dim")
    table.add_column("rule")
    table.add_column("value", overflow="fold")
    last = None
    for section, key, value in _rows(policy):
        table.add_row(section if section != last else "", key, value)
        last = section
    return table
