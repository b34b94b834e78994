"""Every reader and output fault is confined to its input: one line naming the file, exit 2, the other
inputs still checked; never "internal error", never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hostile import telegram, tg_message, wa_line

PROMO = wa_line("code promo LUNA15 chez @glowlab")
WRONG = [None, True, 12, -1e308, 1e400, "x", [], [1, [2]], {}, {"a": {"b": None}}]


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "zz-good.txt"  # sorted last: the bad input comes first and must not stop the run
    path.write_text(PROMO, encoding="utf-8")
    return path


def _check(cli, *paths, fmt="json"):
    res = cli(["check", *map(str, paths), "--format", fmt], timeout=120)
    assert b"Traceback" not in res.stderr and b"internal error" not in res.stderr, res.stderr
    return res, json.loads(res.stdout) if fmt == "json" else None


def _assert_confined(res, data, bad, good):
    assert res.returncode == 2
    assert [e["path"] for e in data["errors"]] == [str(bad)]
    assert "\n" not in data["errors"][0]["message"]
    assert [(f["path"], f["rule"]) for f in data["findings"]] == [(str(good), "DIS001")]
    assert len(res.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("depth", [200, 100_000])
def test_deeply_nested_json(tmp_path, cli, good, depth):
    bad = tmp_path / "result.json"
    bad.write_text('{"name": "g", "messages": [{"id": 1, "text": ' + "[" * depth + "]" * depth + "}]}",
                   encoding="utf-8")
    res, data = _check(cli, bad, good)
    if depth == 200:  # deep but within the decoder's limits: read
        assert res.returncode == 1 and data["errors"] == []
    else:
        _assert_confined(res, data, bad, good)
        assert "nested too deeply" in data["errors"][0]["message"]


def test_deep_json_in_slack_users_and_discord(tmp_path, cli, good):
    slack = tmp_path / "slack"
    (slack / "general").mkdir(parents=True)
    (slack / "channels.json").write_text("[]", encoding="utf-8")
    (slack / "users.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (slack / "general" / "2024-01-01.json").write_text('[{"type": "message", "ts": "1.0", "text": "hi"}]')
    discord = tmp_path / "discord.json"
    discord.write_text('{"guild": {}, "channel": {}, "messages": [' + "[" * 100_000 + "]" * 100_000 + "]}")
    res, data = _check(cli, slack, discord, good)
    assert res.returncode == 2
    assert sorted(e["path"] for e in data["errors"]) == sorted([str(slack), str(discord)])
    assert all("nested too deeply" in e["message"] for e in data["errors"])
    assert [f["rule"] for f in data["findings"]] == ["DIS001"]


@pytest.mark.parametrize("value", ["1e999999", "-1e400", "9" * 5000, "1" + "0" * 400])
def test_huge_numbers_in_telegram_dates_and_ids(tmp_path, cli, good, value):
    bad = tmp_path / "result.json"
    msg = json.dumps(tg_message("code promo LUNA15 chez @glowlab")).replace('"1704103200"', value)
    bad.write_text('{"name": "g", "id": ' + value + ', "messages": [' + msg + "]}", encoding="utf-8")
    res, data = _check(cli, bad, good)
    assert data["errors"] == [] and res.returncode == 1  # the date is unusable, the message still checked
    assert sorted(f["path"] for f in data["findings"]) == [str(bad), str(good)]


@pytest.mark.parametrize("ts", ["1e400", "9" * 400, "-1e20", "nan", "inf", 1e308, [1], {"a": 1}])
def test_slack_ts_overflow(tmp_path, cli, good, ts):
    day = tmp_path / "general" / "2024-01-01.json"
    day.parent.mkdir()
    day.write_text(json.dumps([{"type": "message", "ts": ts, "user": "U1", "text": "code promo LUNA15 @glowlab"}]))
    res, data = _check(cli, day, good)
    assert res.returncode == 1 and data["errors"] == []
    assert {f["unit"]["timestamp"] for f in data["findings"] if f["path"] == str(day)} == {None}


def _telegram_variants():
    for key in ("text", "from", "date", "date_unixtime", "photo", "file", "location_information", "poll",
                "reply_to_message_id", "type", "id", "forwarded_from", "edited", "contact_information"):
        for value in WRONG:
            yield "telegram", key, value


def _discord_variants():
    for key in ("content", "author", "attachments", "stickers", "reference", "type", "timestamp", "id",
                "timestampEdited"):
        for value in WRONG:
            yield "discord", key, value


def _slack_variants():
    for key in ("text", "user", "user_profile", "files", "subtype", "type", "thread_ts", "edited", "bot_id",
                "username"):
        for value in WRONG:
            yield "slack", key, value


def _export(kind: str, key: str, value) -> tuple[str, str]:
    if kind == "telegram":
        msg = tg_message("code promo LUNA15 chez @glowlab")
        msg[key] = value
        return "result.json", telegram([msg, tg_message("code promo LUNA16 @glowlab", 2)])
    if kind == "discord":
        msg = {"id": "1", "type": "Default", "timestamp": "2024-01-01T10:00:00+00:00",
               "content": "code promo LUNA15 chez @glowlab", "author": {"id": "9", "name": "Julie"},
               "attachments": [{"fileName": "a.png"}], "stickers": [], "reference": {"messageId": "0"}}
        msg[key] = value
        other = {**{k: v for k, v in msg.items() if k != key}, "id": "2", "content": "code promo LUNA16 @glowlab"}
        data = {"guild": {"name": "g"}, "channel": {"name": value if key == "author" else "c"},
                "messages": [msg, other]}
        return "discord.json", json.dumps(data, allow_nan=True)
    msg = {"type": "message", "ts": "1704103200.000100", "user": "U1", "text": "code promo LUNA15 chez @glowlab",
           "user_profile": {"display_name": "Julie"}, "files": [{"name": "a.png"}]}
    msg[key] = value
    other = {**{k: v for k, v in msg.items() if k != key}, "text": "code promo LUNA16 @glowlab"}
    return "general/2024-01-01.json", json.dumps([msg, other])


@pytest.mark.parametrize(("kind", "key", "value"), [*_telegram_variants(), *_discord_variants(),
                                                    *_slack_variants()])
def test_wrong_field_types_never_escape_the_reader(tmp_path, kind, key, value):
    """In-process (hundreds of cases): the reader yields units or raises its one-line ReadError."""
    from influlint.api import RunOptions, lint_paths
    from influlint.config import Config

    name, text = _export(kind, key, value)
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    report = lint_paths([str(path)], Config(), RunOptions())
    assert all("internal error" not in e.message and "unexpected structure" not in e.message for e in report.errors)
    codes = [f.excerpt for f in report.findings if f.code == "DIS001"]
    assert "LUNA16" in codes  # the next message is read whatever the field held


def test_wrong_field_types_on_the_command_line_in_every_format(tmp_path, cli, good):
    bad = tmp_path / "result.json"
    msgs = [{**tg_message("code promo LUNA15 @glowlab", i), k: v} for i, (k, v) in enumerate(
        [("from", {"x": 1}), ("photo", 5), ("location_information", "Paris"), ("date_unixtime", 1e400),
         ("file", ["a"]), ("text", [{"type": "link", "text": 5, "href": ["x"]}, 7, None])], 1)]
    bad.write_text(telegram(msgs), encoding="utf-8")
    for fmt in ("text", "json", "sarif", "github", "gitlab", "junit"):
        res = cli(["check", str(bad), str(good), "--format", fmt])
        assert res.returncode == 1 and b"Traceback" not in res.stderr and res.stderr == b"", (fmt, res.stderr)
    res = cli(["parse", str(bad)])
    assert res.returncode == 0 and len(res.stdout.splitlines()) == len(msgs)


# ------------------------------------------------------------------------------------------ streams
def test_closed_stdin(cli, good):
    res = cli(["check", "-", str(good), "--format", "json"], stdin=None, preexec_fn=lambda: os.close(0))
    data = json.loads(res.stdout)
    assert res.returncode == 2 and data["errors"] == [{"path": "<stdin>", "message": "standard input is closed"}]
    assert [f["rule"] for f in data["findings"]] == ["DIS001"]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_closed_stdout(cli, good, fmt):
    res = cli(["check", str(good), "--format", fmt], stdout=None, preexec_fn=lambda: os.close(1))
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [b"influlint: standard output is closed: the report cannot be written"]


def test_broken_pipe_ends_quietly_without_traceback(tmp_path, cli):
    """`check … | head` is the reader's choice to stop: a quiet exit like ruff or git (test_cli_output checks text)."""
    chat = tmp_path / "chat.txt"
    chat.write_text(PROMO * 20_000, encoding="utf-8")
    proc = subprocess.Popen(["sh", "-c", f"'{sys.executable}' -m influlint check '{chat}' --format json | head -c 100"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1",
                                                                                   "PATH": os.environ["PATH"]})
    out, err = proc.communicate(timeout=300)
    assert len(out) == 100
    assert b"Traceback" not in err and b"Exception ignored" not in err
    assert err.strip() == b""
    assert proc.returncode == 0  # the shell reports head's status; influlint's own is checked in test_cli_output


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_output_into_a_missing_folder(tmp_path, cli, good, fmt):
    target = tmp_path / "missing" / "report.out"
    res = cli(["check", str(good), "--format", fmt, "--output", str(target)])
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [f"influlint: --output {target}: cannot write (no such file or "
                                               "directory)".encode()]
