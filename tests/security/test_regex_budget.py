"""A regex that runs out of time is reported (ENG001, fr + en), never dropped in silence."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[1] / "data" / "packs" / "demo"
SLOW = r"\s*\s*\s*\s*\s*[xz]"  # polynomial (n⁵), not exponential: passes the static check, needs the budget
RULE = """code: DEM003
name: disclosure.demo-slow
category: disclosure
severity: error
match: {{regex: '{pattern}'}}
legal: {{reference: 'test'}}
examples: {{invalid: ['  x'], valid: ['y']}}
"""


@pytest.fixture
def slow_pack(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INFLULINT_CACHE_DIR", str(tmp_path / ".cache"))
    pack = tmp_path / "agence"
    shutil.copytree(DEMO, pack)
    (pack / "DEM003-slow.yml").write_text(RULE.format(pattern=SLOW), encoding="utf-8")
    (tmp_path / "influlint.yml").write_text("engine: {regex_timeout: 0.05}\n", encoding="utf-8")
    (tmp_path / "post.md").write_text("Mon code promo LUNA15" + " " * 3000 + "y\n", encoding="utf-8")
    return pack


@pytest.mark.parametrize("lang,text", [("fr", "la règle DEM003 a abandonné ce passage (délai dépassé"),
                                       ("en", "rule DEM003 gave up on this passage (time limit exceeded")])
def test_timeout_is_a_finding(run_cli, slow_pack, lang, text):
    code, out, err = run_cli("check", "post.md", "--pack", str(slow_pack), "--select", "DEM", "--format", "json",
                             "--lang", lang)
    findings = json.loads(out)["findings"]
    gave_up = [f for f in findings if f["rule"] == "ENG001"]
    assert len(gave_up) == 1 and gave_up[0]["severity"] == "warning", findings
    assert text in gave_up[0]["message"]
    assert any(f["rule"] == "DEM001" for f in findings)  # the other rules still ran
    assert code == 1 and "Traceback" not in err


def test_enough_budget_no_finding(run_cli, slow_pack):
    Path("influlint.yml").write_text("engine: {regex_timeout: 60}\n", encoding="utf-8")
    Path("post.md").write_text("Mon code promo LUNA15   x\n", encoding="utf-8")
    code, out, _ = run_cli("check", "post.md", "--pack", str(slow_pack), "--select", "DEM", "--format", "json")
    rules = sorted(f["rule"] for f in json.loads(out)["findings"])
    assert rules == ["DEM001", "DEM003"]


@pytest.mark.parametrize("value", ["0", "-1", "'fast'", "[1]", "1e9", "{a: 1}"])
def test_budget_setting_checked(run_cli, tmp_path, monkeypatch, value):
    monkeypatch.chdir(tmp_path)
    Path("influlint.yml").write_text(f"engine: {{regex_timeout: {value}}}\n", encoding="utf-8")
    Path("post.md").write_text("x\n", encoding="utf-8")
    code, _, err = run_cli("check", "post.md")
    assert code == 2 and "engine.regex_timeout" in err and len(err.strip().splitlines()) == 1, err
