"""Telegram, DiscordChatExporter and Slack readers; zip detection; bad input."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from influlint.readers import ReadError, ReadOptions, detect, read_units, sniff
from influlint.readers.records import parse_records
from influlint.readers.slack import is_chat_directory, read_directory

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "chats" / "samples"
TG = FIX / "chat-miner" / "telegram"
SLACK_ZIP = FIX / "slack-export-viewer" / "testarchive.zip"


def read_bytes(data: bytes, name: str = "input", **opts) -> list:
    stream = io.BytesIO(data)
    options = ReadOptions(**opts)
    return list(read_units(name, stream, options))


def tg(messages: list, **top) -> bytes:
    return json.dumps({"name": "Chat", "type": "private_group", "id": 1, **top, "messages": messages},
                      indent=1, ensure_ascii=False).encode()


# --------------------------------------------------------------------------------------------- Telegram
@pytest.mark.parametrize("name", ["test_single_export.json", "test_batch_export.json"])
def test_chat_miner_telegram_targets(name: str) -> None:
    target = json.loads((TG / "target.json").read_text("utf-8"))
    path = TG / name
    with path.open("rb") as fh:
        assert detect(str(path), fh, ReadOptions()) == "telegram-json"
        units = [u for u in read_units(str(path), fh, ReadOptions()) if not u.is_system]
    got = [(u.timestamp[:19], u.sender) for u in units]
    assert got[::-1] == [(t["timestamp"], t["author"]) for t in target] or got == [
        (t["timestamp"], t["author"]) for t in target
    ]
    texts = {u.text for u in units}
    assert "Link:https://telegram.org/" in texts  # plain concatenation (chat-miner joins with " ")
    assert all(u.source.format == "telegram-json" for u in units)


def test_telegram_text_polymorphism_links_and_lines() -> None:
    data = tg([
        {"id": 1, "type": "service", "date": "2024-03-01T10:00:00", "actor": "A", "action": "create_group",
         "text": ""},
        {"id": 2, "type": "message", "date": "2024-03-01T10:01:00", "date_unixtime": "1709287260",
         "from": "Alice", "from_id": "user1",
         "text": ["Code ", {"type": "bold", "text": "AZUR"}, " ", {"type": "text_link", "text": "ici",
                                                                   "href": "https://x.example/?aff=1"}]},
        {"id": 3, "type": "message", "date": "2024-03-01T10:02:00", "from": None, "from_id": 77,
         "forwarded_from": "Bob", "text": "plain"},
    ])
    units = read_bytes(data, "result.json")
    assert [u.id for u in units] == ["1", "2", "3"]
    assert units[0].is_system and units[0].sender is None
    assert units[1].text == "Code AZUR ici"
    assert units[1].timestamp == "2024-03-01T10:01:00+00:00"
    link = units[1].meta["links"][0]
    assert link["href"] == "https://x.example/?aff=1" and units[1].text[link["start"] : link["end"]] == "ici"
    assert units[2].sender is None and units[2].meta["sender_id"] == "77" and units[2].meta["is_forwarded"]
    assert units[2].timestamp == "2024-03-01T10:02:00"
    lines = data.decode().split("\n")
    for u in units:  # the line of each message object's opening brace
        assert lines[u.line - 1].strip() == "{"
        assert f'"id": {u.id},' in lines[u.line]


def test_telegram_invalid_control_escapes() -> None:
    raw = b'{"name": "C", "messages": [{"id": 5, "type": "message", "date": "2024-01-01T00:00:00", ' \
          b'"from": "A", "text": "tab\\x0Bhere\\\\x41"}]}'
    units = read_bytes(raw, "result.json", input_format="telegram-json")
    assert units[0].text == "tab\x0bhere\\x41"


def test_telegram_truncated_json_is_a_one_line_error_with_line() -> None:
    data = tg([{"id": i, "type": "message", "date": "2024-01-01T00:00:00", "from": "A", "text": "x"}
               for i in range(5)])
    with pytest.raises(ReadError, match=r"truncated JSON.*line \d+"):
        read_bytes(data[: len(data) - 40], "result.json")


def test_telegram_streams_large_exports_in_small_chunks() -> None:
    from influlint.readers import _json

    data = tg([{"id": i, "type": "message", "date": "2024-01-01T00:00:00", "from": "A", "text": "é" * 50}
               for i in range(3000)])
    old = _json.CHUNK
    try:
        _json.JsonStream.__init__.__defaults__ = (4096,)
        units = read_bytes(data, "result.json")
    finally:
        _json.JsonStream.__init__.__defaults__ = (old,)
    assert len(units) == 3000 and units[-1].text == "é" * 50
    lines = data.decode().split("\n")
    assert lines[units[-1].line - 1].strip() == "{"


# --------------------------------------------------------------------------------------------- Discord
def test_discord_json() -> None:
    data = json.dumps({
        "guild": {"id": "1", "name": "G"}, "channel": {"id": "2", "name": "general"},
        "messages": [
            {"id": "10", "type": "Default", "timestamp": "2023-01-17T19:33:19.087+00:00",
             "content": "hello", "author": {"id": "333", "name": "plant", "nickname": "The Plant"},
             "attachments": [{"fileName": "a.png", "url": "https://cdn/a.png"}]},
            {"id": "11", "type": "ChannelNameChange", "timestamp": "2023-01-17T19:34:00+00:00",
             "content": "Changed the channel name.", "author": {"id": "333", "name": "plant"}},
            {"id": "12", "type": "Reply", "timestamp": "2023-01-17T19:35:00+00:00", "content": "re",
             "author": {"id": "444", "name": "x"}, "reference": {"messageId": "10"}},
        ], "messageCount": 5}, indent=2).encode()
    assert sniff("x.json", data) == "discord-json"
    units = read_bytes(data, "dce.json")
    assert [(u.id, u.sender, u.is_system) for u in units] == [
        ("10", "The Plant", False), ("11", None, True), ("12", "x", False)]
    assert units[0].meta["attachments"][0]["type"] == "image"
    assert units[2].meta["reply_to"] == "10"
    assert units[0].timestamp == "2023-01-17T19:33:19.087+00:00"
    assert units[0].source.format == "discord-json"


# --------------------------------------------------------------------------------------------- Slack
def test_slack_zip_export() -> None:
    with SLACK_ZIP.open("rb") as fh:
        assert detect(str(SLACK_ZIP), fh, ReadOptions()) == "zip"
        units = list(read_units(str(SLACK_ZIP), fh, ReadOptions()))
    assert {u.meta["chat"] for u in units} == {"enrique", "traveling-sailor"}
    first = units[0]
    assert first.is_system and first.meta["subtype"] == "channel_join"
    msg = next(u for u in units if u.id == "1452837352.000006")
    assert msg.sender == "hamza" and msg.text.startswith("@abilinski: Created an issue")
    assert msg.source.path.endswith("testarchive.zip/enrique/2016-01-14.json")
    assert msg.line == 33 and msg.source.format == "slack-json"
    assert msg.timestamp == "2016-01-15T05:55:52.000006+00:00"


def test_slack_directory_export(tmp_path: Path) -> None:
    with zipfile.ZipFile(SLACK_ZIP) as zf:
        zf.extractall(tmp_path)
    assert is_chat_directory(str(tmp_path))
    assert not is_chat_directory(str(tmp_path / "enrique"))
    units = list(read_directory(str(tmp_path), ReadOptions()))
    with SLACK_ZIP.open("rb") as fh:
        zipped = list(read_units(str(SLACK_ZIP), fh, ReadOptions()))
    assert [(u.id, u.text) for u in units] == [(u.id, u.text) for u in zipped]
    records = list(parse_records(str(tmp_path)))
    assert len(records) == len(units) and records[0]["file"].endswith("enrique/2016-01-14.json")


def test_slack_single_day_file_and_mrkdwn() -> None:
    data = json.dumps([{"type": "message", "user": "U1", "ts": "1452837352.000006",
                        "text": "see <https://x.example|the brief> &amp; <#C1|general> <!here>"}]).encode()
    assert sniff("2016-01-14.json", data) == "slack-json"
    units = read_bytes(data, "general/2016-01-14.json")
    assert units[0].text == "see the brief (https://x.example) & #general @here"
    assert units[0].meta["chat"] == "general"


# --------------------------------------------------------------------------------------------- zip / bad input
def make_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_whatsapp_zip_member_selection() -> None:
    chat = b"13/03/2024 10:00 - A: x\n13/03/2024 10:01 - B: y\n"
    data = make_zip({"IMG-20240313-WA0001.jpg": b"\xff\xd8", "WhatsApp Chat with Team.txt": chat})
    assert sniff("export.zip", data) == "zip"
    units = read_bytes(data, "export.zip")
    assert [u.sender for u in units] == ["A", "B"]
    units = read_bytes(make_zip({"_chat.txt": chat, "notes.txt": b"hello"}), "ios.zip")
    assert len(units) == 2 and units[0].source.path == "ios.zip"


def test_zip_without_chat_file() -> None:
    with pytest.raises(ReadError, match="no chat export"):
        read_bytes(make_zip({"a.jpg": b"x", "b.png": b"y", "c.txt": b"1", "d.txt": b"2"}), "x.zip")


def test_corrupt_and_encrypted_zip() -> None:
    good = make_zip({"_chat.txt": b"13/03/2024 10:00 - A: x\n" * 200})
    with pytest.raises(ReadError, match="zip"):
        read_bytes(good[:60], "x.zip")
    flagged = bytearray(good)
    # set the "encrypted" bit in the local header and in the central directory entry
    flagged[6] |= 1
    cd = flagged.rfind(b"PK\x01\x02")
    flagged[cd + 8] |= 1
    with pytest.raises(ReadError, match="encrypted"):
        read_bytes(bytes(flagged), "x.zip")


def test_forced_format_on_wrong_content_is_a_read_error() -> None:
    with pytest.raises(ReadError):
        read_bytes(b"not json at all", "x", input_format="telegram-json")
    with pytest.raises(ReadError):
        read_bytes(b"[1, 2]", "x", input_format="discord-json")
