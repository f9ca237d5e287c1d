"""SQLAlchemy models of every table (typed declarative), one module per concept.

``Base.metadata`` is what the Alembic migrations build; a test checks that the two agree.
"""

from painrcm.store.models.base import Base, NAMING_CONVENTION
from painrcm.store.models.parties import (
    ClinicalNoteRow, CoverageRow, EncounterRow, PatientRow, PayerRow, PracticeRow, ProviderRow,
    UserPracticeRow, UserRow,
)
from painrcm.store.models.claims import ClaimLineRow, ClaimRow, CodedLineRow, ScrubFindingRow
from painrcm.store.models.auth import (
    AuthorizationRow, ClaimAuthorizationRow, CredentialRow, PayerEnrollmentRow,
)
from painrcm.store.models.contracts import ContractRow, FeeScheduleEntryRow
from painrcm.store.models.edi import EdiFileRow, X12ControlNumberRow
from painrcm.store.models.remit import (
    ClaimPaymentRow, LinePaymentRow, ProviderAdjustmentRow, RemitAdjustmentRow, RemittanceRow,
)
from painrcm.store.models.work import AuditLogRow, WorkItemRow
from painrcm.store.models.charges import AppointmentRow, ChargeMasterEntryRow
from painrcm.store.models.ar import ArTouchRow, PatientPaymentRow, PatientStatementRow, PaymentPlanRow  # noqa: F401

__all__ = [
    "Base", "NAMING_CONVENTION",
    "PracticeRow", "ProviderRow", "PayerRow", "PatientRow", "CoverageRow", "EncounterRow",
    "ClinicalNoteRow", "UserRow", "UserPracticeRow",
    "CodedLineRow", "ClaimRow", "ClaimLineRow", "ScrubFindingRow",
    "AuthorizationRow", "ClaimAuthorizationRow", "CredentialRow", "PayerEnrollmentRow",
    "ContractRow", "FeeScheduleEntryRow", "EdiFileRow", "X12ControlNumberRow",
    "RemittanceRow", "ClaimPaymentRow", "LinePaymentRow", "RemitAdjustmentRow",
    "ProviderAdjustmentRow", "WorkItemRow", "AuditLogRow",
]
