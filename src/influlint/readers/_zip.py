"""Zip inputs: a WhatsApp export (`_chat.txt` / `WhatsApp Chat with ….txt` + media), a Telegram export
(`result.json`), a Slack workspace export (`channels.json`, `users.json`, `<channel>/<day>.json`) or a
DiscordChatExporter JSON. Detection by the members' names and content, never by the zip's own name."""

from __future__ import annotations

import lzma
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from influlint.limits import DEFAULT, Limits, human
from influlint.model import Unit
from influlint.readers._text import ReadError

ZIP_MAGIC = b"PK\x03\x04"
_CHAT_TXT = re.compile(
    r"(?:^|/)(?:_chat\.txt|.*(?:chat|whatsapp|discussion|conversa|чат).*\.txt)$", re.IGNORECASE
)


def is_zip_stream(stream: BinaryIO) -> bool:
    head = stream.read(4)
    stream.seek(0)
    return head == ZIP_MAGIC


# What a damaged or hostile zip makes zipfile raise (a flipped version byte: NotImplementedError; a bad offset:
# ValueError "negative seek value"; a broken stream: zlib/lzma errors).
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError,
              RuntimeError, NotImplementedError)


def open_zip(stream: BinaryIO) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(stream)
    except ZIP_ERRORS as exc:
        raise ReadError(f"corrupt or unreadable zip ({exc})") from None


def _files(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return [i for i in zf.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]


def classify(zf: zipfile.ZipFile) -> tuple[str, list[str]]:
    """(format, members to read) of a zip; raises ReadError when it holds no chat export."""
    infos = _files(zf)
    names = [i.filename for i in infos]
    base = {n.rsplit("/", 1)[-1]: n for n in sorted(names, key=len, reverse=True)}
    if "channels.json" in base and "users.json" in base:
        return "slack-json", names
    from influlint.readers._bundles import classify_bundle

    if (bundle := classify_bundle(names)) is not None:  # Telegram HTML, Meta JSON threads
        return bundle
    for n in sorted(names, key=len):
        if n.rsplit("/", 1)[-1] == "_chat.txt":
            return "whatsapp", [n]
    txt = sorted((n for n in names if _CHAT_TXT.search(n)), key=len)
    if txt:
        return "whatsapp", [txt[0]]
    if "result.json" in base:
        return "telegram-json", [base["result.json"]]
    jsons = [n for n in names if n.lower().endswith(".json")]
    for n in jsons:
        head = _head(zf, n)
        if b'"guild"' in head and b'"messages"' in head:
            return "discord-json", [n]
    all_txt = [n for n in names if n.lower().endswith(".txt")]
    if len(all_txt) == 1:
        return "whatsapp", all_txt
    listing = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
    raise ReadError(
        "zip holds no chat export (no _chat.txt or WhatsApp .txt, result.json, messages.html, message_1.json, "
        f"Slack channels.json or DiscordChatExporter JSON); members: {listing or 'none'}"
    )


def _check_encrypted(zf: zipfile.ZipFile, member: str) -> None:
    if zf.getinfo(member).flag_bits & 0x1:
        raise ReadError(f"encrypted (password-protected) zip: cannot read {member}; export it again without a password")


def _head(zf: zipfile.ZipFile, member: str, n: int = 4096) -> bytes:
    try:
        _check_encrypted(zf, member)
        with zf.open(member) as fh:
            return fh.read(n)
    except ZIP_ERRORS:
        return b""


def guarded(units: Iterator[Unit], member: str) -> Iterator[Unit]:
    """Turn decompression errors raised mid-stream into a one-line ReadError."""
    try:
        yield from units
    except ReadError:
        raise
    except ZIP_ERRORS as exc:  # bz2 raises OSError; an encrypted member RuntimeError
        raise ReadError(f"corrupt or unreadable zip member {member} ({exc})") from None


_RATIO_FLOOR = 1024 * 1024  # members smaller than this are never a bomb, however well they compress


def check_sizes(zf: zipfile.ZipFile, members: list[str], limits: Limits) -> None:
    """Refuse members whose declared size or ratio exceeds the limits (zipfile never reads past the
    declared size, so the declared sizes bound what is decompressed)."""
    total = 0
    for name in members:
        info = zf.getinfo(name)
        size = info.file_size
        if size > limits.max_input_size:
            raise ReadError(f"zip member {name} expands to {human(size)}, over the input limit of "
                            f"{human(limits.max_input_size)} (limits.max_input_size)")
        if size > _RATIO_FLOOR and size > limits.max_archive_ratio * max(info.compress_size, 1):
            raise ReadError(f"zip member {name} expands {size // max(info.compress_size, 1):,} times, over the "
                            f"ratio limit of {limits.max_archive_ratio} (limits.max_archive_ratio): a zip bomb?")
        total += size
        if total > limits.max_archive_size:
            raise ReadError(f"zip expands to more than {human(limits.max_archive_size)} "
                            "(limits.max_archive_size)")


def read_zip(path: str, stream: BinaryIO, options, want: str | None = None) -> Iterator[Unit]:
    zf = open_zip(stream)
    fmt, members = classify(zf)
    return _read(path, zf, fmt, members, options)


def _read(path: str, zf: zipfile.ZipFile, fmt: str, members: list[str], options) -> Iterator[Unit]:
    limits = getattr(options, "limits", DEFAULT)
    if fmt == "slack-json":
        from influlint.readers.slack import read_slack_tree, zip_tree

        check_sizes(zf, [n for n in members if n.endswith(".json")], limits)
        yield from guarded(read_slack_tree(path, zip_tree(zf), options), path)
        return
    if fmt in ("telegram-html", "meta-json"):
        from influlint.readers._bundles import read_members

        yield from guarded(read_members(fmt, path, members, zf.open, options), path)
        return
    member = members[0]
    _check_encrypted(zf, member)
    check_sizes(zf, [member], limits)
    try:
        fh = zf.open(member)
    except ZIP_ERRORS as exc:
        raise ReadError(f"cannot read zip member {member} ({exc})") from None
    with fh:
        if fmt == "whatsapp":
            from influlint.readers.whatsapp import read_whatsapp_lines

            yield from guarded(read_whatsapp_lines(path, fh, options), member)
        elif fmt == "telegram-json":
            from influlint.readers.telegram import read_telegram_stream

            yield from guarded(read_telegram_stream(path, fh, options), member)
        else:
            from influlint.readers.discord import read_discord_stream

            yield from guarded(read_discord_stream(path, fh, options), member)


def read_any_zip(path: str, stream: BinaryIO, options) -> Iterator[Unit]:
    """Reader registered as format "zip": whatever chat export the zip holds."""
    return read_zip(path, stream, options)


def sniff_zip(name: str, head: bytes) -> str | None:
    return "zip" if head.startswith(ZIP_MAGIC) else None
