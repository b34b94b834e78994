"""Helpers for machine-written HTML exports (Telegram Desktop, DiscordChatExporter): cut the byte stream
into one block per message at a fixed marker, read incrementally (memory = one chunk + one message), and
turn a fragment of inline HTML into plain text.

The writers escape user text (`&lt;`, `&amp;`…), so a marker such as `<div class="message ` can only
come from the writer itself: splitting on it is exact, and much faster than a general tokenizer
(html.parser runs at about 40,000 Telegram messages/s, this at several hundred thousand).
"""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Iterator
from typing import BinaryIO

from influlint.readers._text import ReadError

CHUNK = 1 << 20
MAX_BLOCK = 64 << 20
_TAG = re.compile(r"<!--.*?-->|<br\s*/?>|<img\b[^>]*?\balt=\"([^\"]*)\"[^>]*>|<[^>]*>", re.DOTALL | re.IGNORECASE)


def iter_blocks(stream: BinaryIO, marker: str, chunk: int = CHUNK) -> Iterator[tuple[str, int, str]]:
    """Yield (block, line, prefix): each block starts with `marker` and runs to the next one (the last
    one to the end of the input); `line` is the 1-based line of the marker; `prefix` is the text before
    the first marker (page header), given with the first block only (else '')."""
    dec = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    buf = ""
    line = 1  # line number at buf[0]
    start = -1
    prefix_done = False
    eof = False
    while True:
        if start < 0:
            start = buf.find(marker)
            if start < 0:
                if eof:
                    return
                keep = max(0, len(buf) - len(marker))
                if not prefix_done and len(buf) < (1 << 22):
                    keep = 0  # keep the header (up to 4 MiB) for the chat name
                line += buf.count("\n", 0, keep)
                buf = buf[keep:]
                data = stream.read(chunk)
                eof = not data
                buf += dec.decode(data, final=eof)
                continue
        nxt = buf.find(marker, start + len(marker))
        if nxt < 0 and not eof:
            if len(buf) - start > MAX_BLOCK:
                raise ReadError(f"one message is larger than {MAX_BLOCK >> 20} MB: not a chat export")
            data = stream.read(chunk)
            eof = not data
            buf += dec.decode(data, final=eof)
            continue
        end = len(buf) if nxt < 0 else nxt
        line += buf.count("\n", 0, start)
        prefix = ""
        if not prefix_done:
            prefix, prefix_done = buf[:start], True
        yield buf[start:end], line, prefix
        line += buf.count("\n", start, end)
        buf = buf[end:]
        start = 0 if nxt >= 0 else -1
        if nxt < 0:
            return


def _tag_text(m: re.Match) -> str:
    t = m.group(0)
    if t.startswith("<br") or t.startswith("<BR"):
        return "\n"
    alt = m.group(1)
    return alt if alt is not None else ""


def to_text(fragment: str) -> str:
    """Inline HTML to text: `<br>` → newline, emoji images → their alt text, tags dropped, entities
    decoded."""
    if "<" in fragment:
        fragment = _TAG.sub(_tag_text, fragment)
    if "&" in fragment:
        fragment = html.unescape(fragment)
    return fragment


def between(block: str, start: str, end: str, pos: int = 0) -> tuple[str | None, int]:
    """The text between the first `start` at or after pos and the next `end`; (None, -1) if absent."""
    i = block.find(start, pos)
    if i < 0:
        return None, -1
    i += len(start)
    j = block.find(end, i)
    if j < 0:
        return None, -1
    return block[i:j], j
