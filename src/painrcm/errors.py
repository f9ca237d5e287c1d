"""Typed errors for user mistakes.

Every error a user can cause (a bad file, a bad value) is a ``PainRCMError``:
the CLI prints its message and exits non-zero instead of showing a traceback.
Messages name the file, the place in it (line, row, segment, key path) and the
field, and never carry patient data.
"""

from __future__ import annotations


class PainRCMError(Exception):
    """Base class for every error the user can fix."""

    def __init__(self, message: str, *, file: str | None = None, location: str | None = None,
                 field: str | None = None):
        self.message = message
        self.file = file
        self.location = location
        self.field = field
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ", ".join(p for p in (
            self.file,
            self.location,
            f"field {self.field}" if self.field else None,
        ) if p)
        return f"{where}: {self.message}" if where else self.message


class InputError(PainRCMError):
    """A file or value given by the user cannot be read or is invalid."""


class PolicyError(PainRCMError):
    """A payer policy file does not validate."""


class NotFound(PainRCMError):
    """A named thing (code, payer, claim) does not exist."""


class Conflict(PainRCMError):
    """Someone else changed the record since it was read (optimistic locking): reload and retry."""
