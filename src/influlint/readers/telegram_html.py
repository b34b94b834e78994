"""Telegram Desktop HTML export (`messages.html`, `messages2.html`, …), read as a stream of message blocks.

Shape (Telegram Desktop `export_output_html.cpp`): `<div class="message default clearfix[ joined]"
id="messageN">` with a `pull_right date details` title `DD.MM.YYYY HH:MM:SS[ UTC+03:00]`, a `from_name`
(absent on `joined` messages: same sender as the previous one), an optional `forwarded body` (its own
`from_name`, also absent when joined to the previous forward), `reply_to details` (`go_to_messageN`),
`media_wrap` (photo, file, poll…) and `text`; `message service` blocks hold group events, and the ones
with a negative id are date separators (skipped: they are not messages).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from influlint.model import Source, Unit
from influlint.readers._html import between, iter_blocks, to_text
from influlint.readers._text import ReadError

FORMAT = "telegram-html"
MARKER = '<div class="message '
_HEAD = re.compile(r'<div class="message ([^"]*)" id="message(-?\d+)"')
_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?: UTC([+-]\d{2}):?(\d{2}))?")
_WRAP = re.compile(r"\A\n|\n *\Z")  # the writer's own line breaks around a block's content
_GOTO = re.compile(r"go_to_message(\d+)")
_CHAT = re.compile(r'<div class="page_header">.*?<div class="text bold">\s*(.*?)\s*</div>', re.DOTALL)
_MEDIA = re.compile(r'class="(?:media clearfix pull_left(?: block_link)? (media_\w+)|(\w+)_wrap clearfix pull_left)')
_MEDIA_TYPES = {
    "media_photo": "image", "photo": "image", "media_video": "video", "video_file": "video", "animated": "gif",
    "sticker": "sticker", "media_voice_message": "voice", "media_audio_file": "audio", "media_file": "document",
    "media_contact": "contact", "media_location": "location", "media_live_location": "location",
    "media_venue": "location", "media_call": "call", "media_game": "unknown", "media_invoice": "unknown",
}


def iso_date(title: str | None) -> str | None:
    m = _DATE.search(title or "")
    if m is None:
        return None
    d, mo, y, h, mi, s, oh, om = m.groups()
    base = f"{y}-{mo}-{d}T{h}:{mi}:{s}"
    return base + (f"{oh}:{om}" if oh else "")


def _div(block: str, cls: str, pos: int = 0) -> tuple[str | None, int]:
    return between(block, f'<div class="{cls}">', "</div>", pos)


def _attachments(block: str) -> list[dict]:
    out: list[dict] = []
    i = block.find('<div class="media_wrap clearfix">')
    if i < 0:
        return out
    m = _MEDIA.search(block, i)
    if m is not None:
        kind = _MEDIA_TYPES.get(m.group(1) or m.group(2), "unknown")
        att: dict[str, Any] = {"type": kind}
        desc, _ = _div(block, "description", m.end())
        if desc and "data exporting settings" in desc:
            att["placeholder"] = to_text(desc).strip()
        out.append(att)
    if '<div class="media_poll">' in block:
        question, _ = _div(block, "question bold")
        out.append({"type": "poll", "question": to_text(question or "").strip()})
    return out


class _State:
    """What `joined` blocks inherit: the sender of the previous message, and of the previous forward."""

    __slots__ = ("chat", "forwarded_from", "sender")

    def __init__(self) -> None:
        self.sender: str | None = None
        self.forwarded_from: str | None = None
        self.chat: str | None = None


def _service(path: str, block: str, line: int, mid: str, state: _State) -> Unit:
    state.sender = state.forwarded_from = None
    body, _ = _div(block, "body details")
    text = to_text(body or "").strip()
    meta: dict[str, Any] = {"attachments": (), "kind": "system"}
    if state.chat is not None:
        meta["chat"] = state.chat
    link = _GOTO.search(block)
    if link is not None and " pinned " in f" {text} ":
        meta["action"] = "pin_message"
        meta["pinned_message"] = link.group(1)
    source = Source(path=path, text=text, format=FORMAT, line_base=line - 1)
    return Unit(source, 0, len(text), kind="message", meta=meta, id=mid, is_system=True)


def _sender(block: str, stop: int) -> str | None:
    raw, end = _div(block, "from_name")
    if raw is None or (0 <= stop < end):
        return None
    return to_text(raw).strip()


def message_unit(path: str, block: str, line: int, state: _State) -> Unit | None:
    m = _HEAD.match(block)
    if m is None:
        raise ReadError(f"Telegram HTML: unreadable message block at line {line}")
    classes, mid = m.group(1).split(), m.group(2)
    if mid.startswith("-"):
        return None  # date separator
    if "service" in classes:
        return _service(path, block, line, mid, state)
    fwd = block.find('<div class="forwarded body">')
    name = None if "joined" in classes else _sender(block, fwd)
    sender = state.sender = name if name is not None else state.sender
    date_title, _ = between(block, 'class="pull_right date details" title="', '"')
    meta: dict[str, Any] = {"attachments": tuple(_attachments(block)), "kind": "text"}
    if state.chat is not None:
        meta["chat"] = state.chat
    if sender is not None and " via @" in sender:
        sender, _, bot = sender.partition(" via @")
        meta["via_bot"] = "@" + bot
    if fwd >= 0:
        raw, _ = between(block, '<div class="from_name">', "<span", fwd)
        if raw is not None:
            state.forwarded_from = to_text(raw).strip()
        meta["is_forwarded"] = True
        meta["forwarded_from"] = state.forwarded_from
    else:
        state.forwarded_from = None
    reply, _ = _div(block, "reply_to details")
    if reply is not None:
        goto = _GOTO.search(reply)
        meta["reply_to"] = goto.group(1) if goto else "another-chat"
    for att in meta["attachments"]:
        if att["type"] == "poll":
            meta["poll"] = att["question"]
    signature, _ = _div(block, "signature details")
    if signature is not None:
        meta["signature"] = to_text(signature).strip()
    raw_text, _ = _div(block, "text")
    text = to_text(_WRAP.sub("", raw_text)) if raw_text else ""
    source = Source(path=path, text=text, format=FORMAT, line_base=line - 1)
    return Unit(source, 0, len(text), kind="message", meta=meta, sender=sender, timestamp=iso_date(date_title),
                id=mid)


def read_telegram_html_stream(path: str, stream: BinaryIO, options, state: _State | None = None) -> Iterator[Unit]:
    state = state or _State()
    seen = False
    for block, line, prefix in iter_blocks(stream, MARKER):
        if prefix:
            chat = _CHAT.search(prefix)
            if chat is not None:
                state.chat = to_text(chat.group(1)).strip()
        seen = True
        unit = message_unit(path, block, line, state)
        if unit is not None:
            yield unit
    if not seen:
        raise ReadError('Telegram Desktop HTML export without any message (no <div class="message …">)')


def read_telegram_html(path: str, stream: BinaryIO, options) -> Iterator[Unit]:
    from influlint.readers._zip import is_zip_stream, read_zip

    if is_zip_stream(stream):
        return read_zip(path, stream, options)
    return read_telegram_html_stream(path, stream, options)
