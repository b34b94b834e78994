"""Compare learners for the second opinion on the same split: spaCy's textcat_multilabel (bag-of-words and
ensemble architectures) against influlint's hashed n-gram logistic model (numpy). Prints a Markdown table
(docs/model.md keeps the last one).

    python tools/compare_learners.py                  # fixtures/train/*.jsonl, same split as train_model.py
    python tools/compare_learners.py --epochs 8

Per category: recall at precision ≥ 0.95 (threshold chosen on the validation fold, as train_model.py does)
and precision / recall at 0.5. Also: training time, prediction speed (validation texts per second, one at a
time, as the linter calls it), start-up (fresh process: import and load the saved model) and size on disk.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from influlint.classifier.features import featurize  # noqa: E402
from influlint.classifier.linear import Hyper, train  # noqa: E402
from influlint.classifier.train import _targets, choose_threshold, folds, load_examples  # noqa: E402
from influlint.evaluate import TAG_FAMILY  # noqa: E402
from influlint.model import CATEGORIES  # noqa: E402

SEED = 14
BOW = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": 2,
       "no_output_layer": False, "length": 262144}


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def _startup(code: str) -> float:
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    return sorted(runs)[1]


def run_numpy(fit, val, labels, out: Path) -> tuple[np.ndarray, float, float, float, int]:
    hyper = Hyper()
    for e in [*fit, *val]:
        e.feats = featurize(e.text, hyper.buckets, e.meta, e.kind, owned=False)[0]
    start = time.perf_counter()
    model = train([e.feats for e in fit], _targets(fit, labels), hyper)
    seconds = time.perf_counter() - start
    model.save(out / "weights.npz")
    start = time.perf_counter()
    probs = np.array([model.probabilities(featurize(e.text, hyper.buckets, e.meta, e.kind, owned=False)[0])
                      for e in val])
    speed = len(val) / (time.perf_counter() - start)
    code = (f"import sys; sys.path.insert(0, {str(ROOT / 'src')!r}); from influlint.classifier.linear import "
            f"LinearModel; LinearModel.load(__import__('pathlib').Path({str(out / 'weights.npz')!r}))")
    return probs, seconds, speed, _startup(code), _size(out / "weights.npz")


def run_spacy(fit, val, labels, arch: str, out: Path, epochs: int) -> tuple[np.ndarray, float, float, float, int]:
    import spacy
    from spacy.pipeline.textcat_multilabel import DEFAULT_MULTI_TEXTCAT_MODEL
    from spacy.training import Example as SpacyExample
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(SEED)
    nlp = spacy.blank("fr")
    model = BOW if arch == "bow" else DEFAULT_MULTI_TEXTCAT_MODEL
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": model})
    for label in labels:
        textcat.add_label(label)
    data = [SpacyExample.from_dict(nlp.make_doc(e.text), {"cats": {
        label: float(label in e.cats or label in e.tags) for label in labels}}) for e in fit]
    start = time.perf_counter()
    optimizer = nlp.initialize(lambda: data)
    rng = random.Random(SEED)
    for _ in range(epochs):
        rng.shuffle(data)
        for batch in minibatch(data, size=32):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    seconds = time.perf_counter() - start
    nlp.to_disk(out / arch)
    start = time.perf_counter()
    probs = np.array([[doc.cats[label] for label in labels] for doc in (nlp(e.text) for e in val)])
    speed = len(val) / (time.perf_counter() - start)
    return probs, seconds, speed, _startup(f"import spacy; spacy.load({str(out / arch)!r})"), _size(out / arch)


def _pr(probs, gold, threshold) -> tuple[float, float]:
    said = probs >= threshold
    tp = int(np.sum(said & gold))
    return (tp / max(1, int(said.sum())) if said.any() else 1.0), tp / max(1, int(gold.sum()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--epochs", type=int, default=10, help="spaCy epochs (the numpy model uses its own)")
    parser.add_argument("--skip-ensemble", action="store_true")
    args = parser.parse_args()
    examples, _ = load_examples(args.paths or sorted((ROOT / "fixtures" / "train").glob("*.jsonl")))
    fold, how = folds(examples)  # the first fold is the validation split of this comparison
    fit = [e for e, f in zip(examples, fold, strict=True) if f]
    val = [e for e, f in zip(examples, fold, strict=True) if not f]
    tags = sorted({t for e in examples for t in e.tags if t.split("/")[0] in TAG_FAMILY})
    labels = [*CATEGORIES, *tags]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        learners = [("numpy hashed n-gram logistic (shipped)", lambda: run_numpy(fit, val, labels, out)),
                    ("spaCy textcat_multilabel, BOW v3 (uni+bigrams)",
                     lambda: run_spacy(fit, val, labels, "bow", out, args.epochs))]
        if not args.skip_ensemble:
            learners.append(("spaCy textcat_multilabel, ensemble v2 (BOW + CNN tok2vec)",
                             lambda: run_spacy(fit, val, labels, "ensemble", out, args.epochs)))
        for name, run in learners:
            probs, seconds, speed, startup, size = run()
            cells = []
            for c, cat in enumerate(CATEGORIES):
                keep = np.array([cat not in e.skip for e in val])
                gold = np.array([cat in e.cats for e in val])[keep]
                p = probs[keep, c]
                thr = choose_threshold(list(p), list(gold))
                _, r95 = _pr(p, gold, thr)
                p5, r5 = _pr(p, gold, 0.5)
                cells.append(f"{r95:.2f} ({p5:.2f} / {r5:.2f})")
            rows.append(f"| {name} | " + " | ".join(cells) + f" | {seconds:.1f} s | {speed:,.0f} | {startup:.2f} s | "
                        f"{size / 1e6:.1f} MB |")
    print(f"train {len(fit)}, validation {len(val)} (first fold of the {how}); spaCy epochs {args.epochs}\n")
    print("| learner | " + " | ".join(f"{c}: R@P≥0.95 (P / R at 0.5)" for c in CATEGORIES)
          + " | training | predictions/s | start-up | size |")
    print("|---|" + "---|" * (len(CATEGORIES) + 4))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
