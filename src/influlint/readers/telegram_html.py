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
from influlint.readers._html import between, iter_blocks, to_text, to_text_links
from influlint.readers._text import ReadError

FORMAT = "telegram-html"
MARKER = '<div class="message '
_HEAD = re.compile(r'<div class="message ([^"]*)" id="message(-?\d+)"')
_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?: UTC([+-]\d{2}):?(\d{2}))?")
_DIV = re.compile(r'<div class="(from_name|forwarded body|reply_to details|media_wrap clearfix|text|signature details'
                  r'|pull_right date details|media_poll|question bold|description)"([^>]*)>')
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
    """`DD.MM.YYYY HH:MM:SS[ UTC+hh:mm]` (the writer's fixed layout) → ISO 8601, offset kept."""
    t = title or ""
    if len(t) >= 19 and t[2] == t[5] == "." and t[13] == t[16] == ":" and t[:2].isdigit():
        base = f"{t[6:10]}-{t[3:5]}-{t[0:2]}T{t[11:19]}"
        if len(t) == 19:
            return base
        if t[19:23] == " UTC" and len(t) == 29:
            return base + t[23:29]
    m = _DATE.search(t)
    if m is None:
        return None
    d, mo, y, h, mi, s, oh, om = m.groups()
    base = f"{y}-{mo}-{d}T{h}:{mi}:{s}"
    return base + (f"{oh}:{om}" if oh else "")


def _unwrap(raw: str) -> str:
    """Drop the writer's own line breaks around a block's content (`\\n` after the tag, `\\n` + indent before
    the closing tag); user newlines are `<br>`."""
    if raw[:1] == "\n":
        raw = raw[1:]
    end = raw.rstrip(" ")
    return end[:-1] if end[-1:] == "\n" else raw


def _title(attrs: str) -> str:
    i = attrs.find('title="')
    return attrs[i + 7 : attrs.find('"', i + 7)] if i >= 0 else ""


def _index(block: str) -> dict[str, re.Match]:
    """First `<div class="…">` of each class in the block: one scan instead of one find per part."""
    return {m[1]: m for m in reversed(list(_DIV.finditer(block)))}


def _content(block: str, m: re.Match | None) -> str | None:
    if m is None:
        return None
    end = block.find("</div>", m.end())
    return block[m.end() : end] if end >= 0 else None


def _attachments(block: str, divs: dict[str, re.Match]) -> list[dict]:
    out: list[dict] = []
    wrap = divs.get("media_wrap clearfix")
    if wrap is None:
        return out
    m = _MEDIA.search(block, wrap.end())
    if m is not None:
        att: dict[str, Any] = {"type": _MEDIA_TYPES.get(m.group(1) or m.group(2), "unknown")}
        desc = _content(block, divs.get("description"))
        if desc and "data exporting settings" in desc:
            att["placeholder"] = to_text(desc).strip()
        out.append(att)
    if "media_poll" in divs:
        question = _content(block, divs.get("question bold"))
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
    body, _ = between(block, '<div class="body details">', "</div>")
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


def _forward(block: str, meta: dict, divs: dict[str, re.Match], state: _State) -> None:
    fwd = divs.get("forwarded body")
    if fwd is None:
        state.forwarded_from = None
        return
    raw, _ = between(block, '<div class="from_name">', "<span", fwd.end())
    if raw is not None:
        state.forwarded_from = to_text(raw).strip()
    meta["is_forwarded"] = True
    meta["forwarded_from"] = state.forwarded_from


def message_unit(path: str, block: str, line: int, state: _State) -> Unit | None:
    m = _HEAD.match(block)
    if m is None:
        raise ReadError(f"Telegram HTML: unreadable message block at line {line}")
    classes, mid = m.group(1), m.group(2)
    if mid.startswith("-"):
        return None  # date separator
    if classes.startswith("service"):
        return _service(path, block, line, mid, state)
    divs = _index(block)
    name = divs.get("from_name")
    if not classes.endswith("joined") and name is not None and ("forwarded body" not in divs or
                                                                name.start() < divs["forwarded body"].start()):
        state.sender = to_text(_content(block, name) or "").strip()
    sender = state.sender
    meta: dict[str, Any] = {"attachments": tuple(_attachments(block, divs)), "kind": "text"}
    if state.chat is not None:
        meta["chat"] = state.chat
    if sender is not None and " via @" in sender:
        sender, _, bot = sender.partition(" via @")
        meta["via_bot"] = "@" + bot
    _forward(block, meta, divs, state)
    reply = _content(block, divs.get("reply_to details"))
    if reply is not None:
        goto = _GOTO.search(reply)
        meta["reply_to"] = goto.group(1) if goto else "another-chat"
    for att in meta["attachments"]:
        if att["type"] == "poll":
            meta["poll"] = att["question"]
    if "signature details" in divs:
        meta["signature"] = to_text(_content(block, divs["signature details"]) or "").strip()
    raw_text = _content(block, divs.get("text"))
    text, links = to_text_links(_unwrap(raw_text)) if raw_text else ("", [])
    if links:
        meta["links"] = tuple(links)
    date = divs.get("pull_right date details")
    source = Source(path=path, text=text, format=FORMAT, line_base=line - 1)
    return Unit(source, 0, len(text), kind="message", meta=meta, sender=sender, id=mid,
                timestamp=iso_date(_title(date.group(2))) if date else None)


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
