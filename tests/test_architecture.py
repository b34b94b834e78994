"""Data flows one way: readers ▶ engine ▶ formatters; only cli.py uses typer (STYLE.md §1)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "influlint"
# a module may import from its own stage and earlier ones, never from a later one
LATER = {
    "readers": ("influlint.engine", "influlint.formatters", "influlint.api", "influlint.cli"),
    "engine": ("influlint.readers", "influlint.formatters", "influlint.api", "influlint.cli"),
    "formatters": ("influlint.readers", "influlint.engine", "influlint.api", "influlint.cli"),
    "audit": ("influlint.cli",),  # the audit runs the pipeline through api.py; only cli.py talks to the terminal
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_imports_a_later_stage():
    for stage, forbidden in LATER.items():
        for path in (SRC / stage).rglob("*.py"):
            bad = [m for m in _imports(path) if m.startswith(forbidden)]
            assert not bad, f"{path.relative_to(SRC)} imports {bad}"


def test_only_cli_uses_typer():
    users = [p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py") if any(
        m == "typer" or m.startswith("typer.") for m in _imports(p))]
    assert users == ["cli.py"]


def test_version_command_imports_nothing_heavy():
    import subprocess
    import sys

    code = ("import sys; from influlint.cli import app; heavy = [m for m in ('spacy', 'regex', 'yaml', 'jinja2', "
            "'influlint.engine', 'phonenumbers') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
