"""Provider credentials and payer enrollments: what expires when, and who is not enrolled where.

A credential (state licence, DEA registration, board certification, malpractice policy, CAQH
attestation) is alerted from its kind's lead time before expiry: 120 days for the licence, DEA
and board certification (state boards and the DEA want the renewal weeks ahead, and every payer
must get the new document), 90 days for malpractice and the CAQH re-attestation (due every 120
days). A renewed credential (same provider and kind, later expiry) supersedes the older one.

Payer enrollment: a provider bills a payer only when an enrollment is active on the date of
service (``PayerEnrollment.active_on``); the scrubber's PROVIDER_NOT_ENROLLED and
CREDENTIAL_EXPIRED edits read the same records.

>>> from painrcm.auth.model import Credential, CredentialKind as K
>>> c = Credential("1234567893", K.DEA, "BM1234563", date(2026, 9, 30))
>>> [(a.day.isoformat(), a.kind) for a in credential_deadlines([c], today=date(2026, 7, 1))]
[('2026-06-02', 'credential_renewal'), ('2026-09-30', 'credential_expiry')]
>>> [a.days_left for a in credentials_due([c], today=date(2026, 7, 1), within_days=120)]
[91]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Mapping

from painrcm.auth.deadlines import Deadline
from painrcm.auth.model import Credential, CredentialKind, EnrollmentStatus, PayerEnrollment

K = CredentialKind
#: Days before expiry when the renewal alert starts, per kind (90-120 days).
ALERT_LEAD_DAYS: Mapping[CredentialKind, int] = {
    K.STATE_LICENSE: 120, K.DEA: 120, K.BOARD_CERTIFICATION: 120, K.MALPRACTICE: 90, K.CAQH_ATTESTATION: 90,
}
#: Credentials without which a claim must not go out (the others warn).
BLOCKING = frozenset({K.STATE_LICENSE, K.DEA, K.MALPRACTICE})
_NAMES = {K.STATE_LICENSE: "state license", K.DEA: "DEA registration", K.BOARD_CERTIFICATION: "board certification",
          K.MALPRACTICE: "malpractice insurance", K.CAQH_ATTESTATION: "CAQH attestation"}


def kind_name(kind: CredentialKind) -> str:
    return _NAMES.get(kind, kind.value.replace("_", " "))


def current_credentials(credentials: Iterable[Credential]) -> list[Credential]:
    """The latest credential per (provider, kind, state): renewals supersede older records."""
    latest: dict[tuple, Credential] = {}
    for c in credentials:
        key = (c.provider_npi, c.kind, c.state if c.kind is K.STATE_LICENSE else None)
        if key not in latest or c.expires_on > latest[key].expires_on:
            latest[key] = c
    return sorted(latest.values(), key=lambda c: (c.expires_on, c.provider_npi, c.kind.value))


@dataclass(frozen=True, slots=True)
class CredentialAlert:
    credential: Credential
    today: date
    alert_from: date

    @property
    def days_left(self) -> int:
        return (self.credential.expires_on - self.today).days

    @property
    def expired(self) -> bool:
        return self.credential.expires_on < self.today

    @property
    def level(self) -> str:
        """expired | urgent (inside the 90/120-day lead) | upcoming."""
        if self.expired:
            return "expired"
        return "urgent" if self.today >= self.alert_from else "upcoming"

    @property
    def message(self) -> str:
        c = self.credential
        what = kind_name(c.kind) + (f" ({c.state})" if c.state else "")
        if self.expired:
            return f"{what} of NPI {c.provider_npi} expired on {c.expires_on.isoformat()}"
        return f"{what} of NPI {c.provider_npi} expires on {c.expires_on.isoformat()} ({self.days_left} days)"

    def to_json(self) -> dict:
        c = self.credential
        return {"provider_npi": c.provider_npi, "kind": c.kind.value, "number": c.number, "state": c.state,
                "expires_on": c.expires_on.isoformat(), "days_left": self.days_left, "level": self.level,
                "alert_from": self.alert_from.isoformat(), "blocking": c.kind in BLOCKING, "message": self.message}


def alert_date(credential: Credential) -> date:
    return credential.expires_on - timedelta(days=ALERT_LEAD_DAYS.get(credential.kind, 120))


def credentials_due(credentials: Iterable[Credential], *, today: date, within_days: int = 120) -> list[CredentialAlert]:
    """Current credentials expiring within ``within_days`` (and the expired ones), soonest first."""
    end = today + timedelta(days=within_days)
    return [CredentialAlert(c, today, alert_date(c)) for c in current_credentials(credentials) if c.expires_on <= end]


def credential_deadlines(credentials: Iterable[Credential], *, today: date) -> list[Deadline]:
    """Calendar items: the renewal alert day and the expiry day of each current credential."""
    out: list[Deadline] = []
    for c in current_credentials(credentials):
        ref = f"{c.provider_npi} {c.kind.value} {c.number}".strip()
        name = kind_name(c.kind) + (f" ({c.state})" if c.state else "")
        out.append(Deadline(alert_date(c), "credential_renewal", ref,
                            f"Start renewal: {name} of NPI {c.provider_npi} expires {c.expires_on.isoformat()}",
                            provider_npi=c.provider_npi, overdue=alert_date(c) < today))
        out.append(Deadline(c.expires_on, "credential_expiry", ref, f"{name} of NPI {c.provider_npi} expires",
                            provider_npi=c.provider_npi, overdue=c.expires_on < today))
    return sorted(out)


def enrollment_deadlines(enrollments: Iterable[PayerEnrollment], *, today: date) -> list[Deadline]:
    """Calendar items: the end of each active enrollment that has an end date."""
    out = []
    for e in enrollments:
        if e.status is EnrollmentStatus.ACTIVE and e.effective_to is not None:
            out.append(Deadline(e.effective_to, "enrollment_end", f"{e.provider_npi} {e.payer_id}",
                                f"Enrollment of NPI {e.provider_npi} with {e.payer_id} ends",
                                payer_id=e.payer_id, provider_npi=e.provider_npi, overdue=e.effective_to < today))
    return sorted(out)


def is_enrolled(provider_npi: str, payer_id: str, on: date, enrollments: Iterable[PayerEnrollment]) -> bool:
    return any(e.provider_npi == provider_npi and e.payer_id == payer_id and e.active_on(on) for e in enrollments)


@dataclass(frozen=True, slots=True)
class EnrollmentGap:
    provider_npi: str
    payer_id: str
    reason: str

    def to_json(self) -> dict:
        return {"provider_npi": self.provider_npi, "payer_id": self.payer_id, "reason": self.reason}


def enrollment_gaps(provider_npis: Iterable[str], payer_ids: Iterable[str], enrollments: Iterable[PayerEnrollment],
                    *, on: date) -> list[EnrollmentGap]:
    """Every (provider, payer) pair without an enrollment active on ``on``, with the reason."""
    enrollments = list(enrollments)
    payer_ids = list(payer_ids)
    out: list[EnrollmentGap] = []
    for npi in provider_npis:
        for payer in payer_ids:
            rows = [e for e in enrollments if e.provider_npi == npi and e.payer_id == payer]
            if any(e.active_on(on) for e in rows):
                continue
            if not rows:
                why = "no enrollment on file"
            elif any(e.status is EnrollmentStatus.PENDING for e in rows):
                why = "enrollment pending"
            elif any(e.status is EnrollmentStatus.ACTIVE for e in rows):
                why = "enrolled, but not on this date"
            else:
                why = "terminated or denied"
            out.append(EnrollmentGap(npi, payer, why))
    return out


__all__ = ["ALERT_LEAD_DAYS", "BLOCKING", "CredentialAlert", "EnrollmentGap", "alert_date", "credential_deadlines",
           "credentials_due", "current_credentials", "enrollment_deadlines", "enrollment_gaps", "is_enrolled",
           "kind_name"]
