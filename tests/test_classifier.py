"""The second opinion end to end on a tiny model trained in seconds: train ▶ save ▶ load ▶ findings.

The shipped model is rebuilt by `python tools/train_model.py` (documented in docs/model.md), not here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from influlint.api import RunOptions, build_engine, lint_unit
from influlint.classifier.linear import Hyper
from influlint.classifier.second_opinion import CODES, Advisor, shipped_model
from influlint.classifier.train import choose_threshold, train_model
from influlint.cli import app
from influlint.config import Config
from influlint.model import Report, Source
from influlint.readers.post import read_post

ROOT = Path(__file__).resolve().parents[1]
TINY = Hyper(buckets=1 << 15, epochs=4)
CLAIM = "Ce thé miracle fait fondre la graisse et soigne la fatigue chronique, résultat en 7 jours 🙏"


def _slice(tmp: Path) -> Path:
    lines = []
    for name in ("t1.jsonl", "t3.jsonl"):
        lines += (ROOT / "fixtures" / "train" / name).read_text(encoding="utf-8").splitlines()[:120]
    path = tmp / "slice.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("tiny")
    info = train_model([_slice(tmp)], tmp / "model", TINY)
    assert 230 <= info["data"]["units"] <= 240 and set(info["thresholds"]) == set(CODES)  # ambiguous items left out
    return tmp / "model"


@pytest.fixture()
def eager(tiny, tmp_path) -> Path:
    """The tiny model with every threshold at 0 and known cues: it speaks on every unit that passes the prefilter."""
    folder = tmp_path / "eager"
    folder.mkdir()
    info = json.loads((tiny / "model.json").read_text(encoding="utf-8"))
    info["thresholds"] = {cat: {"post": 0.0, "message": 0.0} for cat in info["thresholds"]}
    info["cues"] = ["0", "@*", "fondre", "graisse", "miracle", "soigne"]
    (folder / "model.json").write_text(json.dumps(info), encoding="utf-8")
    (folder / "weights.npz").write_bytes((tiny / "weights.npz").read_bytes())
    return folder


def _lint(text: str, config: Config, model: bool = True, meta: dict | None = None) -> list:
    options = RunOptions(show_pii=False, model=model)
    engine = build_engine(config, options)
    unit = next(read_post(Source("t.md", text), meta or {}))
    return lint_unit(engine, unit, config, options, Report())


def test_training_is_reproducible(tiny, tmp_path):
    again = train_model([_slice(tmp_path)], tmp_path / "again", TINY)
    first = json.loads((tiny / "model.json").read_text(encoding="utf-8"))
    assert again["figures"] == first["figures"] and again["thresholds"] == first["thresholds"]
    assert (tmp_path / "again" / "weights.npz").read_bytes() == (tiny / "weights.npz").read_bytes()


def test_saved_model_loads_and_scores(tiny):
    adv = Advisor(tiny)
    probs = adv.probabilities(CLAIM)
    assert set(CODES) <= set(probs) and all(0.0 < p < 1.0 for p in probs.values())
    assert probs["misleading-claim"] > probs["personal-data"]  # it learned something from 240 units


def test_findings_carry_confidence_sentence_words_law_and_fix(eager):
    text = "Bonjour à tous.\n" + CLAIM
    found = [f for f in _lint(text, Config(model=str(eager))) if f.code.startswith("MDL")]
    assert found, "the eager model speaks"
    for f in found:
        assert f.severity == "warning" and f.code == CODES[f.category]
        assert 0.0 <= f.confidence <= 1.0 and f.signals and f.law and f.help
        assert all(law["url"].startswith(("https://www.legifrance.gouv.fr/", "https://eur-lex.europa.eu/",
                                          "https://anj.fr/", "https://cnil.fr/", "https://www.economie.gouv.fr/"))
                   for law in f.law)
        assert f.unit.source.text[f.start:f.end] == f.excerpt  # the sentence that drove the score
        assert all(w in f.excerpt for w in f.signals)


def test_model_never_removes_and_only_adds_where_no_rule_fired(eager):
    config = Config(model=str(eager))
    texts = [json.loads(line)["text"] for line in
             (ROOT / "fixtures" / "train" / "t1.jsonl").read_text(encoding="utf-8").splitlines()[200:260]]
    added = 0
    for text in texts:
        rules = _lint(text, config, model=False)
        both = _lint(text, config)
        key = [(f.code, f.start, f.end) for f in rules]
        assert [(f.code, f.start, f.end) for f in both if not f.code.startswith("MDL")] == key
        model = [f for f in both if f.code.startswith("MDL")]
        assert not {f.category for f in model} & {f.category for f in rules}
        added += len(model)
    assert added > 0


def test_prefilter_keeps_plain_chatter_away(eager):
    assert [f for f in _lint("Bonne soirée tout le monde", Config(model=str(eager)))] == []


def test_personal_data_is_masked_in_model_findings(eager):
    found = _lint("Appelle Julie au 06 12 34 56 78 stp", Config(model=str(eager)))
    assert found and all("12 34 56" not in f.excerpt + f.message + " ".join(f.signals) for f in found)


def test_select_and_ignore_reach_the_model(eager):
    config = Config(model=str(eager), ignore=["MDL"])
    assert not [f for f in _lint(CLAIM, config) if f.code.startswith("MDL")]


def _cli(args: list[str], cwd: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    return result.exit_code, result.output


def test_cli_no_model_and_config_model_off(eager, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text(CLAIM + "\n", encoding="utf-8")
    (tmp_path / "influlint.yml").write_text(f"model: {eager}\n", encoding="utf-8")
    _, out = _cli(["check", "p.md", "--format", "json"], tmp_path)
    assert "MDL00" in out
    _, out = _cli(["check", "p.md", "--format", "json", "--no-model"], tmp_path)
    assert "MDL00" not in out
    (tmp_path / "influlint.yml").write_text("model: off\n", encoding="utf-8")
    _, out = _cli(["check", "p.md", "--format", "json"], tmp_path)
    assert "MDL00" not in out


def test_config_pointing_at_no_model_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text("x\n", encoding="utf-8")
    (tmp_path / "influlint.yml").write_text("model: ./nothing-here\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "p.md"])
    assert result.exit_code == 2 and "nothing-here" in result.output and "Traceback" not in result.output


def test_train_command_and_explain(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = _cli(["train", str(_slice(tmp_path)), "--output", "m"], tmp_path)
    assert code == 0 and "misleading-claim" in out and (tmp_path / "m" / "model.json").is_file()
    code, out = _cli(["train", "missing.jsonl", "--output", "m2"], tmp_path)
    assert code == 2 and "missing.jsonl" in out
    (tmp_path / "broken.jsonl").write_text('{"id": "x", "text": "a", "expect": []}\n{oops\n', encoding="utf-8")
    code, out = _cli(["train", "broken.jsonl", "--output", "m3"], tmp_path)
    assert code == 2 and "broken.jsonl" in out and len(out.strip().splitlines()) == 1
    (tmp_path / "influlint.yml").write_text("model: m\n", encoding="utf-8")
    code, out = _cli(["explain", "MDL002", "--lang", "en"], tmp_path)
    units = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))["data"]["units"]
    assert code == 0 and str(units) in out and "precision" in out and "--no-model" in out


def test_threshold_keeps_precision():
    probs = [1.0 - i / 100 for i in range(30)]
    gold = [True] * 20 + [False] + [True] * 3 + [False] * 6  # 20 right, one wrong, 3 right, then only wrong
    assert choose_threshold(probs, gold) == probs[23]  # 23 / 24 ≥ 0.95
    assert choose_threshold(probs[:5], gold[:5]) == 1.01  # too few predictions to trust a threshold
    assert choose_threshold([0.9] * 12, [False] * 12) == 1.01


def test_shipped_model_is_complete_and_small():
    folder = shipped_model()
    info = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    assert set(info["thresholds"]) == set(CODES) and info["cues"]
    assert sum(p.stat().st_size for p in folder.iterdir()) < 20 * 1024 * 1024


def test_a_post_without_cues_loads_no_numpy():
    code = ("import sys; from influlint.api import lint_text; from influlint.classifier.second_opinion import advisor, "
            "shipped_model; from influlint.model import Source, Unit; text = 'Alors, nous avec vous, comme toujours'; "
            "print(advisor(str(shipped_model())).passes(Unit(Source('t', text), 0, len(text))), end=' '); "
            "lint_text(text); print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]  # the prefilter said no, so neither numpy nor the weights were loaded


def test_tag_table_links_are_official_and_cover_every_tag():
    import importlib.util

    import yaml

    spec = importlib.util.spec_from_file_location("legal_policy", ROOT / "tests" / "test_legal.py")
    policy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(policy)
    table = yaml.safe_load((ROOT / "src" / "influlint" / "classifier" / "tags.yml").read_text(encoding="utf-8"))
    assert all(policy._allowed(url) for url in table["links"].values()), table["links"]
    schema = (ROOT / "fixtures" / "corpus" / "SCHEMA.md").read_text(encoding="utf-8")
    tags = {t for t in __import__("re").findall(r"\b(?:disclosure|claim|sector|pii)/[a-z-]+", schema)}
    assert tags <= set(table["tags"]), tags - set(table["tags"])
    for entry in table["tags"].values():
        assert entry["law"] and entry["fix"]["fr"] and entry["fix"]["en"] and entry["label"]["fr"]
