"""Both catalogs hold the same keys, and every UI key the code asks for exists in both."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "influlint"


def _keys(node, prefix=""):
    if isinstance(node, dict):
        out = set()
        for key, value in node.items():
            out |= _keys(value, f"{prefix}{key}.")
        return out
    return {prefix.rstrip(".")}


def _catalog(lang: str) -> dict:
    return yaml.safe_load((ROOT / "locales" / f"{lang}.yml").read_text(encoding="utf-8"))


def test_fr_and_en_have_the_same_keys():
    fr, en = _keys(_catalog("fr")), _keys(_catalog("en"))
    assert not fr - en, f"missing in en.yml: {sorted(fr - en)}"
    assert not en - fr, f"missing in fr.yml: {sorted(en - fr)}"


def _ui_keys_in_code() -> set[tuple[str, str]]:
    """(module, key) for every t(lang, "a.b") / ui_text(…) / text(…) / cli._t("a.b") call with a literal key,
    and every literal "input.*" key handed to ui_text through a variable (api.iter_inputs)."""
    found = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = getattr(getattr(node, "func", None), "id", getattr(getattr(node, "func", None), "attr", ""))
            if isinstance(node, ast.Call) and ((name in ("t", "ui_text", "text") and len(node.args) >= 2)
                                               or (name == "_t" and node.args)):
                key = node.args[0 if name == "_t" else 1]
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    found.add((path.name, key.value))
                elif isinstance(key, ast.IfExp):
                    found |= {(path.name, k.value) for k in (key.body, key.orelse) if isinstance(k, ast.Constant)}
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"input\.[a-z_]+", node.value):
                found.add((path.name, node.value))
    return found


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_ui_key_used_in_code_exists(lang):
    keys = _keys(_catalog(lang))
    used = _ui_keys_in_code()
    assert len(used) >= 15  # the scan sees the code
    missing = sorted(f"{module}: {key}" for module, key in used if key not in keys)
    assert not missing, f"keys missing in {lang}.yml: {missing}"
    dynamic = {f"severity.{s}" for s in ("error", "warning", "info")} | {
        f"category.{c}" for c in ("disclosure", "misleading-claim", "sensitive-sector", "personal-data")} | {
        f"input.{k}" for k in __import__("influlint.i18n", fromlist=["OS_ERRORS"]).OS_ERRORS.values()}
    assert not dynamic - keys
