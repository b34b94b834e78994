"""DiscordChatExporter HTML (HtmlDark / HtmlLight), read as a stream of message containers.

Shape (DiscordChatExporter `MessageGroupTemplate.cshtml`): `<div id="chatlog__message-container-ID"
class="chatlog__message-container[ chatlog__message-container--pinned]" data-message-id="ID">`; the first
message of a group carries `chatlog__author` (title = full name, data-user-id) and `chatlog__timestamp`,
the next ones only `chatlog__short-timestamp` (same author: carried forward); replies hold
`scrollToMessage(event, 'ID')`; the text sits in `chatlog__markdown-preserve` between `<!--wmm:ignore-->`
comments; `chatlog__edited-timestamp` marks an edit; system messages use `chatlog__system-notification-*`.
Dates are culture-formatted (`--locale`): ISO when the layout is known, else kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from influlint.model import Source, Unit
from influlint.readers._dates import culture_date
from influlint.readers._html import between, iter_blocks, to_text, to_text_links
from influlint.readers._text import ReadError
from influlint.readers.discord_csv import attachment_type

FORMAT = "discord-html"
MARKER = '<div id="chatlog__message-container-'
_ID = re.compile(r'<div id="chatlog__message-container-(\d+)" class="([^"]*)"')
_AUTHOR = re.compile(r'<span class="chatlog__author"[^>]*?title="([^"]*)" data-user-id="(\d*)">(.*?)</span>')
_REPLY = re.compile(r"scrollToMessage\(event, '(\d+)'\)")
_HREF = re.compile(r'href="([^"]*)"')
_PREAMBLE = re.compile(r'<div class="preamble__entry">(.*?)</div>', re.DOTALL)
_FEATURES = re.compile(r'class="chatlog__(system-notification-author|author|author-tag|reply|edited-timestamp'
                       r'|attachment)[" ]')
_SPACES = re.compile(r"\s+")


class _State:
    __slots__ = ("chat", "sender", "sender_id")

    def __init__(self) -> None:
        self.sender: str | None = None
        self.sender_id: str | None = None
        self.chat: str | None = None


def _attachments(block: str) -> tuple[dict, ...]:
    out = []
    pos = block.find('<div class="chatlog__attachment')
    while pos >= 0:
        m = _HREF.search(block, pos)
        url = to_text(m.group(1)) if m else ""
        out.append({"type": attachment_type(url), "url": url} if url else {"type": "unknown"})
        pos = block.find('<div class="chatlog__attachment', pos + 30)
    return tuple(out)


def _system(path: str, block: str, line: int, mid: str, state: _State, meta: dict) -> Unit:
    state.sender = state.sender_id = None
    actor, _ = between(block, 'class="chatlog__system-notification-author"', "</span>")
    content, _ = between(block, 'class="chatlog__system-notification-content">',
                         '<span class="chatlog__system-notification-timestamp">')
    text = _SPACES.sub(" ", to_text(content or "")).strip()
    date, _ = between(block, '<span class="chatlog__system-notification-timestamp">', "</a>")
    meta.update(kind="system", actor=to_text(actor.rsplit(">", 1)[-1]) if actor else None)
    if "pinned" in text:
        meta["action"] = "pin_message"
        ref = _HREF.search(content or "")
        if ref is not None:
            meta["pinned_message"] = ref.group(1).rsplit("-", 1)[-1]
    source = Source(path=path, text=text, format=FORMAT, line_base=line - 1)
    return Unit(source, 0, len(text), kind="message", meta=meta, id=mid, is_system=True,
                timestamp=culture_date(to_text(date.rsplit(">", 1)[-1])) if date else None)


def message_unit(path: str, block: str, line: int, state: _State) -> Unit:
    head = _ID.match(block)
    if head is None:
        raise ReadError(f"DiscordChatExporter HTML: unreadable message container at line {line}")
    mid = head.group(1)
    features = set(_FEATURES.findall(block))  # one scan for the rare parts instead of one `in` each
    meta: dict[str, Any] = {"attachments": _attachments(block) if "attachment" in features else (), "kind": "text"}
    if "chatlog__message-container--pinned" in head.group(2):
        meta["is_pinned"] = True
    if state.chat is not None:
        meta["chat"] = state.chat
    if "system-notification-author" in features:
        return _system(path, block, line, mid, state, meta)
    author = _AUTHOR.search(block) if "author" in features else None
    if author is not None:
        state.sender, state.sender_id = to_text(author.group(3)), author.group(2) or None
        date, _ = between(block, '<span class="chatlog__timestamp"><a', "</a>")
        date = date.rsplit(">", 1)[-1] if date else None
    else:
        date, _ = between(block, 'class="chatlog__short-timestamp" title="', '"')
    meta["sender_id"] = state.sender_id
    if "author-tag" in features and 'chatlog__author-tag">BOT<' in block:
        meta["is_bot"] = True
    reply = _REPLY.search(block) if "reply" in features else None
    if reply is not None:
        meta["reply_to"] = reply.group(1)
    if "edited-timestamp" in features:
        meta["is_edited"] = True
    raw, _ = between(block, '<span class="chatlog__markdown-preserve"><!--wmm:ignore-->', "<!--/wmm:ignore-->")
    text, links = to_text_links(raw) if raw else ("", [])
    if links:
        meta["links"] = tuple(links)
    if meta["attachments"] and not text:
        meta["kind"] = "attachment"
    source = Source(path=path, text=text, format=FORMAT, line_base=line - 1)
    return Unit(source, 0, len(text), kind="message", meta=meta, sender=state.sender, id=mid,
                timestamp=culture_date(to_text(date)) if date else None)


def read_discord_html(path: str, stream: BinaryIO, options) -> Iterator[Unit]:
    state = _State()
    seen = False
    for block, line, prefix in iter_blocks(stream, MARKER):
        if prefix:
            entries = [_SPACES.sub(" ", to_text(e)).strip() for e in _PREAMBLE.findall(prefix)]
            state.chat = entries[1] if len(entries) > 1 else (entries[0] if entries else None)
        seen = True
        yield message_unit(path, block, line, state)
    if not seen:
        raise ReadError("DiscordChatExporter HTML export without any message (no chatlog__message-container; "
                        "exports made before 2022 use another layout: export the channel again, or as JSON)")
