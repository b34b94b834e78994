"""Slack workspace export: a folder or zip with `channels.json`, `users.json` and `<channel>/<day>.json`
files (one JSON array of messages per day), or one day file alone."""

from __future__ import annotations

import html
import io
import json
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

from influlint.model import Source, Unit
from influlint.readers._json import JsonStream, parse_int, value_limit
from influlint.readers._text import ReadError

FORMAT = "slack-json"
SYSTEM_SUBTYPES = frozenset({
    "channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name", "channel_archive",
    "channel_unarchive", "group_join", "group_leave", "group_topic", "group_purpose", "group_name",
    "group_archive", "group_unarchive", "pinned_item", "unpinned_item", "bot_add", "bot_remove",
    "bot_enable", "bot_disable", "channel_convert_to_private", "reminder_add", "tombstone",
})
_DAY = re.compile(r"(?:^|/)([^/]+)/(\d{4}-\d{2}-\d{2})\.json$")
_MARKUP = re.compile(r"<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>")


class Tree:
    """Files of an export, from a folder or a zip: relative names and a way to open them."""

    def __init__(self, names: list[str], opener: Callable[[str], BinaryIO], root: str = "") -> None:
        self.names = names
        self.open = opener
        self.root = root


def zip_tree(zf: zipfile.ZipFile) -> Tree:
    names = [i.filename for i in zf.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    return Tree(names, lambda n: zf.open(n))


def dir_tree(path: str) -> Tree:
    names = []
    for dirpath, _dirs, files in os.walk(path):
        for f in files:
            names.append(os.path.relpath(os.path.join(dirpath, f), path).replace(os.sep, "/"))
    return Tree(sorted(names), lambda n: open(os.path.join(path, n), "rb"), root=path)


def is_chat_directory(path: str) -> bool:
    """True for a folder holding a Slack workspace export (channels.json + users.json)."""
    return os.path.isdir(path) and os.path.isfile(os.path.join(path, "channels.json")) and os.path.isfile(
        os.path.join(path, "users.json")
    )


def _load(tree: Tree, name: str) -> Any:
    try:
        with tree.open(name) as fh:
            return json.load(io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace"), parse_int=parse_int)
    except json.JSONDecodeError as exc:
        raise ReadError(f"{name}: invalid JSON ({exc.msg}), at line {exc.lineno}") from None
    except RecursionError:
        raise ReadError(f"{name}: JSON nested too deeply") from None


def _users(tree: Tree) -> dict[str, str]:
    users: dict[str, str] = {}
    for name in tree.names:
        if name.rsplit("/", 1)[-1] == "users.json":
            data = _load(tree, name)
            for u in data if isinstance(data, list) else ():
                if isinstance(u, dict) and isinstance(u.get("id"), str) and u["id"]:
                    prof = _dict(u.get("profile"))
                    users[u["id"]] = _str(
                        prof.get("display_name") or prof.get("real_name") or u.get("real_name") or u.get("name")
                        or u["id"]
                    )
            break
    return users


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    """Export fields are strings; anything else (a number, an object) is shown as text, never trusted."""
    return value if value is None or isinstance(value, str) else str(value)


def render_text(text: str, users: dict[str, str]) -> str:
    """Slack mrkdwn to plain text: mentions by name, `<url|label>` → `label (url)`, entities unescaped."""

    def sub(m: re.Match) -> str:
        sigil, target, label = m.group(1), m.group(2), m.group(3)
        if sigil == "@":
            return "@" + (label or users.get(target, target))
        if sigil == "#":
            return "#" + (label or target)
        if sigil == "!":
            return "@" + (label or target.split("^", 1)[0])
        if label and label != target:
            return f"{label} ({target})"
        return target

    if "<" in text:
        text = _MARKUP.sub(sub, text)
    if "&" in text:
        text = html.unescape(text)
    return text


def message_unit(path: str, msg: Any, line: int, users: dict[str, str], channel: str | None) -> Unit:
    if not isinstance(msg, dict):
        raise ReadError(f"invalid Slack message at line {line}: not an object")
    raw = msg.get("text") or ""
    text = render_text(raw if isinstance(raw, str) else str(raw), users)
    subtype = _str(msg.get("subtype"))
    is_system = subtype in SYSTEM_SUBTYPES or msg.get("type", "message") != "message"
    user = _str(msg.get("user"))
    prof = _dict(msg.get("user_profile"))
    sender = _str(
        prof.get("display_name") or prof.get("real_name") or (users.get(user) if user else None) or user
        or msg.get("username") or msg.get("bot_id")
    )
    ts = _str(msg.get("ts"))
    timestamp = None
    try:
        timestamp = datetime.fromtimestamp(float(ts), tz=UTC).isoformat()
    except (TypeError, ValueError, OverflowError, OSError):  # a hostile or broken `ts` is no date
        pass
    atts = []
    for f in msg.get("files") if isinstance(msg.get("files"), list) else ():
        if isinstance(f, dict):
            atts.append({"type": "document", "file_name": f.get("name"), "url": f.get("url_private")})
    meta: dict[str, Any] = {
        "attachments": tuple(atts),
        "sender_id": user or _str(msg.get("bot_id")),
        "kind": "system" if is_system else "text",
        "subtype": subtype,
    }
    if channel:
        meta["chat"] = channel
    if msg.get("thread_ts") and _str(msg.get("thread_ts")) != ts:
        meta["reply_to"] = _str(msg.get("thread_ts"))
    if is_system:  # who joined or left (channel_join…), for `influlint audit`
        meta["actor"] = sender
    if msg.get("edited"):
        meta["is_edited"] = True
    if msg.get("thread_ts"):
        meta["thread"] = msg["thread_ts"]
    if msg.get("pinned_to"):
        meta["is_pinned"] = True
    source = Source(path=path, text=text, format=FORMAT, line_base=max(0, line - 1))
    return Unit(source, 0, len(text), kind="message", meta=meta, sender=None if is_system else sender,
                timestamp=timestamp, id=None if ts is None else str(ts), is_system=is_system)


def _day_units(path: str, stream: BinaryIO, users: dict[str, str], channel: str | None,
               options=None) -> Iterator[Unit]:
    js = JsonStream(stream, max_value=value_limit(options))
    if js.peek() != "[":
        raise ReadError("not a Slack day file: the top level is not an array (line 1)")
    for line in js.iter_array():
        yield message_unit(path, js.value(), line, users, channel)
    if not js.at_end():
        raise js.error("invalid JSON: extra data after the array")


def read_slack_tree(path: str, tree: Tree, options) -> Iterator[Unit]:
    users = _users(tree)
    days = sorted((m.group(1), m.group(2), n) for n in tree.names if (m := _DAY.search(n)))
    if not days:
        raise ReadError("Slack export without any <channel>/<YYYY-MM-DD>.json day file")
    for channel, _day, name in days:
        with tree.open(name) as fh:
            try:
                yield from _day_units(f"{path}/{name}", fh, users, channel, options)
            except ReadError as exc:
                raise ReadError(f"{name}: {exc}") from None


def read_directory(path: str, options) -> Iterator[Unit]:
    """Read a Slack workspace export folder (see is_chat_directory)."""
    return read_slack_tree(path.rstrip("/\\"), dir_tree(path), options)


def read_slack(path: str, stream: BinaryIO, options) -> Iterator[Unit]:
    from influlint.readers._zip import is_zip_stream, read_zip

    if is_zip_stream(stream):
        return read_zip(path, stream, options)
    m = _DAY.search(path.replace(os.sep, "/"))
    return _day_units(path, stream, {}, m.group(1) if m else None, options)
