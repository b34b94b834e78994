"""Signal Desktop exported by sigtop (`sigtop export-messages -f text`): one block of fields per message
(writer: sigtop `fmt_text.go`).

    Conversation: Ambassadeurs (group)

    From: Léa Dubois (+33 6 12 34 56 78)
    Type: incoming
    Sent: Tue, 12 Mar 2024 14:05:33 +0100
    Received: Tue, 12 Mar 2024 14:05:34 +0100
    Attachment: photo.jpg (image/jpeg, 12345 bytes)
    Reaction: ❤️ from Camille
    (blank)
    > From: Glow Lab
    > Sent: Tue, 12 Mar 2024 14:00:00 +0100
    >
    > the quoted text
    (blank)
    body lines…
    (blank line ends the message)

The detail in parentheses after a name (phone number, username) goes to `sender_id`, never into the
sender. Edited messages list their versions with a `| ` prefix; the newest version is the text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from influlint.model import Source, Unit
from influlint.readers._text import ReadError

FORMAT = "signal-txt"
_FIELD = re.compile(r"(From|Type|Sent|Received|Attachment|Reaction|Edited): (.*)\Z")
_NAME = re.compile(r"(.*?)(?: \(([^()]*)\))?\Z")
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}
_SENT = re.compile(r"\w+, (\d{1,2}) (\w{3}) (\d{4}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})")
USER_TYPES = frozenset({"incoming", "outgoing"})


def sent_iso(value: str) -> str | None:
    m = _SENT.match(value)
    if m is None or m.group(2) not in _MONTHS:
        return None
    d, mon, y, hms, oh, om = m.groups()
    return f"{y}-{_MONTHS[mon]:02d}-{int(d):02d}T{hms}{oh}:{om}"


class _Message:
    __slots__ = ("body", "fields", "first", "quote", "versions")

    def __init__(self, first: int) -> None:
        self.first = first
        self.fields: list[tuple[str, str]] = []
        self.quote: list[str] = []
        self.body: list[str] = []
        self.versions: list[str] = []

    def unit(self, path: str, body_line: int, edit_lines: list[str]) -> Unit:
        fields: dict[str, str] = {}
        meta: dict[str, Any] = {"attachments": [], "kind": "text"}
        for key, value in self.fields:
            if key == "Attachment":
                meta["attachments"].append({"type": "unknown", "file_name": value.rsplit(" (", 1)[0]})
            elif key == "Reaction":
                emoji, _, actor = value.partition(" from ")
                meta.setdefault("reactions", []).append({"reaction": emoji, "actor": actor})
            else:
                fields.setdefault(key, value)
        meta["attachments"] = tuple(meta["attachments"])
        if "reactions" in meta:
            meta["reactions"] = tuple(meta["reactions"])
        name = _NAME.match(fields.get("From", ""))
        sender, detail = (name.group(1) or None, name.group(2)) if name else (None, None)
        if detail:
            meta["sender_id"] = detail
        mtype = fields.get("Type", "unknown")
        is_system = mtype not in USER_TYPES
        if is_system:
            meta.update(kind="system", type=mtype)
        quoted = [q[1:].lstrip(" ") for q in self.quote]
        quoted += [q[3:].lstrip(" ") for q in edit_lines if q.startswith("| >")]  # the versions' quotes
        for q in quoted:
            if q.startswith("Sent: "):
                meta["reply_to"] = sent_iso(q[6:]) or q[6:]
                break
        body = self.body
        if "Edited" in fields:
            meta["is_edited"] = True
            body = self.versions
        while body and not body[-1]:
            body = body[:-1]
        text = "\n".join(body)
        line = self.first if "Edited" in fields else body_line
        meta["end_line"] = line + max(len(body), 1) - 1
        source = Source(path=path, text=text, format=FORMAT, line_base=max(0, line - 1))
        return Unit(source, 0, len(text), kind="message", meta=meta, sender=None if is_system else sender,
                    timestamp=sent_iso(fields.get("Sent", "")), is_system=is_system)


def _version_body(lines: list[str]) -> list[str]:
    """Text of the newest version (the first `| Version:` block): its lines after the blank `|`."""
    out: list[str] = []
    seen_version = in_body = False
    for raw in lines:
        line = raw[1:].lstrip(" ") if raw.startswith("|") else raw
        if line.startswith("Version: "):
            if seen_version:
                break
            seen_version = True
            continue
        if line.startswith(">"):  # the version's quote
            in_body = False
            continue
        if in_body:
            out.append(raw[2:] if raw.startswith("| ") else "")
        elif raw.rstrip() == "|":
            in_body = True
    return out


def read_sigtop(path: str, stream: BinaryIO, options) -> Iterator[Unit]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline=None)
    try:
        yield from _messages(path, enumerate(text, 1))
    finally:
        text.detach()


def _messages(path: str, lines) -> Iterator[Unit]:
    """States: head (fields) → gap (blank) → quote (`> From:`…) or edits (`| Version:`…) or body; a `From:` or
    `Type:` field after a blank line (or at a gap) opens the next message."""
    msg: _Message | None = None
    state, body_line, edit_lines, prev_blank = "head", 0, [], True
    for lineno, raw in lines:
        line = raw.rstrip("\n") if msg is not None else raw.strip()  # blank space before the first field
        field = _FIELD.match(line)
        if field is not None and field.group(1) in ("From", "Type") and prev_blank and (msg is None or state != "head"):
            if msg is not None:
                msg.versions = _version_body(edit_lines)
                yield msg.unit(path, body_line, edit_lines)
            msg, state, edit_lines = _Message(lineno), "head", []
        prev_blank = not line
        if msg is None:
            if line and not line.startswith("Conversation: "):
                raise ReadError(f"sigtop Signal export: line {lineno} is neither a field nor part of a message: "
                                f"{line[:60]!r}")
            continue
        state, body_line = _step(msg, state, line, field, lineno, body_line, edit_lines)
    if msg is None:
        raise ReadError("sigtop Signal export without any message (no 'From:' or 'Type:' field)")
    msg.versions = _version_body(edit_lines)
    yield msg.unit(path, body_line, edit_lines)


def _step(msg: _Message, state: str, line: str, field, lineno: int, body_line: int,
          edit_lines: list[str]) -> tuple[str, int]:
    if state == "head":
        if field is not None:
            msg.fields.append((field.group(1), field.group(2)))
            return "head", lineno + 1
        return ("gap", lineno + 1) if not line else ("body", _body(msg, line, lineno))
    if state == "gap":
        if line.startswith("> From: ") or line.startswith("> Sent: "):
            msg.quote.append(line)
            return "quote", body_line
        if line.startswith("| Version: "):
            edit_lines.append(line)
            return "edits", body_line
        return ("gap", lineno + 1) if not line else ("body", _body(msg, line, lineno))
    if state == "quote" and line.startswith(">"):
        msg.quote.append(line)
        return "quote", body_line
    if state == "edits" and line.startswith("|"):
        edit_lines.append(line)
        return "edits", body_line
    if state in ("quote", "edits"):
        return ("gap", lineno + 1) if not line else ("body", _body(msg, line, lineno))
    msg.body.append(line)
    return "body", body_line


def _body(msg: _Message, line: str, lineno: int) -> int:
    msg.body.append(line)
    return lineno
