"""Bounded-time fuzzing of every reader (WhatsApp text and zip, Telegram, Discord and Slack JSON): whatever
the bytes, a reader yields units that keep the slice invariant, or raises its one-line ReadError; no other
exception (which the command line would report as an internal fault) ever escapes. A few seconds each."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from influlint.readers import ReadError, ReadOptions, read_units
from influlint.readers.slack import read_slack_tree, zip_tree

FUZZ = settings(max_examples=120, deadline=timedelta(seconds=2), derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


def _read(name: str, data: bytes, **opts) -> None:
    try:
        units = list(read_units(name, io.BytesIO(data), ReadOptions(**opts)))
    except ReadError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    for unit in units:
        assert unit.text == unit.source.text[unit.start:unit.end]
        assert 0 <= unit.start <= unit.end <= len(unit.source.text)
        assert unit.sender is None or isinstance(unit.sender, str)
        assert unit.timestamp is None or isinstance(unit.timestamp, str)


# ------------------------------------------------------------------------------------------ WhatsApp
headers = st.sampled_from(["01/02/2024, 10:00 - ", "[01/02/2024 10:00:00] ", "2/1/24, 9:05 PM - ",
                           "\u200e[01.02.24, 10:00:00] ", "31/12/1999, 23:59 - ", "99/99/9999, 99:99 - ", ""])
names = st.sampled_from(["Julie", "~ +33 6 12 34 56 78", "\u202eevil", "a:b", "", "Marc \x1b[2J"])
bodies = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
wa_lines = st.builds(lambda h, n, b, sep: f"{h}{n}: {b}" if sep else f"{h}{b}", headers, names, bodies, st.booleans())
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])


@FUZZ
@given(lines=st.lists(wa_lines, max_size=25), newline=st.sampled_from(["\n", "\r\n", "\r"]), encoding=encodings,
       dayfirst=st.sampled_from([None, True, False]))
def test_fuzz_whatsapp_text(lines, newline, encoding, dayfirst):
    data = newline.join(lines).encode(encoding, errors="replace")
    _read("chat.txt", data, input_format="whatsapp", dayfirst=dayfirst)
    _read("chat.txt", data)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_fuzz_whatsapp_random_bytes(data):
    _read("chat.txt", data, input_format="whatsapp")
    _read("chat.txt", data)


# ------------------------------------------------------------------------------------------ zip
def _zip(members: dict[str, bytes], method: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


member_names = st.sampled_from(["_chat.txt", "WhatsApp Chat with +33 6 12 34 56 78.txt", "result.json",
                                "channels.json", "users.json", "general/2024-01-01.json", "../evil.txt",
                                "/abs.txt", "\x1b[2J.txt", "x.json", "a/b/c.txt", "__MACOSX/_chat.txt"])


@FUZZ
@given(members=st.dictionaries(member_names, st.one_of(st.binary(max_size=300),
                                                       wa_lines.map(lambda s: s.encode())), max_size=5),
       method=st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2]),
       cut=st.none() | st.integers(min_value=0, max_value=4000), flip=st.none() | st.integers(0, 4000))
def test_fuzz_zip(members, method, cut, flip):
    data = bytearray(_zip(members, method))
    if flip is not None and flip < len(data):
        data[flip] ^= 0xFF
    if cut is not None:
        data = data[:cut]
    _read("export.zip", bytes(data))
    _read("export.zip", bytes(data), input_format="zip")


# ------------------------------------------------------------------------------------------ JSON exports
tg_keys = st.sampled_from(["id", "type", "date", "date_unixtime", "from", "from_id", "actor_id", "text", "photo",
                           "file", "media_type", "contact_information", "location_information", "poll",
                           "forwarded_from", "reply_to_message_id", "edited", "action", "actor"])


def _mutate(text: str, cut: int | None, splice: str) -> bytes:
    if cut is not None:
        text = text[: cut % (len(text) + 1)] + splice
    return text.encode("utf-8", errors="replace")


@FUZZ
@given(msgs=st.lists(st.dictionaries(tg_keys, json_values, max_size=8), max_size=5),
       top=st.dictionaries(st.sampled_from(["name", "type", "id", "chats", "left_chats", "x"]), json_values,
                           max_size=3),
       cut=st.none() | st.integers(min_value=0), splice=st.sampled_from(["", "]", "}", '"', "\\x0B", "[" * 50]))
def test_fuzz_telegram(msgs, top, cut, splice):
    data = _mutate(json.dumps({**top, "messages": msgs}, allow_nan=True), cut, splice)
    _read("result.json", data, input_format="telegram-json")
    _read("result.json", data)


dc_keys = st.sampled_from(["id", "type", "timestamp", "timestampEdited", "content", "author", "attachments",
                           "stickers", "reference", "embeds"])


@FUZZ
@given(msgs=st.lists(st.dictionaries(dc_keys, json_values, max_size=8), max_size=5), channel=json_values,
       cut=st.none() | st.integers(min_value=0), splice=st.sampled_from(["", "]", "}", '"']))
def test_fuzz_discord(msgs, channel, cut, splice):
    data = _mutate(json.dumps({"guild": {"name": "g"}, "channel": channel, "messages": msgs}, allow_nan=True),
                   cut, splice)
    _read("discord.json", data, input_format="discord-json")
    _read("discord.json", data)


sl_keys = st.sampled_from(["type", "subtype", "ts", "user", "user_profile", "text", "files", "thread_ts", "edited",
                           "bot_id", "username"])


@FUZZ
@given(msgs=st.lists(st.dictionaries(sl_keys, json_values, max_size=8), max_size=5), users=json_values,
       cut=st.none() | st.integers(min_value=0))
def test_fuzz_slack(msgs, users, cut):
    day = _mutate(json.dumps(msgs, allow_nan=True), cut, "")
    _read("general/2024-01-01.json", day, input_format="slack-json")
    export = _zip({"channels.json": b"[]", "users.json": json.dumps(users).encode(),
                   "general/2024-01-01.json": day}, zipfile.ZIP_DEFLATED)
    _read("slack.zip", export)
    try:
        with zipfile.ZipFile(io.BytesIO(export)) as zf:
            list(read_slack_tree("slack.zip", zip_tree(zf), ReadOptions()))
    except ReadError:
        pass
