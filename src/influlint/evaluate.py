"""Score influlint against a labelled corpus (format: fixtures/corpus/SCHEMA.md).

A category counts as found on a unit when influlint reports at least one finding of that category with
severity error or warning. Items marked `ambiguous` are skipped; `ambiguous_categories` are not scored
for those categories. Chat exports are scored per message with their `.labels.jsonl` sidecar.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from influlint.model import CATEGORIES

COUNTED = ("error", "warning")


@dataclass(slots=True)
class Outcome:
    item: str  # id or path:line
    text: str
    expect: frozenset[str]
    found: frozenset[str]
    skip: frozenset[str]
    findings: list[tuple[str, str, str]] = field(default_factory=list)  # (code, severity, excerpt)
    tags: tuple[str, ...] = ()


@dataclass(slots=True)
class Scores:
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def counts(self, category: str) -> tuple[int, int, int]:
        tp = fp = fn = 0
        for o in self.outcomes:
            if category in o.skip:
                continue
            want, got = category in o.expect, category in o.found
            tp += want and got
            fn += want and not got
            fp += got and not want
        return tp, fp, fn

    def tag_recall(self) -> dict[str, tuple[int, int]]:
        """tag -> (units whose tag's category was found, units carrying the tag), scored units only."""
        rows: dict[str, list[int]] = {}
        for o in self.outcomes:
            for tag in o.tags:
                cat = TAG_FAMILY.get(tag.split("/")[0])
                if cat is None or cat in o.skip or cat not in o.expect:
                    continue
                row = rows.setdefault(tag, [0, 0])
                row[0] += cat in o.found
                row[1] += 1
        return {k: (v[0], v[1]) for k, v in rows.items()}

    def precision_recall(self, category: str) -> tuple[float, float]:
        tp, fp, fn = self.counts(category)
        return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def _engine(model: bool = True):
    from influlint.api import RunOptions, build_engine
    from influlint.config import Config

    options = RunOptions(show_pii=True, model=model)
    return build_engine(Config(), options), Config(), options


def _lint(engine_bundle, unit) -> list[Any]:
    from influlint.api import lint_unit
    from influlint.model import Report

    engine, config, options = engine_bundle
    return lint_unit(engine, unit, config, options, Report())


TAG_FAMILY = {"disclosure": "disclosure", "claim": "misleading-claim", "sector": "sensitive-sector",
              "pii": "personal-data"}


def _outcome(item: str, text: str, expect: Iterable[str], skip: Iterable[str], findings: list[Any],
             tags: Iterable[str] = ()) -> Outcome:
    found = frozenset(f.category for f in findings if f.severity in COUNTED)
    return Outcome(item, text, frozenset(expect), found, frozenset(skip),
                   [(f.code, f.severity, f.excerpt[:60]) for f in findings], tuple(tags))


@dataclass(frozen=True, slots=True)
class Labelled:
    """One scored unit of a corpus with its label (`expect`, `ambiguous_categories`, `tags`)."""

    name: str
    unit: Any
    label: dict[str, Any]


def _jsonl_units(path: Path) -> Iterator[Labelled]:
    from influlint.model import Source
    from influlint.readers.post import read_post

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        meta = dict(item.get("meta") or {})
        meta.setdefault("platform", item.get("platform"))
        meta.setdefault("lang", item.get("lang"))
        if item.get("kind") == "message":
            meta["kind"] = "message"
        source = Source(path=f"{path.name}#{item['id']}", text=item["text"])
        for unit in read_post(source, meta):
            yield Labelled(source.path, unit, item)


def _chat_units(path: Path, labels_path: Path) -> Iterator[Labelled]:
    """Every non-system message of a chat export; unlisted messages get the empty (clean) label."""
    from influlint.readers import ReadOptions, read_units

    labels: dict[str, dict[str, Any]] = {}
    for line in labels_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            label = json.loads(line)
            labels[f"id:{label['id']}" if "id" in label else f"line:{label['line']}"] = label
    with open(path, "rb") as stream:
        for unit in read_units(str(path), stream, ReadOptions()):
            if unit.is_system:
                continue
            key = f"id:{unit.id}" if unit.id is not None and f"id:{unit.id}" in labels else f"line:{unit.line}"
            yield Labelled(f"{path.name}:{unit.line}" + (f"#{unit.id}" if unit.id else ""), unit, labels.get(key, {}))


def iter_corpus(paths: list[Path], notes: list[str]) -> Iterator[Labelled]:
    """The labelled units of corpus folders or files (dev-style .jsonl, chat exports with .labels.jsonl).
    Items marked `ambiguous` are left out; chats without labels or that fail to read are noted."""
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.glob("*.jsonl")) + sorted(p.glob("chat_*")) if p.is_dir() else [p])
    for f in files:
        if f.name.endswith(".labels.jsonl"):
            continue
        if f.suffix == ".jsonl":
            units = _jsonl_units(f)
        else:
            labels = f.with_name(f.stem + ".labels.jsonl")
            if not labels.is_file():
                notes.append(f"{f}: no labels file {labels.name}, skipped")
                continue
            units = _chat_units(f, labels)
        try:
            yield from (u for u in units if not u.label.get("ambiguous"))
        except Exception as exc:  # a reader that is missing or fails must not hide the other scores
            notes.append(f"{f}: not scored ({type(exc).__name__}: {exc})")


def score_corpus(paths: list[Path], model: bool = True) -> Scores:
    """Score rules + the model's second opinion (model=False: rules alone)."""
    bundle = _engine(model)
    scores = Scores()
    for item in iter_corpus(paths, scores.notes):
        label = item.label
        scores.outcomes.append(_outcome(item.name, item.unit.text, label.get("expect", []),
                                        label.get("ambiguous_categories", []), _lint(bundle, item.unit),
                                        label.get("tags", [])))
    return scores


def format_scores(scores: Scores, misses: bool = False, category: str | None = None, as_json: bool = False) -> str:
    cats = [category] if category else list(CATEGORIES)
    rows = {}
    for cat in cats:
        tp, fp, fn = scores.counts(cat)
        p, r = scores.precision_recall(cat)
        rows[cat] = {"precision": round(p, 3), "recall": round(r, 3), "tp": tp, "fp": fp, "fn": fn}
    if as_json:
        return json.dumps({"units": len(scores.outcomes), "scores": rows, "notes": scores.notes}, indent=2) + "\n"
    lines = [f"units scored: {len(scores.outcomes)}", f"{'category':<18} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}"]
    lines += [f"{c:<18} {v['precision']:>9.3f} {v['recall']:>7.3f} {v['tp']:>4} {v['fp']:>4} {v['fn']:>4}"
              for c, v in rows.items()]
    lines += [f"note: {n}" for n in scores.notes]
    tag_rows = scores.tag_recall()
    if tag_rows:
        lines.append(f"{'tag (recall of its category)':<34} {'found':>5} / {'total':<5}")
        lines += [f"{tag:<34} {hit:>5} / {total:<5}" for tag, (hit, total) in sorted(tag_rows.items())
                  if not category or TAG_FAMILY.get(tag.split("/")[0]) == category]
    if misses:
        for cat in cats:
            for o in scores.outcomes:
                if cat in o.skip:
                    continue
                want, got = cat in o.expect, cat in o.found
                if want != got:
                    kind = "FN" if want else "FP"
                    fired = "; ".join(f"{c} {s} «{e}»" for c, s, e in o.findings)
                    lines.append(f"{kind} {cat} {o.item}: {o.text[:140]!r}  [{fired}]")
    return "\n".join(lines) + "\n"
