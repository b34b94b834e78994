"""Telegram HTML, Meta JSON, DiscordChatExporter CSV/HTML and Signal readers: synthetic fixtures with their
expected parses, peer samples, sniffing, folders and zips, errors."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from influlint.readers import ReadError, ReadOptions, read_units, sniff
from influlint.readers.meta import repair
from influlint.readers.records import parse_records

ROOT = Path(__file__).resolve().parents[1]
CHATS = ROOT / "fixtures" / "chats"
SHARED = next((p / "shared" / "formats" / "samples" for p in ROOT.parents
               if (p / "shared" / "formats" / "samples").is_dir()), ROOT / "missing")
FIXTURES = {
    "telegram-html": CHATS / "telegram-html" / "messages.html",
    "discord-csv": CHATS / "discord-csv" / "ambassadeurs.csv",
    "discord-html": CHATS / "discord-html" / "ambassadeurs.html",
    "meta-json": CHATS / "meta-json" / "message_1.json",
    "signal-txt": CHATS / "signal" / "sigtop.txt",
    "signal-txt/short": CHATS / "signal" / "sigtop-short.txt",
}


def units_of(path: Path | str, data: bytes | None = None) -> list:
    stream = io.BytesIO(data) if data is not None else open(path, "rb")
    with stream:
        return list(read_units(str(path), stream, ReadOptions()))


@pytest.mark.parametrize("fmt", sorted(FIXTURES))
def test_synthetic_fixture_matches_expected(fmt: str) -> None:
    path = FIXTURES[fmt]
    fmt = fmt.split("/")[0]
    assert sniff(path.name, path.read_bytes()[:65536]) == fmt
    expected = json.loads(path.with_suffix(".expected.json").read_text("utf-8"))
    records = list(parse_records(str(path), show_pii=True))
    assert len(records) == len(expected)
    for got, want in zip(records, expected, strict=True):
        for key, value in want.items():
            assert got.get(key) == value, (fmt, key, got)
    for unit in units_of(path):
        assert unit.text == unit.source.text[unit.start : unit.end]
        assert unit.source.format == fmt
    assert all("+33" not in (r["sender"] or "") for r in records)  # sigtop's "(phone)" goes to sender_id


def test_telegram_html_lines_point_at_the_message_div() -> None:
    path = FIXTURES["telegram-html"]
    lines = path.read_text("utf-8").split("\n")
    for r in parse_records(str(path)):
        assert lines[r["line"] - 1].strip().startswith('<div class="message ') and f'id="message{r["id"]}"' in \
            lines[r["line"] - 1]


def test_telegram_html_joined_messages_inherit_the_sender() -> None:
    text = FIXTURES["telegram-html"].read_text("utf-8")
    assert text.count("clearfix joined") == 2  # 102 and 107 are written without from_name
    by_id = {u.id: u for u in units_of(FIXTURES["telegram-html"])}
    assert by_id["102"].sender == "Glow Lab" and by_id["107"].sender == "Inès Benali"


def test_parse_masks_phone_senders_and_reaction_actors(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from chat_writers import meta_json, telegram_html

    ts = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    msgs = [{"sender": "+33 6 12 34 56 78", "ts": ts, "text": "coucou", "forwarded_from": "+33 7 11 22 33 44",
             "reactions": [("👍", "+33 6 99 88 77 66")]}]
    tg = tmp_path / "messages.html"
    tg.write_text(telegram_html(msgs), encoding="utf-8")
    meta = tmp_path / "message_1.json"
    meta.write_text(meta_json(msgs), encoding="utf-8")
    rec = next(parse_records(str(tg)))
    assert rec["sender"] == "+33 6 •• •• •• 78" and rec["forwarded_from"] == "+33 7 •• •• •• 44"
    assert next(parse_records(str(tg), show_pii=True))["forwarded_from"] == "+33 7 11 22 33 44"
    assert next(parse_records(str(meta)))["reactions"] == [{"reaction": "👍", "actor": "+33 6 •• •• •• 66"}]


# ------------------------------------------------------------------------------------------- peer samples
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"peer samples folder missing: {SHARED}")


@needs_shared
@pytest.mark.parametrize("kind,name", [("instagram", "test_export.json"), ("signal", "test_export.txt")])
def test_chat_miner_samples_field_by_field(kind: str, name: str) -> None:
    """chat-miner lists newest first, joins continuation lines with ' ', and gives naive (UTC) times."""
    folder = SHARED / "chat-miner" / kind
    target = json.loads((folder / "target.json").read_text("utf-8"))
    units = units_of(folder / name)
    assert units[0].source.format == {"instagram": "meta-json", "signal": "signal-txt"}[kind]
    got = [{"timestamp": u.timestamp[:19], "author": u.sender, "message": u.text.replace("\n", " ")}
           for u in reversed(units)]
    assert got == target


@needs_shared
def test_chat_analytics_messenger_sample() -> None:
    units = units_of(SHARED / "chat-analytics" / "messenger" / "2A_7M.json")
    assert [u.source.format for u in units] == ["meta-json"] * 7
    stamps = [u.timestamp for u in units]
    assert stamps == sorted(stamps)  # newest-first file, emitted oldest first
    assert units[-1].text == "Hello" and units[-1].sender == "Alice"
    assert [u.meta["attachments"][0]["type"] for u in units[:4]] == ["image", "sticker", "audio", "document"]
    assert units[0].timestamp == "2014-11-05T00:27:20.411000+00:00"
    assert all(u.meta["chat"] == "Alice" for u in units)


# ------------------------------------------------------------------------------------------- Meta details
def test_meta_mojibake_repaired_and_system_contents() -> None:
    assert repair("\u00c3\u00a9t\u00c3\u00a9 \u00f0\u009f\u0098\u008d") == "été 😍"
    assert repair("déjà propre") == "déjà propre"  # not mojibake: unchanged
    doc = {"participants": [{"name": "A"}], "messages": [
        {"sender_name": "L\u00c3\u00a9a", "timestamp_ms": 3000, "content": "L\u00c3\u00a9a left the group."},
        {"sender_name": "Bob", "timestamp_ms": 2000, "content": "Liked a message"},
        {"sender_name": "Bob", "timestamp_ms": 1500, "is_unsent": True},
        {"sender_name": "Bob", "timestamp_ms": 1000, "content": "Code promo \u00e2\u0082\u00ac",
         "share": {"link": "https://www.instagram.com/p/C4x/", "original_content_owner": "glowlab"}},
    ], "title": "Groupe"}
    units = units_of("message_1.json", json.dumps(doc).encode())
    assert [u.text for u in units] == ["Code promo €", "", "Liked a message", "Léa left the group."]
    assert [u.is_system for u in units] == [False, False, True, True]
    assert units[1].meta["is_deleted"] and units[3].meta["actor"] == "Léa" and units[3].sender is None
    assert units[0].meta["forwarded_from"] == "glowlab" and units[0].meta["attachments"][0]["url"].endswith("C4x/")


def test_meta_thread_folder_and_zip_read_oldest_file_first(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from chat_writers import meta_json

    t = datetime(2024, 1, 1, tzinfo=UTC)
    old = [{"sender": "A", "ts": t + timedelta(minutes=i), "text": f"old {i}"} for i in range(3)]
    new = [{"sender": "B", "ts": t + timedelta(hours=1, minutes=i), "text": f"new {i}"} for i in range(3)]
    thread = tmp_path / "messages" / "inbox" / "groupe_1"
    thread.mkdir(parents=True)
    (thread / "message_1.json").write_text(meta_json(new), encoding="utf-8")
    (thread / "message_2.json").write_text(meta_json(old), encoding="utf-8")
    texts = [r["text"] for r in parse_records(str(tmp_path))]
    assert texts == [f"old {i}" for i in range(3)] + [f"new {i}" for i in range(3)]
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in thread.iterdir():
            zf.write(p, f"messages/inbox/groupe_1/{p.name}")
    recs = list(parse_records(str(archive)))
    assert [r["text"] for r in recs] == texts and recs[0]["file"].endswith("message_2.json")


def test_telegram_html_chunks_in_numeric_order(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from chat_writers import telegram_html

    t = datetime(2024, 1, 1, tzinfo=UTC)
    for n in (1, 2, 10):
        msgs = [{"id": n * 10 + i, "sender": "A", "ts": t + timedelta(days=n, hours=i), "text": f"{n}.{i}"}
                for i in range(2)]
        (tmp_path / ("messages.html" if n == 1 else f"messages{n}.html")).write_text(telegram_html(msgs), "utf-8")
    texts = [r["text"] for r in parse_records(str(tmp_path))]
    assert texts == ["1.0", "1.1", "2.0", "2.1", "10.0", "10.1"]
    archive = tmp_path / "ChatExport.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted(tmp_path.glob("*.html"), reverse=True):
            zf.write(p, f"ChatExport_2024-03-01/{p.name}")
        zf.writestr("ChatExport_2024-03-01/css/style.css", "body {}")
    assert sniff("ChatExport.zip", archive.read_bytes()[:65536]) == "zip"
    recs = list(parse_records(str(archive)))
    assert [r["text"] for r in recs] == texts and recs[-1]["file"].endswith("/messages10.html")


# ------------------------------------------------------------------------------------------- sniffing, errors
@pytest.mark.parametrize("fmt", sorted(FIXTURES))
def test_sniffing_survives_bom_and_leading_blank_space(fmt: str) -> None:
    data = FIXTURES[fmt].read_bytes()
    for prefix in (b"\xef\xbb\xbf", b"\n\n  \t", b"\xef\xbb\xbf\r\n "):
        assert sniff("x", prefix + data) == fmt.split("/")[0]
        units = units_of("x", prefix + data)
        assert len(units) == len(json.loads(FIXTURES[fmt].with_suffix(".expected.json").read_text("utf-8")))


def test_signal_sniffed_before_whatsapp_with_bom() -> None:
    data = b"\xef\xbb\xbf\n[2024-03-01, 09:00] Jane: Hello\n[2024-03-01, 09:01] Jane: ok\n[2024-03-01 09:01:02] John: Hi\nthere\n"
    assert sniff("s.txt", data) == "signal-txt"
    assert sniff("post.txt", b"2024-03-12 14:05 Rendez-vous: salle 3, code LUNA15\n") != "signal-txt"
    swedish_ios = "[2022-03-18 14:56:01] Elon Musk: Hej\n[2022-03-18 14:57:00] Dmitry: \u200eimage omitted\n"
    assert sniff("_chat.txt", swedish_ios.encode()) == "whatsapp"
    units = units_of("s.txt", data)
    assert [(u.timestamp, u.sender, u.text) for u in units] == [
        ("2024-03-01T09:00:00", "Jane", "Hello"), ("2024-03-01T09:01:00", "Jane", "ok"),
        ("2024-03-01T09:01:02", "John", "Hi\nthere")]


@pytest.mark.parametrize("fmt,data,needle", [
    ("discord-csv", b'"AuthorID","Author","Date"\n"1","a","b"\n', "DiscordChatExporter CSV: unexpected header"),
    ("discord-csv", b'"AuthorID","Author","Date","Content","Attachments","Reactions"\n"1","a"\n',
     "line 2 has 2 fields"),
    ("telegram-html", b"<!DOCTYPE html><html><body>nothing here</body></html>", "Telegram Desktop HTML"),
    ("discord-html", b"<!DOCTYPE html><div class='x'></div>", "DiscordChatExporter HTML export without"),
    ("meta-json", b'{"participants": [], "messages": [{"sender_name": "a", "timestamp_ms": 1}',
     "Meta (Instagram/Messenger) JSON: truncated JSON"),
    ("signal-txt", b"[2024-03-01, 09:00] a: b\n", None),
])
def test_forced_format_errors_are_one_line(fmt: str, data: bytes, needle: str | None) -> None:
    stream = io.BytesIO(data)
    if needle is None:
        assert len(list(read_units("f", stream, ReadOptions(input_format=fmt)))) == 1
        return
    with pytest.raises(ReadError) as exc:
        list(read_units("f", stream, ReadOptions(input_format=fmt)))
    assert needle in str(exc.value) and "\n" not in str(exc.value)


def test_cli_parse_names_the_file_and_the_format(tmp_path: Path, run_cli) -> None:
    bad = tmp_path / "export.csv"
    bad.write_text('"AuthorID","Author","Date","Content","Attachments","Reactions"\n"1","a"\n', encoding="utf-8")
    code, out, err = run_cli("parse", str(bad))
    assert code == 2
    assert "export.csv" in err and "DiscordChatExporter CSV" in err and "Traceback" not in err + out
    code, out, _ = run_cli("parse", str(FIXTURES["discord-html"]))
    assert code == 0 and json.loads(out.splitlines()[0])["is_pinned"] is True


def test_structure_keys_from_the_json_readers() -> None:
    dce = {"guild": {"id": "1", "name": "G"}, "channel": {"id": "2", "name": "annonces"}, "messages": [
        {"id": "10", "type": "Default", "timestamp": "2024-03-01T10:00:00+00:00", "isPinned": True,
         "content": "Brief", "author": {"id": "5", "name": "brand"}},
        {"id": "11", "type": "ChannelPinnedMessage", "timestamp": "2024-03-01T10:01:00+00:00", "isPinned": False,
         "content": "Pinned a message.", "author": {"id": "5", "name": "brand"},
         "reference": {"messageId": "10", "channelId": "2"}},
        {"id": "12", "type": "Reply", "timestamp": "2024-03-01T10:02:00+00:00", "content": "Le code ?",
         "author": {"id": "6", "name": "léa"}, "reference": {"messageId": "10", "channelId": "2"}}]}
    units = units_of("dce.json", json.dumps(dce).encode())
    assert units[0].meta["is_pinned"] and units[1].meta["pinned_message"] == "10"
    assert "reply_to" not in units[1].meta and units[2].meta["reply_to"] == "10"
    tg = {"name": "C", "type": "private_supergroup", "id": 1, "messages": [
        {"id": 1, "type": "message", "date": "2024-03-01T10:00:00", "from": "A", "from_id": "user1", "text": "",
         "poll": {"question": "Quel jour ?", "closed": False, "answers": []}},
        {"id": 2, "type": "service", "date": "2024-03-01T10:01:00", "actor": "A", "actor_id": "user1",
         "action": "pin_message", "message_id": 1, "text": ""}]}
    units = units_of("result.json", json.dumps(tg).encode())
    assert units[0].meta["poll"] == "Quel jour ?" and units[1].meta["pinned_message"] == "1"
    slack = [{"type": "message", "user": "U1", "text": "Fil", "ts": "1700000000.000100",
              "thread_ts": "1700000000.000100", "pinned_to": ["C1"]},
             {"type": "message", "user": "U2", "text": "Réponse", "ts": "1700000001.000100",
              "thread_ts": "1700000000.000100"}]
    units = units_of("general/2024-03-01.json", json.dumps(slack).encode())
    assert units[0].meta["thread"] == units[1].meta["thread"] == "1700000000.000100"
    assert units[0].meta["is_pinned"] and units[1].meta["reply_to"] == "1700000000.000100"


def test_html_links_keep_their_target_and_offsets() -> None:
    block = ('<div class="message default clearfix" id="message7">\n<div class="body">\n'
             '<div class="pull_right date details" title="01.03.2024 10:00:00 UTC+01:00">\n10:00\n</div>\n'
             '<div class="from_name">\nLéa\n</div>\n<div class="text">\nLe lien <a href="https://glowlab.fr/'
             '?aff=LEA&amp;c=1">ici</a> &amp; <strong>AZUR15</strong><br>merci\n</div>\n</div>\n</div>\n')
    page = '<!DOCTYPE html>\n<div class="history">\n' + block
    (unit,) = units_of("messages.html", page.encode())
    assert unit.text == "Le lien ici & AZUR15\nmerci"
    (link,) = unit.meta["links"]
    assert link["href"] == "https://glowlab.fr/?aff=LEA&c=1" and unit.text[link["start"] : link["end"]] == "ici"
    assert unit.timestamp == "2024-03-01T10:00:00+01:00" and unit.sender == "Léa"
