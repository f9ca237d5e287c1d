"""Scrub a claim: run every edit, collect findings; apply the deterministic fixes.

``scrub_claim`` is pure: the same claim and context give the same findings, in edit order
then line order. ``scrub_and_fix`` applies the fixes, re-scrubs and repeats (a fix can make
another visible, e.g. splitting a 50 line before adding 51), at most a few rounds.

>>> from painrcm.scrub.testing import make_claim, line
>>> from painrcm.scrub.context import ScrubContext
>>> ctx = ScrubContext(as_of=date(2026, 2, 1))
>>> claim = make_claim("C1", date(2026, 1, 10), [line("64484", "RT"), line("64483", "RT")])
>>> [f.edit for f in scrub_claim(claim, ctx)]
['ADDON_WITHOUT_PRIMARY']
>>> fixed, left = scrub_and_fix(claim, ctx)
>>> [l.code for l in fixed.lines], left
(['64483', '64484'], ())
"""

from __future__ import annotations

from datetime import date  # noqa: F401 - doctest
from typing import Callable, Iterable

from painrcm.claims.model import Claim
from painrcm.scrub import (edits_admin, edits_auth, edits_documentation, edits_em, edits_history,
                           edits_imaging, edits_laterality, edits_modifiers, edits_ncci,
                           edits_necessity, edits_provider_billing, edits_structure)
from painrcm.scrub.context import ScrubContext
from painrcm.scrub.findings import Finding
from painrcm.scrub.view import ClaimView

Check = Callable[[ClaimView, ScrubContext, list], None]

#: Every check, in report order.
CHECKS: tuple[Check, ...] = (
    edits_admin.check_required_fields,
    edits_admin.check_deleted_codes,
    edits_structure.check_addons,
    edits_structure.check_primary_repeated,
    edits_structure.check_addon_units,
    edits_structure.check_mue,
    edits_imaging.check_imaging_included,
    edits_imaging.check_imaging_documentation,
    edits_ncci.check_ncci,
    edits_ncci.check_mod59,
    edits_laterality.check_laterality,
    edits_laterality.check_bilateral_not_allowed,
    edits_laterality.check_bilateral_format,
    edits_em.check_mod25,
    edits_em.check_global_period,
    edits_em.check_cpm,
    edits_modifiers.check_mod51,
    edits_modifiers.check_required_modifiers,
    edits_history.check_frequency,
    edits_history.check_rfa_prerequisite,
    edits_history.check_rfa_facet_same_day,
    edits_necessity.check_diagnoses,
    edits_necessity.check_dx_support,
    edits_necessity.check_conservative_treatment,
    edits_auth.check_auth,
    edits_auth.check_scs_permanent,
    edits_admin.check_scs_devices,
    edits_documentation.check_code_note,
    edits_documentation.check_tpi,
    edits_admin.check_timely_filing,
    edits_admin.check_enrollment,
    edits_admin.check_credentials,
    edits_provider_billing.check_provider_billing,
    edits_admin.check_duplicate,
)

#: Order in which fixes are applied: shape first (lines added/removed), then modifiers, then order.
FIX_ORDER = ("PRIMARY_REPEATED", "ADDON_UNITS", "IMAGING_INCLUDED", "SCS_DEVICE_CODE", "CPM_CONFLICT",
             "BILATERAL_NOT_ALLOWED", "BILATERAL_FORMAT", "MOD25_MISSING", "MOD25_UNSUPPORTED",
             "MOD59_PREFERENCE", "KX_REQUIRED", "MOD51", "AUTH_MISSING", "ADDON_WITHOUT_PRIMARY")


#: A void (frequency 8) only cancels a claim already sent: only its shape is checked.
VOID_CHECKS: tuple[Check, ...] = (edits_admin.check_required_fields,)


def scrub_claim(claim: Claim, ctx: ScrubContext) -> tuple[Finding, ...]:
    """Every finding for one claim (empty: clean)."""
    view = ClaimView(claim)
    out: list[Finding] = []
    for check in (VOID_CHECKS if claim.frequency_code == "8" else CHECKS):
        check(view, ctx, out)
    return tuple(out)


def _rank(f: Finding) -> int:
    return FIX_ORDER.index(f.edit) if f.edit in FIX_ORDER else len(FIX_ORDER)


def apply_fixes(claim: Claim, findings: Iterable[Finding]) -> Claim:
    """Apply every deterministic fix of ``findings`` to ``claim`` (shape fixes first)."""
    for f in sorted((f for f in findings if f.apply is not None), key=_rank):
        claim = f.apply(claim)
    return claim


def scrub_and_fix(claim: Claim, ctx: ScrubContext, rounds: int = 3) -> tuple[Claim, tuple[Finding, ...]]:
    """Scrub, apply the fixes, re-scrub (up to ``rounds`` times): the fixed claim and what is left."""
    findings = scrub_claim(claim, ctx)
    for _ in range(rounds):
        if not any(f.apply is not None for f in findings):
            break
        fixed = apply_fixes(claim, findings)
        if fixed == claim:
            break
        claim = fixed
        findings = scrub_claim(claim, ctx)
    return claim, findings
