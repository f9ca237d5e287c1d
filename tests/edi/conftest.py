"""Fixtures for the X12 tests (helpers live in edi_helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from edi_helpers import FIXTURES


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
