"""Switchable payer faults for the payer simulator: the ways real payers underpay or deny.

Each switch names the payer it applies to (``None``: every payer), the share of eligible
claims or lines it hits (``rate``, drawn deterministically from the seed) and its parameter:

=========================  ========================================================  ===========================
switch                     what the payer does                                        found as
=========================  ========================================================  ===========================
``mppr_over``              second and later procedures at ``factor`` (e.g. 50 %)      MPPR_OVERAPPLIED
                           when the contract pays more (e.g. 75 %)
``addon_reduced``          multiple-procedure reduction on add-on codes (CO-59)       MPPR_MISAPPLIED
``modifier_25_ignored``    E/M with modifier 25 bundled into the procedure (CO-97)    BUNDLED_DESPITE_MODIFIER
``imaging_underpaid``      imaging guidance at ``factor`` of the contract             IMAGING_UNDERPAID
``bilateral_underpaid``    modifier 50 paid at 100 % instead of the bilateral rate    BILATERAL_UNDERPAID
``fee_schedule_underpaid`` primary procedures at ``factor`` of the contract rate      FEE_SCHEDULE_UNDERPAID
``auth_denial``            claim denied CO-197 (authorization absent)                 denial
``necessity_denial``       claim denied CO-50 N115 (not medically necessary, LCD)     denial
``late_payment``           claim paid in a later 835, ``days`` after the others       (late payment)
``plb_recoupment``         PLB WO recoupment of ``amount`` on the payer's 835         (provider adjustment)
=========================  ========================================================  ===========================

>>> f = Faults.default()
>>> f.mppr_over.payer, str(f.mppr_over.factor)
('granite-mutual', '0.50')
>>> Faults.none().active()
()
>>> Faults.only("imaging_underpaid").active()
('imaging_underpaid',)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields, replace
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Fault:
    payer: str | None = None
    rate: Decimal = Decimal("1")
    factor: Decimal = Decimal("0.50")
    days: int = 0
    amount: Decimal = Decimal("0.00")

    def applies(self, payer_id: str) -> bool:
        return self.payer is None or self.payer == payer_id


@dataclass(frozen=True, slots=True)
class Faults:
    mppr_over: Fault | None = None
    addon_reduced: Fault | None = None
    modifier_25_ignored: Fault | None = None
    imaging_underpaid: Fault | None = None
    bilateral_underpaid: Fault | None = None
    fee_schedule_underpaid: Fault | None = None
    auth_denial: Fault | None = None
    necessity_denial: Fault | None = None
    late_payment: Fault | None = None
    plb_recoupment: Fault | None = None

    @classmethod
    def none(cls) -> "Faults":
        return cls()

    @classmethod
    def default(cls) -> "Faults":
        """Every fault on, each at the demo payer where the seeds place it."""
        return cls(
            mppr_over=Fault("granite-mutual", factor=Decimal("0.50")),
            addon_reduced=Fault("granite-mutual", rate=Decimal("0.5"), factor=Decimal("0.50")),
            modifier_25_ignored=Fault("summit-health"),
            imaging_underpaid=Fault("lakeshore-ppo", factor=Decimal("0.60")),
            bilateral_underpaid=Fault("medicare-advantage"),
            fee_schedule_underpaid=Fault("summit-health", rate=Decimal("0.3"), factor=Decimal("0.92")),
            auth_denial=Fault(None, rate=Decimal("0.03")),
            necessity_denial=Fault(None, rate=Decimal("0.03")),
            late_payment=Fault("lakeshore-ppo", rate=Decimal("0.2"), days=60),
            plb_recoupment=Fault("medicare", amount=Decimal("85.00")),
        )

    @classmethod
    def only(cls, *names: str) -> "Faults":
        """The default switches named, all others off."""
        d = cls.default()
        unknown = set(names) - set(cls.names())
        if unknown:
            raise ValueError(f"unknown fault {sorted(unknown)[0]!r} (known: {', '.join(cls.names())})")
        return cls(**{n: getattr(d, n) for n in names})

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def active(self) -> tuple[str, ...]:
        return tuple(n for n in self.names() if getattr(self, n) is not None)

    def with_fault(self, name: str, fault: Fault | None) -> "Faults":
        return replace(self, **{name: fault})


def draw(seed: int, *parts: object) -> float:
    """A deterministic uniform number in [0, 1) from the seed and a key (no global random state).

    >>> draw(1, "C1", "auth") == draw(1, "C1", "auth"), 0 <= draw(2, "x") < 1
    (True, True)
    """
    key = ":".join(str(p) for p in (seed, *parts)).encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") / 2 ** 64


def hits(fault: Fault | None, payer_id: str, seed: int, *key: object) -> bool:
    """Whether a switched-on fault hits this payer's claim/line (deterministic by seed)."""
    if fault is None or not fault.applies(payer_id):
        return False
    return fault.rate >= 1 or draw(seed, *key) < float(fault.rate)


__all__ = ["Fault", "Faults", "draw", "hits"]
