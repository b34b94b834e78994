"""`influlint parse`: what influlint read from a chat export, one plain record per message."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from influlint import masking
from influlint.model import Unit
from influlint.readers import ReadOptions, read_units
from influlint.readers.slack import is_chat_directory, read_directory

_BIDI = {ord(c): None for c in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"}


def unit_record(unit: Unit, show_pii: bool = False) -> dict[str, Any]:
    meta = unit.meta or {}
    line = unit.source.line_base + 1
    text = unit.text
    record: dict[str, Any] = {
        "line": line,
        "end_line": meta.get("end_line", line),
        "timestamp": unit.timestamp,
        "sender": masking.display_sender(unit.sender, show_pii),
        "text": text.translate(_BIDI),
        "is_system": unit.is_system,
        "attachments": [dict(a) for a in meta.get("attachments", ())],
    }
    if unit.id is not None:
        record["id"] = unit.id
    if meta.get("kind"):
        record["kind"] = meta["kind"]
    for flag in ("is_edited", "is_deleted", "is_forwarded"):
        if meta.get(flag):
            record[flag] = True
    if unit.source.path and meta.get("chat") is not None:
        record["chat"] = meta["chat"]
    if "links" in meta:
        record["links"] = [dict(x) for x in meta["links"]]
    return record


def iter_units(path: str, options: ReadOptions) -> Iterator[Unit]:
    if os.path.isdir(path):
        if not is_chat_directory(path):
            from influlint.readers._text import ReadError

            raise ReadError("directory is not a Slack workspace export (no channels.json and users.json)")
        yield from read_directory(path, options)
        return
    from influlint.inputs import capped, open_input  # special files refused, size limits applied

    with open_input(path, options.limits) as fh:
        yield from capped(read_units(path, fh, options), options.limits, options.warn)


def parse_records(path: str, options: ReadOptions | None = None, show_pii: bool = False,
                  mask: Callable[[Unit, dict], dict] | None = None) -> Iterator[dict]:
    """One dict per message of a chat export (file, zip or Slack folder), in file order. `mask` (the
    masking pass, influlint.privacy) is applied to every record unless show_pii."""
    for unit in iter_units(path, options or ReadOptions()):
        record = unit_record(unit, show_pii)
        if unit.source.path != path:
            record["file"] = unit.source.path
        yield record if show_pii or mask is None else mask(unit, record)
