"""`influlint parse` records: fields, phone masking, ids, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from influlint.readers import ReadError, ReadOptions
from influlint.readers.records import parse_records

ROOT = Path(__file__).resolve().parents[1] / "fixtures"
FIELDS = {"line", "end_line", "timestamp", "sender", "text", "is_system", "attachments"}


def test_whatsapp_records_mask_phone_senders() -> None:
    path = ROOT / "chats" / "whatsapp" / "wa_fr_android_24h.txt"
    records = list(parse_records(str(path)))
    assert len(records) == 43
    assert all(FIELDS <= set(r) and "id" not in r for r in records)
    phone = next(r for r in records if r["line"] == 10)
    assert phone["sender"] == "+33 6 •• •• •• 78"
    clear = next(r for r in parse_records(str(path), show_pii=True) if r["line"] == 10)
    assert clear["sender"] == "+33 6 12 34 56 78"
    brief = next(r for r in records if r["line"] == 12)
    assert brief["end_line"] == 17 and brief["text"].startswith("Brief du lancement")
    json.dumps(records, ensure_ascii=False)


def test_ios_records_strip_bidi_marks() -> None:
    records = list(parse_records(str(ROOT / "chats" / "whatsapp" / "wa_fr_ios_seconds.txt")))
    assert not any(c in r["text"] for r in records for c in "\u200e\u202a\u202c")
    phone = next(r for r in records if r["line"] == 9)
    assert phone["sender"].endswith("78") and "12" not in phone["sender"]


def test_telegram_records_have_ids_and_object_lines() -> None:
    path = ROOT / "corpus" / "chat_telegram_result.json"
    records = list(parse_records(str(path)))
    lines = path.read_text("utf-8").split("\n")
    assert records[0]["id"] == "1" and records[0]["is_system"]
    for r in records[:20]:
        assert lines[r["line"] - 1].strip() == "{"
        assert lines[r["line"]].strip() == f'"id": {r["id"]},'


def test_forced_day_order_reaches_the_reader() -> None:
    path = ROOT / "chats" / "whatsapp" / "wa_fr_ios_seconds.txt"
    first = next(parse_records(str(path), ReadOptions(dayfirst=False)))
    assert first["timestamp"] == "2024-02-04T10:00:12"


def test_not_a_chat_directory(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="Slack"):
        list(parse_records(str(tmp_path)))


def test_cli_parse_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from influlint.cli import app

    runner = CliRunner()
    path = ROOT / "chats" / "whatsapp" / "wa_en_android_12h.txt"
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 40 and records[4]["sender"] == "Camille Martin"
    trunc = tmp_path / "result.json"
    trunc.write_text('{"name": "C", "messages": [{"id": 1, "type": "message",', encoding="utf-8")
    result = runner.invoke(app, ["parse", str(trunc)])
    assert result.exit_code == 2
    assert "truncated JSON" in result.output and "line 1" in result.output
