"""Registry entries and content sniffing for Telegram HTML, DiscordChatExporter HTML and CSV, Meta JSON
and Signal text (issue 18), added to READERS and SNIFFERS by the package's `__init__`.

Sniffing is robust to a UTF-8 BOM and to leading blank space; it looks at content only, never at the
file name."""

from __future__ import annotations

import re

from influlint.readers.discord_csv import read_discord_csv
from influlint.readers.discord_html import read_discord_html
from influlint.readers.meta import read_meta
from influlint.readers.signal import read_signal, sniff_signal
from influlint.readers.telegram_html import read_telegram_html

CHAT_READERS = {
    "telegram-html": read_telegram_html, "meta-json": read_meta, "discord-csv": read_discord_csv,
    "discord-html": read_discord_html, "signal-txt": read_signal,
}

_CSV_HEADER = re.compile(r'"?AuthorID"?,"?Author"?,"?Date"?,"?Content"?,"?Attachments"?,"?Reactions"?\s*$', re.M)


def sniff_chat(name: str, head: bytes) -> str | None:
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if not text:
        return None
    first = text[0]
    if first == "{":
        if ('"sender_name"' in text and '"timestamp_ms"' in text) or (
                '"participants"' in text and '"thread_path"' in text):
            return "meta-json"
        return None
    if first == "<":
        if 'class="message default clearfix' in text or (
                '<div class="history">' in text and 'class="page_header"' in text):
            return "telegram-html"
        if "chatlog__message-container" in text or 'class="preamble__entry' in text:
            return "discord-html"
        return None
    if first in "\"A" and _CSV_HEADER.match(text):
        return "discord-csv"
    if first in "[0123456789C" and sniff_signal(text):
        return "signal-txt"
    return None


def describe(fmt: str) -> str:
    """How a format is named in messages to users."""
    return {
        "telegram-html": "Telegram Desktop HTML", "discord-html": "DiscordChatExporter HTML",
        "discord-csv": "DiscordChatExporter CSV", "meta-json": "Instagram/Messenger (Meta) JSON",
        "signal-txt": "Signal text export",
    }.get(fmt, fmt)
