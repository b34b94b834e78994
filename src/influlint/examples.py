"""Run the `examples:` of rules: an invalid example needs a finding of that rule (at `expect:`
positions when given); a valid one needs none of that rule's findings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from influlint.model import Finding, Source


@dataclass(frozen=True, slots=True)
class Example:
    code: str
    kind: str  # invalid | valid
    index: int
    text: str
    meta: dict[str, Any]
    unit_kind: str
    expect: tuple[dict[str, int], ...]

    @property
    def id(self) -> str:
        return f"{self.code}-{self.kind}-{self.index}"


def iter_examples(rules: list[Any]) -> Iterator[Example]:
    for rule in rules:
        for kind in ("invalid", "valid"):
            for i, item in enumerate(rule.examples.get(kind) or []):
                if isinstance(item, str):
                    item = {"text": item}
                yield Example(rule.code, kind, i, item["text"], dict(item.get("meta") or {}),
                              item.get("kind", "post"), tuple(item.get("expect") or ()))


def run_example(engine: Any, example: Example) -> list[Finding]:
    from influlint.api import RunOptions, lint_unit
    from influlint.config import Config
    from influlint.model import Report
    from influlint.readers.post import read_post

    meta = {**example.meta, **({"kind": "message"} if example.unit_kind == "message" else {})}
    source = Source(path=f"<{example.id}>", text=example.text)
    options = RunOptions(show_pii=True)
    out: list[Finding] = []
    for unit in read_post(source, meta):
        out.extend(f for f in lint_unit(engine, unit, Config(), options, Report()) if f.code == example.code)
    return out


def example_problem(engine: Any, example: Example) -> str | None:
    """None when the example behaves, else a one-line description of the failure."""
    found = run_example(engine, example)
    if example.kind == "valid":
        if found:
            f = found[0]
            return f"{example.id}: unexpected {f.code} at {f.position()[:2]} on {f.excerpt!r} in {example.text!r}"
        return None
    if not found:
        return f"{example.id}: no {example.code} finding in {example.text!r}"
    for want in example.expect:
        if not any(_position_matches(f, want) for f in found):
            got = [f.position() for f in found]
            return f"{example.id}: expected {example.code} at {want}, got (line, col, end_line, end_col) {got}"
    return None


def _position_matches(finding: Finding, want: dict[str, int]) -> bool:
    line, col, end_line, end_col = finding.position()
    have = {"line": line, "col": col, "end_line": end_line, "end_col": end_col}
    return all(have[k] == v for k, v in want.items() if k in have)


def engine_for(packs: list[Path]) -> Any:
    from influlint.api import RunOptions, build_engine
    from influlint.config import Config
    from influlint.engine.loader import compile_patterns

    config = Config(builtin=[], packs=[str(p) for p in packs])
    engine = build_engine(config, RunOptions(show_pii=True))
    compile_patterns(engine.rules)
    return engine


def check_pack_examples(packs: list[Path]) -> tuple[list[str], int]:
    engine = engine_for(packs)
    failures, total = [], 0
    for example in iter_examples(engine.rules):
        total += 1
        problem = example_problem(engine, example)
        if problem:
            failures.append(problem)
    return failures, total
