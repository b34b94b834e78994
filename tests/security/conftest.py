"""Hostile inputs (issue 11): every probe as a test, on inputs generated here (never committed)."""

from __future__ import annotations

import pytest
from hostile import run


@pytest.fixture
def cli():
    return run
