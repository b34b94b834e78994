"""Readable output: wrapped text with a hanging indent (goldens at 80 and 200 columns), -q, --statistics,
progress that never lands in the output, broken pipes, chats (no « safe fix », timestamps as exported)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from influlint.terminal import Progress, progress_for, use_color

ROOT = Path(__file__).resolve().parents[1]
QUICKSTART = "fixtures/posts/quickstart.md"
LINE = re.compile(r"^\S+:\d+:\d+ [A-Z]{2,6}\d{3} (error|warning|info) ")


def _report(lang: str = "en"):
    from influlint.api import RunOptions, lint_paths
    from influlint.config import Config

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return lint_paths([QUICKSTART], Config(), RunOptions(lang=lang))
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("width", [80, 200])
def test_text_golden_at_terminal_width(golden, width):
    from influlint.formatters import format_text

    out = format_text(_report(), width=width)
    golden(f"text.{width}.txt", out)
    for line in out.splitlines():
        assert cell_len(line) <= width or " " not in line.strip(), line  # only an unbreakable URL overflows
    continuation = [ln for ln in out.splitlines() if ln.startswith("      ") and not ln.startswith("        ")]
    assert width == 200 or continuation  # the head line hangs at 6 columns, details at 8


def test_files_and_pipes_are_not_wrapped(run_cli):
    code, out, _ = run_cli("check", str(ROOT / QUICKSTART), "--no-color")
    heads = [ln for ln in out.splitlines() if LINE.match(ln.replace(str(ROOT / QUICKSTART), "p"))]
    assert code == 1 and len(heads) == 5
    assert all(ln.endswith((".", "»", ")")) for ln in heads)  # each message whole on its line (greppable)


def test_quiet_prints_only_finding_lines(run_cli):
    code, out, err = run_cli("check", str(ROOT / QUICKSTART), "-q", "--no-color")
    lines = out.splitlines()
    assert code == 1 and len(lines) == 5
    assert all(LINE.match(ln.replace(str(ROOT / QUICKSTART), "p")) for ln in lines)
    code, out, err = run_cli("check", str(ROOT / "nope.md"), "-q")
    assert code == 2 and out == "" and "no such file or directory" in err


def test_statistics_prints_only_the_table_with_fixable_counts(run_cli):
    code, out, _ = run_cli("check", str(ROOT / QUICKSTART), "--statistics", "--no-color")
    lines = out.splitlines()
    assert code == 1
    assert lines[0].split() == ["count", "code", "fixable", "rule"]
    rows = {ln.split()[1]: ln.split() for ln in lines[1:]}
    assert set(rows) == {"DIS001", "CLM001", "CLM002", "CLM004", "PII001"}
    assert rows["DIS001"][:3] == ["1", "DIS001", "1"] and rows["CLM001"][2] == "0"
    assert "problem(s)" not in out and "Law:" not in out


def test_periodic_progress_on_stderr_when_stdout_is_redirected():
    err, now = io.StringIO(), [0.0]
    progress = progress_for(None, io.StringIO(), err, lambda p, n: f"{p}: {n} messages read")
    progress.clock = lambda: now[0]
    progress.next = 10.0
    progress.update("chat.txt", 1000)
    assert err.getvalue() == ""  # small inputs stay silent
    now[0] = 12.0
    progress.update("chat.txt", 90000)
    now[0] = 13.0
    progress.update("chat.txt", 91000)
    assert err.getvalue() == "influlint: chat.txt: 90000 messages read\n"


def test_live_progress_shares_the_output_console_and_is_erased():
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, color_system=None, width=80)
    progress = Progress(console, io.StringIO(), lambda p, n: f"{p}: {n} messages read")
    progress.stop()
    assert buf.getvalue() == ""  # never started: nothing drawn
    progress.update("chat.txt", 1000)
    console.print("finding line")
    progress.stop()
    assert progress.live is None and "finding line" in buf.getvalue()
    assert "\x1b[3" not in buf.getvalue()  # no colour when colour is off


def test_no_spinner_in_terminal_output_of_a_small_input():
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "LANG": "en_US.UTF-8", "COLUMNS": "100"}
    proc = subprocess.run([sys.executable, "-m", "influlint", "check", QUICKSTART, "--color", "never"], cwd=ROOT,
                          stdout=slave, stderr=slave, env=env, timeout=60, check=False)
    os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    text = data.decode("utf-8", "replace")
    assert proc.returncode == 1 and "DIS001" in text
    assert not re.search("[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]", text) and "messages read" not in text
    assert "\x1b[3" not in text and "\x1b[1;3" not in text  # --color never: no colour codes at all


def _chat(tmp_path: Path, n: int) -> Path:
    lines = [f"12/03/2024, 10:{i % 60:02d} - Julie: code LUNA{i} pour -15 % chez @glowlab" for i in range(n)]
    path = tmp_path / "chat.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_broken_pipe_ends_quietly(tmp_path, fmt):
    chat = _chat(tmp_path, 3000)
    cmd = f"'{sys.executable}' -m influlint check '{chat}' --format {fmt} | head -3"
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    assert len(proc.stdout.splitlines()) == 3
    assert proc.stderr == ""


def test_chat_findings_never_advertise_a_safe_fix_and_keep_export_timestamps(run_cli, tmp_path):
    chat = _chat(tmp_path, 1)
    code, out, _ = run_cli("check", str(chat), "--no-color")
    assert code == 1 and "DIS001" in out
    assert "Safe fix (--fix)" not in out and "    Fix: " in out
    assert "Julie · 12/03/2024, 10:00" in out and "2024-03-12T10:00" not in out


@pytest.mark.parametrize(("choice", "env", "tty", "expected"), [
    ("auto", {}, True, True), ("auto", {}, False, False), ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"FORCE_COLOR": "1"}, False, True), ("always", {"NO_COLOR": "1"}, False, True),
    ("never", {"FORCE_COLOR": "1"}, True, False),
])
def test_use_color(choice, env, tty, expected):
    class Stream:
        def isatty(self):
            return tty

    assert use_color(choice, Stream(), env) is expected


def test_color_always_and_force_color_paint_the_output(run_cli):
    _, out, _ = run_cli("check", str(ROOT / QUICKSTART), "--color", "always")
    assert "\x1b[" in out
    _, out, _ = run_cli("check", str(ROOT / QUICKSTART), env={"FORCE_COLOR": "1"})
    assert "\x1b[" in out
    _, out, _ = run_cli("check", str(ROOT / QUICKSTART), "--color", "always", "--no-color")
    assert "\x1b[" not in out


def test_explain_prose_is_wrapped_on_a_terminal_only():
    from influlint.terminal import wrap_prose

    line = "  - " + "mot " * 40
    wrapped = wrap_prose("Titre\n\n" + line.rstrip(), 60).splitlines()
    assert wrapped[0] == "Titre" and all(len(ln) <= 60 for ln in wrapped)
    assert wrapped[3].startswith("    mot")  # continuation under the item's text
    assert wrap_prose(line, None) == line
