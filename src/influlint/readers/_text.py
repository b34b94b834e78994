"""Decoding of input bytes: UTF-8 (with or without BOM), UTF-16 with BOM, then cp1252."""

from __future__ import annotations

import codecs


class ReadError(Exception):
    """An input that cannot be read; the message names the problem, the caller adds the path."""


def looks_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head[:8192]


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Return (text, warning). Raise ReadError for binary data."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            raise ReadError(f"invalid UTF-16 text ({exc.reason})") from None
    if looks_binary(data):
        raise ReadError("binary file, not text")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "not UTF-8: read as cp1252 (Windows-1252)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8: read as latin-1"


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
