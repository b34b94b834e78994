"""Configuration per input (nearest influlint.yml, as ruff), an init template without duplicate keys, and agency
pack rules that carry their own messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from influlint.config import Config, apply_mapping
from influlint.resources import rules_dir

POST = "Code LUNA15 chez @glowlab\n"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "influlint.yml").write_text("ignore: [DIS]\n", encoding="utf-8")
    (tmp_path / "sub" / "p.md").write_text(POST, encoding="utf-8")
    (tmp_path / "top.md").write_text(POST, encoding="utf-8")
    return tmp_path


def test_nearest_config_applies_to_each_file(run_cli, tree):
    code, out, _ = run_cli("check", "sub/p.md", "top.md", "-q")
    assert code == 1 and out.splitlines() == [ln for ln in out.splitlines() if ln.startswith("top.md:")] and out
    code, out, _ = run_cli("check", "sub/p.md")
    assert code == 0 and "No problems found (1 file(s))" in out


def test_directory_with_a_nested_config(run_cli, tree):
    code, out, _ = run_cli("check", ".", "--format", "json")
    import json

    data = json.loads(out)
    assert {f["path"] for f in data["findings"]} == {"top.md"}
    assert {f["path"] for f in data["files"]} == {"top.md", "sub/p.md"}


def test_explicit_config_wins_everywhere(run_cli, tree):
    (tree / "all.yml").write_text("select: [DIS]\n", encoding="utf-8")
    code, out, _ = run_cli("check", "sub/p.md", "top.md", "--config", "all.yml", "-q")
    assert code == 1 and len(out.splitlines()) == 2


def test_fix_uses_each_files_config(run_cli, tree):
    code, _, _ = run_cli("check", "sub/p.md", "top.md", "--fix")
    assert (tree / "top.md").read_text(encoding="utf-8").startswith("Publicité")
    assert (tree / "sub" / "p.md").read_text(encoding="utf-8") == POST  # DIS ignored there: nothing to fix


def _uncommented(text: str) -> str:
    """Uncomment the commented settings of the template (keys and their indented lines), not the prose."""
    return "\n".join(re.sub(r"^# (?=[a-z_]+:|  )", "", line) for line in text.splitlines())


@pytest.mark.parametrize("name", ["init.yml", "init.fr.yml"])
def test_init_template_uncommented_has_no_duplicate_key_and_is_valid(name, tmp_path):
    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader, node):
        keys = [loader.construct_object(k) for k, _ in node.value]
        assert len(keys) == len(set(keys)), f"duplicate keys in {name}: {keys}"
        return loader.construct_mapping(node)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    text = _uncommented((rules_dir() / "presets" / name).read_text(encoding="utf-8"))
    data = yaml.load(text, Loader=Strict)
    assert {"ignore", "select", "rules", "allow", "chat", "lang"} <= set(data)
    assert "DIS003" in data["ignore"] and any(isinstance(x, dict) for x in data["ignore"])
    (tmp_path / "packs" / "agence").mkdir(parents=True)
    (tmp_path / "packs" / "agence" / "pack.yml").write_text("name: agence\n", encoding="utf-8")
    config = apply_mapping(Config(), tmp_path / "influlint.yml", data)
    assert config.ignore == ["DIS003"] and config.ignore_paths[0]["codes"] == ["PII005"]


AGENCY_RULE = """\
code: AGC001
name: disclosure.agence-nom-marque
category: disclosure
severity: warning
match: {regex: '\\bnova\\b'}
legal: {reference: 'Loi n° 2023-451, art. 5'}
message: {fr: 'La marque « {{ match }} » est citée sans mention.', en: 'Brand « {{ match }} » named without a mention.'}
help: {fr: 'Ajoutez « Publicité ».', en: 'Add « Publicité ».'}
examples: {invalid: ['Merci nova'], valid: ['Merci']}
"""


def test_agency_rule_carries_its_own_messages(run_cli, tmp_path):
    pack = tmp_path / "agence"
    pack.mkdir()
    (pack / "pack.yml").write_text("name: agence\nversion: '1'\n", encoding="utf-8")
    (pack / "AGC001-agence-nom-marque.yml").write_text(AGENCY_RULE, encoding="utf-8")
    post = tmp_path / "p.md"
    post.write_text("Merci nova pour tout\n", encoding="utf-8")
    for lang, message, help_text in (("fr", "La marque « nova » est citée sans mention.", "Ajoutez"),
                                     ("en", "Brand « nova » named without a mention.", "Add")):
        code, out, _ = run_cli("check", str(post), "--pack", str(pack), "--select", "AGC", "--lang", lang, "--no-color")
        assert message in out and f": {help_text} « Publicité »." in out
        assert "warning disclosure.agence-nom-marque" not in out and "avertissement disclosure." not in out
    code, out, _ = run_cli("rules", "--pack", str(pack), "--select", "AGC", "--lang", "en")
    assert "Brand « … » named without a mention" in out


def test_agency_rule_message_must_be_fr_or_en_text(run_cli, tmp_path):
    pack = tmp_path / "agence"
    pack.mkdir()
    (pack / "pack.yml").write_text("name: agence\nversion: '1'\n", encoding="utf-8")
    (pack / "AGC001-x.yml").write_text(AGENCY_RULE.replace("message: {fr:", "message: {de:"), encoding="utf-8")
    code, _, err = run_cli("check", str(tmp_path), "--pack", str(pack))
    assert code == 2 and "'message' must map fr and/or en" in err
