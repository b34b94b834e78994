"""Inputs sniffed by content (leading blanks, BOM), stdin the same for every --jobs, unreadable and special
files reported (exit 2) while the other inputs are still checked."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest
from hostile import IBAN, telegram, tg_message, wa_line

from influlint.readers import ReadOptions, read_head, read_units, sniff

PROMO = "Mon IBAN " + IBAN + " et code promo LUNA15 -15% chez @glowlab"


def _padded_telegram(pad: str = " " * 70_000) -> str:
    body = telegram([tg_message(PROMO)])
    return "{" + pad + body[1:]


def _codes(stdout: bytes) -> list[str]:
    return sorted(f["rule"] for f in json.loads(stdout)["findings"])


@pytest.mark.parametrize("pad", [" " * 70_000, "\n" * 70_000, "\t \r\n" * 30_000])
def test_telegram_padded_after_brace_is_read_as_telegram(tmp_path, cli, pad):
    path = tmp_path / "result.json"
    path.write_text(_padded_telegram(pad), encoding="utf-8")
    with open(path, "rb") as fh:
        assert sniff(str(path), read_head(fh)) == "telegram-json"
        assert fh.tell() == 0
    res = cli(["check", str(path), "--format", "json"])
    data = json.loads(res.stdout)
    assert data["files"][0]["format"] == "telegram-json"
    assert {"PII004", "DIS001"} <= set(_codes(res.stdout))


def test_telegram_padded_inside_a_directory_is_checked(tmp_path, cli):
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "result.json").write_text(_padded_telegram(), encoding="utf-8")
    res = cli(["check", "exports", "--format", "json"], cwd=tmp_path)
    data = json.loads(res.stdout)
    assert [f["path"] for f in data["files"]] == ["exports/result.json"]
    assert "PII004" in _codes(res.stdout)


@pytest.mark.parametrize("prefix", [b"\xef\xbb\xbf", b"\xef\xbb\xbf   \n\n", b"\n" * 5000, b" " * 70_000 + b"\n"])
def test_bom_and_leading_blanks_before_a_whatsapp_export(prefix):
    data = prefix + "".join(wa_line(f"message {i}", minute=i) for i in range(5)).encode()
    assert sniff("chat.txt", read_head(io.BytesIO(data))) == "whatsapp"
    units = [u for u in read_units("chat.txt", io.BytesIO(data), ReadOptions()) if not u.is_system]
    assert [u.text for u in units] == [f"message {i}" for i in range(5)]


def test_utf16_json_with_leading_blanks_is_sniffed():
    data = ("\ufeff  \n" + telegram([tg_message("salut")])).encode("utf-16-le")
    assert data.startswith(b"\xff\xfe")
    assert sniff("x.json", read_head(io.BytesIO(data))) == "telegram-json"


def test_stdin_is_read_the_same_for_every_jobs_value(tmp_path, cli):
    chat = "".join(wa_line(f"code promo LUNA{i} chez @glowlab, appelle le 06 98 76 54 {i % 90 + 10:02d}",
                           sender=f"Membre {i % 7}", minute=i) for i in range(3000)).encode()
    outs = [cli(["check", "-", "--jobs", str(j), "--format", "json"], input=chat) for j in (1, 2, 3)]
    assert outs[0].returncode == 1
    assert json.loads(outs[0].stdout)["files"] == [{"path": "<stdin>", "format": "whatsapp", "units": 3000}]
    assert len(json.loads(outs[0].stdout)["findings"]) >= 3000
    assert outs[1].stdout == outs[0].stdout == outs[2].stdout  # byte-identical JSON


def test_special_files_are_refused_and_the_others_checked(tmp_path, cli):
    fifo = tmp_path / "chat.txt"
    os.mkfifo(fifo)  # no writer: opening it for reading must not hang
    good = tmp_path / "post.md"
    good.write_text("Mon code promo LUNA15 chez @glowlab\n", encoding="utf-8")
    res = cli(["check", str(fifo), "/dev/zero", str(good), "--format", "json"], timeout=60)
    data = json.loads(res.stdout)
    assert res.returncode == 2
    assert {e["path"] for e in data["errors"]} == {str(fifo), "/dev/zero"}
    assert all("special file" in e["message"] for e in data["errors"])
    assert "DIS001" in _codes(res.stdout)
    assert res.stderr.count(b"\n") == 2  # one line per refused input


def test_fifo_inside_a_directory_is_reported_not_opened(tmp_path, cli):
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "post.md").write_text("Code promo LUNA15 chez @glowlab\n", encoding="utf-8")
    res = cli(["check", str(tmp_path), "--format", "json"], timeout=60)
    data = json.loads(res.stdout)
    assert res.returncode == 2
    assert [e["path"] for e in data["errors"]] == [f"{tmp_path}/pipe.json"]
    assert "DIS001" in _codes(res.stdout)


@pytest.mark.parametrize("source", ["/dev/zero", "/dev/urandom"])
def test_stdin_from_a_device_is_refused_at_once(cli, source):
    with open(source, "rb") as fh:
        res = cli(["check", "-", "--format", "json"], stdin=fh, timeout=30)
    assert res.returncode == 2
    assert "standard input is a device" in json.loads(res.stdout)["errors"][0]["message"]


def test_endless_binary_pipe_on_stdin_stops_at_the_first_chunk(cli):
    res = cli(["check", "-", "--format", "json"], input=b"\0" * (8 * 1024 * 1024), timeout=60)
    assert res.returncode == 2
    assert "binary data on standard input" in json.loads(res.stdout)["errors"][0]["message"]


# ------------------------------------------------------------------------------------ unreadable entries
def _unreadable_tree() -> Path:
    """A world-traversable tree (so that an unprivileged user can walk it) with an unreadable file and
    an unreadable subdirectory."""
    base = Path(tempfile.mkdtemp(prefix="influlint-perm-"))
    base.chmod(0o755)
    tree = base / "tree"
    (tree / "ok").mkdir(parents=True)
    (tree / "ok" / "post.md").write_text("Code promo LUNA15 chez @glowlab\n", encoding="utf-8")
    (tree / "locked").mkdir()
    (tree / "locked" / "hidden.md").write_text("Code promo LUNA16 chez @glowlab\n", encoding="utf-8")
    (tree / "secret.md").write_text("Code promo LUNA17 chez @glowlab\n", encoding="utf-8")
    (tree / "secret.json").write_text(telegram([tg_message("code promo LUNA18")]), encoding="utf-8")
    for p in [base, tree, tree / "ok", tree / "ok" / "post.md"]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    (tree / "locked").chmod(0)
    (tree / "secret.md").chmod(0)
    (tree / "secret.json").chmod(0)
    return base


def _unprivileged(base: Path, fn):
    """fn() in base with real permissions: as root (who reads everything), in a forked child that drops to
    `nobody` first (kernel-enforced, not a mock). fn's result must be JSON."""
    cwd = os.getcwd()
    os.chdir(base)
    try:
        fn()  # warm up: packs compiled, modules imported (the child may not read root's files)
        if os.geteuid() != 0:
            return fn()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            try:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
                payload = json.dumps({"ok": fn()}).encode()
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                payload = json.dumps({"child error": repr(exc)}).encode()
            os.write(write, payload)
            os._exit(0)
        os.close(write)
        chunks = []
        while chunk := os.read(read, 65536):
            chunks.append(chunk)
        os.close(read)
        os.waitpid(pid, 0)
        data = json.loads(b"".join(chunks))
        assert "ok" in data, data
        return data["ok"]
    finally:
        os.chdir(cwd)


def _cleanup(base: Path) -> None:
    for p in (base / "tree" / "locked", base / "tree" / "secret.md", base / "tree" / "secret.json"):
        p.chmod(stat.S_IRWXU)
    shutil.rmtree(base)


def test_unreadable_files_and_subdirectories_are_reported():
    from influlint.api import RunOptions, lint_paths
    from influlint.config import Config

    def lint():
        report = lint_paths(["tree"], Config(), RunOptions())
        return {e.path: e.message for e in report.errors}, [f.excerpt for f in report.findings if f.code == "DIS001"]

    base = _unreadable_tree()
    try:
        errors, excerpts = _unprivileged(base, lint)
        assert set(errors) == {"tree/locked", "tree/secret.md", "tree/secret.json"}
        assert "directory not readable" in errors["tree/locked"]
        assert all("permission denied" in m.lower() for m in errors.values())
        assert excerpts == ["LUNA15"]  # the readable file is still checked, the others are not read
    finally:
        _cleanup(base)


def test_unreadable_inputs_on_the_command_line_exit_2_with_one_line_each():
    from typer.testing import CliRunner

    from influlint.cli import app

    def invoke():
        res = CliRunner().invoke(app, ["check", "tree", "tree/secret.md", "--format", "json"])
        return res.exit_code, res.stdout, res.stderr

    base = _unreadable_tree()
    try:
        code, out, err = _unprivileged(base, invoke)
        data = json.loads(out)
        assert code == 2
        assert sorted(e["path"] for e in data["errors"]) == ["tree/locked", "tree/secret.json", "tree/secret.md",
                                                             "tree/secret.md"]
        assert "DIS001" in _codes(out)
        assert len(err.strip().splitlines()) == 4 and "Traceback" not in err
    finally:
        _cleanup(base)
