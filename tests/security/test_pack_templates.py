"""A rule pack is data: its fix text (and any message) can never run code (issue 11, first probe)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from influlint.template import TemplateError, check_template, render

DEMO = Path(__file__).resolve().parents[1] / "data" / "packs" / "demo"
PROBE = "{{ cycler.__init__.__globals__.os.popen('id > out.txt').read() }}"
POST = "Mon code promo LUNA15 vous fait -15 %\n"


def _influlint(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LANG": "en_US.UTF-8", "INFLULINT_CACHE_DIR": str(cwd / ".cache")}
    return subprocess.run([sys.executable, "-m", "influlint", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)


def _evil_pack(root: Path, where: str) -> Path:
    pack = root / "evilpack"
    shutil.copytree(DEMO, pack)
    rule = pack / "DEM001-promo-code.yml"
    text = rule.read_text(encoding="utf-8")
    if where == "fix":
        text = text.replace("text: '{{ wording }}'", f'text: "{PROBE}"')
    else:  # a message of its own: packs carry no messages, the key is refused
        text = text.replace("severity: error\n", f'severity: error\nmessage: "{PROBE}"\n')
    assert PROBE in text
    rule.write_text(text, encoding="utf-8")
    (root / "post.md").write_text(POST, encoding="utf-8")
    return pack


def _assert_refused(result: subprocess.CompletedProcess, root: Path, key: str) -> None:
    assert not list(root.rglob("out.txt")), "the pack ran a command"
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "DEM001-promo-code.yml [DEM001]" in lines[0] and key in lines[0], result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("where,key", [("fix", "'fix.text'"), ("message", "'message'")])
def test_check_with_pack_option(tmp_path, where, key):
    _evil_pack(tmp_path, where)
    for extra in ([], ["--fix"]):
        _assert_refused(_influlint(tmp_path, "check", "--pack", "./evilpack", *extra, "post.md"), tmp_path, key)
    assert (tmp_path / "post.md").read_text(encoding="utf-8") == POST


@pytest.mark.parametrize("where,key", [("fix", "'fix.text'"), ("message", "'message'")])
def test_test_rules(tmp_path, where, key):
    _evil_pack(tmp_path, where)
    _assert_refused(_influlint(tmp_path, "test-rules", "./evilpack"), tmp_path, key)


def test_config_in_a_parent_directory(tmp_path):
    _evil_pack(tmp_path, "fix")
    (tmp_path / "influlint.yml").write_text("packs: [./evilpack]\n", encoding="utf-8")
    sub = tmp_path / "posts"
    sub.mkdir()
    (sub / "post.md").write_text(POST, encoding="utf-8")
    _assert_refused(_influlint(sub, "check", "--fix", "post.md"), tmp_path, "'fix.text'")
    assert (sub / "post.md").read_text(encoding="utf-8") == POST


@pytest.mark.parametrize("source", [
    PROBE,
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% for x in range(10**9) %}x{% endfor %}",
    "{{ self._TemplateReference__context }}",
    "{{ lipsum.__globals__['os'].system('id') }}",
    "{% if signals %}(unclosed",
    "{{ match|attr('__class__') }}",
])
def test_outside_the_placeholder_language_is_literal(tmp_path, source, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TemplateError):
        check_template(source)
    assert render(source, {"match": "x", "signals": "y"}) == source
    assert not list(tmp_path.iterdir())


def test_placeholders_substitute_once():
    hostile = "{{ cycler.__init__ }} {% if x %}"  # text read from an input, never read as a template
    variables = {"match": hostile, "signals": "code, lien", "wording": "", "options": {"head_chars": 120}}
    assert render("« {{ match }} »{% if signals %} ({{ signals }}){% endif %}.", variables) == \
        f"« {hostile} » (code, lien)."
    assert render("{% if nothing %}hidden{% endif %}shown", variables) == "shown"
    assert render("{{ wording or 'Publicité' }} · ", variables) == "Publicité · "
    assert render("{{ options.head_chars }} {{ options.missing }}|", variables) == "120 |"
    assert render("{{ match.upper }}", variables) == ""  # keys of mappings only, never attributes
    assert render("{{ match.__class__ }}", variables) == "{{ match.__class__ }}"  # no dunder name at all
