"""Save and load prior authorizations (and the claims that used them), provider
credentials and payer enrollments (``painrcm.auth.model``)."""

from __future__ import annotations

from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from painrcm.auth.model import (
    Authorization, AuthStatus, Credential, CredentialKind, EnrollmentStatus, PayerEnrollment,
)
from painrcm.errors import NotFound
from painrcm.store.models import (
    AuthorizationRow, ClaimAuthorizationRow, CredentialRow, PayerEnrollmentRow,
)
from painrcm.store.repositories._rows import assign


def _auth_values(a: Authorization) -> dict:
    return dict(patient_id=a.patient_id, start_date=a.start_date, end_date=a.end_date,
                status=a.status.value, codes=list(a.codes), family=a.family, region=a.region,
                levels=list(a.levels), side=a.side, units=a.units, units_used=a.units_used,
                place_of_service=a.place_of_service, documents=list(a.documents))


def _auth_row(session: Session, practice_id: str, payer_id: str, number: str) -> AuthorizationRow | None:
    return session.scalars(sa.select(AuthorizationRow).where(
        AuthorizationRow.practice_id == practice_id, AuthorizationRow.payer_id == payer_id,
        AuthorizationRow.number == number)).one_or_none()


def save_authorizations(session: Session, authorizations: Iterable[Authorization]) -> None:
    """Upsert by (practice, payer, authorization number)."""
    for a in authorizations:
        row = _auth_row(session, a.practice_id, a.payer_id, a.number)
        if row is None:
            session.add(AuthorizationRow(practice_id=a.practice_id, payer_id=a.payer_id, number=a.number,
                                         **_auth_values(a)))
        else:
            assign(row, _auth_values(a))
    session.flush()


def _authorization(r: AuthorizationRow) -> Authorization:
    return Authorization(
        number=r.number, practice_id=r.practice_id, payer_id=r.payer_id, patient_id=r.patient_id,
        start_date=r.start_date, end_date=r.end_date, status=AuthStatus(r.status), codes=tuple(r.codes),
        family=r.family, region=r.region, levels=tuple(r.levels), side=r.side, units=r.units,
        units_used=r.units_used, place_of_service=r.place_of_service, documents=tuple(r.documents))


def load_authorizations(session: Session, practice_id: str, *, patient_id: str | None = None,
                        payer_id: str | None = None) -> list[Authorization]:
    stmt = sa.select(AuthorizationRow).where(AuthorizationRow.practice_id == practice_id)
    if patient_id is not None:
        stmt = stmt.where(AuthorizationRow.patient_id == patient_id)
    if payer_id is not None:
        stmt = stmt.where(AuthorizationRow.payer_id == payer_id)
    stmt = stmt.order_by(AuthorizationRow.start_date, AuthorizationRow.number)
    return [_authorization(r) for r in session.scalars(stmt)]


def link_claim_authorization(session: Session, practice_id: str, claim_id: str, payer_id: str,
                             number: str, units: int = 1) -> None:
    """Record that a claim used an authorization (idempotent per claim and authorization)."""
    auth = _auth_row(session, practice_id, payer_id, number)
    if auth is None:
        raise NotFound(f"no authorization {number!r} for payer {payer_id!r}")
    link = session.get(ClaimAuthorizationRow, (practice_id, claim_id, auth.id))
    if link is None:
        session.add(ClaimAuthorizationRow(practice_id=practice_id, claim_id=claim_id,
                                          authorization_id=auth.id, units=units))
    else:
        link.units = units
    session.flush()


def claim_authorization_numbers(session: Session, practice_id: str, claim_id: str) -> list[str]:
    return list(session.scalars(
        sa.select(AuthorizationRow.number).join(
            ClaimAuthorizationRow, ClaimAuthorizationRow.authorization_id == AuthorizationRow.id)
        .where(ClaimAuthorizationRow.practice_id == practice_id, ClaimAuthorizationRow.claim_id == claim_id)
        .order_by(AuthorizationRow.number)))


def save_credentials(session: Session, practice_id: str, credentials: Iterable[Credential]) -> None:
    """Upsert by (practice, provider NPI, kind, number)."""
    for c in credentials:
        row = session.scalars(sa.select(CredentialRow).where(
            CredentialRow.practice_id == practice_id, CredentialRow.provider_npi == c.provider_npi,
            CredentialRow.kind == c.kind.value, CredentialRow.number == c.number)).one_or_none()
        values = dict(expires_on=c.expires_on, issued_on=c.issued_on, state=c.state)
        if row is None:
            session.add(CredentialRow(practice_id=practice_id, provider_npi=c.provider_npi,
                                      kind=c.kind.value, number=c.number, **values))
        else:
            assign(row, values)
    session.flush()


def load_credentials(session: Session, practice_id: str, provider_npi: str | None = None) -> list[Credential]:
    stmt = sa.select(CredentialRow).where(CredentialRow.practice_id == practice_id)
    if provider_npi is not None:
        stmt = stmt.where(CredentialRow.provider_npi == provider_npi)
    stmt = stmt.order_by(CredentialRow.provider_npi, CredentialRow.expires_on, CredentialRow.id)
    return [Credential(provider_npi=r.provider_npi, kind=CredentialKind(r.kind), number=r.number,
                       expires_on=r.expires_on, issued_on=r.issued_on, state=r.state)
            for r in session.scalars(stmt)]


def save_enrollments(session: Session, practice_id: str, enrollments: Iterable[PayerEnrollment]) -> None:
    """Upsert by (practice, provider NPI, payer)."""
    for e in enrollments:
        row = session.scalars(sa.select(PayerEnrollmentRow).where(
            PayerEnrollmentRow.practice_id == practice_id, PayerEnrollmentRow.provider_npi == e.provider_npi,
            PayerEnrollmentRow.payer_id == e.payer_id)).one_or_none()
        values = dict(status=e.status.value, effective_from=e.effective_from, effective_to=e.effective_to)
        if row is None:
            session.add(PayerEnrollmentRow(practice_id=practice_id, provider_npi=e.provider_npi,
                                           payer_id=e.payer_id, **values))
        else:
            assign(row, values)
    session.flush()


def load_enrollments(session: Session, practice_id: str, provider_npi: str | None = None) -> list[PayerEnrollment]:
    stmt = sa.select(PayerEnrollmentRow).where(PayerEnrollmentRow.practice_id == practice_id)
    if provider_npi is not None:
        stmt = stmt.where(PayerEnrollmentRow.provider_npi == provider_npi)
    stmt = stmt.order_by(PayerEnrollmentRow.provider_npi, PayerEnrollmentRow.payer_id)
    return [PayerEnrollment(provider_npi=r.provider_npi, payer_id=r.payer_id,
                            status=EnrollmentStatus(r.status), effective_from=r.effective_from,
                            effective_to=r.effective_to) for r in session.scalars(stmt)]
