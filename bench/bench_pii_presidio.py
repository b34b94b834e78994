"""influlint's personal-data pack against Microsoft Presidio on the labelled corpus, side by side.

    python bench/bench_pii_presidio.py                    # fixtures/corpus/ (dev.jsonl + chat exports)
    python bench/bench_pii_presidio.py path/to/corpus --threshold 0.5

Both tools see the same units (every post of dev.jsonl, every chat message; items ambiguous for
personal-data are left out, as in bench/eval_corpus.py). A unit counts as flagged by influlint when a
personal-data finding of severity error or warning is reported, and by Presidio when it returns an entity
of the chosen types with a score at or above --threshold. Throughput is units per second of analysis
(engine build, first-use compilation and model load excluded, reported as build time).

Presidio is an optional bench dependency (`pip install presidio-analyzer`). It runs offline: spaCy's
installed `fr_core_news_sm` through NlpEngineProvider with supported_languages=["fr"] (nothing is
downloaded; the script stops if the model is not installed), and tldextract reads its bundled public
suffix list snapshot (suffix_list_urls=()). Without presidio the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CATEGORY = "personal-data"
COUNTED = ("error", "warning")
# Presidio entities that are personal identifiers (PERSON, LOCATION, DATE_TIME, NRP, URL would flag almost
# every post that names someone or something and are reported separately as "all entities").
IDENTIFIERS = ("PHONE_NUMBER", "FR_PHONE_NUMBER", "EMAIL_ADDRESS", "IBAN_CODE", "CREDIT_CARD", "FR_NIR",
               "FR_SSN", "CRYPTO", "IP_ADDRESS", "MEDICAL_LICENSE")


@dataclass(slots=True)
class Item:
    name: str
    unit: object  # influlint.model.Unit
    expected: bool


def load_items(paths: list[Path]) -> list[Item]:
    from influlint.evaluate import iter_corpus

    return [Item(item.name, item.unit, CATEGORY in item.label.get("expect", []))
            for item in iter_corpus(paths, [])
            if CATEGORY not in item.label.get("ambiguous_categories", [])]


def score(items: list[Item], found: list[bool]) -> dict[str, float]:
    tp = sum(1 for i, f in zip(items, found, strict=True) if i.expected and f)
    fp = sum(1 for i, f in zip(items, found, strict=True) if not i.expected and f)
    fn = sum(1 for i, f in zip(items, found, strict=True) if i.expected and not f)
    return {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "tp": tp, "fp": fp, "fn": fn}


def run_influlint(items: list[Item]) -> tuple[list[bool], float, float]:
    from influlint.api import RunOptions, build_engine, lint_unit
    from influlint.config import Config
    from influlint.model import Report

    t0 = time.perf_counter()
    config, options = Config(), RunOptions(select=[CATEGORY], show_pii=True)
    engine = build_engine(config, options)
    for item in items:  # warm-up: regexes compile and spaCy loads on first use; both count as build time
        lint_unit(engine, item.unit, config, options, Report())
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = [any(f.category == CATEGORY and f.severity in COUNTED
                 for f in lint_unit(engine, item.unit, config, options, Report())) for item in items]
    return found, time.perf_counter() - t0, build


def build_presidio():
    import spacy
    import tldextract
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    if not spacy.util.is_package("fr_core_news_sm"):
        raise SystemExit("presidio bench: spaCy model fr_core_news_sm is not installed (nothing is downloaded).")
    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    tldextract.extract = offline  # presidio's EmailRecognizer calls tldextract.extract: bundled snapshot only
    conf = {"nlp_engine_name": "spacy",
            "models": [{"lang_code": "fr", "model_name": "fr_core_news_sm"}],
            "ner_model_configuration": {"model_to_presidio_entity_mapping": {
                "PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION", "MISC": "NRP"}}}
    nlp_engine = NlpEngineProvider(nlp_configuration=conf).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["fr"])
    # the same French phone recognizer as research/perf-baselines.md (Presidio's PhoneRecognizer alone
    # only knows a few regions' formats)
    analyzer.registry.add_recognizer(PatternRecognizer(
        supported_entity="FR_PHONE_NUMBER", supported_language="fr", name="FrPhoneRegex",
        patterns=[Pattern("fr_phone", r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)", 0.6)],
        context=["tel", "tél", "téléphone", "portable", "numéro", "appelle", "whatsapp"]))
    return analyzer


def run_presidio(analyzer, items: list[Item], threshold: float) -> tuple[list[set[str]], float]:
    t0 = time.perf_counter()
    entities = []
    for item in items:
        results = analyzer.analyze(text=item.unit.text, language="fr", score_threshold=threshold)
        entities.append({r.entity_type for r in results})
    return entities, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "fixtures" / "corpus"])
    parser.add_argument("--threshold", type=float, default=0.4, help="Presidio score threshold (default 0.4)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    try:
        import presidio_analyzer  # noqa: F401
    except ImportError:
        print("bench_pii_presidio: skipped: presidio-analyzer is not installed "
              "(optional bench dependency: pip install presidio-analyzer).")
        return

    items = load_items(args.paths)
    if not items:
        raise SystemExit(f"no labelled units under {', '.join(map(str, args.paths))}")
    ours, ours_s, ours_build = run_influlint(items)
    t0 = time.perf_counter()
    analyzer = build_presidio()
    analyzer.analyze(text=items[0].unit.text, language="fr")  # warm-up
    presidio_build = time.perf_counter() - t0
    entities, presidio_s = run_presidio(analyzer, items, args.threshold)

    n = len(items)
    rows = [
        ("influlint personal-data", score(items, ours), n / ours_s, ours_build),
        (f"presidio identifiers (>= {args.threshold})", score(items, [bool(e & set(IDENTIFIERS)) for e in entities]),
         n / presidio_s, presidio_build),
        (f"presidio all entities (>= {args.threshold})", score(items, [bool(e) for e in entities]),
         n / presidio_s, presidio_build),
    ]
    if args.json:
        print(json.dumps({"units": n, "expected": sum(i.expected for i in items), "rows": [
            {"tool": name, **s, "units_per_s": round(rate, 1), "build_s": round(build, 2)}
            for name, s, rate, build in rows]}, indent=2))
        return
    print(f"{n} units, {sum(i.expected for i in items)} expected {CATEGORY} "
          f"({', '.join(sorted({str(p) for p in args.paths}))})")
    print(f"{'tool':<34} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4} {'units/s':>9} {'build s':>8}")
    for name, s, rate, build in rows:
        print(f"{name:<34} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['tp']:>4} {s['fp']:>4} {s['fn']:>4} "
              f"{rate:>9,.0f} {build:>8.2f}")
    missed = [i.name for i, e in zip(items, entities, strict=True) if i.expected and not e & set(IDENTIFIERS)]
    print(f"presidio identifiers miss {len(missed)} flagged units (art. 9 data, collection requests, contact "
          "files and spelled-out or obfuscated identifiers have no Presidio recognizer)")


if __name__ == "__main__":
    main()
