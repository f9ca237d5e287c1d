"""``painrcm codes``: look up the pain code set and its CMS facts.

``painrcm codes show 64484`` prints a code's plain-language descriptor, family, region, CMS
indicators (bilateral, multiple procedure, global days, MUE with its adjudication indicator),
whether imaging guidance is included, its add-on primaries or add-ons, effective and
termination dates and the data source; ``--json`` prints the same as JSON.
``painrcm codes list [--family F]`` lists the set; ``codes edit A B`` shows the NCCI PTP edit
between two codes, ``codes price CODE`` the Medicare fee, ``codes icd CODE`` an ICD-10-CM code.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from decimal import Decimal

import typer
from rich.table import Table

from painrcm.cli.common import console
from painrcm.errors import InputError, NotFound
from painrcm.reference import codes as ref
from painrcm.reference import icd10, mpfs, ncci
from painrcm.reference.ncci import MAI_DESCRIPTIONS

codes_app = typer.Typer(help="Look up CPT/HCPCS codes of the pain code set and their CMS facts.",
                        no_args_is_help=True)

BILATERAL = {
    "0": "0 - modifier 50 not allowed (150% rule does not apply)",
    "1": "1 - bilateral 150% rule applies (modifier 50)",
    "2": "2 - already bilateral, no 50",
    "3": "3 - each side paid at 100%",
    "9": "9 - concept does not apply (no 50, no RT/LT)",
}
MULT_PROC = {
    "0": "0 - no multiple-procedure reduction",
    "2": "2 - standard multiple-procedure reduction (50%)",
    "3": "3 - endoscopy family rule",
    "4": "4 - diagnostic imaging reduction",
    "9": "9 - concept does not apply",
}
GLOBAL = {
    "000": "0 days", "010": "10 days", "090": "90 days",
    "XXX": "XXX - global concept does not apply",
    "ZZZ": "ZZZ - add-on (inside the primary's global)",
    "YYY": "YYY - set by the MAC", "MMM": "MMM - maternity",
}


def _json_default(value):
    if isinstance(value, (date, Decimal)):
        return str(value)
    raise TypeError(type(value).__name__)


def _get(code: str) -> ref.CodeInfo:
    info = ref.lookup(code)
    if info is None:
        raise NotFound(f"code {code.strip().upper()} is not in the painrcm pain code set "
                       f"(try 'painrcm codes list')", field="code")
    return info


def _status(info: ref.CodeInfo) -> str:
    today = date.today()
    if info.effective_to is not None and today > info.effective_to:
        return (f"DELETED: terminated {info.effective_to.isoformat()} "
                f"(deleted {info.deleted_on.isoformat()})")
    if info.effective_from is not None and today < info.effective_from:
        return f"not yet effective (from {info.effective_from.isoformat()})"
    return "active"


def _national(info: ref.CodeInfo) -> dict[str, str] | None:
    """National (unadjusted) 2025 Medicare amounts, or None when the PFS does not price it."""
    row = mpfs.rvu(info.code)
    if row is None or not row.payable:
        return None
    return {"non_facility": str(mpfs.medicare_allowed(info.code, None, None, facility=False)),
            "facility": str(mpfs.medicare_allowed(info.code, None, None, facility=True))}


def _national_text(info: ref.CodeInfo) -> str:
    amounts = _national(info)
    if amounts is None:
        return "- (not priced under the PFS)"
    return (f"${amounts['non_facility']} non-facility, ${amounts['facility']} facility "
            "(CY2025, before locality)")


def payload(info: ref.CodeInfo) -> dict:
    """The JSON form of ``codes show``."""
    data = asdict(info)
    data["addons"] = list(info.addons)
    data["status"] = _status(info)
    data["deleted_on"] = info.deleted_on
    data["mue_mai_description"] = MAI_DESCRIPTIONS.get(info.mue_mai or "", None)
    data["medicare_national"] = _national(info)
    return json.loads(json.dumps(data, default=_json_default))


@codes_app.command("show")
def show(code: str = typer.Argument(..., help="CPT/HCPCS code, e.g. 64484"),
         as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show one code: descriptor, family, indicators, MUE, imaging, add-ons, dates, source."""
    info = _get(code)
    if as_json:
        typer.echo(json.dumps(payload(info), indent=2))
        return
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    rows = [
        ("code", info.code),
        ("status", _status(info)),
        ("descriptor", info.descriptor + "  (painrcm wording, not the CPT descriptor)"),
        ("family", info.family),
        ("region", info.region or "-"),
    ]
    if info.is_addon:
        rows.append(("add-on", "yes - report with " + (", ".join(info.primaries) or "its primary")))
    else:
        rows.append(("add-on", "no"))
    if info.addons:
        rows.append(("add-ons", ", ".join(info.addons)))
    rows += [
        ("units", f"{info.units_rule}: {ref.UNITS_RULES.get(info.units_rule, '')}"),
        ("imaging included", ("yes (" + ", ".join(info.imaging_modalities) + ")")
         if info.imaging_included else "no"
         + (f" (this is {', '.join(info.imaging_modalities)} guidance)"
            if info.family == "imaging_guidance" else "")),
        ("CMS status", info.status_code or "- (not in the PFS file)"),
        ("global days", GLOBAL.get(info.global_indicator or "", info.global_indicator or "-")),
        ("bilateral indicator", BILATERAL.get(info.bilateral_indicator or "",
                                              info.bilateral_indicator or "-")),
        ("multiple procedure", MULT_PROC.get(info.mult_proc_indicator or "",
                                             info.mult_proc_indicator or "-")),
        ("MUE", f"{info.mue} (MAI {info.mue_mai}: {MAI_DESCRIPTIONS.get(info.mue_mai or '', '')})"
         if info.mue is not None else "-"),
        ("RVUs", f"work {info.work_rvu}, PE non-facility {info.nonfac_pe_rvu}, "
                 f"PE facility {info.fac_pe_rvu}, MP {info.mp_rvu}"
         if info.work_rvu is not None else "-"),
        ("Medicare national", _national_text(info)),
        ("effective from", info.effective_from.isoformat() if info.effective_from else "-"),
        ("terminated", info.effective_to.isoformat() if info.effective_to else "-"),
        ("note", info.note or "-"),
        ("source", info.source),
    ]
    for label, value in rows:
        table.add_row(label, value)
    console.print(table, highlight=False, markup=False)


@codes_app.command("list")
def list_codes(family: str | None = typer.Option(None, "--family", "-f",
                                                 help="Only this family, e.g. facet."),
               as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the code set (optionally one family)."""
    if family is not None and family not in ref.FAMILIES:
        raise NotFound(f"unknown code family {family!r}; families: {', '.join(ref.FAMILIES)}",
                       field="--family")
    found = ref.codes_in_family(family) if family else ref.all_codes()
    if as_json:
        typer.echo(json.dumps([payload(c) for c in found], indent=2))
        return
    table = Table("code", "family", "add-on of", "status", "descriptor")
    for info in found:
        table.add_row(info.code, info.family, " ".join(info.primaries) or "",
                      "deleted " + info.deleted_on.isoformat() if info.effective_to else "",
                      info.descriptor)
    console.print(table, highlight=False, markup=False)


@codes_app.command("edit")
def edit(code_a: str = typer.Argument(..., help="First code"),
         code_b: str = typer.Argument(..., help="Second code"),
         on: str | None = typer.Option(None, "--date", help="Date of service (YYYY-MM-DD)."),
         as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show the NCCI PTP edit between two codes (which one is bundled, modifier indicator)."""
    day = _parse_date(on)
    found = ncci.ptp_edit(code_a.strip().upper(), code_b.strip().upper(), on=day)
    if as_json:
        typer.echo(json.dumps(None if found is None else
                              {**json.loads(json.dumps(asdict(found), default=_json_default)),
                               "modifier_allowed": found.modifier_allowed}, indent=2))
        return
    if found is None:
        outside = [c for c in (code_a, code_b) if ref.lookup(c) is None]
        console.print(f"no NCCI PTP edit between {code_a} and {code_b} ({ncci.data_version()})"
                      + (f"; note: {', '.join(outside)} outside the pain code set, whose pairs "
                         "are the only ones shipped" if outside else ""),
                      highlight=False, markup=False)
        return
    deleted = (f"; edit deleted after {found.deletion_date.isoformat()}"
               if found.deletion_date else "")
    console.print(
        f"{found.column2} is bundled into {found.column1} (column 2 into column 1); "
        f"modifier indicator {found.modifier_indicator}: "
        f"{ncci.MODIFIER_INDICATORS.get(found.modifier_indicator, '')}; "
        f"rationale: {found.rationale}{deleted}",
        highlight=False, markup=False)


@codes_app.command("price")
def price(code: str = typer.Argument(..., help="CPT/HCPCS code (any code in the PFS)"),
          modifier: str | None = typer.Option(None, "--modifier", "-m",
                                              help="26, TC or 53 use their own RVUs."),
          locality: str | None = typer.Option(None, "--locality", "-l",
                                              help="Medicare locality MAC-LL, e.g. 01182-18 "
                                                   "(default: national)."),
          facility: bool = typer.Option(False, "--facility/--non-facility",
                                        help="Facility or non-facility rate.")) -> None:
    """Medicare fee schedule amount for one unit (CY2025 PFS, before payment rules)."""
    amount = mpfs.medicare_allowed(code, modifier, locality, facility)
    where = mpfs.gpci(locality).name
    console.print(f"{code.strip().upper()}{'-' + modifier.upper() if modifier else ''}: "
                  f"${amount} ({'facility' if facility else 'non-facility'}, {where}; "
                  f"{mpfs.data_version()})", highlight=False, markup=False)


@codes_app.command("icd")
def icd(code: str = typer.Argument(..., help="ICD-10-CM code, with or without the dot")) -> None:
    """Show an ICD-10-CM code: description, billable or not, more specific codes."""
    if not icd10.is_valid(code):
        raise NotFound(f"{code.strip().upper()} is not an ICD-10-CM code ({icd10.VERSION})",
                       field="code")
    billable = icd10.is_billable(code)
    console.print(f"{icd10.with_dot(code)}: {icd10.description(code)}", highlight=False,
                  markup=False)
    console.print("billable" if billable else
                  "NOT billable (a header): use one of " + ", ".join(icd10.children(code)),
                  highlight=False, markup=False)


def _parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a date (YYYY-MM-DD)", field="--date") from None


def register(app: typer.Typer) -> None:
    """Add the ``codes`` command group."""
    app.add_typer(codes_app, name="codes")
