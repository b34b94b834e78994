"""Resource limits: archives (size, ratio), one message, one input, --jobs; each with a one-line error or a
warning saying what was not checked, and overridable in the configuration's `limits:` section."""

from __future__ import annotations

import json
import os
import signal
import zipfile
from pathlib import Path

import pytest
from hostile import telegram, tg_message, wa_line

from influlint.config import ConfigError, load_config
from influlint.limits import GIB, MIB, Limits, bounded_jobs, limits_from_mapping, parse_size

PROMO = wa_line("code promo LUNA15 chez @glowlab", minute=1)


def _bomb(path: Path, size: int, method: int = zipfile.ZIP_BZIP2, member: str = "_chat.txt") -> Path:
    line = wa_line("a" * 1000).encode()
    with zipfile.ZipFile(path, "w", compression=method) as zf, zf.open(member, "w", force_zip64=True) as fh:
        for _ in range(size // len(line)):
            fh.write(line)
    return path


def _json(res) -> dict:
    return json.loads(res.stdout)


# ------------------------------------------------------------------------------------------ config
def test_limits_section_of_the_config(tmp_path):
    (tmp_path / "influlint.yml").write_text("limits:\n  max_input_size: 64MB\n  max_message_chars: 5000\n"
                                            "  max_archive_ratio: 50\n  max_archive_size: 1 GiB\n", encoding="utf-8")
    limits = load_config(cwd=tmp_path).limits
    assert limits == Limits(max_input_size=64 * MIB, max_message_chars=5000, max_archive_ratio=50,
                            max_archive_size=1 * GIB)


@pytest.mark.parametrize(("section", "error"), [
    ("limits: 5", "'limits' must be a mapping"),
    ("limits: {max_input: 5}", "unknown key 'limits.max_input'"),
    ("limits: {max_message_chars: -1}", "limits.max_message_chars must be a positive number"),
    ("limits: {max_input_size: lots}", "limits.max_input_size must be a positive number"),
    ("limits: {max_archive_ratio: true}", "limits.max_archive_ratio must be a positive number"),
])
def test_bad_limits_are_config_errors(tmp_path, cli, section, error):
    (tmp_path / "influlint.yml").write_text(section + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=error):
        load_config(cwd=tmp_path)
    (tmp_path / "post.md").write_text("hello\n", encoding="utf-8")
    res = cli(["check", "post.md"], cwd=tmp_path)
    assert res.returncode == 2 and error.encode() in res.stderr and len(res.stderr.splitlines()) == 1


def test_sizes_and_defaults():
    assert [parse_size(v) for v in (1024, "2KB", "3 MiB", "1.5g")] == [1024, 2048, 3 * MIB, int(1.5 * GIB)]
    assert limits_from_mapping({}) == Limits()
    assert Limits().max_message_chars == 1_000_000 and Limits().max_archive_ratio == 200


# ------------------------------------------------------------------------------------------ archives
@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_DEFLATED])
def test_zip_bomb_is_refused_by_ratio_and_the_rest_checked(tmp_path, cli, method):
    bomb = _bomb(tmp_path / "bomb.zip", 100 * MIB, method)
    assert bomb.stat().st_size < MIB  # a few KB (bzip2) to a few hundred KB (deflate) for 100 MB
    good = tmp_path / "chat.txt"
    good.write_text(PROMO, encoding="utf-8")
    res = cli(["check", str(bomb), str(good), "--format", "json"], timeout=60)
    data = _json(res)
    assert res.returncode == 2
    assert data["errors"] == [{"path": str(bomb), "message": data["errors"][0]["message"]}]
    assert "limits.max_archive_ratio" in data["errors"][0]["message"]
    assert [f["rule"] for f in data["findings"]] == ["DIS001"]


def test_archive_total_size_limit_from_config(tmp_path, cli):
    with zipfile.ZipFile(tmp_path / "export.zip", "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("_chat.txt", wa_line("x" * 300) * 1000 + PROMO)  # ~330 KB stored: ratio 1, over 200 KB
    (tmp_path / "influlint.yml").write_text("limits: {max_archive_size: 200KB}\n", encoding="utf-8")
    res = cli(["check", "export.zip", "--format", "json"], cwd=tmp_path)
    assert res.returncode == 2
    assert "limits.max_archive_size" in _json(res)["errors"][0]["message"]
    (tmp_path / "influlint.yml").write_text("limits: {max_archive_size: 1MB}\n", encoding="utf-8")
    res = cli(["check", "export.zip", "--format", "json"], cwd=tmp_path)
    assert res.returncode == 1 and _json(res)["errors"] == []


def test_input_size_limit_for_files_and_stdin(tmp_path, cli):
    (tmp_path / "influlint.yml").write_text("limits: {max_input_size: 1MB}\n", encoding="utf-8")
    big = (PROMO * 30_000).encode()  # ~1.8 MB
    (tmp_path / "chat.txt").write_bytes(big)
    (tmp_path / "small.txt").write_text(PROMO, encoding="utf-8")
    res = cli(["check", "chat.txt", "small.txt", "--format", "json"], cwd=tmp_path)
    data = _json(res)
    assert res.returncode == 2 and [e["path"] for e in data["errors"]] == ["chat.txt"]
    assert "limits.max_input_size" in data["errors"][0]["message"] and len(data["findings"]) == 1
    res = cli(["check", "-", "--format", "json"], cwd=tmp_path, input=big)
    assert res.returncode == 2 and "limits.max_input_size" in _json(res)["errors"][0]["message"]


# ------------------------------------------------------------------------------------------ one message
def _big_text(n: int) -> str:
    return "Bonjour à tous. " * (n // 16)


def test_ten_megabyte_whatsapp_message_is_checked_up_to_the_limit(tmp_path, cli):
    chat = tmp_path / "chat.txt"
    chat.write_text(wa_line(_big_text(10_000_000)) + PROMO, encoding="utf-8")
    res = cli(["check", str(chat), "--format", "json"], timeout=120)
    data = _json(res)
    assert res.returncode == 1 and data["errors"] == []
    assert any("limits.max_message_chars" in w["message"] and "line 1" in w["message"] for w in data["warnings"])
    assert [(f["rule"], f["line"]) for f in data["findings"]] == [("DIS001", 2)]  # the next message still read


def test_ten_megabyte_telegram_message_warns_what_was_not_checked(tmp_path, cli):
    export = tmp_path / "result.json"
    export.write_text(telegram([tg_message(_big_text(10_000_000)), tg_message("code promo LUNA15 @glowlab", 2)]),
                      encoding="utf-8")
    res = cli(["check", str(export), "--format", "json"], timeout=120)
    data = _json(res)
    assert res.returncode == 1
    assert any("(id 1)" in w["message"] and "only the first 1,000,000" in w["message"] for w in data["warnings"])
    assert [f["rule"] for f in data["findings"]] == ["DIS001"]


def test_message_limit_is_configurable_and_cut_text_is_reported(tmp_path, cli):
    (tmp_path / "influlint.yml").write_text("limits: {max_message_chars: 2000}\n", encoding="utf-8")
    (tmp_path / "chat.txt").write_text(wa_line("x " * 5000 + " code promo LUNA15 chez @glowlab"), encoding="utf-8")
    data = _json(cli(["check", "chat.txt", "--format", "json"], cwd=tmp_path))
    assert data["findings"] == []  # the promo code is past the limit: not checked, and said so
    assert any("2,000" in w["message"] for w in data["warnings"])


# ------------------------------------------------------------------------------------------ --jobs
def test_jobs_bounded_by_cores_and_memory():
    assert bounded_jobs(64, Limits(), cores=2, memory=64 * GIB) == (2, "2 core(s)")
    n, reason = bounded_jobs(64, Limits(worker_memory=GIB), cores=32, memory=4 * GIB)
    assert n == 4 and "memory" in reason
    assert bounded_jobs(2, Limits(), cores=8, memory=64 * GIB) == (2, None)
    assert bounded_jobs(3, Limits(worker_memory=GIB), cores=8, memory=GIB // 2) == (1, bounded_jobs(
        3, Limits(worker_memory=GIB), cores=8, memory=GIB // 2)[1])


def test_jobs_lowered_on_the_command_line(tmp_path, cli):
    chat = tmp_path / "chat.txt"
    chat.write_text(PROMO * 50, encoding="utf-8")
    res = cli(["check", str(chat), "--jobs", "512", "--format", "json", "--lang", "en"])
    assert res.returncode == 1
    assert b"--jobs 512 lowered to" in res.stderr
    assert res.stdout == cli(["check", str(chat), "--format", "json"]).stdout


def test_a_dead_worker_fails_the_run_instead_of_hanging(tmp_path, monkeypatch):
    from influlint import api
    from influlint.config import Config

    chat = tmp_path / "chat.txt"
    chat.write_text(PROMO * 10, encoding="utf-8")
    monkeypatch.setattr(api, "_worker", lambda *args: os.kill(os.getpid(), signal.SIGKILL))
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the parent waited for a dead worker"))
    signal.alarm(60)
    try:
        report = api.lint_paths_parallel([str(chat)], Config(), api.RunOptions(jobs=2), lambda path, found: None)
    finally:
        signal.alarm(0)
    assert [e.path for e in report.errors] == ["<worker>"]
    assert "died (signal 9)" in report.errors[0].message


def test_dead_worker_exit_code_on_the_command_line(tmp_path, run_cli, monkeypatch):
    from influlint import api

    chat = tmp_path / "chat.txt"
    chat.write_text(PROMO * 10, encoding="utf-8")
    monkeypatch.setattr(api, "_worker", lambda *args: os._exit(3))
    code, out, err = run_cli("check", str(chat), "--jobs", "2", "--format", "json")
    assert code == 2 and "exit status 3" in err and len(err.strip().splitlines()) <= 2


# ------------------------------------------------------------------------------------------ big inputs
@pytest.mark.big
def test_one_gigabyte_line_inside_a_zip_is_read_in_bounded_memory(tmp_path, cli):
    """The ratio limit raised, so that only the line/message limit stands between the line and memory."""
    zpath = tmp_path / "export.zip"
    block = b"a" * (4 * MIB)
    with zipfile.ZipFile(zpath, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf, \
            zf.open("_chat.txt", "w", force_zip64=True) as fh:
        fh.write(wa_line("start ").encode().rstrip(b"\n"))
        for _ in range(GIB // len(block)):
            fh.write(block)
        fh.write(b"\n" + PROMO.encode())
    (tmp_path / "influlint.yml").write_text("limits: {max_archive_ratio: 100000, max_input_size: 2GB}\n",
                                            encoding="utf-8")
    wrapper = ("import resource, sys, runpy; sys.argv = ['influlint', *sys.argv[1:]]\n"
               "try:\n    runpy.run_module('influlint', run_name='__main__')\n"
               "finally:\n    print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n")
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-c", wrapper, "check", "export.zip", "--format", "json"], cwd=tmp_path,
                         capture_output=True, timeout=600)
    data = json.loads(res.stdout)
    assert res.returncode == 1, res.stderr
    assert [f["rule"] for f in data["findings"]] == ["DIS001"]
    assert any("longer than 1,000,000 characters" in w["message"] for w in data["warnings"])
    maxrss_kb = int(res.stderr.decode().rsplit("MAXRSS", 1)[1].split()[0])
    assert maxrss_kb < 1_000_000, f"{maxrss_kb} KB"  # a 1 GB line never held in memory


@pytest.mark.big
def test_many_jobs_on_a_large_export_stay_bounded(tmp_path, cli):
    chat = tmp_path / "chat.txt"
    with open(chat, "w", encoding="utf-8") as fh:
        for i in range(20_000):
            fh.write(wa_line(f"message {i}: code promo LUNA{i % 50} chez @glowlab", sender=f"M{i % 9}", minute=i))
    res = cli(["check", str(chat), "--jobs", "64", "--format", "json"], timeout=900)
    assert res.returncode == 1
    n = min(64, os.cpu_count() or 1)
    assert n == 64 or b"lowered to" in res.stderr
    assert len(_json(res)["findings"]) >= 20_000
