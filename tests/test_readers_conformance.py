"""Conformance with the GPL/AGPL peer samples, read in place from ../shared/formats/samples/ (never copied).

PROVENANCE.md mappings: whats_json counts headers (23/25/60/41/28); chat-analytics drops system messages and
sorts WhatsApp by time; whatstk keeps the group-name banner as a system row.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from influlint.readers import ReadOptions, detect, read_units

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "formats" / "samples"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"peer samples folder missing: {SHARED}")


def units_of(path: Path, **opts) -> list:
    with path.open("rb") as fh:
        return list(read_units(str(path), fh, ReadOptions(**opts)))


def header_count(path: Path) -> int:
    """Independent count: lines that start a message (first char a digit, '[' or a bidi mark + '[')."""
    count = 0
    for line in path.read_text("utf-8").split("\n"):
        s = line.lstrip("\u200e\u200f")
        count += bool(s) and (s[0] == "[" or s[0].isdigit()) and (" - " in s[:40] or "] " in s[:45])
    return count


WHATS_JSON = sorted((SHARED / "whats_json").rglob("*.txt")) if SHARED.is_dir() else []


@pytest.mark.parametrize("path", WHATS_JSON, ids=lambda p: p.name)
def test_whats_json_header_counts(path: Path) -> None:
    units = units_of(path)
    assert len(units) == header_count(path)
    assert all(u.timestamp and u.timestamp.startswith(("2022", "2023")) for u in units), path.name
    assert all(u.text == u.source.text[u.start : u.end] for u in units)


def test_whats_json_expected_counts_and_calendars() -> None:
    langs = SHARED / "whats_json" / "languages"
    for p in langs.glob("*_ios.txt"):
        assert len(units_of(p)) == 23, p.name
    assert len(units_of(langs / "english_ios_media.txt")) == 25
    for name in ("english_android.txt", "english_android_media.txt", "russian_android.txt", "czech_android.txt"):
        assert len(units_of(langs / name)) == 60, name
    assert len(units_of(langs / "deutch_android_media.txt")) == 41
    cal = SHARED / "whats_json" / "calendars"
    stamps = [[u.timestamp for u in units_of(cal / f"{c} iOS.txt")][:2] for c in ("Gregorian", "Buddhist", "Japanese")]
    assert stamps[0] == stamps[1] == stamps[2] == ["2022-03-18T14:56:01", "2022-03-27T21:41:35"]


def test_whats_json_ios_banner_is_system_and_zip_matches_txt() -> None:
    ios = SHARED / "whats_json" / "ios"
    units = units_of(ios / "WhatsApp Chat - Elon Musk (EN).txt")
    assert units[0].is_system and units[0].sender is None and units[0].meta["raw_sender"] == "Elon Musk"
    zipped = units_of(ios / "WhatsApp Chat - Elon Musk (RU).zip")
    plain = units_of(ios / "WhatsApp Chat - Elon Musk (RU).txt")
    # same chat exported twice (the zip's contact is named "Dmitry Starkov", the .txt's "Dmitry S")
    assert [(u.timestamp, u.is_system) for u in zipped] == [(u.timestamp, u.is_system) for u in plain]
    assert zipped[1].sender == "Dmitry Starkov" and zipped[1].text == "Hello World"


def test_whats_json_group_system_events() -> None:
    units = units_of(SHARED / "whats_json" / "android" / "WhatsApp Chat with Group Chat XXX Android.txt")
    assert len(units) == 20
    assert sum(u.is_system for u in units) >= 14


def test_whatstk_pokemon_and_lorem() -> None:
    units = units_of(SHARED / "whatstk" / "pokemon.txt")
    assert len(units) == 20
    assert units[0].is_system and units[0].meta["raw_sender"] == "Pokemon Chat"
    assert units[0].timestamp == "2016-04-15T15:04:00"
    assert units[1].is_system and units[1].sender is None
    assert [(u.timestamp, u.sender) for u in units[2:5]] == [
        ("2016-08-06T13:23:00", "Ash Ketchum"), ("2016-08-06T13:25:00", "Brock"), ("2016-08-06T13:30:00", "Misty")]
    assert units[2].text == "Hey guys!"
    lorem = units_of(SHARED / "whatstk" / "lorem.txt")
    assert [(u.timestamp, u.sender) for u in lorem[:5]] == [
        ("2020-01-15T02:22:56", "Mary"), ("2020-01-15T03:33:01", "Mary"), ("2020-01-15T04:18:42", "+1 123 456 789"),
        ("2020-01-15T06:05:14", "Giuseppe"), ("2020-01-15T06:56:00", "Mary")]
    assert lorem[0].text == "Nostrud exercitation magna id. "  # trailing space kept


EXPECTED = json.loads((SHARED / "chat-analytics" / "EXPECTED_PARSE.json").read_text("utf-8")) if SHARED.is_dir() else {}
CA = SHARED / "chat-analytics"


def test_chat_analytics_whatsapp() -> None:
    exp = EXPECTED["whatsapp/2A_5M.txt"]["messages"]
    units = units_of(CA / "whatsapp" / "2A_5M.txt")
    assert len(units) == 5
    by_line = {u.line: u for u in units}
    for e in exp:
        u = by_line[e["line"]]
        assert (u.timestamp, u.sender) == (e["timestamp"], e["sender"])
        if e["text"] is not None:
            assert u.text == e["text"]
        else:
            assert u.meta["kind"] == "media_omitted"
    for name in ("4A_11M.txt", "4A_11M.zip"):
        units = units_of(CA / "whatsapp" / name)
        counts = EXPECTED["whatsapp/4A_11M.txt"]["counts"]
        assert len(units) == counts["header_lines"]
        assert sum(u.is_system for u in units) == counts["system"]
        got = {(u.timestamp, u.sender, u.text) for u in units}
        for e in EXPECTED["whatsapp/4A_11M.txt"]["messages_spot_checked"]:
            assert (e["timestamp"], e["sender"], e["text"]) in got


@pytest.mark.parametrize("name", ["DM_2A_2M.json", "GC_3A_5M.json", "SV_5A_5M.json"])
def test_chat_analytics_discord(name: str) -> None:
    path = CA / "discord" / name
    with path.open("rb") as fh:
        assert detect(str(path), fh, ReadOptions()) == "discord-json"
    units = units_of(path)
    user = {u.id: u for u in units if not u.is_system}
    for e in EXPECTED[f"discord/{name}"]["messages"]:
        u = user[e["id"]]
        assert (u.timestamp, u.meta["sender_id"], u.text) == (e["timestamp"], e["sender_id"], e["text"])
    for dropped in EXPECTED[f"discord/{name}"].get("system_dropped", []):
        mid = dropped.split()[-1]
        assert any(u.id == mid and u.is_system for u in units)


def test_chat_analytics_telegram() -> None:
    units = units_of(CA / "telegram" / "DM_2A_7M.json")
    user = {u.id: u for u in units if not u.is_system}
    for e in EXPECTED["telegram/DM_2A_7M.json"]["messages"]:
        u = user[e["id"]]
        assert (u.timestamp, u.sender, u.meta["sender_id"], u.text) == (
            e["timestamp"], e["sender"], e["sender_id"], e["text"])
        if e.get("attachments"):
            assert u.meta["attachments"][0]["type"] == "image"
    assert sum(u.is_system for u in units) == 2  # joined_telegram + phone_call
