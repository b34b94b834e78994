"""docs/rules.md is generated from the packs (`influlint rules --format md`): a test regenerates it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_rules_md_is_up_to_date(run_cli):
    code, out, _ = run_cli("rules", "--format", "md", "--lang", "en")
    assert code == 0
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert out == current, "docs/rules.md is stale: run `influlint rules --format md --lang en > docs/rules.md`"


def test_rules_listing_in_both_languages(run_cli):
    _, out_en, _ = run_cli("rules", "--lang", "en")
    _, out_fr, _ = run_cli("rules", "--lang", "fr")
    assert "DIS001" in out_en and "PII001" in out_en and "SEC001" in out_en and "CLM001" in out_en
    assert out_en != out_fr


def test_test_rules_command_runs_a_pack(run_cli, demo_pack, tmp_path):
    code, out, _ = run_cli("test-rules", str(demo_pack))
    assert code == 0 and out.strip().endswith("passed, 0 failed")
    broken = tmp_path / "pack"
    broken.mkdir()
    (broken / "pack.yml").write_text("name: pack\n", encoding="utf-8")
    src = (demo_pack / "DEM002-iban.yml").read_text(encoding="utf-8")
    (broken / "DEM002-iban.yml").write_text(src.replace("    - 'Mon RIB : FR76 3000 6000 0112 3456 7890 188'",
                                                        "    - 'Mon RIB : FR76 3000 6000 0112 3456 7890 189'"),
                                            encoding="utf-8")
    code, out, _ = run_cli("test-rules", str(broken))
    assert code == 1 and "DEM002-valid-0" in out and "1 failed" in out


def test_spacy_fallback_when_model_missing(monkeypatch, capsys):
    import spacy

    from influlint.engine import nlp

    def missing(*args, **kwargs):
        raise OSError("[E050] Can't find model 'fr_core_news_sm'")

    nlp.load.cache_clear()
    monkeypatch.setattr(spacy, "load", missing)
    try:
        pipeline = nlp.load()
        assert "sentencizer" in pipeline.pipe_names and "ner" not in pipeline.pipe_names
        assert "fr_core_news_sm is not installed" in capsys.readouterr().err
        assert list(pipeline("Julie est diabétique.").ents) == []
    finally:
        nlp.load.cache_clear()
