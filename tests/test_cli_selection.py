"""Unknown rule selectors (--select, --ignore, config select/ignore/rules) are usage errors, as in ruff."""

from __future__ import annotations

from pathlib import Path

import pytest

POST = "Mon code promo LUNA15 avec @glowlab pour -15 %\n"


@pytest.fixture
def post(tmp_path: Path) -> Path:
    p = tmp_path / "post.md"
    p.write_text(POST, encoding="utf-8")
    return p


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
def test_unknown_code_on_command_line_exits_2_with_suggestion(run_cli, post, flag):
    code, out, err = run_cli("check", str(post), flag, "DSI001", "--lang", "en")
    assert code == 2 and out == ""
    assert f"{flag}: 'DSI001' names no rule (did you mean DIS001?)" in err


def test_unknown_code_without_close_match_still_named(run_cli, post):
    code, _, err = run_cli("check", str(post), "--select", "DIS,XYZ", "--lang", "en")
    assert code == 2 and "'XYZ' names no rule" in err and "did you mean" not in err


def test_unknown_code_in_config_names_file_and_key(run_cli, post, tmp_path):
    cfg = tmp_path / "influlint.yml"
    cfg.write_text("select: [DSI]\n", encoding="utf-8")
    code, _, err = run_cli("check", str(post), "--config", str(cfg), "--lang", "en")
    assert code == 2
    assert f"{cfg}: select: 'DSI' names no rule (did you mean DIS?)" in err


def test_unknown_code_in_config_rules_and_path_ignores(run_cli, post, tmp_path):
    cfg = tmp_path / "influlint.yml"
    for body, token in (("rules: {PII02: disable}\n", "PII02"),
                        ("ignore:\n  - {path: 'x/**', codes: [CLM999], reason: r}\n", "CLM999")):
        cfg.write_text(body, encoding="utf-8")
        code, _, err = run_cli("check", str(post), "--config", str(cfg), "--lang", "en")
        assert code == 2 and f"'{token}' names no rule" in err


def test_message_is_french_with_lang_fr(run_cli, post):
    code, _, err = run_cli("check", str(post), "--select", "DSI", "--lang", "fr")
    assert code == 2 and "« DSI » ne désigne aucune règle (vouliez-vous dire DIS ?)" in err


@pytest.mark.parametrize("token", ["DIS", "dis001", "disclosure", "disclosure.missing-mention", "SUP001", "D"])
def test_valid_selectors_are_accepted(run_cli, post, token):
    code, _, err = run_cli("check", str(post), "--select", token, "--lang", "en")
    assert code in (0, 1) and "names no rule" not in err


def test_code_of_a_builtin_pack_left_out_by_config_is_not_an_error(run_cli, post, tmp_path):
    cfg = tmp_path / "influlint.yml"
    cfg.write_text("packs: [disclosure]\nignore: [PII002]\n", encoding="utf-8")
    code, _, err = run_cli("check", str(post), "--config", str(cfg), "--lang", "en")
    assert code == 1 and err == ""
