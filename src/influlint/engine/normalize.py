"""Text normalisation for matching, with a map back to original offsets.

NFKC (folds 𝐜𝐨𝐝𝐞 → code, ﬁ → fi), accents stripped, zero-width and bidi marks removed,
typographic quotes and dashes folded. Case is kept: patterns compile case-insensitive.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# « p r o n o s », « s.n.u.s », « f-r-e-e »: four or more single letters joined by one repeated separator
_SPACED = re.compile(r"(?<![^\W\d_])[^\W\d_]([ .*_\-])(?:[^\W\d_]\1){2,}[^\W\d_](?![^\W\d_])")

_DROP = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_FOLD = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
         "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u0153": "oe",
         "\u0152": "OE", "\u00e6": "ae", "\u00c6": "AE"}
# Small capitals (no NFKC decomposition) read as capitals: ᴄᴏᴅᴇ ᴇᴍᴍᴀ20 → CODE EMMA20.
_FOLD.update(zip("\u1d00\u0299\u1d04\u1d05\u1d07\ua730\u0262\u029c\u026a\u1d0a\u1d0b\u029f\u1d0d\u0274\u1d0f\u1d18\u0280\ua731"
                 "\u1d1b\u1d1c\u1d20\u1d21\u028f\u1d22", "ABCDEFGHIJKLMNOPRSTUVWYZ", strict=True))


@lru_cache(maxsize=8192)
def fold_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    if ch in _FOLD:
        return _FOLD[ch]
    out = unicodedata.normalize("NFKC", ch)
    out = "".join(c for c in unicodedata.normalize("NFD", out) if not unicodedata.combining(c))
    return "".join(_FOLD.get(c, c) for c in out if c not in _DROP)


def strip_accents(text: str) -> str:
    """Fold a pattern or a phrase the same way as the text (used on rule literals)."""
    return "".join(fold_char(c) for c in text)


@dataclass(frozen=True, slots=True)
class Normalized:
    text: str
    offsets: tuple[int, ...] | None  # offsets[i] = original index of normalised char i; None = identity
    length: int  # original length

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if self.offsets is None:
            return start, end
        if start >= len(self.offsets):
            return self.length, self.length
        o_start = self.offsets[start]
        o_end = self.offsets[end - 1] + 1 if end > start else o_start
        return o_start, o_end


def normalize(text: str) -> Normalized:
    norm = _fold(text)
    if _SPACED.search(norm.text) is None:
        return norm
    return _collapse_spaced(norm)


def _collapse_spaced(norm: Normalized) -> Normalized:
    """Drop the separators of spaced-out letters, keeping the map to original offsets."""
    offsets = list(norm.offsets) if norm.offsets is not None else list(range(len(norm.text)))
    parts: list[str] = []
    kept: list[int] = []
    last = 0
    for m in _SPACED.finditer(norm.text):
        parts.append(norm.text[last : m.start()])
        kept.extend(offsets[last : m.start()])
        for i in range(m.start(), m.end(), 2):
            parts.append(norm.text[i])
            kept.append(offsets[i])
        last = m.end()
    parts.append(norm.text[last:])
    kept.extend(offsets[last:])
    return Normalized("".join(parts), tuple(kept), norm.length)


_SAME_LENGTH: dict[int, str] = {}  # code point → its one-character fold (translate table, grown lazily)
_OTHER: set[str] = set()  # characters whose fold is empty or longer than one character


def _fold(text: str) -> Normalized:
    if text.isascii():
        return Normalized(text, None, len(text))
    odd = False
    for ch in set(text):
        if ch.isascii() or ord(ch) in _SAME_LENGTH:
            continue
        if ch in _OTHER:
            odd = True
            continue
        rep = fold_char(ch)
        if len(rep) == 1:
            _SAME_LENGTH[ord(ch)] = rep
        else:
            _OTHER.add(ch)
            odd = True
    if not odd:  # every character folds to one character: one C-level pass, offsets one to one
        folded = text.translate(_SAME_LENGTH)
        return Normalized(folded, None if folded == text else tuple(range(len(text))), len(text))
    parts: list[str] = []
    offsets: list[int] = []
    changed = False
    for i, ch in enumerate(text):
        if ch.isascii():
            parts.append(ch)
            offsets.append(i)
            continue
        rep = fold_char(ch)
        if rep != ch:
            changed = True
        parts.append(rep)
        offsets.extend([i] * len(rep))
    if not changed:
        return Normalized(text, None, len(text))
    return Normalized("".join(parts), tuple(offsets), len(text))
