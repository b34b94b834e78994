"""What the predicates see of one unit: normalised text, head, hashtags, spaCy doc (lazy)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

import regex

from influlint.engine.normalize import Normalized, normalize
from influlint.model import Unit

_LEADING = regex.compile(r"(?:\s+|<!--.*?-->|^>\s?)+", regex.S | regex.M)
_HASHTAG = regex.compile(r"#[\w\u00C0-\u024F]+")
# a sentence ends at . ! ? … followed by a space or the end; inside a token they do not split
# (« 12.5 », « www.site.fr », obfuscated « g.u.é.r.i.t »)
_SENTENCE = regex.compile(r"(?:[^.!?…\n]|[.!?…](?=[^\s.!?…]))+(?:[.!?…]+|$)", regex.M)
_BREAK = regex.compile(r"[.!?…]+|\n")
_SPACE = regex.compile(r"\s")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The spans `_SENTENCE.finditer` gives (blank ones left out), found in one linear scan: the regex keeps a
    backtracking frame per character of a sentence (114 MB for a 1M-character one), this never does."""
    spans, start, n = [], 0, len(text)
    for m in _BREAK.finditer(text):
        a, b = m.span()
        if text[a] == "\n":
            spans.append((start, a))
            start = b
            continue
        glued = b < n and not _SPACE.match(text, b)
        if b - a == 1 and glued:
            continue  # « 12.5 », « www.site.fr »: inside the sentence
        if a > start:
            spans.append((start, b))
            start = b
        else:  # terminators alone make no sentence; the last one glued to a word starts the next
            start = b - 1 if glued else b
    spans.append((start, n))
    return [(a, b) for a, b in spans if text[a:b].strip()]


@dataclass(slots=True)
class UnitContext:
    unit: Unit
    text: str  # original unit text
    norm: Normalized
    meta: dict[str, Any]
    body: int  # offset (unit-relative) where the content starts after comments / blank lines
    first_line_end: int
    hashtags: list[tuple[int, int]]
    lower: str = ""  # normalised, lowercased (prefilters)
    _doc: Any = None
    _digits: int = -1

    @classmethod
    def build(cls, unit: Unit) -> UnitContext:
        text = unit.text
        m = _LEADING.match(text)
        body = m.end() if m else 0
        nl = text.find("\n", body)
        first_line_end = len(text) if nl == -1 else nl
        hashtags = [mm.span() for mm in _HASHTAG.finditer(text)] if "#" in text else []
        norm = normalize(text)
        return cls(unit, text, norm, dict(unit.meta or {}), body, first_line_end, hashtags, norm.text.lower())

    @property
    def digits(self) -> int:
        if self._digits < 0:
            self._digits = sum(map(str.isdigit, self.norm.text))
        return self._digits

    def head_end(self, head_chars: int) -> int:
        return min(self.first_line_end, self.body + head_chars)

    def to_norm(self, offset: int) -> int:
        """Original unit offset → normalised offset (first normalised char at or after it)."""
        if self.norm.offsets is None:
            return offset
        return bisect.bisect_left(self.norm.offsets, offset)

    def sentences(self) -> list[tuple[int, int]]:
        """Sentence ranges in original unit offsets."""
        spans = [self.norm.to_original(a, b) for a, b in split_sentences(self.norm.text)]
        return spans or [(0, len(self.text))]

    def doc(self, nlp_loader) -> Any:
        if self._doc is None:
            self._doc = nlp_loader()(self.text)
        return self._doc
