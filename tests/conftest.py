"""Shared test helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO_PACK = ROOT / "tests" / "data" / "packs" / "demo"


@pytest.fixture(autouse=True)
def _rules_only(request, monkeypatch):
    """Tests elsewhere pin the rules' behaviour; the model's second opinion changes with every retraining and
    is tested in test_classifier.py and test_wheel.py (the shipped model too), so elsewhere it is off."""
    if request.module.__name__.rsplit(".", 1)[-1] in ("test_classifier", "test_wheel"):
        return
    monkeypatch.setenv("INFLULINT_MODEL", "off")  # in this process and in the CLIs tests start


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
        base = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "en_US.UTF-8"}  # the host's locale never leaks in
        result = runner.invoke(app, list(args), input=input, env={**base, **(env or {})})
        return result.exit_code, result.stdout, result.stderr

    return run


# --- golden files (tests/golden/<case>.<ext>): compare byte for byte, `pytest --update-golden` rewrites them
GOLDEN_DIR = ROOT / "tests" / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite tests/golden/* from the current output (review the diff).")
    parser.addoption("--review-max-age", type=int, default=None,
                     help="Days after which a rule's reviewed_on is stale (default: $INFLULINT_REVIEW_MAX_AGE or 365).")


@pytest.fixture
def golden(request):
    """golden(name, actual): assert `actual` equals tests/golden/<name>; --update-golden rewrites it."""
    update = request.config.getoption("--update-golden")

    def check(name: str, actual: str) -> None:
        path = GOLDEN_DIR / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual.encode("utf-8"))
            return
        assert path.exists(), f"missing golden file {path}: run pytest --update-golden and review it"
        expected = path.read_bytes().decode("utf-8")
        assert actual == expected, f"{name} differs from its golden file (pytest --update-golden to accept)"

    return check
