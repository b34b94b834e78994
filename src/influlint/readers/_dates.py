"""Dates written in a culture's format by DiscordChatExporter (`--locale`, older CSV versions): turned into
naive ISO 8601 when one of the known layouts fits, else kept as written."""

from __future__ import annotations

import re
from datetime import datetime

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
LAYOUTS = (
    "%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d-%b-%y %I:%M %p", "%d-%b-%Y %I:%M %p",
    "%A, %B %d, %Y %I:%M %p", "%A, %d %B %Y %H:%M", "%B %d, %Y %I:%M %p", "%d %B %Y %H:%M",
)


def culture_date(raw: str) -> str:
    """ISO 8601 as is; a known culture layout → naive ISO; anything else → the text as written."""
    value = raw.strip().replace("\u202f", " ").replace("\u00a0", " ")
    if _ISO.match(value):
        return value
    for layout in LAYOUTS:
        try:
            return datetime.strptime(value, layout).isoformat()
        except ValueError:
            continue
    return raw
