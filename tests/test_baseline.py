"""Baselines: fingerprints survive edits elsewhere, the file holds hashes only, the CLI round-trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from influlint.baseline import BaselineError, artifact_path, dump_baseline, fingerprints, load_baseline, new_findings
from influlint.model import Finding, Source, Unit

ROOT = Path(__file__).resolve().parents[1]
DEMO = ["--pack", str(ROOT / "tests" / "data" / "packs" / "demo"), "--select", "DEM"]
RAW_IBAN = "FR76 3000 6000 0112 3456 7890 189"
BAD = f"Mon code promo LUNA15 vous fait -15 %\n\nRIB : {RAW_IBAN}\n"


def _finding(text: str, start: int, end: int, code: str = "DEM001", path: str = "p.md", **unit) -> Finding:
    source = Source(path, text)
    return Finding(code=code, name="n", category="disclosure", severity="error", unit=Unit(source, 0, len(text), **unit),
                   start=start, end=end, message="m", excerpt="e")


def _at(text: str, needle: str, **kw) -> Finding:
    i = text.index(needle)
    return _finding(text, i, i + len(needle), **kw)


def test_fingerprint_ignores_line_numbers_and_cosmetics():
    before = _at("code LUNA15\n", "code LUNA15")
    after = _at("Intro.\n\nBla bla.\ncode  luna15\n", "code  luna15")
    assert fingerprints([before]) == fingerprints([after])


def test_fingerprint_depends_on_rule_path_text_and_message_identity():
    base = fingerprints([_at("code LUNA15", "code LUNA15")])[0]
    assert fingerprints([_at("code LUNA20", "code LUNA20")])[0] != base
    assert fingerprints([_at("code LUNA15", "code LUNA15", code="DEM002")])[0] != base
    assert fingerprints([_at("code LUNA15", "code LUNA15", path="q.md")])[0] != base
    msg1 = _at("code LUNA15", "code LUNA15", kind="message", sender="Julie", timestamp="2024-03-12T10:15:00")
    msg2 = _at("code LUNA15", "code LUNA15", kind="message", sender="Léa", timestamp="2024-03-12T10:15:00")
    assert fingerprints([msg1]) != fingerprints([msg2])


def test_duplicates_get_distinct_fingerprints():
    text = "code LUNA15 et code LUNA15"
    a = _finding(text, 0, 11)
    b = _finding(text, 15, 26)
    fa, fb = fingerprints([a, b])
    assert fa != fb
    assert fingerprints([b, a]) == [fb, fa]  # by file order, not list order
    assert new_findings([a, b], {fa}) == [b]


def test_artifact_path_is_relative_posix(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert artifact_path(str(tmp_path / "posts" / "a.md")) == "posts/a.md"
    assert artifact_path("./posts/a.md") == "posts/a.md"
    assert artifact_path("<stdin>") == "stdin"


def test_baseline_file_holds_hashes_only():
    finding = _at(f"Chez Julie, 12 rue des Lilas : RIB {RAW_IBAN}", RAW_IBAN, code="DEM002", path="julie-dupont.md",
                  kind="message", sender="+33 6 12 34 56 78")
    text = dump_baseline([finding])
    data = json.loads(text)
    assert data == {"influlint_baseline": 1, "findings": [{"rule": "DEM002", "fingerprint": fingerprints([finding])[0]}]}
    for secret in (RAW_IBAN, "3000", "julie", "Julie", "12 34", "Lilas"):
        assert secret not in text


@pytest.mark.parametrize("content", ["not json", "[]", '{"influlint_baseline": 99}',
                                     '{"influlint_baseline": 1, "findings": [1]}'])
def test_load_baseline_rejects_other_files(tmp_path, content):
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError, match="b.json"):
        load_baseline(path)


def test_cli_round_trip(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    post = Path("post.md")
    post.write_text(BAD, encoding="utf-8")
    code, out, err = run_cli("check", "post.md", *DEMO, "--write-baseline", "baseline.json")
    assert code == 0 and out == "" and "2 finding(s)" in err
    saved = Path("baseline.json").read_text(encoding="utf-8")
    assert RAW_IBAN not in saved and "post.md" not in saved

    code, out, _ = run_cli("check", "post.md", *DEMO, "--baseline", "baseline.json", "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []

    # edits elsewhere (lines added above) keep both findings baselined; a new finding is reported alone
    post.write_text("Intro ajoutée.\n\n" + BAD + "\nAutre RIB : FR76 3000 6000 0112 3456 7890 189\n", encoding="utf-8")
    code, out, _ = run_cli("check", "post.md", *DEMO, "--baseline", "baseline.json", "--format", "json")
    found = json.loads(out)["findings"]
    assert code == 1 and [(f["rule"], f["line"]) for f in found] == [("DEM002", 7)]


def test_cli_sarif_fingerprints_match_baseline(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    Path("post.md").write_text(BAD, encoding="utf-8")
    run_cli("check", "post.md", *DEMO, "--write-baseline", "baseline.json")
    _, out, _ = run_cli("check", "post.md", *DEMO, "--format", "sarif")
    sarif = {r["partialFingerprints"]["influlint/v1"] for r in json.loads(out)["runs"][0]["results"]}
    assert sarif == load_baseline("baseline.json")


def test_cli_missing_baseline_is_a_usage_error(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    Path("post.md").write_text(BAD, encoding="utf-8")
    code, _, err = run_cli("check", "post.md", *DEMO, "--baseline", "nope.json")
    assert code == 2 and "nope.json" in err
