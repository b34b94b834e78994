"""Rebuild the shipped second-opinion model from the repository (fixed seed: same data, same figures).

    python tools/train_model.py                 # fixtures/train/*.jsonl ▶ src/influlint/classifier/model/
    python tools/train_model.py --readme --doc  # also rewrite the counts in fixtures/train/README.md and the
                                                # validation table in docs/model.md
    python tools/train_model.py --output /tmp/m fixtures/train/t1.jsonl

Validation: 5-fold cross-validation by file (each file is one writer's): every unit is scored by a model that
never saw its writer; thresholds are chosen on those scores for precision ≥ 0.95 per category (posts and chat
messages apart); the shipped model is then trained on all units. The dev corpus (fixtures/corpus/) is not used: it stays a
held-out check (`python bench/eval_corpus.py` with and without `--no-model`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from influlint.classifier.linear import Hyper  # noqa: E402
from influlint.classifier.train import format_report, train_model  # noqa: E402

TRAIN = ROOT / "fixtures" / "train"
OUTPUT = ROOT / "src" / "influlint" / "classifier" / "model"
MARK = "<!-- counts: written by tools/train_model.py --readme -->"
DOC = ROOT / "docs" / "model.md"
DOC_BEGIN, DOC_END = "<!-- validation: written by tools/train_model.py --doc -->", "<!-- end validation -->"


def counts_markdown(files: list[Path]) -> str:
    per: dict[str, Counter] = {"file": Counter(), "kind": Counter(), "lang": Counter(), "platform": Counter(),
                               "category": Counter(), "tag": Counter()}
    units = clean = 0
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            units += 1
            clean += not item.get("expect")
            per["file"][path.name] += 1
            for key in ("kind", "lang", "platform"):
                per[key][str(item.get(key))] += 1
            per["category"].update(item.get("expect") or ["(clean)"])
            per["tag"].update(item.get("tags") or [])
    out = [MARK, "", f"**{units} units**, {clean} clean ({100 * clean / max(units, 1):.0f} %).", ""]
    for key, counter in per.items():
        out.append(f"| {key} | units |\n|---|---|")
        out += [f"| `{name}` | {n} |" for name, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]
        out.append("")
    return "\n".join(out)


def validation_markdown(info: dict) -> str:
    data = info["data"]
    out = [DOC_BEGIN, "", f"{data['units']} labelled units ({data['posts']} posts, {data['messages']} chat messages) in "
           f"{len(data['files'])} files; figures: {data['split']}, out of fold (each unit scored by a model that "
           f"never saw its file); seed {info['hyper']['seed']}; folds and final model trained in {info['train_seconds']} s; "
           f"{len(info['cues'])} prefilter cues.", "",
           "| category | threshold post / message | model alone P / R | what it adds P / R (tp / fp) | rules P / R "
           "| rules + model P / R | prefilter recall |", "|---|---|---|---|---|---|---|"]
    for cat, fig in info["figures"].items():
        thr = info["thresholds"][cat]
        cells = [f"{fig[k]['precision']:.3f} / {fig[k]['recall']:.3f}" if k in fig else "—"
                 for k in ("model", "added", "rules", "rules+model")]
        if "added" in fig:
            cells[1] += f" ({fig['added']['tp']} / {fig['added']['fp']})"
        out.append(f"| {cat} | {thr['post']:.3f} / {thr['message']:.3f} | " + " | ".join(cells)
                   + f" | {fig['prefilter_recall']:.3f} |")
    return "\n".join([*out, "", DOC_END])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--seed", type=int, default=Hyper().seed)
    parser.add_argument("--readme", action="store_true", help="rewrite the counts in fixtures/train/README.md")
    parser.add_argument("--doc", action="store_true", help="rewrite the validation table in docs/model.md")
    parser.add_argument("--thresholds-on", choices=["all", "added"], default="all",
                        help="precision ≥ 0.95 of the model alone on all units (default), or only of what it adds "
                             "where no rule fired (stricter: fewer findings)")
    args = parser.parse_args()
    paths = args.paths or sorted(TRAIN.glob("*.jsonl"))
    if args.readme:
        readme = TRAIN / "README.md"
        head = readme.read_text(encoding="utf-8").split(MARK)[0] if readme.is_file() else ""
        readme.write_text(head + counts_markdown(paths), encoding="utf-8")
    info = train_model(paths, args.output, Hyper(seed=args.seed), where=args.thresholds_on)
    sys.stdout.write(format_report(info))
    if args.doc and DOC.is_file() and DOC_BEGIN in DOC.read_text(encoding="utf-8"):
        text = DOC.read_text(encoding="utf-8")
        head, rest = text.split(DOC_BEGIN, 1)
        DOC.write_text(head + validation_markdown(info) + rest.split(DOC_END, 1)[1], encoding="utf-8")
    print(f"training {info['train_seconds']} s; model in {args.output}")


if __name__ == "__main__":
    main()
