"""A small pull parser over a JSON byte stream: walk objects and arrays key by key, decode the values one
by one with the C decoder, and know the 1-based line where each value starts. Memory is bounded by the
largest single value (one message object), not by the file.

Telegram Desktop writes control characters as invalid `\\x0B` escapes: they are rewritten to `\\u000B`
while reading. Raw control characters inside strings are accepted (strict=False).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from influlint.readers._text import ReadError

_WS = re.compile(r"[ \t\r\n]*")
_BAD_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\x([0-9A-Fa-f]{2})")


def parse_int(text: str) -> int | float:
    """JSON integers beyond Python's digit limit (4,300) become a float (inf): a hostile number is no error."""
    return int(text) if len(text) <= 4000 else float(text)


_DECODER = json.JSONDecoder(strict=False, parse_int=parse_int)
CHUNK = 1 << 20
MAX_VALUE = 64_000_000


def value_limit(options) -> int:
    """Characters one JSON value may hold: 64 times the message limit (a message object with its metadata)."""
    limits = getattr(options, "limits", None)
    return 64 * limits.max_message_chars if limits is not None else MAX_VALUE


class JsonStream:
    def __init__(self, stream: BinaryIO, chunk: int = CHUNK, *, max_value: int = MAX_VALUE) -> None:
        self.stream = stream
        self.chunk = chunk
        self.max_value = max_value  # characters of one value (one message object) held at most
        head = stream.read(4)
        stream.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            enc = "utf-16"
        else:
            enc = "utf-8-sig"
        self.decoder = codecs.getincrementaldecoder(enc)(errors="replace")
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.held = ""
        self._line_pos = 0  # buf offset up to which newlines are counted
        self._line = 1  # line number at _line_pos

    # -------------------------------------------------------------------------------------- buffer
    def _fill(self, want: int = 0) -> bool:
        if self.eof:
            return False
        if self.pos > self.chunk and self.pos > len(self.buf) // 2:
            self.line_at(self.pos)
            self.buf = self.buf[self.pos :]
            self._line_pos -= self.pos
            self.pos = 0
        data = self.stream.read(max(self.chunk, want))
        if not data:
            self.eof = True
            text = self.held + self.decoder.decode(b"", final=True)
            self.held = ""
        else:
            text = self.held + self.decoder.decode(data)
            self.held = ""
            cut = text.rfind("\\", max(0, len(text) - 4))
            if cut != -1:
                while cut > 0 and text[cut - 1] == "\\":
                    cut -= 1
                self.held = text[cut:]
                text = text[:cut]
        if "\\x" in text:
            text = _BAD_ESCAPE.sub(r"\1\\u00\2", text)
        self.buf += text
        return True

    def line_at(self, pos: int) -> int:
        if pos > self._line_pos:
            self._line += self.buf.count("\n", self._line_pos, pos)
            self._line_pos = pos
        return self._line

    def peek(self) -> str:
        """Next non-blank character ('' at the end of the input), without consuming it."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def error(self, what: str) -> ReadError:
        return ReadError(f"{what}, at line {self.line_at(min(self.pos, len(self.buf)))}")

    def expect(self, ch: str) -> None:
        c = self.peek()
        if c != ch:
            if c == "":
                raise self.error(f"truncated JSON: expected {ch!r} but the file ends")
            raise self.error(f"invalid JSON: expected {ch!r}, found {c!r}")
        self.pos += 1

    def value(self) -> Any:
        """Decode the next complete value."""
        if self.peek() == "":
            raise self.error("truncated JSON: a value is missing at the end of the file")
        while True:
            try:
                obj, end = _DECODER.raw_decode(self.buf, self.pos)
            except RecursionError:
                raise self.error("JSON nested too deeply") from None
            except json.JSONDecodeError as exc:
                if len(self.buf) - self.pos > self.max_value:
                    raise self.error(f"a JSON value longer than {self.max_value:,} characters (64 × "
                                     "limits.max_message_chars)") from None
                if self._fill(len(self.buf)):
                    continue
                self.pos = exc.pos
                if "Unterminated" in exc.msg or exc.pos >= len(self.buf.rstrip()):
                    raise self.error("truncated JSON: the file ends inside a value") from None
                raise self.error(f"invalid JSON: {exc.msg}") from None
            if end >= len(self.buf) and not self.eof and self._fill():
                continue  # a number cut by the buffer end
            self.pos = end
            return obj

    # -------------------------------------------------------------------------------------- walkers
    def iter_object(self) -> Iterator[str]:
        """Yield each key; the caller must consume the value (value(), skip() or a nested walk)."""
        self.expect("{")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            if self.peek() != '"':
                raise self.error("invalid JSON: expected a key")
            key = self.value()
            self.expect(":")
            yield key
            c = self.peek()
            if c == ",":
                self.pos += 1
                continue
            if c == "}":
                self.pos += 1
                return
            if c == "":
                raise self.error("truncated JSON: the file ends inside an object")
            raise self.error(f"invalid JSON: expected ',' or '}}', found {c!r}")

    def iter_array(self) -> Iterator[int]:
        """Yield the line where each element starts; the caller must consume the element."""
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            self.peek()
            yield self.line_at(self.pos)
            c = self.peek()
            if c == ",":
                self.pos += 1
                continue
            if c == "]":
                self.pos += 1
                return
            if c == "":
                raise self.error("truncated JSON: the file ends inside an array")
            raise self.error(f"invalid JSON: expected ',' or ']', found {c!r}")

    def skip(self) -> None:
        self.value()

    def at_end(self) -> bool:
        return self.peek() == ""


def sniff_json_kind(head: bytes) -> str | None:
    """Which chat JSON the first bytes look like."""
    wide = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    text = head[: len(head) // 2 * 2 if wide else None].decode("utf-16" if wide else "utf-8", errors="replace")
    text = text.lstrip("\ufeff \t\r\n")
    if not text or text[0] not in "{[":
        return None
    if text[0] == "[":
        if re.search(r'"ts"\s*:\s*"\d+\.\d+"', text) and '"type"' in text:
            return "slack-json"
        return None
    if '"guild"' in text and '"channel"' in text and '"messages"' in text:
        return "discord-json"
    if re.search(r'"messages"\s*:\s*\[', text) and (
        '"date_unixtime"' in text or '"from_id"' in text or re.search(r'"type"\s*:\s*"(?:service|message)"', text)
    ):
        return "telegram-json"
    if '"personal_information"' in text or re.search(r'"chats"\s*:\s*\{', text):
        return "telegram-json"
    if re.search(r'^\{\s*"(?:name|type|id|messages)"\s*:', text) and re.search(r'"messages"\s*:\s*\[', text):
        return "telegram-json"  # e.g. a truncated export: no message got far enough to show its keys
    return None
