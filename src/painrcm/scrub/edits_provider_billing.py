"""PROVIDER_BILLING: an NP/PA service billed under a physician's NPI without incident-to standing.

Source: seed 003 (provider NPI assignment verified on every claim, incident-to eligibility
screening for NP and PA providers); CMS Medicare Benefit Policy Manual ch. 15 s. 60 and
42 CFR 410.26 (incident-to: office setting, established patient and problem with the
physician's plan of care, direct supervision on site). The rules live in
``painrcm.claims.provider_checks``; this module adapts them to the scrubber.

The claim does not say who actually saw the patient, so the edit reads the service facts that
charge entry attaches to the claim: ``claim.extra["service_facts"]`` (a
``painrcm.claims.provider_checks.ServiceFacts`` or a dict of its fields, built with
``service_facts_for``). Without them the edit is skipped, not failed. Whether the payer accepts
incident-to follows the payer's plan type (Medicare and Medicare Advantage yes, others no) until
the payer policy schema carries it. NPI check digits and enrollment are reported by
MISSING_REQUIRED_FIELD and PROVIDER_NOT_ENROLLED, so they are not repeated here.

>>> import dataclasses
>>> from datetime import date
>>> from painrcm.scrub.testing import make_claim, line
>>> from painrcm.scrub.context import ScrubContext
>>> claim = make_claim("C1", date(2026, 3, 2), [line("99213")], pos="11")
>>> claim.extra["service_facts"] = {"performed_by_npi": "1990003042", "performer_credential": "NP",
...     "rendering_credential": "MD", "supervisor_on_site": True, "new_patient": True}
>>> out = []
>>> check_provider_billing(ClaimView(claim), ScrubContext(as_of=date(2026, 3, 5)), out)
>>> [(f.edit, f.severity) for f in out]
[('PROVIDER_BILLING', 'error')]
"""

from __future__ import annotations

import dataclasses
from typing import Any

from painrcm.claims.provider_checks import ServiceFacts, check_provider_billing as _check
from painrcm.scrub.context import ScrubContext
from painrcm.scrub.findings import EDITS, ERROR, Finding
from painrcm.scrub.view import ClaimView

EDIT_ID = "PROVIDER_BILLING"
EDIT_TITLE = "NP/PA service billed under a physician's NPI without incident-to standing"
# Registered here so the edit works before the scrub registry lists it (the lead adds it to
# findings.EDITS and docs/edits.md); setdefault never overrides their wording.
EDITS.setdefault(EDIT_ID, EDIT_TITLE)

_FIELDS = {f.name for f in dataclasses.fields(ServiceFacts)}


def _facts(view: ClaimView, ctx: ScrubContext) -> ServiceFacts | None:
    raw: Any = view.claim.extra.get("service_facts") if view.claim.extra else None
    if raw is None:
        return None
    claim = view.claim
    base = dict(service_date=claim.service_date, place_of_service=claim.place_of_service,
                payer_id=claim.payer_id, plan_type=getattr(ctx.policy.plan_type, "value", ctx.policy.plan_type),
                billing_npi=claim.billing_provider.npi,
                rendering_npi=(claim.rendering_provider or claim.billing_provider).npi)
    if isinstance(raw, ServiceFacts):
        # the claim (place, NPIs, payer) and the payer policy (plan type) are what is billed
        return dataclasses.replace(raw, **{k: v for k, v in base.items() if k != "service_date"})
    given = {k: v for k, v in dict(raw).items() if k in _FIELDS}
    return ServiceFacts(**{**base, **given})


def check_provider_billing(view: ClaimView, ctx: ScrubContext, out: list[Finding]) -> None:
    facts = _facts(view, ctx)
    if facts is None:
        return
    for issue in _check(facts):
        if issue.kind.startswith("incident_to"):
            out.append(Finding(EDIT_ID, ERROR, (), issue.message, issue.fix))


__all__ = ["check_provider_billing", "EDIT_ID"]
