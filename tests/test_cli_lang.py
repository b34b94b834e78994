"""Language: French by default; LANGUAGE, LC_ALL, LC_MESSAGES, LANG or config may ask for English; --lang is
fr or en (any case), anything else is a usage error; init writes a French template with lang: fr."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from influlint.i18n import env_lang

POST = "Mon code promo LUNA15 avec @glowlab pour -15 %\n"
CLEAR = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


@pytest.mark.parametrize(("env", "lang"), [
    ({}, None),
    ({"LANG": "C.UTF-8"}, None),
    ({"LC_ALL": "POSIX", "LANG": "en_US.UTF-8"}, None),  # the first variable set decides
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANGUAGE": "en_US:fr", "LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANGUAGE": "de:fr", "LANG": "en_US.UTF-8"}, "fr"),
    ({"LANGUAGE": "de", "LANG": "en_US.UTF-8"}, "en"),  # LANGUAGE names neither: the locale decides
    ({"LC_MESSAGES": "fr_CA.UTF-8", "LANG": "en_US"}, "fr"),
    ({"LANG": "de_DE.UTF-8"}, None),
])
def test_env_lang(env, lang):
    assert env_lang(env) == lang


@pytest.fixture
def post(tmp_path: Path) -> Path:
    p = tmp_path / "post.md"
    p.write_text(POST, encoding="utf-8")
    return p


def test_c_locale_gives_french(run_cli, post):
    code, out, _ = run_cli("check", str(post), "--no-color", env={**CLEAR, "LANG": "C.UTF-8"})
    assert code == 1 and " erreur " in out and "Contenu commercial" in out


def test_language_variable_is_read(run_cli, post):
    code, out, _ = run_cli("check", str(post), "--no-color", env={**CLEAR, "LANGUAGE": "en", "LANG": "C.UTF-8"})
    assert code == 1 and " error " in out


@pytest.mark.parametrize(("flag", "word"), [("FR", " erreur "), ("En", " error "), ("fr", " erreur ")])
def test_lang_is_case_insensitive(run_cli, post, flag, word):
    code, out, _ = run_cli("check", str(post), "--no-color", "--lang", flag)
    assert code == 1 and word in out


def test_unknown_lang_is_a_usage_error(run_cli, post):
    code, out, err = run_cli("check", str(post), "--lang", "de")
    assert code == 2 and out == "" and "'de' is not one of 'fr', 'en'" in err


def test_config_lang_en_any_case(run_cli, post, tmp_path):
    cfg = tmp_path / "influlint.yml"
    cfg.write_text("lang: EN\n", encoding="utf-8")
    code, out, _ = run_cli("check", str(post), "--config", str(cfg), "--no-color", env={**CLEAR, "LANG": "C"})
    assert code == 1 and " error " in out


def test_os_errors_and_severities_are_localised(run_cli, tmp_path):
    code, out, _ = run_cli("check", str(tmp_path / "absent.md"), "--lang", "fr")
    assert code == 2 and "aucun fichier ou dossier de ce nom" in out
    code, out, _ = run_cli("rules", "--lang", "fr")
    assert code == 0 and "avertissement" in out and " warning " not in out


def test_init_lang_fr_writes_french_template_with_lang(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("init", "--lang", "fr")
    text = Path("influlint.yml").read_text(encoding="utf-8")
    assert code == 0 and "créé" in out
    assert "# Partir d'un préréglage" in text and "Start from a preset" not in text
    assert yaml.safe_load(text)["lang"] == "fr"
    code, _, _ = run_cli("init", "--lang", "en", "--force")
    data = yaml.safe_load(Path("influlint.yml").read_text(encoding="utf-8"))
    assert data["lang"] == "en"
