"""WhatsApp text reader: synthetic exports with exact expected parses, MIT peer samples, tricky variants."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from influlint.readers import ReadError, ReadOptions, read_units, sniff
from influlint.readers.records import unit_record
from influlint.readers.whatsapp import BIDI, read_whatsapp

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "chats"
SYNTH = sorted((FIX / "whatsapp").glob("wa_*.txt"))
_T = {ord(c): None for c in BIDI}


def parse(text: str | bytes, **opts):
    warnings: list[str] = []
    data = text.encode("utf-8") if isinstance(text, str) else text
    units = list(read_whatsapp("chat.txt", io.BytesIO(data), ReadOptions(warn=warnings.append, **opts)))
    return units, warnings


def one(line: str, **opts):
    units, _ = parse(line, **opts)
    assert len(units) == 1, units
    return units[0]


# --------------------------------------------------------------------------------------------- synthetic
@pytest.mark.parametrize("path", SYNTH, ids=lambda p: p.name)
def test_synthetic_exports_match_expected_parse(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text("utf-8"))
    with path.open("rb") as fh:
        units = list(read_units(str(path), fh, ReadOptions()))
    assert len(units) == expected["message_count"]
    assert sum(u.is_system for u in units) == expected["system_count"]
    for unit, exp in zip(units, expected["messages"], strict=True):
        rec = unit_record(unit, show_pii=True)
        got = {
            "line": rec["line"], "end_line": rec["end_line"], "timestamp": rec["timestamp"],
            "sender": rec["sender"], "text": rec["text"], "is_system": rec["is_system"], "kind": rec["kind"],
            "attachments": rec["attachments"], "is_edited": rec.get("is_edited", False),
            "is_deleted": rec.get("is_deleted", False), "raw_sender": unit.meta["raw_sender"],
        }
        assert got == {k: exp[k] for k in got}, exp["line"]
        assert unit.kind == "message"
        assert unit.source.format == "whatsapp"
        assert unit.text == unit.source.text[unit.start : unit.end]
        # the unit starts on its header line and the source spans the message's physical lines
        assert unit.line == exp["line"]
        assert unit.source.line_base + unit.source.text.count("\n") + 1 == exp["end_line"]


def test_synthetic_sniffed_as_whatsapp() -> None:
    for path in SYNTH:
        assert sniff(path.name, path.read_bytes()[:65536]) == "whatsapp"


def test_finding_position_inside_multiline_message() -> None:
    path = FIX / "whatsapp" / "wa_fr_android_24h.txt"
    with path.open("rb") as fh:
        units = list(read_units(str(path), fh, ReadOptions()))
    brief = next(u for u in units if u.line == 12)
    offset = brief.source.text.index("AZUR15")
    assert brief.source.position(offset) == (15, 8)  # "- code AZUR15 = -15 % sur le site" is file line 15
    file_lines = path.read_text("utf-8").split("\n")
    assert file_lines[14][7:13] == "AZUR15"


def test_ios_body_excludes_marks_and_edited_marker() -> None:
    path = FIX / "whatsapp" / "wa_fr_ios_seconds.txt"
    with path.open("rb") as fh:
        units = {u.line: u for u in read_units(str(path), fh, ReadOptions())}
    edited = units[25]
    assert edited.text == "Trop beau 🔥"
    assert "modifié" in edited.source.text
    placeholder = units[10]
    assert placeholder.text == "image absente"  # U+200E before the body is outside the unit
    assert placeholder.source.text.startswith("\u200e[")
    assert placeholder.source.position(placeholder.start) == (10, 38)


# --------------------------------------------------------------------------------------------- MIT samples
FORMAT_CASES = json.loads((FIX / "samples" / "whatsapp-chat-parser" / "FORMAT_CASES.json").read_text("utf-8"))


@pytest.mark.parametrize("case", FORMAT_CASES["date_formats"], ids=lambda c: c["id"])
def test_pustur_header_variants(case: dict) -> None:
    unit = one(case["line"])
    assert unit.timestamp == case["expected_timestamp"]
    assert unit.sender == case["expected_sender"]
    assert unit.text == case["expected_text"]


@pytest.mark.parametrize("case", FORMAT_CASES["attachments"], ids=lambda c: c["id"])
def test_pustur_attachment_names(case: dict) -> None:
    units, _ = parse(case["line"])
    assert units[0].meta["attachments"][0]["file_name"] == case["expected_file_name"]


@pytest.mark.parametrize("case", FORMAT_CASES["multi_message"], ids=lambda c: c["id"])
def test_pustur_multi_message(case: dict) -> None:
    units, _ = parse(case["text"])
    assert len(units) == len(case["expected"])
    for unit, exp in zip(units, case["expected"], strict=True):
        assert unit.timestamp == exp["timestamp"]
        assert unit.sender == exp["sender"]
        assert unit.text.rstrip("\n") == exp["text"].rstrip("\n")
        assert unit.is_system == exp.get("system", False)


CHAT_MINER = FIX / "samples" / "chat-miner" / "whatsapp"


@pytest.mark.parametrize("path", sorted(CHAT_MINER.glob("test_*.txt")), ids=lambda p: p.name)
def test_chat_miner_five_formats(path: Path) -> None:
    target = json.loads((CHAT_MINER / "target.json").read_text("utf-8"))
    with path.open("rb") as fh:
        units = list(read_units(str(path), fh, ReadOptions()))
    assert len(units) == 9
    user = [u for u in units if not u.is_system and u.text != "."]
    got = [
        {"timestamp": u.timestamp, "author": u.sender, "message": u.text.replace("\n", " ")} for u in user
    ][::-1]
    assert got == target


# --------------------------------------------------------------------------------------------- tricky variants
def test_day_month_order_from_whole_file() -> None:
    units, warnings = parse("03/04/2024 10:00 - A: x\n13/04/2024 10:00 - A: y\n")
    assert [u.timestamp[:10] for u in units] == ["2024-04-03", "2024-04-13"]
    assert warnings == []
    units, _ = parse("04/03/2024 10:00 - A: x\n04/13/2024 10:00 - A: y\n")
    assert [u.timestamp[:10] for u in units] == ["2024-04-03", "2024-04-13"]


def test_day_month_undecidable_warns_and_can_be_forced() -> None:
    text = "12/9/20, 23:55 - Bob: hello\n12/9/20, 23:56 - Eve: hi\n"
    units, warnings = parse(text)
    assert units[0].timestamp == "2020-09-12T23:55:00"
    assert warnings and "--monthfirst" in warnings[0]
    units, warnings = parse(text, dayfirst=False)
    assert units[0].timestamp == "2020-12-09T23:55:00"
    assert warnings == []


def test_day_month_conflict_is_a_clear_error_unless_forced() -> None:
    text = "13/01/2024 10:00 - A: x\n01/14/2024 10:00 - A: y\n"
    with pytest.raises(ReadError, match="day/month order"):
        parse(text)
    units, _ = parse(text, dayfirst=True)
    assert units[0].timestamp == "2024-01-13T10:00:00"
    assert len(units) == 1  # 01/14 is not a valid day-first date: continuation of the first message
    assert units[0].text == "x\n01/14/2024 10:00 - A: y"


def test_sequence_rule_for_small_numbers() -> None:
    # first component 02..05 changes, second stays: the first is the day (French iOS synthetic case)
    text = "".join(f"[0{d}/04/2024 10:00:00] A: m{d}\n" for d in range(2, 6))
    units, _ = parse(text)
    assert units[-1].timestamp == "2024-04-05T10:00:00"


def test_narrow_space_and_nbsp_before_am_pm() -> None:
    assert one("5/16/24, 12:05\u202fAM - A: x").timestamp == "2024-05-16T00:05:00"
    assert one("1/4/23, 7:02\u202fPM - B: <Media omitted>").meta["kind"] == "media_omitted"
    assert one("01/30/2019, 08:49 p.\u00a0m. - J: y").timestamp == "2019-01-30T20:49:00"
    assert one("06/20/2020, 00:08 a. m. - J: z").timestamp == "2020-06-20T00:08:00"


def test_ios_system_line_with_chat_name_sender() -> None:
    text = (
        "\u200e[02/04/2024 10:00:12] Club: \u200eLes messages et les appels sont chiffrés de bout en bout. "
        "Aucun tiers, pas même WhatsApp, ne peut les lire ou les écouter.\n"
        "\u200e[02/04/2024 10:01:47] Club: \u200eCamille a ajouté Léa\n"
        "[13/04/2024 10:03:05] Camille: Léa a ajouté une photo\n"
    )
    units, _ = parse(text)
    assert [u.is_system for u in units] == [True, True, False]
    assert [u.sender for u in units] == [None, None, "Camille"]
    assert units[1].meta["raw_sender"] == "Club"


def test_android_system_line_with_colon_in_subject() -> None:
    units, _ = parse('13/03/2024 10:00 - Camille changed the subject to "Brief: Juin"\n13/03/2024 10:01 - A: ok\n')
    assert units[0].is_system and units[0].sender is None
    assert units[1].sender == "A"


def test_direction_marks_before_bracket_and_around_phone_sender() -> None:
    unit = one("\u200e[09/04/2024 07:58:04] \u202a+33\u00a06\u00a012\u00a034\u00a056\u00a078\u202c: \u200eaudio omis")
    assert unit.sender == "+33\u00a06\u00a012\u00a034\u00a056\u00a078"
    assert unit.text == "audio omis"
    assert unit.meta["attachments"][0]["type"] == "audio"


def test_header_looking_continuation_lines_stay_in_the_message() -> None:
    text = (
        "5/6/24, 12:00\u202fPM - Camille: Summer brief:\n"
        "Deadline: 5/10 at 6:00 PM\n"
        "2016-04-29 10:30:00\n"
        "08/03 à 18:00\n"
        "5/6/24, 12:30\u202fPM - Ines: ok\n"
    )
    units, _ = parse(text)
    assert len(units) == 2
    assert units[0].text.count("\n") == 3
    assert units[0].meta["end_line"] == 4


def test_line_in_another_header_format_is_kept_with_a_warning() -> None:
    units, warnings = parse("13/03/2024 10:00 - A: one\n[14/03/2024 10:00:00] B: pasted\n14/03/2024 10:01 - C: two\n")
    assert [u.sender for u in units] == ["A", "C"]
    assert "pasted" in units[0].text
    assert any("line 2" in w for w in warnings)


def test_non_gregorian_and_non_latin_dates() -> None:
    assert one("[3/18/2565 BE, 14:56:01] Elon: hi").timestamp == "2022-03-18T14:56:01"
    assert one("[3/18/R4, 14:56:01] Elon: hi").timestamp == "2022-03-18T14:56:01"
    assert one("[14:56:01, 3/18/22] Musk Elon: hi").timestamp == "2022-03-18T14:56:01"
    arabic = "[١٨\u200f/٣\u200f/٢٠٢٢، ٢:٥٦:٠١\u00a0م] Dmitry: hello"
    unit = one(arabic)
    assert unit.timestamp == "2022-03-18T14:56:01"
    assert unit.sender == "Dmitry"
    assert one("13.6.2018 klo 21.25.15 - a: m").timestamp == "2018-06-13T21:25:15"
    assert one("12/03/2019 à 14:05 - Camille: salut").timestamp == "2019-03-12T14:05:00"


def test_out_of_order_timestamps_keep_file_order() -> None:
    path = FIX / "whatsapp" / "wa_en_android_12h.txt"
    with path.open("rb") as fh:
        units = list(read_units(str(path), fh, ReadOptions()))
    stamps = [u.timestamp for u in units]
    assert stamps != sorted(stamps)
    assert [u.line for u in units] == sorted(u.line for u in units)


def test_media_deleted_edited_markers() -> None:
    units, _ = parse(
        "13/03/2024 10:00 - A: <Médias omis>\n"
        "13/03/2024 10:01 - A: Ce message a été supprimé\n"
        "13/03/2024 10:02 - A: Top <This message was edited>\n"
        "13/03/2024 10:03 - A: null\n"
        "13/03/2024 10:04 - A: IMG-20240313-WA0001.jpg (fichier joint)\nLégende\n"
    )
    assert [u.meta["kind"] for u in units] == ["media_omitted", "deleted", "text", "view_once", "attachment"]
    assert units[2].text == "Top" and units[2].meta["is_edited"]
    assert units[4].meta["attachments"][0] == {"type": "image", "file_name": "IMG-20240313-WA0001.jpg"}


def test_empty_body_and_colon_in_body() -> None:
    units, _ = parse("03/02/17, 18:42 - Luke: \n10/06/20, 15:55 - John-John Doe: Lorem ipsum : dolor\n")
    assert units[0].sender == "Luke" and units[0].text == "" and not units[0].is_system
    assert units[1].sender == "John-John Doe" and units[1].text == "Lorem ipsum : dolor"


def test_preamble_is_kept_with_a_warning() -> None:
    units, warnings = parse("suite d'un message coupé\n13/03/2024 10:00 - A: x\n")
    assert len(units) == 2
    assert units[0].sender is None and units[0].text == "suite d'un message coupé"
    assert any("line 1" in w for w in warnings)


def test_bom_crlf_and_cp1252() -> None:
    units, _ = parse(b"\xef\xbb\xbf13/03/2024 10:00 - A: x\r\nsuite\r\n13/03/2024 10:01 - B: y\r\n")
    assert [u.text for u in units] == ["x\nsuite", "y"]
    units, warnings = parse("13/03/2024 10:00 - Léa: café\n".encode("cp1252"))
    assert units[0].sender == "Léa" and units[0].text == "café"
    assert any("cp1252" in w for w in warnings)
    units, _ = parse("\ufeff13/03/2024 10:00 - A: x\n".encode("utf-16"))
    assert units[0].text == "x"


def test_no_header_is_an_error_naming_line_one() -> None:
    with pytest.raises(ReadError, match="no WhatsApp message header"):
        parse("hello\nworld\n")


class CountingStream(io.BytesIO):
    max_read = 0

    def read(self, size: int | None = -1) -> bytes:  # type: ignore[override]
        if size is None or size < 0:
            raise AssertionError("whole-stream read")
        CountingStream.max_read = max(CountingStream.max_read, size)
        return super().read(size)

    def read1(self, size: int = -1) -> bytes:  # type: ignore[override]
        if size is None or size < 0:
            raise AssertionError("whole-stream read")
        return super().read1(size)

    def readinto(self, b) -> int:  # type: ignore[override]
        return super().readinto(b)


def test_reads_incrementally_and_lazily() -> None:
    text = "".join(f"13/03/2024 10:{i % 60:02d} - A: message {i}\n" for i in range(20000))
    stream = CountingStream(text.encode())
    units = read_whatsapp("big.txt", stream, ReadOptions())
    first = next(units)
    assert first.text == "message 0"
    assert CountingStream.max_read <= 1 << 20
    assert sum(1 for _ in units) == 19999
