"""Read a whole practice's claims and remittances from the database fast, for the audit.

The repositories (:mod:`painrcm.store.repositories.claims`, ``.remits``) load through the ORM
with ``selectinload``: right for a screen of claims, but building ORM objects dominates at a
million claim lines. Here each table is read once with a plain Core ``SELECT`` (streamed), the
rows are grouped in dictionaries, and the repositories' own row -> domain mappings
(``claim_from_row``, ``remittance_from_row``) are reused on light stand-ins for the ORM rows, so
the domain objects are exactly those the repositories return.
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

import sqlalchemy as sa

from painrcm.claims.model import Claim
from painrcm.remit.model import Remittance

BATCH = 20_000


def _rows(session, table, practice_id: str, order):
    stmt = sa.select(table).where(table.c.practice_id == practice_id).order_by(*order)
    return session.execute(stmt.execution_options(yield_per=BATCH))


def load_claims_fast(session, practice_id: str) -> list[Claim]:
    from painrcm.store.models import ClaimLineRow, ClaimRow
    from painrcm.store.repositories.claims import claim_from_row

    lines = defaultdict(list)
    lt = ClaimLineRow.__table__
    for r in _rows(session, lt, practice_id, (lt.c.claim_id, lt.c.line_number)):
        lines[r.claim_id].append(r)
    ct = ClaimRow.__table__
    out = []
    for r in _rows(session, ct, practice_id, (ct.c.service_date, ct.c.claim_id)):
        row = SimpleNamespace(**r._mapping, lines=lines.get(r.claim_id, ()))
        out.append(claim_from_row(row))
    return out


def load_remittances_fast(session, practice_id: str) -> list[Remittance]:
    from painrcm.store.models.remit import (ClaimPaymentRow, LinePaymentRow, ProviderAdjustmentRow,
                                            RemitAdjustmentRow, RemittanceRow)
    from painrcm.store.repositories.remits import remittance_from_row

    at = RemitAdjustmentRow.__table__
    line_adj, claim_adj = defaultdict(list), defaultdict(list)
    for a in _rows(session, at, practice_id, (at.c.claim_payment_id, at.c.seq)):
        (line_adj[a.line_payment_id] if a.line_payment_id is not None else claim_adj[a.claim_payment_id]).append(a)
    lt = LinePaymentRow.__table__
    lines = defaultdict(list)
    for r in _rows(session, lt, practice_id, (lt.c.claim_payment_id, lt.c.seq)):
        lines[r.claim_payment_id].append(SimpleNamespace(**r._mapping, adjustments=line_adj.get(r.id, ())))
    ct = ClaimPaymentRow.__table__
    claims = defaultdict(list)
    for r in _rows(session, ct, practice_id, (ct.c.remittance_id, ct.c.seq)):
        claims[r.remittance_id].append(SimpleNamespace(**r._mapping, lines=lines.get(r.id, ()),
                                                       adjustments=claim_adj.get(r.id, ())))
    pt = ProviderAdjustmentRow.__table__
    plbs = defaultdict(list)
    for r in _rows(session, pt, practice_id, (pt.c.remittance_id, pt.c.seq)):
        plbs[r.remittance_id].append(r)
    rt = RemittanceRow.__table__
    out = []
    for r in _rows(session, rt, practice_id, (rt.c.payment_date, rt.c.id)):
        out.append(remittance_from_row(SimpleNamespace(**r._mapping, claims=claims.get(r.id, ()),
                                                       provider_adjustments=plbs.get(r.id, ()))))
    return out


__all__ = ["load_claims_fast", "load_remittances_fast"]
