"""The rewritten engine and packs against the engine they replace, on a fixed set: the dev corpus and every
rule example (frozen in tests/data/engine-baseline.json by tools/engine_snapshot.py before the rewrite).

Every item whose findings differ must be listed, with its reason, in tests/data/engine-parity-differences.yml;
a listed item that no longer differs must be removed from the list (no stale excuses)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="module")
def compared():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import engine_snapshot
    finally:
        sys.path.pop(0)
    base = json.loads((DATA / "engine-baseline.json").read_text(encoding="utf-8"))
    now = engine_snapshot.findings(base["examples"])
    old = {k: [list(r) for r in v] for k, v in base["findings"].items()}
    items = set(old) | set(now)
    return {k for k in items if old.get(k, []) != now.get(k, [])}, old, now


def explained() -> dict[str, str]:
    path = DATA / "engine-parity-differences.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {} if path.is_file() else {}


def test_every_difference_is_explained(compared):
    differ, old, now = compared
    reasons = explained()
    unexplained = sorted(differ - set(reasons))
    detail = [(k, old.get(k, []), now.get(k, [])) for k in unexplained[:5]]
    assert not unexplained, detail


def test_no_stale_explanation(compared):
    differ, _, _ = compared
    stale = sorted(set(explained()) - differ)
    assert not stale, stale
    assert all(isinstance(r, str) and len(r) > 20 for r in explained().values())
