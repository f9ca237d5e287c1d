"""Payer simulator: turns claims (as sent on the 837P) into 835 remittances, with faults.

Each payer adjudicates by its contract (``painrcm.remit.pricing``: the same expected amounts the
reconciliation checks against) and its kind of plan: Medicare and Medicare Advantage take 20 %
coinsurance (PR-2) and the 2 % sequestration (CO-253); commercial payers a $40 copay on the first
E/M (PR-3) and 10 % coinsurance on procedures (PR-2). The charge above the allowed is CO-45, a
multiple-procedure reduction CO-59. Switched-on faults (:mod:`painrcm.demo.faults`) change what
is paid, and every underpayment injected is recorded (claim, line, kind, amount to the cent) so
that the demo and the tests can check that reconciliation finds all of them.

Deterministic: the same claims, seed and faults give the same remittances and the same X12 text.

``simulate(claims, seed=7, faults=Faults.default())`` -> :class:`SimulationResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Iterable, Sequence

from painrcm.claims.model import Adjustment, Claim
from painrcm.demo.era_writer import write_835
from painrcm.demo.faults import Faults, draw, hits
from painrcm.remit.contract import Contract
from painrcm.remit.model import ClaimPayment, LinePayment, ProviderAdjustment, Remittance
from painrcm.remit.pricing import LinePrice, price_claim, q
from painrcm.remit.reconcile import ContractBook
from painrcm.remit.variances import (BILATERAL_UNDERPAID, BUNDLED_DESPITE_MODIFIER, FEE_SCHEDULE_UNDERPAID,
                                     IMAGING_UNDERPAID, MPPR_MISAPPLIED, MPPR_OVERAPPLIED, is_imaging)

ZERO = Decimal("0.00")
MEDICARE_FILING = frozenset({"MB", "16", "MA"})
COPAY = Decimal("40.00")
PAYMENT_LAG_DAYS = 14


@dataclass(frozen=True, slots=True)
class InjectedUnderpayment:
    claim_id: str
    line_number: int
    payer_id: str
    kind: str
    code: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class SimulationResult:
    remittances: tuple[Remittance, ...]
    x12_files: dict[str, str]
    injected: tuple[InjectedUnderpayment, ...]
    denied: tuple[tuple[str, str], ...] = ()          # (claim id, "CO-197")
    late: tuple[str, ...] = ()                          # claim ids paid late
    recoupments: tuple[ProviderAdjustment, ...] = ()

    @property
    def injected_total(self) -> Decimal:
        return sum((i.amount for i in self.injected), ZERO)


@dataclass(slots=True)
class _Line:
    allowed: Decimal
    reduction: Decimal = ZERO     # CO-59
    bundled: bool = False


def _is_medicare(claim: Claim) -> bool:
    return claim.subscriber.plan_type_code in MEDICARE_FILING or claim.payer_id.startswith("medicare")


def _fault_line(claim: Claim, n: int, p: LinePrice, faults: Faults, seed: int,
                injected: list[InjectedUnderpayment]) -> _Line:
    """What the payer allows on one line, with at most one fault."""
    full = min(p.full_amount, claim.lines[n - 1].charge) if p.priced else ZERO
    legit = _Line(p.expected_allowed, full - p.expected_allowed if p.mppr_fraction < 1 else ZERO)
    if not p.priced:
        return legit
    payer, cid = claim.payer_id, claim.claim_id
    line = claim.lines[n - 1]

    def inject(kind: str, result: _Line) -> _Line:
        amount = p.expected_allowed - result.allowed
        if amount > 0:
            injected.append(InjectedUnderpayment(cid, n, payer, kind, line.code, amount))
            return result
        return legit

    f = faults.modifier_25_ignored
    if "25" in line.modifiers and len(claim.lines) > 1 and hits(f, payer, seed, cid, n, "m25"):
        return inject(BUNDLED_DESPITE_MODIFIER, _Line(ZERO, bundled=True))
    f = faults.mppr_over
    if p.mppr_rank and p.mppr_rank >= 2 and f and f.factor < p.mppr_fraction and hits(f, payer, seed, cid, n, "mppr"):
        allowed = q(p.full_amount * f.factor)
        return inject(MPPR_OVERAPPLIED, _Line(allowed, full - allowed))
    f = faults.addon_reduced
    if p.exempt_reason and p.exempt_reason.startswith("add-on") and not is_imaging(line.code) and f \
            and hits(f, payer, seed, cid, n, "addon"):
        allowed = q(p.full_amount * f.factor)
        return inject(MPPR_MISAPPLIED, _Line(allowed, full - allowed))
    f = faults.bilateral_underpaid
    if "50" in line.modifiers and p.bilateral_factor > 1 and hits(f, payer, seed, cid, n, "bilat"):
        allowed = q(p.unit_amount * p.mppr_fraction)
        return inject(BILATERAL_UNDERPAID, _Line(allowed, legit.reduction))
    f = faults.imaging_underpaid
    if is_imaging(line.code) and f and hits(f, payer, seed, cid, n, "imaging"):
        return inject(IMAGING_UNDERPAID, _Line(q(p.expected_allowed * f.factor)))
    f = faults.fee_schedule_underpaid
    if (p.mppr_rank in (None, 1) and "50" not in line.modifiers and not is_imaging(line.code) and f
            and "25" not in line.modifiers and hits(f, payer, seed, cid, n, "fee")):
        return inject(FEE_SCHEDULE_UNDERPAID, _Line(q(p.expected_allowed * f.factor)))
    return legit


def adjudicate(claim: Claim, contract: Contract | None, faults: Faults, seed: int,
               injected: list[InjectedUnderpayment], denied: list[tuple[str, str]]) -> ClaimPayment:
    """The payer's decision on one claim as an 835 claim payment."""
    price = price_claim(claim, contract)
    medicare = _is_medicare(claim)
    icn = f"{claim.payer_id[:3].upper()}{abs(hash_key(seed, claim.claim_id)) % 10**11:011d}"
    common = dict(payer_claim_number=icn, claim_filing_indicator=clp06(claim.subscriber.plan_type_code),
                  patient_name=f"{claim.patient_name.last}, {claim.patient_name.first or ''}".strip(", "),
                  member_id=claim.subscriber.member_id, service_date_from=claim.service_date)
    denial = None
    if hits(faults.auth_denial, claim.payer_id, seed, claim.claim_id, "auth") and any(
            p.mppr_rank for p in price.lines):
        denial = (Adjustment("CO", "197", ZERO), ("N54",))
    elif hits(faults.necessity_denial, claim.payer_id, seed, claim.claim_id, "necessity") and any(
            p.mppr_rank for p in price.lines):
        denial = (Adjustment("CO", "50", ZERO), ("N115",))
    lines = []
    if denial is not None:
        adj, rarcs = denial
        denied.append((claim.claim_id, f"{adj.group}-{adj.reason}"))
        for n, line in enumerate(claim.lines, start=1):
            lines.append(LinePayment(line.code, line.modifiers, line.charge, ZERO, line.units,
                                     (Adjustment(adj.group, adj.reason, line.charge),), rarcs,
                                     service_date=claim.line_date(line), line_id=line.line_id, allowed=ZERO))
        return ClaimPayment(claim.claim_id, "4", claim.total_charge, ZERO, ZERO, lines=tuple(lines), **common)
    copay_left = COPAY
    for n, (line, p) in enumerate(zip(claim.lines, price.lines), start=1):
        decided = _fault_line(claim, n, p, faults, seed, injected)
        adjs: list[Adjustment] = []
        if decided.bundled:
            adjs.append(Adjustment("CO", "97", line.charge))
            lines.append(LinePayment(line.code, line.modifiers, line.charge, ZERO, line.units, tuple(adjs), ("M15",),
                                     service_date=claim.line_date(line), line_id=line.line_id, allowed=ZERO))
            continue
        allowed = decided.allowed if p.priced else q(line.charge * Decimal("0.40"))
        if medicare:
            coins = q(allowed * Decimal("0.20"))
            seq = q((allowed - coins) * Decimal("0.02"))
            cost = [Adjustment("PR", "2", coins)] if coins else []
            if seq:
                adjs.append(Adjustment("CO", "253", seq))
        elif p.mppr_rank is None and line.code.startswith("99") and copay_left > 0:
            copay = min(copay_left, allowed)
            copay_left -= copay
            cost, seq = ([Adjustment("PR", "3", copay)] if copay else []), ZERO
        else:
            coins = q(allowed * Decimal("0.10"))
            cost, seq = ([Adjustment("PR", "2", coins)] if coins else []), ZERO
        pr = sum((a.amount for a in cost), ZERO)
        paid = allowed - pr - seq
        contractual = line.charge - allowed - decided.reduction
        if contractual:
            adjs.insert(0, Adjustment("CO", "45", contractual))
        if decided.reduction:
            adjs.insert(1 if contractual else 0, Adjustment("CO", "59", decided.reduction))
        adjs.extend(cost)
        lines.append(LinePayment(line.code, line.modifiers, line.charge, paid, line.units, tuple(adjs), (),
                                 service_date=claim.line_date(line), line_id=line.line_id, allowed=allowed))
    paid = sum((l.paid for l in lines), ZERO)
    pr = sum((a.amount for l in lines for a in l.adjustments if a.group == "PR"), ZERO)
    return ClaimPayment(claim.claim_id, "1", claim.total_charge, paid, pr, lines=tuple(lines), **common)


#: 837 SBR09 -> 835 CLP06: the 835 code list has no "CI" (commercial); a commercial PPO is "12"
_CLP06 = {"CI": "12", "BL": "12", "12": "12", "13": "13", "14": "14", "15": "15", "16": "16", "HM": "HM",
          "MA": "MA", "MB": "MB", "MC": "MC", "WC": "WC", "CH": "CH", "VA": "VA", "OF": "OF", "AM": "AM",
          "LM": "LM", "DS": "DS", "TV": "TV"}


def clp06(filing_indicator: str | None) -> str:
    """The 835 claim filing indicator for an 837 one.

    >>> clp06("CI"), clp06("MB"), clp06("XX")
    ('12', 'MB', 'ZZ')
    """
    return _CLP06.get((filing_indicator or "").upper(), "ZZ")


def hash_key(seed: int, key: str) -> int:
    return int(draw(seed, key, "icn") * 10 ** 12)


def simulate(claims: Iterable[Claim], *, seed: int = 7, faults: Faults | None = None,
             contracts: Sequence[Contract] | ContractBook | None = None,
             payment_lag_days: int = PAYMENT_LAG_DAYS) -> SimulationResult:
    """Adjudicate every claim and group the payments into 835s per payer and payment date."""
    faults = Faults.default() if faults is None else faults
    if contracts is None:
        from painrcm.remit.contracts import shipped_contracts
        contracts = shipped_contracts()
    book = contracts if isinstance(contracts, ContractBook) else ContractBook(contracts)
    injected: list[InjectedUnderpayment] = []
    denied: list[tuple[str, str]] = []
    late: list[str] = []
    batches: dict[tuple[str, bool], list[tuple[Claim, ClaimPayment]]] = {}
    for claim in sorted(claims, key=lambda c: (c.payer_id, c.claim_id)):
        cp = adjudicate(claim, book.contract(claim.payer_id, claim.service_date), faults, seed, injected, denied)
        is_late = hits(faults.late_payment, claim.payer_id, seed, claim.claim_id, "late")
        if is_late:
            late.append(claim.claim_id)
        batches.setdefault((claim.payer_id, is_late), []).append((claim, cp))
    remittances: list[Remittance] = []
    files: dict[str, str] = {}
    recoupments: list[ProviderAdjustment] = []
    for n, ((payer_id, is_late), items) in enumerate(sorted(batches.items()), start=1):
        first = items[0][0]
        last_dos = max(c.service_date for c, _ in items)
        lag = payment_lag_days + (faults.late_payment.days if is_late and faults.late_payment else 0)
        pay_day = last_dos + timedelta(days=lag)
        plbs: tuple[ProviderAdjustment, ...] = ()
        claim_total = sum((cp.paid for _, cp in items), ZERO)
        f = faults.plb_recoupment
        if f is not None and f.applies(payer_id) and not is_late and claim_total >= f.amount > 0:
            ref_claim = items[0][1].payer_claim_number
            plbs = (ProviderAdjustment(first.billing_provider.npi or "0000000000", date(pay_day.year, 12, 31), "WO",
                                       ref_claim, f.amount),)
            recoupments.extend(plbs)
        # deterministic and unique per batch of claims (two simulate() calls never share a trace number)
        digest = draw(seed, ",".join(c.claim_id for c, _ in items), "trn")
        trn = f"{first.x12_payer_id}{pay_day:%y%m%d}{int(digest * 10**10):010d}{'L' if is_late else ''}"
        rem = Remittance(
            trn=trn, payer_name=first.payer_name.upper(), payer_id=first.x12_payer_id,
            payee_name=" ".join(p for p in (first.billing_provider.name.last, first.billing_provider.name.first) if p),
            payee_npi=first.billing_provider.npi, total_paid=claim_total - sum((p.amount for p in plbs), ZERO),
            payment_method="ACH" if claim_total else "NON", payment_date=pay_day,
            claims=tuple(cp for _, cp in items), provider_adjustments=plbs,
            payee_tax_id=(first.billing_provider.tax_id or "").replace("-", "") or None)
        remittances.append(rem)
        text = write_835([rem], sender_id=first.x12_payer_id, receiver_id="PAINRCM", control_number=n,
                         now=datetime(pay_day.year, pay_day.month, pay_day.day, 6, 0))
        files[f"{payer_id}-{pay_day:%Y%m%d}-{trn}.835"] = text
    return SimulationResult(tuple(remittances), files, tuple(injected), tuple(denied), tuple(late),
                            tuple(recoupments))


def _negate(cp: ClaimPayment) -> ClaimPayment:
    """The reversal (CLP02 22) of a claim payment: every amount negated."""
    def adj(a: Adjustment) -> Adjustment:
        return Adjustment(a.group, a.reason, -a.amount, a.quantity)
    lines = tuple(LinePayment(l.code, l.modifiers, -l.charge, -l.paid, l.units, tuple(adj(a) for a in l.adjustments),
                              (), service_date=l.service_date, line_id=l.line_id,
                              allowed=-l.allowed if l.allowed is not None else None) for l in cp.lines)
    return ClaimPayment(cp.patient_control_number, "22", -cp.charge, -cp.paid, -cp.patient_responsibility,
                        cp.payer_claim_number, cp.claim_filing_indicator, tuple(adj(a) for a in cp.adjustments),
                        lines, cp.patient_name, cp.member_id, cp.service_date_from)


def recovery_remittance(claims: Iterable[Claim], result: SimulationResult, claim_ids: Iterable[str], *, paid_on: date,
                        seed: int = 7, contracts: Sequence[Contract] | ContractBook | None = None,
                        trn: str | None = None) -> Remittance:
    """The payer's answer to a dispute: each claim reversed (CLP02 22) and paid again per contract."""
    if contracts is None:
        from painrcm.remit.contracts import shipped_contracts
        contracts = shipped_contracts()
    book = contracts if isinstance(contracts, ContractBook) else ContractBook(contracts)
    wanted = set(claim_ids)
    by_id = {c.claim_id: c for c in claims if c.claim_id in wanted}
    originals = {cp.patient_control_number: cp for r in result.remittances for cp in r.claims
                 if cp.patient_control_number in wanted}
    out: list[ClaimPayment] = []
    for cid in sorted(wanted):
        claim, cp = by_id[cid], originals[cid]
        out.append(_negate(cp))
        fixed = adjudicate(claim, book.contract(claim.payer_id, claim.service_date), Faults.none(), seed, [], [])
        out.append(replace(fixed, payer_claim_number=cp.payer_claim_number))
    first = by_id[sorted(wanted)[0]]
    total = sum((cp.paid for cp in out), ZERO)
    return Remittance(trn or f"{first.x12_payer_id}R{paid_on:%Y%m%d}", first.payer_name.upper(), first.x12_payer_id,
                      first.billing_provider.name.last, first.billing_provider.npi, total,
                      "ACH" if total > 0 else "NON", paid_on, tuple(out))


__all__ = ["simulate", "adjudicate", "recovery_remittance", "SimulationResult", "InjectedUnderpayment"]
