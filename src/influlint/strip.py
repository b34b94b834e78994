"""`check --strip`: the caption ready to paste on the platform: front matter and influlint comments removed."""

from __future__ import annotations

import re

from influlint.readers._text import decode_bytes, normalize_newlines
from influlint.readers.post import split_front_matter

_COMMENT = re.compile(r"<!--\s*(?:influlint|ruleid|ok|todo-ruleid)\s*:.*?-->", re.S)


def strip_caption(text: str) -> str:
    """Drop the YAML front matter and every `<!-- influlint: … -->` comment; a line left empty by a comment goes
    too. Everything else (emoji, hashtags, blank lines between paragraphs) is kept as written."""
    text = normalize_newlines(text)
    _, body = split_front_matter(text)
    out = []
    for line in text[body:].split("\n"):
        cleaned = _COMMENT.sub("", line)
        if cleaned.strip() or not line.strip():
            out.append(cleaned.rstrip() if cleaned != line else line)
    return "\n".join(out).strip("\n") + "\n"


def strip_bytes(data: bytes) -> str:
    """Raise ReadError for binary data (readers' decoding rules)."""
    return strip_caption(decode_bytes(data)[0])
