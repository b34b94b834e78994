"""The head of an input for sniffing: leading blank space (and a BOM) skipped, so that a chat export padded
with whitespace before its first key or header is still recognised by content."""

from __future__ import annotations

import codecs
import re
from typing import BinaryIO

HEAD = 65536
MAX_PADDING = 64 * 1024 * 1024  # blank space skipped at most before giving up (then sniffed as it is)
_BLANK = b" \t\r\n"
_RUNS = re.compile(rb"[ \t\r\n]{2,}")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _skip_blank(chunk: bytes, wide: str | None) -> int:
    """Index of the first non-blank byte (or code unit) of chunk, len(chunk) when all blank."""
    if wide is None:
        return len(chunk) - len(chunk.lstrip(_BLANK))
    i = 0
    while i + 1 < len(chunk):
        unit = chunk[i:i + 2]
        ch = unit[0] if wide == "le" else unit[1]
        zero = unit[1] if wide == "le" else unit[0]
        if zero != 0 or ch not in _BLANK:
            return i
        i += 2
    return i


def read_head(stream: BinaryIO, size: int = HEAD) -> bytes:
    """BOM (if any) + the first `size` bytes after leading blank space; the stream is rewound to 0."""
    first = stream.read(size)
    bom = next((b for b in _BOMS if first.startswith(b)), b"")
    wide = {codecs.BOM_UTF16_LE: "le", codecs.BOM_UTF16_BE: "be"}.get(bom)
    chunk, skipped = first[len(bom):], 0
    while True:
        i = _skip_blank(chunk, wide)
        if i < len(chunk) or skipped > MAX_PADDING:
            break
        skipped += len(chunk)
        more = stream.read(size)
        if not more:
            break
        chunk = chunk[i:] + more
    rest = chunk[i:]
    if len(rest) < size:
        rest += stream.read(size - len(rest))
    if wide is None and rest[:1] in (b"{", b"["):
        rest = _json_head(stream, rest, size)
    stream.seek(0)
    return bom + rest[:size] if rest else first


def _json_head(stream: BinaryIO, head: bytes, size: int) -> bytes:
    """JSON padded with blank space between its tokens: runs of blanks collapsed to one space, and more
    read (up to MAX_PADDING) until the head holds `size` bytes of content."""
    head = _RUNS.sub(b" ", head)
    read = 0
    while len(head) < size and read < MAX_PADDING:
        more = stream.read(size)
        if not more:
            break
        read += len(more)
        head = _RUNS.sub(b" ", head + more)
    return head


def trim_partial(data: bytes) -> bytes:
    """Bytes cut at an arbitrary length, without a trailing incomplete UTF-8 sequence (or odd UTF-16 byte)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data[: len(data) // 2 * 2]
    for k in range(4):
        try:
            (data[: len(data) - k] if k else data).decode("utf-8")
            return data[: len(data) - k] if k else data
        except UnicodeDecodeError:
            continue
    return data
