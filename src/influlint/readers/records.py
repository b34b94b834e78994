"""`influlint parse`: what influlint read from a chat export, one plain record per message."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from influlint import masking
from influlint.model import Unit
from influlint.readers import ReadOptions, read_units

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
    record.update(structure_fields(meta, show_pii))
    return record


STRUCTURE_KEYS = ("reply_to", "thread", "poll", "via_bot", "pinned_message", "action")


def structure_fields(meta, show_pii: bool) -> dict[str, Any]:
    """Chat structure (reply, forward, pin, poll, thread, reactions) when the export has it; names masked."""
    out: dict[str, Any] = {k: meta[k] for k in STRUCTURE_KEYS if meta.get(k) is not None}
    if meta.get("is_pinned"):
        out["is_pinned"] = True
    if meta.get("forwarded_from") is not None:
        out["forwarded_from"] = masking.display_sender(meta["forwarded_from"], show_pii)
    if meta.get("reactions"):
        out["reactions"] = [
            {k: masking.display_sender(v, show_pii) if k == "actor" else v for k, v in r.items()}
            for r in meta["reactions"]
        ]
    return out


def iter_units(path: str, options: ReadOptions) -> Iterator[Unit]:
    if os.path.isdir(path):
        from influlint.readers._bundles import read_export_directory

        units, _fmt = read_export_directory(path, options)  # Slack, Telegram HTML, Meta thread(s)
        yield from units
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
