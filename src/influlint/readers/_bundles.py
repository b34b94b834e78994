"""Exports split over several files, read from a folder or a zip: Telegram Desktop HTML (`messages.html`,
`messages2.html`, … in numeric order) and Meta JSON threads (`<thread>/message_1.json`, `message_2.json`…:
the highest number holds the oldest messages, so files are read from it down to 1)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator

from influlint.model import Unit
from influlint.readers._text import ReadError

_TG_HTML = re.compile(r"(?:^|/)messages(\d*)\.html$")
_META = re.compile(r"(?:^|/)message_(\d+)\.json$")
_META_TREE = re.compile(r"(?:^|/)messages/[a-z0-9_]+/[^/]+/message_\d+\.json$")


def telegram_html_members(names: list[str]) -> list[str]:
    found = [(n.rsplit("/", 1)[0] if "/" in n else "", int(m.group(1) or 1), n)
             for n in names if (m := _TG_HTML.search(n))]
    return [n for _d, _i, n in sorted(found)]


def meta_members(names: list[str]) -> list[str]:
    found = [(n.rsplit("/", 1)[0] if "/" in n else "", -int(m.group(1)), n) for n in names if (m := _META.search(n))]
    return [n for _d, _i, n in sorted(found)]


def classify_bundle(names: list[str]) -> tuple[str, list[str]] | None:
    """(format, members in reading order) when the file names are those of a split export."""
    tg = telegram_html_members(names)
    if tg:
        return "telegram-html", tg
    meta = meta_members(names)
    if meta:
        return "meta-json", meta
    return None


def read_members(fmt: str, path: str, members: list[str], opener: Callable, options) -> Iterator[Unit]:
    """Units of every member, in order; Telegram `joined` senders carry over from one file to the next."""
    if fmt == "telegram-html":
        from influlint.readers.telegram_html import _State, read_telegram_html_stream

        state = _State()
        for name in members:
            with opener(name) as fh:
                yield from _named(read_telegram_html_stream(f"{path}/{name}", fh, options, state), name)
    else:
        from influlint.readers.meta import read_meta_stream

        for name in members:
            with opener(name) as fh:
                yield from _named(read_meta_stream(f"{path}/{name}", fh, options), name)


def _named(units: Iterator[Unit], name: str) -> Iterator[Unit]:
    try:
        yield from units
    except ReadError as exc:
        raise ReadError(f"{name}: {exc}") from None


def directory_bundle(path: str) -> tuple[str, list[str]] | None:
    """A folder that is a Telegram HTML export or a Meta thread (the export files directly inside it), or a
    Meta "Download your information" tree (`messages/<box>/<thread>/message_N.json` below it)."""
    if not os.path.isdir(path):
        return None
    top = [e.name for e in os.scandir(path) if e.is_file() and e.name.endswith((".html", ".json"))]
    found = classify_bundle(top)
    if found is not None:
        return found
    names = []
    for dirpath, _dirs, files in os.walk(path):
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), path).replace(os.sep, "/")
            if _META_TREE.search(rel):
                names.append(rel)
    members = meta_members(names)
    return ("meta-json", members) if members else None


def is_export_directory(path: str) -> bool:
    from influlint.readers.slack import is_chat_directory

    return is_chat_directory(path) or directory_bundle(path) is not None


def read_export_directory(path: str, options) -> tuple[Iterator[Unit], str]:
    """(units, format) of a folder holding a Slack, Telegram HTML or Meta export."""
    from influlint.readers.slack import is_chat_directory, read_directory

    if is_chat_directory(path):
        return read_directory(path, options), "slack-json"
    found = directory_bundle(path)
    if found is None:
        raise ReadError("directory is not a Slack workspace export (no channels.json and users.json), "
                        "a Telegram HTML export (messages.html) nor a Meta thread (message_1.json)")
    fmt, members = found
    root = path.rstrip("/\\")
    return read_members(fmt, root, members, lambda n: open(os.path.join(root, n), "rb"), options), fmt
