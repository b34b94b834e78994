"""Config discovery, presets, per-rule settings, allow-lists and suppressions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from influlint.config import ConfigError, find_config, load_config

ROOT = Path(__file__).resolve().parents[1]
PACK = ["--pack", str(ROOT / "tests" / "data" / "packs" / "demo"), "--select", "DEM"]
POST = "Mon code promo LUNA15 avec @glowlab pour -15 %\n"


def _json(run_cli, *args):
    code, out, err = run_cli(*args, "--format", "json")
    return code, json.loads(out) if out.strip() else None, err


def test_discovery_walks_up(tmp_path, monkeypatch):
    (tmp_path / "influlint.yml").write_text("fail_on: warning\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / "influlint.yml"
    monkeypatch.chdir(deep)
    assert load_config().fail_on == "warning"


@pytest.mark.parametrize("name", ["influlint.yaml", ".influlint.yml"])
def test_other_config_names(tmp_path, name):
    (tmp_path / name).write_text("lang: fr\n", encoding="utf-8")
    assert load_config(cwd=tmp_path).lang == "fr"


def test_pyproject_tool_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.influlint]\nfail_on = "info"\nignore = ["DEM002"]\n',
                                             encoding="utf-8")
    config = load_config(cwd=tmp_path)
    assert config.fail_on == "info" and config.ignore == ["DEM002"]


def test_extends_preset_and_override(tmp_path):
    (tmp_path / "influlint.yml").write_text("extends: strict\nlang: en\n", encoding="utf-8")
    config = load_config(cwd=tmp_path)
    assert config.fail_on == "warning" and config.lang == "en"


def test_unknown_key_is_an_error(tmp_path):
    (tmp_path / "influlint.yml").write_text("failon: error\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key 'failon'"):
        load_config(cwd=tmp_path)


def test_bad_config_exits_2(run_cli, tmp_path):
    cfg = tmp_path / "c.yml"
    cfg.write_text("rules: {DEM001: {severity: fatal}}\n", encoding="utf-8")
    post = tmp_path / "p.md"
    post.write_text(POST, encoding="utf-8")
    code, _, err = run_cli("check", str(post), "--config", str(cfg))
    assert code == 2 and "c.yml" in err and "severity" in err


def test_rule_severity_and_disable_from_config(run_cli, tmp_path):
    post = tmp_path / "p.md"
    post.write_text(POST, encoding="utf-8")
    cfg = tmp_path / "c.yml"
    cfg.write_text("rules: {DEM001: {severity: warning}}\n", encoding="utf-8")
    code, data, _ = _json(run_cli, "check", str(post), *PACK, "--config", str(cfg))
    assert code == 0 and data["findings"][0]["severity"] == "warning"
    cfg.write_text("rules: {DEM001: disable}\n", encoding="utf-8")
    code, data, _ = _json(run_cli, "check", str(post), *PACK, "--config", str(cfg))
    assert data["findings"] == []


def test_command_line_wins_over_config(run_cli, tmp_path):
    post = tmp_path / "p.md"
    post.write_text(POST, encoding="utf-8")
    cfg = tmp_path / "c.yml"
    cfg.write_text("lang: fr\nfail_on: info\n", encoding="utf-8")
    code, out, _ = run_cli("check", str(post), *PACK, "--config", str(cfg), "--lang", "en", "--fail-on", "error")
    assert "error" in out and "erreur" not in out and code == 1


def test_configured_wording_used_by_fix(run_cli, tmp_path):
    post = tmp_path / "p.md"
    post.write_text(POST, encoding="utf-8")
    cfg = tmp_path / "c.yml"
    cfg.write_text("disclosure: {wording: Collaboration commerciale}\n", encoding="utf-8")
    _, data, _ = _json(run_cli, "check", str(post), *PACK, "--config", str(cfg))
    assert data["findings"][0]["fix"]["edits"][0]["text"] == "Collaboration commerciale\n"


def test_ignore_by_path(run_cli, tmp_path):
    (tmp_path / "exports").mkdir()
    post = tmp_path / "exports" / "p.md"
    post.write_text(POST, encoding="utf-8")
    cfg = tmp_path / "c.yml"
    cfg.write_text("ignore: [{path: '*exports/*', codes: [DEM001], reason: 'validé'}]\n", encoding="utf-8")
    _, data, _ = _json(run_cli, "check", str(post), *PACK, "--config", str(cfg))
    assert data["findings"] == []


def test_min_severity_hides_lower_findings(run_cli, tmp_path):
    post = tmp_path / "p.md"
    post.write_text(POST, encoding="utf-8")
    cfg = tmp_path / "c.yml"
    cfg.write_text("rules: {DEM001: {severity: info}}\nmin_severity: warning\n", encoding="utf-8")
    _, data, _ = _json(run_cli, "check", str(post), *PACK, "--config", str(cfg))
    assert data["findings"] == []


SUPPRESSED = """<!-- influlint: disable=DEM001 reason="brief validé par le juriste" -->
Mon code promo LUNA15 avec @glowlab
<!-- influlint: enable=DEM001 -->
"""


def _codes(data):
    return [(f["rule"], f["line"], f["severity"]) for f in data["findings"]]


def test_disable_enable_range(run_cli, tmp_path):
    post = tmp_path / "p.md"
    post.write_text(SUPPRESSED, encoding="utf-8")
    code, data, _ = _json(run_cli, "check", str(post), *PACK)
    assert code == 0 and _codes(data) == [] and data["suppressed"] == {"DEM001": 1}
    _, out, _ = run_cli("check", str(post), *PACK, "--statistics")
    assert "DEM001" in out and "suppressed" in out


def test_suppression_without_reason_and_unused_are_reported(run_cli, tmp_path):
    post = tmp_path / "p.md"
    post.write_text("<!-- influlint: disable=DEM002 -->\nMon code promo LUNA15 avec @glowlab\n", encoding="utf-8")
    _, data, _ = _json(run_cli, "check", str(post), *PACK)
    assert sorted(_codes(data)) == [("DEM001", 2, "error"), ("SUP001", 1, "info"), ("SUP002", 1, "info")]


def test_disable_next_block_only_silences_that_paragraph(run_cli, tmp_path):
    post = tmp_path / "p.md"
    post.write_text('<!-- influlint: disable-next-block=DEM001 reason="ok" -->\nLigne un, code promo LUNA15\n'
                    "avec @glowlab.\n\nAutre paragraphe : code promo LUNA15 chez @glowlab\n", encoding="utf-8")
    _, data, _ = _json(run_cli, "check", str(post), *PACK, "--select", "DEM001")
    # the unit's finding points at its first signal, inside the silenced paragraph
    assert _codes(data) == []
    post.write_text('Intro.\n\n<!-- influlint: disable-next-block=DEM001 reason="ok" -->\nRien ici.\n\n'
                    "Code promo LUNA15 chez @glowlab\n", encoding="utf-8")
    _, data, _ = _json(run_cli, "check", str(post), *PACK)
    assert ("DEM001", 6, "error") in _codes(data) and ("SUP002", 3, "info") in _codes(data)


def test_front_matter_suppression(run_cli, tmp_path):
    post = tmp_path / "p.md"
    post.write_text("---\ninfluient: x\ninflulint: {disable: [DEM001], reason: 'test'}\n---\n" + POST,
                    encoding="utf-8")
    _, data, _ = _json(run_cli, "check", str(post), *PACK)
    assert _codes(data) == []
