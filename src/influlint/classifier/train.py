"""Train the second opinion on a labelled corpus (fixtures/corpus/SCHEMA.md): cross-validate by writer
(each unit scored by a model that never saw its file), choose the thresholds on those out-of-fold scores
(precision ≥ 0.95 per category, posts and chat messages apart), train on everything, pick the cue words
of the prefilter, and write model.json + weights.npz."""

from __future__ import annotations

import json
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from influlint.classifier.features import cue, featurize, fold, passes
from influlint.classifier.features import words as folded_words
from influlint.classifier.linear import Hyper, train
from influlint.evaluate import TAG_FAMILY, iter_corpus
from influlint.model import CATEGORIES

TARGET_PRECISION = 0.95
MIN_PREDICTED = 10  # a threshold is trusted only with at least this many validation predictions above it
FOLDS = 5
FORMAT = 1


@dataclass(slots=True)
class Example:
    name: str
    group: str  # the file it came from (writers differ per file)
    kind: str
    text: str
    meta: dict[str, Any]
    cats: frozenset[str]
    skip: frozenset[str]
    tags: tuple[str, ...]
    feats: list[int] = field(default_factory=list)


def load_examples(paths: list[Path]) -> tuple[list[Example], list[str]]:
    notes: list[str] = []
    out = []
    for item in iter_corpus(paths, notes):
        unit, label = item.unit, item.label
        out.append(Example(item.name, item.name.split("#")[0].split(":")[0], unit.kind, unit.text, dict(unit.meta),
                           frozenset(label.get("expect", [])), frozenset(label.get("ambiguous_categories", [])),
                           tuple(t for t in label.get("tags", []) if not t.startswith("clean/"))))
    return out, notes


def folds(examples: list[Example], k: int = FOLDS) -> tuple[list[int], str]:
    """Fold of each example: whole files (one writer each) when there are at least k files, else by id hash."""
    groups = sorted({e.group for e in examples})
    if len(groups) >= k:
        of = {g: i % k for i, g in enumerate(groups)}
        return [of[e.group] for e in examples], f"{k}-fold cross-validation by file (writers held out)"
    return [zlib.crc32(e.name.encode()) % k for e in examples], f"{k}-fold cross-validation (hash of the id)"


def _targets(examples: list[Example], labels: list[str]) -> np.ndarray:
    y = np.zeros((len(examples), len(labels)), dtype=np.float32)
    col = {name: i for i, name in enumerate(labels)}
    for r, e in enumerate(examples):
        for name in [*e.cats, *e.tags]:
            if name in col:
                y[r, col[name]] = 1.0
    return y


def choose_threshold(probs: list[float], gold: list[bool]) -> float:
    """Lowest threshold above which precision stays ≥ TARGET_PRECISION (1.01 = never fires)."""
    order = sorted(zip(probs, gold, strict=True), key=lambda x: -x[0])
    best, tp = 1.01, 0
    for n, (p, g) in enumerate(order, 1):
        tp += g
        if n >= MIN_PREDICTED and tp / n >= TARGET_PRECISION and g and (n == len(order) or order[n][0] < p):
            best = p
    return best


def _pr(pairs: list[tuple[bool, bool]]) -> dict[str, float]:
    pairs = [(bool(w), bool(g)) for w, g in pairs]
    tp = sum(w and g for w, g in pairs)
    fp = sum(g and not w for w, g in pairs)
    fn = sum(w and not g for w, g in pairs)
    return {"precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
            "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0, "tp": tp, "fp": fp, "fn": fn}


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.fr.stop_words import STOP_WORDS as FR

    return frozenset(fold(w) for w in FR | EN) | {"ok", "oui", "non", "yes", "no", "lol", "mdr", "stp", "svp"}


def cue_words(examples: list[Example], lift: float = 2.0, support: int = 3) -> list[str]:
    """Prefilter cues: words (folded; any @handle is @*, any hashtag #*, any number 0) after which some
    category is at least `lift` times as frequent as overall, seen in at least `support` flagged texts of it.
    Function words (spaCy's French and English stop words) and lone punctuation are never cues."""
    stop = _stop_words()
    seen_in: dict[str, Counter] = {}
    df: Counter = Counter()
    totals = Counter(c for e in examples for c in e.cats)
    for e in examples:
        words = {cue(t) for t in folded_words(e.text) if (t[:1].isalnum() or len(t) > 1) and t not in stop}
        df.update(words)
        for w in words:
            seen_in.setdefault(w, Counter()).update(e.cats)
    n = len(examples)
    out = []
    for word, cats in seen_in.items():
        if any(k >= support and (k / (df[word] + 1)) >= lift * totals[c] / n for c, k in cats.items()):
            out.append(word)
    return sorted(out)


def _rules_found(examples: list[Example]) -> list[frozenset[str]]:
    """Categories the rules report (error/warning) on each example, model off."""
    from influlint.api import RunOptions, build_engine, lint_unit
    from influlint.config import Config
    from influlint.model import Report, Source
    from influlint.readers.post import read_post

    config, options = Config(model=False), RunOptions(show_pii=True)
    engine = build_engine(config, options)
    out = []
    for e in examples:
        meta = {**e.meta, **({"kind": "message"} if e.kind == "message" else {})}
        units = list(read_post(Source(path=e.name, text=e.text), meta))
        found = [f for u in units for f in lint_unit(engine, u, config, options, Report())]
        out.append(frozenset(f.category for f in found if f.severity in ("error", "warning")))
    return out


def validate(probs: np.ndarray, val: list[Example], gate: list[bool],
             rules: list[frozenset[str]] | None, where: str = "all") -> dict[str, Any]:
    """Thresholds per category and kind from out-of-fold probabilities, and the figures at those thresholds.
    where="all": the model alone reaches precision ≥ 0.95 on every validation unit (the default);
    where="added": only on the units where no rule of the category fired (what the model adds; stricter)."""
    from influlint.classifier.second_opinion import settled
    from influlint.config import Config

    thresholds, figures = {}, {}
    for c, cat in enumerate(CATEGORIES):
        rows = [i for i, e in enumerate(val) if cat not in e.skip]
        reads = [gate[i] and not settled(cat, e.text, Config()) for i, e in enumerate(val)]  # what the model reads
        acts = [i for i in rows if rules is None or cat not in rules[i]]
        per_kind = {}
        for kind in ("post", "message"):
            mine = [i for i in (acts if where == "added" else rows) if val[i].kind == kind and reads[i]]
            positives = sum(cat in val[i].cats for i in mine)
            per_kind[kind] = choose_threshold([probs[i, c] for i in mine], [cat in val[i].cats for i in mine]) \
                if positives >= 5 else None
        post = per_kind["post"] if per_kind["post"] is not None else 1.01
        thresholds[cat] = {"post": round(float(post), 4),
                           "message": round(float(per_kind["message"] if per_kind["message"] is not None else post), 4)}
        said = [reads[i] and probs[i, c] >= thresholds[cat][val[i].kind] for i in range(len(val))]
        gold = [cat in e.cats for e in val]
        figures[cat] = {"model": _pr([(gold[i], said[i]) for i in rows]), "prefilter_recall": round(
            sum(gate[i] for i in rows if gold[i]) / max(1, sum(gold[i] for i in rows)), 3)}
        if rules is not None:
            figures[cat]["added"] = _pr([(gold[i], said[i]) for i in acts])
            figures[cat]["rules"] = _pr([(gold[i], cat in rules[i]) for i in rows])
            figures[cat]["rules+model"] = _pr([(gold[i], cat in rules[i] or said[i]) for i in rows])
    return {"thresholds": thresholds, "figures": figures}


def out_of_fold(examples: list[Example], labels: list[str], hyper: Hyper) -> tuple[np.ndarray, list[bool], str]:
    """Category probabilities of each example by a model that never saw its fold, and its fold's prefilter."""
    fold, how = folds(examples)
    probs = np.zeros((len(examples), len(CATEGORIES)), dtype=np.float32)
    gate = [False] * len(examples)
    for f in sorted(set(fold)):
        fit = [e for e, g in zip(examples, fold, strict=True) if g != f]
        held = [i for i, g in enumerate(fold) if g == f]
        if not fit:
            continue
        model = train([e.feats for e in fit], _targets(fit, labels), hyper)
        cues = frozenset(cue_words(fit))
        for i in held:
            probs[i] = model.probabilities(examples[i].feats, len(CATEGORIES))
            gate[i] = passes(examples[i].text, examples[i].meta, cues)
    return probs, gate, how


def train_model(paths: list[Path], output: Path, hyper: Hyper | None = None, with_rules: bool = True,
                where: str = "all") -> dict[str, Any]:
    """Cross-validate by writer (thresholds), train on everything, write `output`/model.json and weights.npz."""
    hyper = hyper or Hyper()
    examples, notes = load_examples(paths)
    if notes:
        raise ValueError(notes[0])
    if not examples:
        raise ValueError("no labelled unit found")
    tags = sorted({t for e in examples for t in e.tags if t.split("/")[0] in TAG_FAMILY})
    labels = [*CATEGORIES, *tags]
    for e in examples:
        e.feats = featurize(e.text, hyper.buckets, e.meta, e.kind, owned=False)[0]
    start = time.perf_counter()
    probs, gate, how = out_of_fold(examples, labels, hyper)
    report = validate(probs, examples, gate, _rules_found(examples) if with_rules or where == "added" else None, where)
    model = train([e.feats for e in examples], _targets(examples, labels), hyper)
    seconds = time.perf_counter() - start
    output.mkdir(parents=True, exist_ok=True)
    model.save(output / "weights.npz")
    info = {"format": FORMAT, "labels": labels, "buckets": hyper.buckets, "hyper": {
        k: getattr(hyper, k) for k in Hyper.__slots__}, "cues": cue_words(examples), **report,
            "data": {"units": len(examples), "split": how, "folds": FOLDS, "by": "file" if "file" in how else "id",
                     "files": sorted({e.group for e in examples}),
                     "posts": sum(e.kind == "post" for e in examples),
                     "messages": sum(e.kind == "message" for e in examples), "thresholds_on": where},
            "train_seconds": round(seconds, 1)}
    (output / "model.json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return info


def format_report(info: dict[str, Any]) -> str:
    data = info["data"]
    lines = [f"units {data['units']} ({data['posts']} posts, {data['messages']} messages); figures: {data['split']}, "
             f"out-of-fold; the shipped model is then trained on all units",
             f"{'category':<18} {'thr post':>8} {'thr msg':>8}  {'model P / R':>13}  {'added P / R':>13}  "
             f"{'rules P / R':>13}  {'rules+model P / R':>17}  prefilter"]
    for cat, fig in info["figures"].items():
        thr = info["thresholds"][cat]

        def pr(key: str, fig=fig) -> str:
            return f"{fig[key]['precision']:.3f} / {fig[key]['recall']:.3f}" if key in fig else "—"

        lines.append(f"{cat:<18} {thr['post']:>8.3f} {thr['message']:>8.3f}  {pr('model'):>13}  {pr('added'):>13}  "
                     f"{pr('rules'):>13}  {pr('rules+model'):>17}  {fig['prefilter_recall']:.3f}")
    return "\n".join(lines) + "\n"
