"""Fuzzing the configuration loader (bounded time, runs in CI): any YAML or TOML structure, and any text,
gives either a Config or a one-line ConfigError, never another exception."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from influlint.config import KEYS, Config, ConfigError, load_config

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SUBKEYS = ["path", "codes", "reason", "severity", "options", "wording", "fold", "emails", "domains", "phones",
           "brands", "ambassadors", "head_chars", "DIS001", "SEC", "disclosure", "disable", "regex_timeout"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
                    st.text(max_size=12), st.sampled_from(["error", "warning", "info", "fr", "en", "disable", "default",
                                                           "strict", "/", "/etc", ".", "..", "./x", "Publicité"]))
keys = st.one_of(st.sampled_from([*KEYS, *SUBKEYS]), st.text(max_size=8))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(keys, inner, max_size=4)), max_leaves=12)
documents = st.one_of(st.dictionaries(st.sampled_from(KEYS), values, max_size=6), values)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str) or value is None:
        return json.dumps(value or "")
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items()) + "}"


def _outcome(path: Path) -> None:
    try:
        config = load_config(str(path))
    except ConfigError as exc:
        message = str(exc)
        assert message and "\n" not in message, repr(message)
        return
    assert isinstance(config, Config)


@FUZZ
@given(document=documents)
def test_yaml_structures(tmp_path_factory, document):
    path = tmp_path_factory.mktemp("cfg") / "influlint.yml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    _outcome(path)


@FUZZ
@given(document=st.dictionaries(st.sampled_from(KEYS), values, max_size=6), wrap=st.booleans())
def test_toml_structures(tmp_path_factory, document, wrap):
    path = tmp_path_factory.mktemp("cfg") / "pyproject.toml"
    body = "\n".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in document.items() if v is not None)
    path.write_text(("[tool.influlint]\n" if wrap else "tool = 1\n") + body + "\n", encoding="utf-8")
    _outcome(path)


@FUZZ
@given(text=st.text(max_size=200), name=st.sampled_from(["influlint.yml", "pyproject.toml"]))
def test_any_text(tmp_path_factory, text, name):
    path = tmp_path_factory.mktemp("cfg") / name
    path.write_text(text, encoding="utf-8")
    _outcome(path)


def test_one_known_bad_of_each_kind(tmp_path):
    """The fuzzer's findings, kept as plain cases."""
    for text in ("packs: 5\n", "ignore: 3\n", "ignore: [{path: 5}]\n", "extends: 5\n", "platforms: {tiktok: {fold: x}}\n",
                 "rules: {DIS001: {options: 3}}\n", "rules: {DIS001: {severity: [1]}}\n", "disclosure: {wording: [1]}\n",
                 "allow: {emails: {a: 1}}\n", "chat: [1]\n", "select: {a: 1}\n", "- 1\n", "packs: [[1]]\n"):
        path = tmp_path / "influlint.yml"
        path.write_text(text, encoding="utf-8")
        _outcome(path)
