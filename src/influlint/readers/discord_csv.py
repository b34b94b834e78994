"""DiscordChatExporter CSV (`AuthorID,Author,Date,Content,Attachments,Reactions`), read row by row with the
csv module (quoted fields may hold newlines).

The CSV has no message id and no message type: system messages are recognised by DiscordChatExporter's
fallback sentences ("Joined the server.", "Pinned a message."…). `Date` is ISO 8601 with offset in current
versions and a culture format in older ones (`01-Jan-20 01:33 AM`).
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from influlint.model import Source, Unit
from influlint.readers._dates import culture_date
from influlint.readers._text import ReadError

FORMAT = "discord-csv"
HEADER = ["AuthorID", "Author", "Date", "Content", "Attachments", "Reactions"]
_SYSTEM = re.compile(
    r"(?:Added .+ to the group\.|Removed .+ from the group\.|Left the group\.|Started a call(?: that lasted .+)?\.?"
    r"|Changed the channel (?:name|icon)\.|Pinned a message\.|Joined the server\.|Started a thread\.)\Z"
)
_REACTION = re.compile(r"(.+?) \((\d+)\)(?:,|\Z)")
_EXT = {"png": "image", "jpg": "image", "jpeg": "image", "webp": "image", "gif": "gif", "mp4": "video",
        "mov": "video", "webm": "video", "mp3": "audio", "ogg": "voice", "wav": "audio"}


def attachment_type(url: str) -> str:
    name = url.split("?", 1)[0].rsplit("/", 1)[-1]
    return _EXT.get(name.rsplit(".", 1)[-1].lower(), "document") if "." in name else "document"


def _attachments(field: str) -> tuple[dict, ...]:
    if not field:
        return ()
    return tuple({"type": attachment_type(u), "url": u} for u in field.split(",") if u.strip())


def row_unit(path: str, row: list[str], line: int, end_line: int) -> Unit:
    if len(row) != 6:
        raise ReadError(f"DiscordChatExporter CSV: line {line} has {len(row)} fields instead of 6")
    author_id, author, date, content, attachments, reactions = row
    text = content.replace("\r\n", "\n") if "\r" in content else content
    is_system = _SYSTEM.match(text) is not None
    meta: dict[str, Any] = {"attachments": _attachments(attachments), "sender_id": author_id or None,
                            "kind": "system" if is_system else "text", "end_line": end_line}
    if is_system:
        meta["actor"] = author
        if text == "Pinned a message.":
            meta["action"] = "pin_message"
    elif meta["attachments"] and not text:
        meta["kind"] = "attachment"
    if reactions:
        meta["reactions"] = tuple({"reaction": m.group(1), "count": int(m.group(2))}
                                  for m in _REACTION.finditer(reactions))
    source = Source(path=path, text=text, format=FORMAT, line_base=line - 1)
    return Unit(source, 0, len(text), kind="message", meta=meta, sender=None if is_system else author,
                timestamp=culture_date(date) if date else None, is_system=is_system)


def read_discord_csv(path: str, stream: BinaryIO, options) -> Iterator[Unit]:
    import csv  # here, not at module level: the CLI starts faster

    csv.field_size_limit(64 << 20)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    skipped = 0
    first = text.readline()
    while first and not first.strip():  # blank lines and blank space before the header are tolerated
        skipped += 1
        first = text.readline()
    reader = csv.reader(itertools.chain([first.lstrip()], text), strict=False)
    try:
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != HEADER:
            shown = ",".join(header or [])[:80]
            raise ReadError(f"DiscordChatExporter CSV: unexpected header {shown!r} (expected {','.join(HEADER)})")
        last = reader.line_num
        for row in reader:
            if row:
                yield row_unit(path, row, skipped + last + 1, skipped + reader.line_num)
            last = reader.line_num
    except csv.Error as exc:
        raise ReadError(f"DiscordChatExporter CSV: {exc}, at line {skipped + reader.line_num}") from None
    finally:
        text.detach()
