"""Signal text exports written by community tools (Signal has no text export of its own):

* the signal-cli style read by chat-miner, `[2019-12-24, 12:23] Jane Doe: Hello John!` (a real sample);
  also accepted without the comma and with seconds (a tolerance, not a verified layout);
* sigtop's short text (`fmt_text_short.go`): `2024-03-12 14:05 Léa: [reply to X on 2024-03-12 14:00,
  edited, 1 attachment] body`, system events as `Name: [group-v2-change message]`;
* sigtop's full text (`Conversation:` then one field a line): see sigtop.py.

A line that does not start with a header continues the previous message (joined with a newline).
Timestamps are the exporting machine's local time (naive ISO)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from influlint.model import Source, Unit
from influlint.readers._text import ReadError

FORMAT = "signal-txt"
HEADER = re.compile(r"\[(\d{4}-\d{2}-\d{2}),? (\d{2}:\d{2}(?::\d{2})?)\] ")
PLAIN = re.compile(r"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) ")  # sigtop short: the layout is locked per file
# sigtop's short text format: `2024-03-12 14:05 Léa: [reply to Glow Lab on 2024-03-12 14:00, edited, 2 attachments] …`
_DETAILS = re.compile(r"\[((?:reply to .+? on \d{4}-\d{2}-\d{2} \d{2}:\d{2}|edited|\d+ attachments?)"
                      r"(?:, (?:reply to .+? on \d{4}-\d{2}-\d{2} \d{2}:\d{2}|edited|\d+ attachments?))*"
                      r"|[a-z0-9-]+ message)\](?: |\Z)")
_REPLY = re.compile(r"reply to .+? on (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})")
_SENDER = re.compile(r"(.+?):(?: |(?=\n)|\Z)")


def _unit(path: str, lines: list[str], first: int, header: re.Pattern) -> Unit:
    text = "\n".join(lines)
    head = header.match(text)
    date, time = head.groups() if head else ("", "")
    ts = f"{date}T{time}" + (":00" if len(time) == 5 else "")
    sm = _SENDER.match(text, head.end())
    start = sm.end() if sm else head.end()
    meta: dict = {"attachments": (), "kind": "text" if sm else "system", "end_line": first + len(lines) - 1}
    is_system = sm is None
    details = _DETAILS.match(text, start) if sm and text.startswith("[", start) else None
    if details is not None:
        start = details.end()
        what = details.group(1)
        if what.endswith(" message"):
            is_system = True
            meta.update(kind="system", type=what[:-8])
        if (reply := _REPLY.search(what)) is not None:
            meta["reply_to"] = f"{reply.group(1)}T{reply.group(2)}:00"
        if "edited" in what.split(", "):
            meta["is_edited"] = True
    source = Source(path=path, text=text, format=FORMAT, line_base=first - 1)
    return Unit(source, start, len(text), kind="message", meta=meta,
                sender=None if is_system else (sm.group(1) if sm else None), timestamp=ts, is_system=is_system)


def read_signal(path: str, stream: BinaryIO, options) -> Iterator[Unit]:
    """sigtop's field-per-line format when the file opens with `Conversation:`, else the one-line formats."""
    head = stream.read(4096).decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    stream.seek(0)
    if head.startswith(("Conversation: ", "From: ", "Type: ")):
        from influlint.readers.sigtop import read_sigtop

        return read_sigtop(path, stream, options)
    return _read_lines(path, stream, options)


def _read_lines(path: str, stream: BinaryIO, options) -> Iterator[Unit]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline=None)
    cur: list[str] = []
    first = 0
    header = None
    try:
        for lineno, line in enumerate(text, 1):
            line = line.rstrip("\n")
            if not cur and line[:1].isspace():
                line = line.lstrip()  # leading blank space before the first header
            if header is None and (HEADER.match(line) or PLAIN.match(line)):
                header = HEADER if HEADER.match(line) else PLAIN
            if header is not None and header.match(line):
                if cur:
                    yield _unit(path, cur, first, header)
                cur, first = [line], lineno
            elif cur:
                cur.append(line)
            elif line.strip():
                raise ReadError(f"Signal text export: line {lineno} is not a message header "
                                f"([YYYY-MM-DD, HH:MM] Name: text): {line[:60]!r}")
        if cur and header is not None:
            yield _unit(path, cur, first, header)
        elif not first:
            raise ReadError("Signal text export without any message header ([YYYY-MM-DD, HH:MM] Name: text)")
    finally:
        text.detach()


_STRICT = re.compile(r"\[\d{4}-\d{2}-\d{2}, \d{2}:\d{2}\] [^:\n]+: |\d{4}-\d{2}-\d{2} \d{2}:\d{2} (?!- )[^:\n]+: ")


def sniff_signal(head: str) -> bool:
    """chat-miner's layout (`[YYYY-MM-DD, HH:MM] Name: `), sigtop's short one (`YYYY-MM-DD HH:MM Name: `) and
    sigtop's text (`Conversation: …` then `From:` fields). WhatsApp iOS brackets always carry seconds and
    Android puts ` - ` before the name, so Swedish `2022-03-18 14:56 - Name:` exports stay WhatsApp."""
    lines = [ln for ln in head.split("\n")[:50] if ln.strip()]
    if lines and lines[0].lstrip("\ufeff \t").startswith("Conversation: ") and (
            "\nFrom: " in head or "\nType: " in head):
        return True  # sigtop text
    hits = sum(_STRICT.match(ln.lstrip("\ufeff \t")) is not None for ln in lines)
    first = bool(lines) and _STRICT.match(lines[0].lstrip("\ufeff \t")) is not None
    return first and hits >= 2 and hits >= 0.3 * len(lines)  # one dated line is more likely a post
