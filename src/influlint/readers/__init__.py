"""Readers turn one input into Units. Registry: READERS (format name -> reader).

A reader is `read(path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[Unit]`; the stream
is seekable and positioned at 0, and large inputs must be read incrementally (units are yielded as a
stream). `sniff(name, head)` returns the format of an input from its first 64 KiB.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import BinaryIO

from influlint.model import Source, Unit
from influlint.readers._json import sniff_json_kind
from influlint.readers._sniff_chat import CHAT_READERS, sniff_chat
from influlint.readers._text import ReadError, decode_bytes, normalize_newlines
from influlint.readers._zip import read_any_zip, sniff_zip
from influlint.readers.discord import read_discord
from influlint.readers.post import read_post
from influlint.readers.slack import read_slack
from influlint.readers.telegram import read_telegram
from influlint.readers.whatsapp import read_whatsapp, sniff_whatsapp

POST_SUFFIXES = (".md", ".markdown", ".txt")


@dataclass(slots=True)
class ReadOptions:
    input_format: str | None = None  # forced format
    dayfirst: bool | None = None  # WhatsApp day/month order, None = infer
    warn: Callable[[str], None] = field(default=lambda msg: None)


MAX_POST_CHARS = 1_000_000  # a post is a caption or an article; beyond this only the start is checked


def read_post_stream(path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[Unit]:
    text, warning = decode_bytes(stream.read())
    if warning:
        options.warn(warning)
    for unit in read_post(Source(path=path, text=normalize_newlines(text), format="post")):
        if unit.end - unit.start > MAX_POST_CHARS:
            options.warn(f"{(unit.end - unit.start) / 1e6:.0f} million characters: too long for a post, "
                         f"only the first {MAX_POST_CHARS // 1_000_000} million are checked")
            unit = replace(unit, end=unit.start + MAX_POST_CHARS)
        yield unit


Reader = Callable[[str, BinaryIO, ReadOptions], Iterator[Unit]]
READERS: dict[str, Reader] = {
    "post": read_post_stream, "whatsapp": read_whatsapp, "telegram-json": read_telegram,
    "discord-json": read_discord, "slack-json": read_slack, "zip": read_any_zip,
}
READERS.update(CHAT_READERS)  # Telegram HTML, Meta JSON, DiscordChatExporter CSV/HTML, Signal
SNIFFERS: list[Callable[[str, bytes], str | None]] = [
    sniff_zip, lambda name, head: sniff_json_kind(head), sniff_whatsapp,
]
SNIFFERS.insert(1, sniff_chat)  # before JSON and WhatsApp: Meta JSON and Signal text look like them


def sniff(name: str, head: bytes) -> str:
    for sniffer in SNIFFERS:
        fmt = sniffer(name, head)
        if fmt:
            return fmt
    return "post"


def detect(path: str, stream: BinaryIO, options: ReadOptions) -> str:
    if options.input_format:
        return options.input_format
    head = stream.read(65536)
    stream.seek(0)
    return sniff(path, head)


def read_units(path: str, stream: BinaryIO, options: ReadOptions, fmt: str | None = None) -> Iterator[Unit]:
    fmt = fmt or detect(path, stream, options)
    reader = READERS.get(fmt)
    if reader is None:
        raise ReadError(f"unknown input format {fmt!r}")
    return reader(path, stream, options)


__all__ = ["POST_SUFFIXES", "READERS", "SNIFFERS", "ReadError", "ReadOptions", "detect", "read_units", "sniff"]
