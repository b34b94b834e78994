"""DiscordChatExporter JSON (`{"guild", "channel", "messages": [...]}`), read as a stream."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from influlint.model import Source, Unit
from influlint.readers._json import JsonStream, value_limit
from influlint.readers._text import ReadError

FORMAT = "discord-json"
USER_TYPES = frozenset({"Default", "Reply", "0", "19", None})


def _attachments(msg: dict) -> list[dict]:
    out = []
    for a in _list(msg.get("attachments")):
        if isinstance(a, dict):
            name = _str(a.get("fileName")) or ""
            ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            kind = {"png": "image", "jpg": "image", "jpeg": "image", "gif": "gif", "webp": "image",
                    "mp4": "video", "mov": "video", "mp3": "audio", "ogg": "audio"}.get(ext, "document")
            out.append({"type": kind, "file_name": name, "url": a.get("url")})
    for s in _list(msg.get("stickers")):
        if isinstance(s, dict):
            out.append({"type": "sticker", "file_name": s.get("name"), "url": s.get("sourceUrl")})
    return out


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    """Export fields are strings; anything else (a number, an object) is shown as text, never trusted."""
    return value if value is None or isinstance(value, str) else str(value)


def message_unit(path: str, msg: Any, line: int, channel: dict) -> Unit:
    if not isinstance(msg, dict):
        raise ReadError(f"invalid Discord message at line {line}: not an object")
    text = msg.get("content") or ""
    if not isinstance(text, str):
        text = str(text)
    author = msg.get("author") if isinstance(msg.get("author"), dict) else {}
    sender = _str(author.get("nickname") or author.get("name"))
    mtype = msg.get("type")
    is_system = not isinstance(mtype, str | None) or mtype not in USER_TYPES
    meta: dict[str, Any] = {
        "attachments": tuple(_attachments(msg)),
        "sender_id": _str(author.get("id")),
        "kind": "system" if is_system else "text",
        "is_bot": bool(author.get("isBot")),
    }
    if channel.get("name"):
        meta["chat"] = _str(channel.get("name"))
    ref = msg.get("reference")
    if isinstance(ref, dict) and isinstance(ref.get("messageId"), str | int):
        meta["reply_to"] = str(ref["messageId"])
    if is_system:  # who joined (GuildMemberJoin…), for `influlint audit`
        meta["type"], meta["actor"] = str(mtype), sender
    if msg.get("timestampEdited"):
        meta["is_edited"] = True
    if msg.get("isPinned"):
        meta["is_pinned"] = True
    if mtype == "ChannelPinnedMessage" and "reply_to" in meta:
        meta["action"] = "pin_message"
        meta["pinned_message"] = meta.pop("reply_to")
    source = Source(path=path, text=text, format=FORMAT, line_base=max(0, line - 1))
    mid = msg.get("id")
    return Unit(source, 0, len(text), kind="message", meta=meta, sender=None if is_system else sender,
                timestamp=_str(msg.get("timestamp")), id=None if mid is None else str(mid), is_system=is_system)


def read_discord_stream(path: str, stream: BinaryIO, options) -> Iterator[Unit]:
    js = JsonStream(stream, max_value=value_limit(options))
    if js.peek() != "{":
        raise ReadError("not a DiscordChatExporter JSON export: the top level is not an object (line 1)")
    channel: dict = {}
    seen = False
    for key in js.iter_object():
        if key == "messages" and js.peek() == "[":
            seen = True
            for line in js.iter_array():
                yield message_unit(path, js.value(), line, channel)
        elif key == "channel":
            value = js.value()
            channel = value if isinstance(value, dict) else {}
        else:
            js.skip()
    if not js.at_end():
        raise js.error("invalid JSON: extra data after the export object")
    if not seen:
        raise ReadError("no \"messages\" array in this DiscordChatExporter JSON")


def read_discord(path: str, stream: BinaryIO, options) -> Iterator[Unit]:
    from influlint.readers._zip import is_zip_stream, read_zip

    if is_zip_stream(stream):
        return read_zip(path, stream, options)
    return read_discord_stream(path, stream, options)
