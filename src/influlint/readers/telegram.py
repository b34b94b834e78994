"""Telegram Desktop JSON export (`result.json`): single chat or full account export, read as a stream."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

from influlint.model import Source, Unit
from influlint.readers._json import JsonStream, value_limit
from influlint.readers._text import ReadError

FORMAT = "telegram-json"
_CHAT_KEYS = ("name", "type", "id")


def utc_iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).isoformat()


def flatten_text(text: Any) -> tuple[str, list[dict]]:
    """Concatenate a Telegram `text` (string, or list of strings and entity objects); return the links."""
    if text is None:
        return "", []
    if isinstance(text, str):
        return text, []
    parts: list[str] = []
    links: list[dict] = []
    pos = 0
    if not isinstance(text, list):
        text = [text]
    for part in text:
        if isinstance(part, str):
            s = part
        elif isinstance(part, dict):
            s = part.get("text") or ""
            if not isinstance(s, str):
                s = str(s)
            kind = part.get("type") if isinstance(part.get("type"), str) else None
            if kind in ("text_link", "link") or part.get("href"):
                href = part.get("href") if isinstance(part.get("href"), str) and part.get("href") else s
                links.append({"type": kind, "text": s, "href": href,
                              "start": pos, "end": pos + len(s)})
        else:
            s = str(part)
        parts.append(s)
        pos += len(s)
    return "".join(parts), links


def _attachments(msg: dict) -> list[dict]:
    out: list[dict] = []
    photo = msg.get("photo")
    if photo:
        out.append(_file("image", photo))
    f = msg.get("file")
    if f:
        mt = msg.get("media_type") if isinstance(msg.get("media_type"), str) else ""
        kind = {
            "sticker": "sticker", "video_message": "video", "voice_message": "voice", "animation": "gif",
            "video_file": "video", "audio_file": "audio",
        }.get(mt, "document")
        out.append(_file(kind, f))
    if msg.get("contact_information"):
        out.append({"type": "contact"})
    if isinstance(msg.get("location_information"), dict):
        loc = msg["location_information"]
        out.append({"type": "location", "latitude": loc.get("latitude"), "longitude": loc.get("longitude")})
    if isinstance(msg.get("poll"), dict):
        out.append({"type": "poll", "question": msg["poll"].get("question")})
    return out


def _file(kind: str, value: Any) -> dict:
    value = value if isinstance(value, str) else str(value)
    if value.startswith("(File not included"):
        return {"type": kind, "placeholder": value}
    return {"type": kind, "file_name": value}


def _structure(msg: dict, meta: dict) -> None:
    """Pins and polls, for rules (`meta:`) and `parse`."""
    if msg.get("action") == "pin_message" and msg.get("message_id") is not None:
        meta["pinned_message"] = str(msg["message_id"])
    if isinstance(msg.get("poll"), dict) and msg["poll"].get("question"):
        meta["poll"] = msg["poll"]["question"]


def message_unit(path: str, msg: Any, line: int, chat: dict, fmt: str = FORMAT) -> Unit:
    if not isinstance(msg, dict):
        raise ReadError(f"invalid Telegram message at line {line}: not an object")
    text, links = flatten_text(msg.get("text"))
    mtype = msg.get("type", "message")
    is_system = not isinstance(mtype, str) or mtype != "message"
    if not isinstance(msg.get("date"), str | None):
        msg = {**msg, "date": None}
    ts = None
    unix = msg.get("date_unixtime")
    if unix not in (None, ""):
        try:
            ts = utc_iso(int(unix))
        except (TypeError, ValueError, OverflowError, OSError):  # a hostile or broken date is no date
            ts = None
    if ts is None and isinstance(msg.get("date"), str):
        ts = msg["date"]
    sender = None if is_system else msg.get("from")
    if sender is not None and not isinstance(sender, str):
        sender = str(sender)
    sender_id = msg.get("from_id", msg.get("actor_id"))
    meta: dict[str, Any] = {
        "attachments": tuple(_attachments(msg)),
        "sender_id": None if sender_id is None else str(sender_id),
        "kind": "system" if is_system else "text",
    }
    if chat.get("name") is not None:
        meta["chat"] = str(chat.get("name"))
    if links:
        meta["links"] = tuple(links)
    if "forwarded_from" in msg:
        meta["is_forwarded"] = True
        meta["forwarded_from"] = msg.get("forwarded_from")
    if isinstance(msg.get("reply_to_message_id"), str | int):
        meta["reply_to"] = str(msg["reply_to_message_id"])
    if msg.get("edited"):
        meta["is_edited"] = True
    if is_system:
        meta["action"] = msg.get("action")
        meta["actor"] = msg.get("actor")
        if isinstance(msg.get("members"), list):
            meta["members"] = tuple(str(m) for m in msg["members"] if m)
    _structure(msg, meta)
    source = Source(path=path, text=text, format=fmt, line_base=max(0, line - 1))
    mid = msg.get("id")
    return Unit(source, 0, len(text), kind="message", meta=meta, sender=sender, timestamp=ts,
                id=None if mid is None else str(mid), is_system=is_system)


def _messages(js: JsonStream, path: str, chat: dict) -> Iterator[Unit]:
    if js.peek() != "[":
        js.skip()
        return
    for line in js.iter_array():
        yield message_unit(path, js.value(), line, chat)


def _chat(js: JsonStream, path: str) -> Iterator[Unit]:
    chat: dict = {}
    for key in js.iter_object():
        if key == "messages":
            yield from _messages(js, path, chat)
        elif key in _CHAT_KEYS:
            chat[key] = js.value()
        else:
            js.skip()


def read_telegram_stream(path: str, stream: BinaryIO, options) -> Iterator[Unit]:
    js = JsonStream(stream, max_value=value_limit(options))
    if js.peek() != "{":
        raise ReadError("not a Telegram Desktop JSON export: the top level is not an object (line 1)")
    chat: dict = {}
    seen = False
    for key in js.iter_object():
        if key == "messages":
            seen = True
            yield from _messages(js, path, chat)
        elif key in ("chats", "left_chats") and js.peek() == "{":
            for k2 in js.iter_object():
                if k2 == "list" and js.peek() == "[":
                    for _line in js.iter_array():
                        seen = True
                        if js.peek() == "{":
                            yield from _chat(js, path)
                        else:
                            js.skip()
                else:
                    js.skip()
        elif key in _CHAT_KEYS:
            chat[key] = js.value()
        else:
            js.skip()
    if not js.at_end():
        raise js.error("invalid JSON: extra data after the export object")
    if not seen:
        raise ReadError("no Telegram messages found (no \"messages\" array nor \"chats\" list)")


def read_telegram(path: str, stream: BinaryIO, options) -> Iterator[Unit]:
    from influlint.readers._zip import is_zip_stream, read_zip

    if is_zip_stream(stream):
        return read_zip(path, stream, options)
    return read_telegram_stream(path, stream, options)
