"""Signal text exports written by community tools (Signal has no text export of its own): the
signal-cli style read by chat-miner, `[2019-12-24, 12:23] Jane Doe: Hello John!` (the one layout seen in a
real sample); also accepted without the comma and with seconds (`[2019-12-24 12:23:05] Jane Doe: …`), a
tolerance, not a verified layout. A line that does not start with a header continues the previous message
(joined with a newline). Timestamps are the exporting machine's local time (naive ISO)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from influlint.model import Source, Unit
from influlint.readers._text import ReadError

FORMAT = "signal-txt"
HEADER = re.compile(r"\[(\d{4}-\d{2}-\d{2}),? (\d{2}:\d{2}(?::\d{2})?)\] ")
_SENDER = re.compile(r"(.+?): ")


def _unit(path: str, lines: list[str], first: int) -> Unit:
    text = "\n".join(lines)
    head = HEADER.match(text)
    date, time = head.groups() if head else ("", "")
    ts = f"{date}T{time}" + (":00" if len(time) == 5 else "")
    sm = _SENDER.match(text, head.end())
    start = sm.end() if sm else head.end()
    meta = {"attachments": (), "kind": "text" if sm else "system", "end_line": first + len(lines) - 1}
    source = Source(path=path, text=text, format=FORMAT, line_base=first - 1)
    return Unit(source, start, len(text), kind="message", meta=meta, sender=sm.group(1) if sm else None,
                timestamp=ts, is_system=sm is None)


def read_signal(path: str, stream: BinaryIO, options) -> Iterator[Unit]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline=None)
    cur: list[str] = []
    first = 0
    match = HEADER.match
    try:
        for lineno, line in enumerate(text, 1):
            line = line.rstrip("\n")
            if not cur and line[:1].isspace():
                line = line.lstrip()  # leading blank space before the first header
            if match(line):
                if cur:
                    yield _unit(path, cur, first)
                cur, first = [line], lineno
            elif cur:
                cur.append(line)
            elif line.strip():
                raise ReadError(f"Signal text export: line {lineno} is not a message header "
                                f"([YYYY-MM-DD, HH:MM] Name: text): {line[:60]!r}")
        if cur:
            yield _unit(path, cur, first)
        elif not first:
            raise ReadError("Signal text export without any message header ([YYYY-MM-DD, HH:MM] Name: text)")
    finally:
        text.detach()


_STRICT = re.compile(r"\[\d{4}-\d{2}-\d{2}, \d{2}:\d{2}\] [^:\n]+: ")


def sniff_signal(head: str) -> bool:
    """Only the layout seen in a real sample (`[YYYY-MM-DD, HH:MM] Name: `): WhatsApp iOS brackets always
    carry seconds, so a Swedish `[2022-03-18 14:56:01]` export stays WhatsApp."""
    lines = [ln for ln in head.split("\n")[:50] if ln.strip()]
    hits = sum(_STRICT.match(ln.lstrip("\ufeff \t")) is not None for ln in lines)
    return bool(lines) and _STRICT.match(lines[0].lstrip("\ufeff \t")) is not None and hits >= 0.3 * len(lines)
