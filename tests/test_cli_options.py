"""Options ruff and Vale users expect: --exit-zero, --output-format (+ env), --stdin-filename, --strip, --watch;
and a help that reads well (metavars, choices, defaults, panels, terminal width)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from influlint import watch as watch_mod

POST = "Mon code promo LUNA15 avec @glowlab pour -15 %\n"


@pytest.fixture
def post(tmp_path: Path) -> Path:
    p = tmp_path / "post.md"
    p.write_text(POST, encoding="utf-8")
    return p


def test_exit_zero_keeps_findings_but_exits_0_and_2_stays(run_cli, post, tmp_path):
    code, out, _ = run_cli("check", str(post), "--exit-zero", "--no-color")
    assert code == 0 and "DIS001" in out
    code, _, _ = run_cli("check", str(tmp_path / "absent.md"), "--exit-zero")
    assert code == 2


def test_output_format_alias_and_environment(run_cli, post):
    code, out, _ = run_cli("check", str(post), "--output-format", "json")
    assert code == 1 and json.loads(out)["findings"][0]["rule"] == "DIS001"
    code, out, _ = run_cli("check", str(post), env={"INFLULINT_OUTPUT_FORMAT": "json"})
    assert json.loads(out)["findings"][0]["rule"] == "DIS001"
    code, out, _ = run_cli("check", str(post), "--format", "github", env={"INFLULINT_OUTPUT_FORMAT": "json"})
    assert out.startswith("::error ")  # the command line wins over the environment


def test_stdin_filename_names_findings_and_applies_config_and_ignores(run_cli, tmp_path):
    sub = tmp_path / "exports"
    sub.mkdir()
    (sub / "influlint.yml").write_text(
        "ignore:\n  - {path: '*/exports/skip.md', codes: [DIS001], reason: 'archive'}\n", encoding="utf-8")
    code, out, _ = run_cli("check", "-", "--stdin-filename", str(sub / "post.md"), "--format", "json", input=POST)
    data = json.loads(out)
    assert code == 1 and data["findings"][0]["path"] == str(sub / "post.md")
    code, out, _ = run_cli("check", "--stdin-filename", str(sub / "skip.md"), "--format", "json", input=POST)
    assert code == 0 and json.loads(out)["findings"] == []


def test_stdin_filename_suffix_picks_the_reader(run_cli):
    chat = "12/03/2024, 10:15 - Julie: code LUNA15 chez @glowlab\n"
    code, out, _ = run_cli("check", "--stdin-filename", "groupe.txt", "--format", "json", input=chat)
    data = json.loads(out)
    assert data["files"][0]["format"].startswith("whatsapp") and data["findings"][0]["unit"]["kind"] == "message"


def test_strip_prints_the_caption_ready_to_paste(run_cli, tmp_path):
    p = tmp_path / "post.md"
    p.write_text("---\nplatform: instagram\nsponsored: true\n---\n"
                 "<!-- influlint: disable=CLM002 reason=\"étude jointe\" -->\n"
                 "Publicité · Ma routine 🌙\n\nRésultats garantis <!-- influlint: disable-next-block=X reason=\"r\" -->\n"
                 "#skincare\n", encoding="utf-8")
    code, out, _ = run_cli("check", str(p), "--strip")
    assert code == 0
    assert out == "Publicité · Ma routine 🌙\n\nRésultats garantis\n#skincare\n"
    code, out, _ = run_cli("check", "-", "--strip", input="---\na: 1\n---\nBonjour\n")
    assert out == "Bonjour\n"


def test_watch_runs_again_on_change_and_stops_after_the_poll_limit(run_cli, post, monkeypatch):
    sleeps = []

    def fake_sleep(_seconds):
        sleeps.append(_seconds)
        if len(sleeps) == 1:
            post.write_text("Une balade au parc.\n", encoding="utf-8")

    monkeypatch.setattr(watch_mod.time, "sleep", fake_sleep)
    code, out, err = run_cli("check", str(post), "--watch", "--watch-polls", "2", "--watch-interval", "0",
                             "--no-color")
    assert len(sleeps) == 2
    assert out.count("DIS001") == 1 and "No problems found" in out  # a second run after the edit
    assert "change detected" in err and code == 0


def test_watch_loop_counts_runs():
    runs = []
    code = watch_mod.watch(lambda: runs.append(1) or 7, [], interval=0, iterations=3, sleep=lambda _s: None)
    assert runs == [1] and code == 7  # nothing changed: no second run


def _help(run_cli, *args, columns="200"):
    code, out, _ = run_cli(*args, "--help", env={"COLUMNS": columns, "TERMINAL_WIDTH": columns})
    assert code == 0
    return out


def test_help_metavars_choices_defaults_and_panels(run_cli):
    out = _help(run_cli, "check")
    assert "<list[str]>" not in out.split("Options")[1] and "{paths}" not in out
    for fragment in ("--select", "CODES", "--pack", "DIR", "--config", "FILE", "text|json|sarif|github|gitlab|junit",
                     "post|whatsapp", "fr|en", "error|warning|info", "auto|always|never", "INFLULINT_OUTPUT_FORMAT",
                     "[default: text]", "Rule selection", "Output", "Fixes and baselines", "Input"):
        assert fragment in out, fragment
    assert re.search(r"--fail-on.*\[default: \(?error", out, re.S) and re.search(r"--lang.*\[default: \(?fr", out, re.S)
    assert "<bool>" not in out.split("--help")[0]


def test_help_follows_the_terminal_width_and_keeps_parse_whole():
    import os
    import subprocess
    import sys

    def run(columns: str, *args: str) -> str:
        env = {**os.environ, "COLUMNS": columns, "LANG": "en_US.UTF-8"}
        env.pop("TERMINAL_WIDTH", None)
        return subprocess.run([sys.executable, "-m", "influlint", *args, "--help"], capture_output=True, text=True,
                              env=env, check=True, timeout=60).stdout

    assert max(len(ln) for ln in run("200", "check").splitlines()) > 150
    assert max(len(ln) for ln in run("80", "check").splitlines()) <= 80
    assert "one JSON object a line per message" in run("200")


def test_input_format_metavar_lists_every_reader(run_cli):
    from influlint.cli import INPUT_FORMATS
    from influlint.formatters import FORMATTERS
    from influlint.readers import READERS

    assert set(INPUT_FORMATS) == set(READERS)
    from influlint.cli import OutputFormat

    assert {f.value for f in OutputFormat} == set(FORMATTERS)
    code, _, err = run_cli("check", "x.md", "--input-format", "xml", "--lang", "en")
    assert code == 2 and "unknown format 'xml'" in err
