"""Patient statements on a 30/60/90 cycle, with payment plans and small-balance rules.

The cycle per patient (``StatementRules``): the first statement once insurance has finished
with a claim and the patient owes something; then every 30 days while a balance remains:
2nd statement (30 days), past due (60 days), final notice (90 days); after the final notice no
more statements: the account goes to the practice's collections review.

- **Insurance pending**: a claim insurance has not finished with never appears as an amount due;
  a patient whose only balance is pending gets no statement (``hold_insurance_pending``).
- **Small balances**: under ``min_statement_balance`` no statement is sent (the balance waits);
  under ``small_balance_adjustment`` and older than the final-notice age it is proposed for a
  small-balance adjustment instead.
- **Phone follow-up**: from the second statement on, a balance at or above
  ``phone_follow_up_balance`` is flagged for a call as well.
- **Payment plans**: a plan in good standing asks for the installment, not the balance, and the
  account does not move to past due; a plan behind on installments falls back to the cycle.

>>> from datetime import date
>>> from painrcm.denials.testing import make_claim, make_payment, make_remittance
>>> c = make_claim(lines=(("64483", "555.00"),))
>>> r = make_remittance([make_payment(c, [("300.00", ["CO-45:180.00", "PR-2:75.00"])])])
>>> d = statement_run([c], [r], date(2026, 4, 10))[0]
>>> d.action, d.statement.cycle, d.statement.amount_due
('send', 1, Decimal('75.00'))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Mapping, Sequence

from painrcm.claims.model import Claim
from painrcm.errors import InputError
from painrcm.patients.balances import PatientCharge, patient_charges
from painrcm.remit.model import Remittance

ZERO = Decimal("0.00")
CYCLE_LABELS = {1: "Statement", 2: "Second statement", 3: "Past due notice", 4: "Final notice"}
FINAL_CYCLE = 4

SEND = "send"
HOLD_PENDING = "hold_insurance_pending"
NOT_DUE = "not_due"
SMALL_BALANCE_WAIT = "small_balance_wait"
SMALL_BALANCE_ADJUSTMENT = "small_balance_adjustment"
NOTHING_OWED = "nothing_owed"
COLLECTIONS_REVIEW = "collections_review"


@dataclass(frozen=True, slots=True)
class StatementRules:
    cycle_days: int = 30
    due_days: int = 21
    min_statement_balance: Decimal = Decimal("5.00")
    small_balance_adjustment: Decimal = Decimal("5.00")
    small_balance_after_days: int = 90
    hold_insurance_pending: bool = True
    phone_follow_up_balance: Decimal = Decimal("200.00")  # from the 2nd statement on, call above this


@dataclass(frozen=True, slots=True)
class PatientPayment:
    patient_id: str
    amount: Decimal
    paid_on: date
    claim_id: str | None = None


@dataclass(frozen=True, slots=True)
class PaymentPlan:
    patient_id: str
    total: Decimal
    monthly: Decimal
    start: date
    plan_id: str | None = None

    def __post_init__(self) -> None:
        if self.monthly <= 0 or self.total <= 0:
            raise InputError("a payment plan needs a positive total and monthly amount", field="monthly")

    @property
    def installments(self) -> int:
        n = (self.total / self.monthly).to_integral_value(rounding="ROUND_CEILING")
        return int(n)

    def due_to_date(self, as_of: date) -> Decimal:
        """What the plan expects paid by ``as_of`` (one installment on the start date, then monthly).

        >>> p = PaymentPlan("PT1", Decimal("300.00"), Decimal("100.00"), date(2026, 1, 15))
        >>> p.due_to_date(date(2026, 1, 14)), p.due_to_date(date(2026, 2, 15)), p.due_to_date(date(2026, 9, 1))
        (Decimal('0.00'), Decimal('200.00'), Decimal('300.00'))
        """
        if as_of < self.start:
            return ZERO
        months = (as_of.year - self.start.year) * 12 + as_of.month - self.start.month
        if as_of.day < self.start.day:
            months -= 1
        return min(self.monthly * (months + 1), self.total)

    def installment_number(self, as_of: date) -> int:
        return min(int(self.due_to_date(as_of) / self.monthly) if self.monthly else 0, self.installments)


@dataclass(frozen=True, slots=True)
class StatementRecord:
    """A statement already sent (the cycle's history)."""

    patient_id: str
    statement_date: date
    cycle: int
    balance: Decimal


@dataclass(frozen=True, slots=True)
class Statement:
    patient_id: str
    statement_date: date
    cycle: int
    label: str
    charges: tuple[PatientCharge, ...]       # adjudicated claims with a patient share
    pending: tuple[PatientCharge, ...]       # waiting for insurance: shown, nothing due
    payments: tuple[PatientPayment, ...]
    balance: Decimal
    amount_due: Decimal
    due_date: date
    messages: tuple[str, ...]
    plan: PaymentPlan | None = None
    patient_name: str = ""
    address: tuple[str, ...] = ()
    account_number: str | None = None
    phone_follow_up: bool = False            # the billing office calls as well (balance over the threshold)

    def to_json(self) -> dict:
        return {"patient_id": self.patient_id, "statement_date": self.statement_date.isoformat(),
                "cycle": self.cycle, "label": self.label, "balance": str(self.balance),
                "amount_due": str(self.amount_due), "due_date": self.due_date.isoformat(),
                "claims": [c.claim_id for c in self.charges], "pending_claims": [c.claim_id for c in self.pending],
                "messages": list(self.messages), "phone_follow_up": self.phone_follow_up}


@dataclass(frozen=True, slots=True)
class StatementDecision:
    patient_id: str
    action: str
    reason: str
    balance: Decimal = ZERO
    statement: Statement | None = None


def _q(v: Decimal) -> Decimal:
    return v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def decide(patient_id: str, charges: Sequence[PatientCharge], as_of: date, *, payments: Sequence[PatientPayment] = (),
           history: Sequence[StatementRecord] = (), plan: PaymentPlan | None = None,
           rules: StatementRules = StatementRules(), patient=None) -> StatementDecision:
    """Whether (and what) to send one patient today."""
    done = [c for c in charges if not c.pending and c.patient_owes != 0]
    pending = tuple(c for c in charges if c.pending)
    paid = sum((p.amount for p in payments), ZERO)
    balance = _q(sum((c.patient_owes for c in done), ZERO) - paid)
    if balance <= 0:
        if pending and rules.hold_insurance_pending:
            return StatementDecision(patient_id, HOLD_PENDING, f"{len(pending)} claim(s) still with insurance; "
                                     "nothing billed until insurance finishes", balance)
        return StatementDecision(patient_id, NOTHING_OWED, "no patient balance", balance)
    last = max(history, key=lambda h: h.statement_date, default=None)
    first_owed = min((c.adjudicated_on or c.service_date for c in done), default=as_of)
    age = (as_of - first_owed).days
    if balance < rules.small_balance_adjustment and age >= rules.small_balance_after_days:
        return StatementDecision(patient_id, SMALL_BALANCE_ADJUSTMENT,
                                 f"balance {balance} under {rules.small_balance_adjustment} for {age} days: "
                                 "propose a small-balance adjustment (needs approval)", balance)
    if balance < rules.min_statement_balance:
        return StatementDecision(patient_id, SMALL_BALANCE_WAIT, f"balance {balance} under the "
                                 f"{rules.min_statement_balance} statement minimum; it waits", balance)
    plan_ok = plan is not None and paid >= plan.due_to_date(as_of) - plan.monthly
    if last is not None:
        next_date = last.statement_date + timedelta(days=rules.cycle_days)
        if as_of < next_date:
            return StatementDecision(patient_id, NOT_DUE, f"last statement {last.statement_date.isoformat()}; next on "
                                     f"{next_date.isoformat()}", balance)
        if last.cycle >= FINAL_CYCLE and not plan_ok:
            return StatementDecision(patient_id, COLLECTIONS_REVIEW, "final notice already sent: collections review "
                                     "by the practice (no automatic statements)", balance)
    cycle = 1 if last is None else (last.cycle if plan_ok else min(last.cycle + 1, FINAL_CYCLE))
    messages = []
    amount_due = balance
    if plan is not None and plan_ok:
        due_now = max(plan.due_to_date(as_of + timedelta(days=rules.due_days)) - paid, ZERO)
        amount_due = min(_q(due_now), balance)
        label = f"Payment plan statement (installment {plan.installment_number(as_of) + 1} of {plan.installments})"
        messages.append(f"You are on a payment plan of ${plan.monthly} a month. Thank you for keeping it current.")
    else:
        label = CYCLE_LABELS[cycle]
        if plan is not None:
            messages.append("Your payment plan is behind. Please pay the past installments or call us to update it.")
        messages.append({1: "Your insurance has processed the visits below. This is the part your plan says you owe.",
                         2: "This is a reminder: we have not received payment for the balance below.",
                         3: "Your balance is past due. Please pay or call us to set up a payment plan.",
                         4: "Final notice: please pay or call us within 21 days to set up a payment plan."}[cycle])
    if pending:
        messages.append(f"{len(pending)} visit(s) are still with your insurance; you owe nothing for them yet.")
    name = ""
    address: tuple[str, ...] = ()
    account = None
    if patient is not None:
        name = f"{patient.first_name} {patient.last_name}"
        a = patient.address
        if a is not None:
            address = tuple(x for x in (a.line1, a.line2, f"{a.city}, {a.state} {a.postal_code}") if x)
        account = patient.account_number
    st = Statement(patient_id, as_of, cycle, label, tuple(done), pending, tuple(payments), balance, amount_due,
                   as_of + timedelta(days=rules.due_days), tuple(messages), plan, name, address, account,
                   cycle >= 2 and not plan_ok and balance >= rules.phone_follow_up_balance)
    why = f"{label.lower()}: balance {balance}" + (f", due now {amount_due}" if amount_due != balance else "")
    return StatementDecision(patient_id, SEND, why, balance, st)


def statement_run(claims: Iterable[Claim], remittances: Iterable[Remittance], as_of: date, *,
                  payments: Iterable[PatientPayment] = (), history: Iterable[StatementRecord] = (),
                  plans: Iterable[PaymentPlan] = (), patients: Mapping[str, object] | None = None,
                  secondary_pending: Iterable[str] = (), rules: StatementRules = StatementRules()
                  ) -> list[StatementDecision]:
    """A decision for every patient with claims (statements only for ``send``), by patient id."""
    claims = [c for c in claims if c.service_date <= as_of]
    remits = [r for r in remittances if r.payment_date is None or r.payment_date <= as_of]
    charges = patient_charges(claims, remits, secondary_pending=secondary_pending)
    pays: dict[str, list[PatientPayment]] = {}
    for p in payments:
        if p.paid_on <= as_of:
            pays.setdefault(p.patient_id, []).append(p)
    hist: dict[str, list[StatementRecord]] = {}
    for h in history:
        hist.setdefault(h.patient_id, []).append(h)
    plan_by = {p.patient_id: p for p in plans}
    patients = patients or {}
    return [decide(pid, charges[pid], as_of, payments=pays.get(pid, ()), history=hist.get(pid, ()),
                   plan=plan_by.get(pid), rules=rules, patient=patients.get(pid))
            for pid in sorted(charges)]


__all__ = ["StatementRules", "PatientPayment", "PaymentPlan", "StatementRecord", "Statement", "StatementDecision",
           "decide", "statement_run", "CYCLE_LABELS", "SEND", "HOLD_PENDING", "NOT_DUE", "SMALL_BALANCE_WAIT",
           "SMALL_BALANCE_ADJUSTMENT", "NOTHING_OWED", "COLLECTIONS_REVIEW"]
