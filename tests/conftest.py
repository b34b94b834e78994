"""Shared test helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO_PACK = ROOT / "tests" / "data" / "packs" / "demo"


@pytest.fixture
def demo_pack() -> Path:
    return DEMO_PACK


@pytest.fixture
def run_cli(monkeypatch):
    """Invoke the CLI in-process: returns (exit_code, stdout, stderr)."""
    from typer.testing import CliRunner

    from influlint.cli import app

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        runner = CliRunner()
        result = runner.invoke(app, list(args), input=input, env=env or {"LANG": "en_US.UTF-8"})
        return result.exit_code, result.stdout, result.stderr

    return run
