"""Pack lint: codes, names, files, tags, legal references, locales, lexicons, presets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from influlint.engine.loader import load_pack
from influlint.engine.schema import PackError
from influlint.i18n import catalog
from influlint.resources import builtin_pack_dirs, rules_dir

CODE_FAMILY = {"DIS": "disclosure", "CLM": "misleading-claim", "SEC": "sensitive-sector", "PII": "personal-data"}
SCHEMA_MD = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "SCHEMA.md"
PLACEHOLDER = re.compile(r"{{\s*([a-z_]+)")


def _tags() -> set[str]:
    text = SCHEMA_MD.read_text(encoding="utf-8")
    return set(re.findall(r"\b(?:disclosure|claim|sector|pii|clean)/[a-z-]+", text))


def _rules():
    return [r for d in builtin_pack_dirs() for r in load_pack(d)]


def test_every_regex_compiles():
    from influlint.engine.loader import compile_patterns, load_packs

    compile_patterns(load_packs(builtin_pack_dirs()))


def test_builtin_packs_exist():
    names = {d.name for d in builtin_pack_dirs()}
    assert names == {"disclosure", "misleading-claim", "sensitive-sector", "personal-data"}


def test_codes_unique_and_match_family():
    seen = set()
    for rule in _rules():
        assert rule.code not in seen, rule.code
        seen.add(rule.code)
        assert re.fullmatch(r"(DIS|CLM|SEC|PII)\d{3}", rule.code), rule.code
        assert CODE_FAMILY[rule.code[:3]] == rule.category, rule.code
        assert rule.name.startswith(rule.category + "."), rule.name
        slug = rule.name.split(".", 1)[1]
        assert Path(rule.path).name == f"{rule.code}-{slug}.yml", rule.path


def test_rules_have_examples_tags_and_law():
    tags = _tags()
    for rule in _rules():
        assert rule.examples["invalid"] and rule.examples["valid"], rule.code
        assert set(rule.tags) <= tags, (rule.code, set(rule.tags) - tags)
        assert all(law["ref"].strip() for law in rule.legal), rule.code
        if rule.validate:
            assert len(rule.examples["valid"]) >= 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_rule_has_messages_with_same_placeholders(lang):
    other = "en" if lang == "fr" else "fr"
    for rule in _rules():
        entry = catalog(lang).get(rule.name)
        assert isinstance(entry, dict) and entry.get("message"), f"{rule.name} has no message in {lang}.yml"
        twin = catalog(other).get(rule.name) or {}
        for field in ("message", "help"):
            mine = set(PLACEHOLDER.findall(str(entry.get(field, ""))))
            theirs = set(PLACEHOLDER.findall(str(twin.get(field, ""))))
            assert mine == theirs, (rule.name, field, mine, theirs)


def test_lexicons_sorted_unique_no_trailing_space():
    for path in rules_dir().glob("*/lexicons/*.txt"):
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
        assert lines == sorted(set(lines), key=lines.index), f"{path}: duplicates"
        assert lines == sorted(lines, key=str.casefold) or lines == sorted(lines), f"{path}: not sorted"
        assert all(ln == ln.rstrip() for ln in lines), f"{path}: trailing spaces"


def test_presets_name_real_codes():
    codes = {r.code for r in _rules()}
    for path in (rules_dir() / "presets").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in (data.get("rules") or {}):
            assert any(c == key or c.startswith(key) for c in codes) or key in CODE_FAMILY.values(), (path, key)


def test_broken_pack_names_file_rule_and_key(tmp_path):
    pack = tmp_path / "agence"
    pack.mkdir()
    (pack / "AGE001-bad.yml").write_text(
        "code: AGE001\nname: disclosure.bad\ncategory: disclosure\nseverity: error\n"
        "match: {regex: 'x'}\nunles: {regex: 'y'}\nlegal: {reference: 'x'}\n"
        "examples: {invalid: ['x'], valid: ['y']}\n", encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(pack)
    message = str(info.value)
    assert "AGE001-bad.yml" in message and "AGE001" in message and "unles" in message


def test_regex_that_does_not_compile_is_reported(tmp_path):
    pack = tmp_path / "p"
    pack.mkdir()
    (pack / "AGE002-x.yml").write_text(
        "code: AGE002\nname: disclosure.x\ncategory: disclosure\nseverity: error\n"
        "match: {regex: '(unclosed'}\nlegal: {reference: 'x'}\nexamples: {invalid: ['x'], valid: ['y']}\n",
        encoding="utf-8")
    from influlint.engine.loader import compile_patterns

    with pytest.raises(PackError, match="does not compile") as info:
        compile_patterns(load_pack(pack))
    assert "AGE002" in str(info.value)


def test_near_outside_all_is_rejected(tmp_path):
    pack = tmp_path / "p"
    pack.mkdir()
    (pack / "AGE003-x.yml").write_text(
        "code: AGE003\nname: disclosure.x\ncategory: disclosure\nseverity: error\n"
        "match: {near: {chars: 10, of: {regex: 'x'}}}\nlegal: {reference: 'x'}\n"
        "examples: {invalid: ['x'], valid: ['y']}\n", encoding="utf-8")
    with pytest.raises(PackError, match="only allowed directly inside 'all'"):
        load_pack(pack)
