"""Prior authorizations, provider credentials and payer enrollments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum


class AuthStatus(str, Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    DENIED = "denied"
    PEER_TO_PEER = "peer_to_peer"
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True, slots=True)
class Authorization:
    number: str
    practice_id: str
    payer_id: str
    patient_id: str
    start_date: date
    end_date: date
    status: AuthStatus = AuthStatus.APPROVED
    codes: tuple[str, ...] = ()
    family: str | None = None
    region: str | None = None  # cervical | thoracic | lumbar | sacral
    levels: tuple[str, ...] = ()  # e.g. ("L4-L5", "L5-S1")
    side: str | None = None  # left | right | bilateral
    units: int | None = None  # visits or units approved
    units_used: int = 0
    place_of_service: str | None = None
    documents: tuple[str, ...] = ()
    # optional, added by the auth tracker (older callers leave them at their defaults)
    claim_ids: tuple[str, ...] = ()  # claims this authorization covers
    submitted_on: date | None = None
    decided_on: date | None = None  # approval/denial date (peer-to-peer and appeal clocks)
    purpose: str | None = None  # e.g. scs_trial | scs_permanent | rfa
    related_number: str | None = None  # e.g. the SCS trial auth a permanent request follows

    def covers_date(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date


class CredentialKind(str, Enum):
    STATE_LICENSE = "state_license"
    DEA = "dea"
    BOARD_CERTIFICATION = "board_certification"
    MALPRACTICE = "malpractice"
    CAQH_ATTESTATION = "caqh_attestation"


@dataclass(frozen=True, slots=True)
class Credential:
    provider_npi: str
    kind: CredentialKind
    number: str
    expires_on: date
    issued_on: date | None = None
    state: str | None = None


class EnrollmentStatus(str, Enum):
    PENDING = "pending"
    ACTIVE = "active"
    TERMINATED = "terminated"
    DENIED = "denied"


@dataclass(frozen=True, slots=True)
class PayerEnrollment:
    provider_npi: str
    payer_id: str
    status: EnrollmentStatus
    effective_from: date | None = None
    effective_to: date | None = None

    def active_on(self, day: date) -> bool:
        return self.status is EnrollmentStatus.ACTIVE and (
            self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to)
