"""Findings of the engine on a fixed set (the dev corpus and every rule example), as JSON lines.

`python tools/engine_snapshot.py > tests/data/engine-baseline.jsonl` records the findings of the engine
before a rewrite; tests/test_engine_parity.py compares the current engine with that record, and every
difference must be listed with its reason in tests/data/engine-parity-differences.yml.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def example_items() -> list[dict]:
    """Every rule example as a self-contained item (text, meta, kind), frozen in the baseline file."""
    from influlint.engine.loader import load_packs
    from influlint.examples import iter_examples

    packs = sorted(p for p in (ROOT / "rules").iterdir() if (p / "pack.yml").is_file())
    return [{"item": ex.id, "text": ex.text, "meta": ex.meta, "kind": ex.unit_kind}
            for ex in iter_examples(load_packs(packs))]


def units(examples: list[dict]) -> Iterator[tuple[str, object]]:
    from influlint.evaluate import iter_corpus
    from influlint.model import Source
    from influlint.readers.post import read_post

    for item in iter_corpus([ROOT / "fixtures" / "corpus"], []):
        yield item.name, item.unit
    for ex in examples:
        meta = {**ex["meta"], **({"kind": "message"} if ex["kind"] == "message" else {})}
        for unit in read_post(Source(path=f"<{ex['item']}>", text=ex["text"]), meta):
            yield ex["item"], unit


def findings(examples: list[dict]) -> dict[str, list[list]]:
    """item -> sorted [code, severity, start, end, message] of the current rule engine (the model's second
    opinion off: parity is about the rules, and the test's module-scoped fixture runs before the env is set)."""
    from influlint.evaluate import _engine, _lint

    bundle = _engine(model=False)
    out: dict[str, list[list]] = {}
    for name, unit in units(examples):
        rows = out.setdefault(name, [])
        rows.extend([f.code, f.severity, f.start, f.end, f.message] for f in _lint(bundle, unit))
    return {k: sorted(v) for k, v in out.items()}


if __name__ == "__main__":
    examples = example_items()
    json.dump({"examples": examples, "findings": findings(examples)}, sys.stdout, ensure_ascii=False, indent=0,
              sort_keys=True)
