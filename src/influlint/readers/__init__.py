"""Readers turn one input into Units. Registry: READERS (format name -> reader).

A reader is `read(path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[Unit]`; the stream
is seekable and positioned at 0, and large inputs must be read incrementally (units are yielded as a
stream). `sniff(name, head)` returns the format of an input from its first 64 KiB.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import BinaryIO

from influlint.limits import DEFAULT as DEFAULT_LIMITS
from influlint.limits import Limits
from influlint.model import Source, Unit
from influlint.readers._json import sniff_json_kind
from influlint.readers._sniff import read_head, trim_partial
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
    limits: Limits = DEFAULT_LIMITS


def read_post_stream(path: str, stream: BinaryIO, options: ReadOptions) -> Iterator[Unit]:
    cap = options.limits.max_message_chars
    data = stream.read(4 * cap + 4)  # a post longer than the message limit is only checked up to it
    cut = len(data) > 4 * cap
    text, warning = decode_bytes(trim_partial(data[: 4 * cap]) if cut else data)
    if warning:
        options.warn(warning)
    for unit in read_post(Source(path=path, text=normalize_newlines(text), format="post")):
        if unit.end - unit.start > cap or cut:
            options.warn(f"over {cap:,} characters: too long for a post, only the first {cap:,} are checked "
                         "(limits.max_message_chars)")
            unit = replace(unit, end=min(unit.end, unit.start + cap))
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
    return sniff(path, read_head(stream))


def read_units(path: str, stream: BinaryIO, options: ReadOptions, fmt: str | None = None) -> Iterator[Unit]:
    fmt = fmt or detect(path, stream, options)
    reader = READERS.get(fmt)
    if reader is None:
        raise ReadError(f"unknown input format {fmt!r}")
    return reader(path, stream, options)


__all__ = ["POST_SUFFIXES", "READERS", "SNIFFERS", "ReadError", "ReadOptions", "detect", "read_head", "read_units", "sniff"]
