"""Dates written in a culture's format by DiscordChatExporter (`--locale`, older CSV versions): turned into
naive ISO 8601 when one of the known layouts fits, else kept as written."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
LAYOUTS = (
    "%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d-%b-%y %I:%M %p", "%d-%b-%Y %I:%M %p",
    "%A, %B %d, %Y %I:%M %p", "%A, %d %B %Y %H:%M", "%B %d, %Y %I:%M %p", "%d %B %Y %H:%M",
)


_NUMERIC = re.compile(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{2,4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp])\.? ?[Mm]\.?)?\Z")


def _numeric(m: re.Match) -> str | None:
    """Numeric dates: Y-M-D when the year comes first; with AM/PM month first (en-US) and day first
    otherwise (fr-FR, en-GB, de-DE), unless a component above 12 says the opposite."""
    a, b, c, hh, mi, ss, ampm = m.groups()
    if len(a) == 4:
        y, mo, d = int(a), int(b), int(c)
    else:
        first, second = int(a), int(b)
        month_first = (ampm is not None and first <= 12) or second > 12
        mo, d = (first, second) if month_first else (second, first)
        y = int(c) + (2000 if len(c) == 2 else 0)
    h = int(hh)
    if ampm is not None:
        h = h % 12 + (12 if ampm in "Pp" else 0)
    if not (1 <= mo <= 12 and 1 <= d <= 31 and h < 24 and int(mi) < 60 and int(ss or 0) < 60):
        return None
    if d > 28:  # month lengths and leap years
        try:
            datetime(y, mo, d)
        except ValueError:
            return None
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi}:{ss or '00'}"


_SEEN: dict[str, str] = {}


def culture_date(raw: str) -> str:
    """ISO 8601 as is; a known culture layout → naive ISO; anything else → the text as written.
    Minute-precision dates repeat within a chat: the last few thousand are remembered."""
    iso = _SEEN.get(raw)
    if iso is None:
        if len(_SEEN) > 4096:
            _SEEN.clear()
        iso = _SEEN[raw] = _culture_date(raw)
    return iso


def _culture_date(raw: str) -> str:
    value = raw.strip().replace("\u202f", " ").replace("\u00a0", " ")
    if _ISO.match(value):
        return value
    m = _NUMERIC.match(value)
    if m is not None and (iso := _numeric(m)) is not None:
        return iso
    return _by_layout(value, raw)


@lru_cache(maxsize=4096)
def _by_layout(value: str, raw: str) -> str:
    for layout in LAYOUTS:
        try:
            return datetime.strptime(value, layout).isoformat()
        except ValueError:
            continue
    return raw
