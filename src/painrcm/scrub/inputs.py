"""The scrubber's side inputs: authorizations and enrollments/credentials CSV files.

The readers themselves live with prior auth and credentialing (``painrcm.auth.imports``),
which owns the columns (docs/auth.md, docs/scrub-inputs.md). The scrubber is stricter than an
import: it will not scrub against a partly read file, so any bad row stops the run with the
file, row and field.

>>> import io
>>> text = "number,patient_id,payer_id,start_date,end_date,codes\\nA1,PT-M1,medicare,2026-01-01,2026-06-30,64483 64484\\n"
>>> [a.codes for a in read_authorizations(io.StringIO(text), name="auths.csv")]
[('64483', '64484')]
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from painrcm.auth import imports
from painrcm.auth.imports import AUTH_COLUMNS, AUTH_REQUIRED, ENROLLMENT_COLUMNS, ImportRefused
from painrcm.auth.model import Authorization, Credential, PayerEnrollment


def read_authorizations(source: str | Path | TextIO, *, name: str | None = None) -> list[Authorization]:
    """Authorizations; any bad row refuses the file (``ImportRefused``, an ``InputError``)."""
    return imports.read_authorizations(source, name=name)


def read_enrollments(source: str | Path | TextIO, *, name: str | None = None
                     ) -> tuple[list[PayerEnrollment], list[Credential]]:
    """Payer enrollments and provider credentials from one CSV file (``type`` column tells which)."""
    result = imports.read_credentials(source, name=name)
    if result.rejected:
        raise ImportRefused(list(result.rejected))
    return list(result.enrollments), list(result.credentials)


__all__ = ["AUTH_COLUMNS", "AUTH_REQUIRED", "ENROLLMENT_COLUMNS", "read_authorizations", "read_enrollments"]
