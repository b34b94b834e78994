"""Score influlint on the labelled corpus: precision and recall per category (errors and warnings count).

    python bench/eval_corpus.py                      # fixtures/corpus/ (dev.jsonl + chat exports)
    python bench/eval_corpus.py --category disclosure --misses
    python bench/eval_corpus.py path/to/corpus --json
    python bench/eval_corpus.py --no-model           # rules alone (the model's second opinion off)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from influlint.evaluate import format_scores, score_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "fixtures" / "corpus"])
    parser.add_argument("--category", help="only this category")
    parser.add_argument("--misses", action="store_true", help="list false negatives and false positives")
    parser.add_argument("--json", action="store_true", help="machine-readable scores")
    parser.add_argument("--no-model", action="store_true", help="rules alone, without the model's second opinion")
    args = parser.parse_args()
    scores = score_corpus(args.paths, model=not args.no_model)
    sys.stdout.write(format_scores(scores, misses=args.misses, category=args.category, as_json=args.json))


if __name__ == "__main__":
    main()
