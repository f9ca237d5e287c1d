"""Appeal letters: the claim, the denial codes, the payer's criteria and the coded note's
evidence (quoted), as editable Jinja2 HTML rendered to PDF by WeasyPrint.

``build_appeal`` is pure (an :class:`AppealLetter`); ``render_appeal_html`` fills the template
(``denials/templates/appeal_letter.html`` or the same file name in your ``template_dir``) and
``write_appeal_pdf`` writes the PDF.

>>> from datetime import date
>>> from painrcm.denials.testing import make_claim, make_denial
>>> from painrcm.denials.worklist import classify_denials
>>> c = make_claim(payer_id="lakeshore-ppo", lines=(("64635", "1500.00", ("RT",)),))
>>> ds = classify_denials([c], [make_denial(c, ["CO-50"], ["N115"])], as_of=date(2026, 4, 10))
>>> letter = build_appeal(c, ds, as_of=date(2026, 4, 10), evidence=[("Relief", "85% relief for 8 hours")])
>>> letter.title
'Request for peer-to-peer review and reconsideration'
>>> "85% relief" in render_appeal_html(letter)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Sequence

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from painrcm.claims.model import Claim
from painrcm.denials.worklist import ClassifiedDenial
from painrcm.errors import InputError
from painrcm.reference import adjustments as ref

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE = "appeal_letter.html"
MAX_QUOTES = 8


@dataclass(frozen=True, slots=True)
class LetterLine:
    line: str
    code: str
    modifiers: str
    charge: str
    codes: str


@dataclass(frozen=True, slots=True)
class AppealLetter:
    title: str
    claim_id: str
    payer_name: str
    payer_claim_number: str | None
    patient_name: str
    member_id: str
    service_date: date
    provider_name: str
    provider_npi: str | None
    authorization: str | None
    practice_name: str
    practice_address: tuple[str, ...]
    practice_phone: str | None
    letter_date: date
    deadline: str | None
    opening: str
    lines: tuple[LetterLine, ...]
    denial_codes: tuple[tuple[str, str], ...]
    arguments: tuple[str, ...]
    criteria: tuple[str, ...]
    evidence: tuple[tuple[str, str], ...]
    request: str
    enclosures: tuple[str, ...]
    signer: str


def _name(pn) -> str:
    return " ".join(p for p in (pn.first, pn.middle, pn.last) if p)


def payer_criteria(payer_id: str, codes: Sequence[str], place_of_service: str | None = None) -> tuple[str, ...]:
    """The payer-policy criteria that apply to the denied codes, in words (empty without a policy)."""
    from painrcm.errors import NotFound
    from painrcm.policy import families_of, load_policy

    try:
        p = load_policy(payer_id)
    except NotFound:
        return ()
    fams: set[str] = set()
    for code in codes:
        try:
            fams.update(families_of(code))
        except Exception:
            continue
    out: list[str] = []
    for f in p.frequency_limits:
        if f.family in fams:
            out.append(f"Frequency: at most {f.max_sessions} {f.family.replace('_', ' ')} sessions per region in "
                       f"{f.window_days} days" + (f" ({f.note})" if f.note else ""))
    for ct in p.conservative_treatment:
        if ct.family in fams:
            out.append(f"Conservative care: at least {ct.weeks} weeks before {ct.family.replace('_', ' ')}")
    if "rfa" in fams:
        r = p.rfa_prerequisite
        out.append(f"Radiofrequency ablation: {r.diagnostic_blocks} diagnostic medial branch blocks with at least "
                   f"{r.relief_threshold_pct}% relief" + (f" lasting {r.min_relief_duration_hours:g} hours"
                                                          if r.min_relief_duration_hours else ""))
    for fam in sorted(fams):
        dx = p.covered_diagnoses.get(fam)
        if dx:
            out.append(f"Covered diagnoses for {fam.replace('_', ' ')}: {', '.join(dx[:12])}"
                       + (" ..." if len(dx) > 12 else ""))
    for rule in p.prior_auth.rules:
        if place_of_service and rule.places_of_service and place_of_service not in rule.places_of_service:
            continue
        if fams.intersection(rule.applies_to) or set(codes).intersection(rule.applies_to):
            out.append("Prior authorization: " + (rule.note or ", ".join(rule.applies_to)))
    if out and p.sources:
        out.append("Policy sources: " + "; ".join(p.sources[:4]))
    return tuple(dict.fromkeys(out))


def evidence_from_coding(result, codes: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """Quotes from a ``CodingResult`` (or its stored JSON): the evidence spans of the denied codes' lines first.

    >>> evidence_from_coding({"lines": [{"code": "64483", "evidence": [{"text": "L5-S1 TFESI"}]}]}, ["64483"])
    (('Supports 64483', 'L5-S1 TFESI'),)
    """
    wanted = set(codes)
    first: list[tuple[str, str]] = []
    rest: list[tuple[str, str]] = []

    def get(obj, key, default=None):
        return obj.get(key, default) if isinstance(obj, dict) else getattr(obj, key, default)

    for line in get(result, "lines", ()) or ():
        code = get(line, "code", "")
        for ev in get(line, "evidence", ()) or ():
            raw = get(ev, "text", None) if not isinstance(ev, str) else ev
            text = " ".join(str(raw or "").split())
            if not text:
                continue
            (first if code in wanted else rest).append((f"Supports {code}", text))
    # one quote per passage, naming every code it supports
    codes_by_text: dict[str, list[str]] = {}
    for label, text in first + rest:
        code = label.removeprefix("Supports ")
        if code not in codes_by_text.setdefault(text, []):
            codes_by_text[text].append(code)
    out = [(f"Supports {', '.join(cs)}", text) for text, cs in codes_by_text.items()]
    return tuple(out[:MAX_QUOTES])


_TITLES = {"peer_to_peer": "Request for peer-to-peer review and reconsideration",
           "written_appeal": "Request for reconsideration (first-level appeal)",
           "documentation_request": "Submission of requested documentation",
           "retro_auth": "Request for retro-authorization", "corrected_claim": "Corrected claim cover letter"}


def build_appeal(claim: Claim, denials: Sequence[ClassifiedDenial], *, as_of: date, evidence=(), coding=None,
                 practice=None, signer: str | None = None) -> AppealLetter:
    """The appeal letter of one claim's denied lines.

    ``evidence``: (label, quote) pairs; ``coding``: the coder's ``CodingResult`` for the note
    (its evidence spans are quoted); ``practice``: a ``painrcm.domain.parties.Practice`` for the
    letterhead (else the claim's billing provider).
    """
    ds = [d for d in denials if d.claim_id == claim.claim_id]
    if not ds:
        raise InputError(f"claim {claim.claim_id} has no denial to appeal", field="claim_id")
    lead = max(ds, key=lambda d: d.amount)
    codes = [d.denial.code for d in ds if d.denial.code]
    quotes = list(evidence)
    if coding is not None:
        quotes.extend(evidence_from_coding(coding, codes))
    quotes = list(dict.fromkeys(quotes))[:MAX_QUOTES]
    lines = tuple(LetterLine(str(d.denial.line_number or "claim"), d.denial.code or "", " ".join(d.denial.modifiers),
                             f"{d.denial.charge:.2f}", ", ".join(d.denial.adjustments)) for d in ds)
    denial_codes: dict[str, str] = {}
    for d in ds:
        for a in d.denial.adjustments:
            info = ref.carc(a)
            denial_codes[a] = info.description if info else "(code not in the CARC list)"
        for r in d.denial.remarks:
            info = ref.rarc(r)
            denial_codes[r] = info.description if info else "(code not in the RARC list)"
    causes = sorted({d.classification.label for d in ds})
    arguments = [d.route.reason for d in ds]
    arguments = list(dict.fromkeys(arguments))
    if quotes:
        arguments.append("The signed procedure note documents the service as billed; the passages quoted below "
                         "show the indication, the procedure performed and the clinical findings.")
    provider = claim.rendering_provider or claim.billing_provider
    if practice is not None:
        addr = practice.address
        address = tuple(x for x in (addr.line1, getattr(addr, "line2", None),
                                    f"{addr.city}, {addr.state} {addr.postal_code}") if x)
        pname, phone = practice.name, practice.phone
    else:
        bp = claim.billing_provider
        a = bp.address
        address = tuple(x for x in ((a.line1, getattr(a, "line2", None), f"{a.city}, {a.state} {a.postal_code}")
                                    if a else ()) if x)
        pname, phone = bp.name.last, None
    dl = lead.route.deadline
    deadline = f"{dl.name.replace('_', ' ')} deadline {dl.due.isoformat()} ({dl.basis})" if dl else None
    auths = sorted({ln.authorization_number for ln in claim.lines if ln.authorization_number}
                   | ({claim.prior_authorization} if claim.prior_authorization else set()))
    opening = (f"We ask you to reconsider the denial of the services below ({', '.join(causes)}). "
               f"The claim was decided on {lead.denial.payment_date.isoformat() if lead.denial.payment_date else 'an unknown date'}"
               f" and this request is filed within your appeal window.")
    request = ("Please overturn the denial and process the lines above for payment under the member's benefits"
               + (", and schedule a peer-to-peer discussion with the treating physician." if lead.route.action ==
                  "peer_to_peer" else "."))
    enclosures = ["Copy of the remittance advice (835) showing the denial", "Signed procedure note"]
    if auths:
        enclosures.append("Authorization record")
    from painrcm.denials.deadlines import windows_for

    title = _TITLES.get(lead.route.action, "Request for reconsideration")
    if lead.route.action == "written_appeal" and windows_for(claim.payer_id).plan_type == "medicare":
        title = "Request for redetermination (first-level Medicare appeal)"
    return AppealLetter(
        title=title, claim_id=claim.claim_id,
        payer_name=claim.payer_name, payer_claim_number=lead.denial.payer_claim_number or claim.payer_claim_number,
        patient_name=_name(claim.patient_name), member_id=claim.subscriber.member_id,
        service_date=lead.denial.service_date or claim.service_date, provider_name=_name(provider.name),
        provider_npi=provider.npi, authorization=", ".join(auths) or None, practice_name=pname,
        practice_address=address, practice_phone=phone, letter_date=as_of, deadline=deadline, opening=opening,
        lines=lines, denial_codes=tuple(denial_codes.items()), arguments=tuple(arguments),
        criteria=payer_criteria(claim.payer_id, codes, claim.place_of_service), evidence=tuple(quotes), request=request,
        enclosures=tuple(enclosures), signer=signer or "Billing Office")


def _env(template_dir: str | Path | None) -> Environment:
    dirs = [str(template_dir)] if template_dir else []
    dirs.append(str(TEMPLATE_DIR))
    return Environment(loader=FileSystemLoader(dirs), autoescape=select_autoescape(["html"]),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_appeal_html(letter: AppealLetter, template_dir: str | Path | None = None) -> str:
    """The letter as HTML (a ``appeal_letter.html`` in ``template_dir`` overrides the shipped one)."""
    return _env(template_dir).get_template(TEMPLATE).render(letter=letter)


def write_appeal_pdf(letter: AppealLetter, path: str | Path, template_dir: str | Path | None = None) -> Path:
    """Render the letter to a PDF file (WeasyPrint)."""
    from weasyprint import HTML

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=render_appeal_html(letter, template_dir), base_url=str(TEMPLATE_DIR)).write_pdf(str(out))
    return out


__all__ = ["AppealLetter", "LetterLine", "build_appeal", "payer_criteria", "evidence_from_coding",
           "render_appeal_html", "write_appeal_pdf", "TEMPLATE_DIR"]
