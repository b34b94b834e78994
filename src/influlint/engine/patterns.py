"""Predicates of the rule language over concepts and tokens: `concept`, `seq`, `statement`.

They never scan the text: the one pass of the runner (engine/onepass.py) leaves every concept hit of the
unit in `ctx.hits` (name → folded spans); tokens and sentences are computed once per unit, lazily, only
when a sequence or a token distance needs them.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import regex

from influlint.engine.conditions import TIMEOUT, Cond, Hit, Scope, within_ok
from influlint.engine.normalize import strip_accents

_TOKEN = regex.compile(r"[^\W_]+|[^\w\s]")


def unit_tokens(ctx: Any) -> tuple[list[int], list[int]]:
    """Start and end (folded offsets) of every token of the unit: word runs and single symbols."""
    if ctx.toks is None:
        starts, ends = [], []
        for m in _TOKEN.finditer(ctx.lower):
            starts.append(m.start())
            ends.append(m.end())
        ctx.toks = (starts, ends)
    return ctx.toks


def token_span(ctx: Any, start: int, end: int) -> tuple[int, int]:
    """Folded span → (first token index, index after the last token)."""
    starts, ends = unit_tokens(ctx)
    return bisect.bisect_right(starts, start) - 1, bisect.bisect_left(ends, end) + 1


def _cached(ctx: Any, cond: Any, compute) -> list[tuple[int, int]]:
    """The folded spans of a predicate over the whole unit, computed once per unit and sorted: a rule with
    `scope: sentence` then reads each sentence's window by bisection instead of scanning the unit again."""
    key = id(cond)
    found = ctx.tok_hits.get(key)
    if found is None:
        found = sorted(compute())
        ctx.tok_hits[key] = found
    return found


def _hits(scope: Scope, spans: list[tuple[int, int]], within: Any, signal: str | None) -> list[Hit]:
    ctx = scope.ctx
    whole = within is not None and within != "body"
    lo, hi = (0, len(ctx.text)) if whole else (scope.start, scope.end)
    out = []
    if not whole and (lo > 0 or hi < len(ctx.text)):
        first = bisect.bisect_left(spans, (ctx.to_norm(lo) - 1, -1))
        last = bisect.bisect_left(spans, (ctx.to_norm(hi) + 1, -1))
        spans = spans[first:last]
    for ns, ne in spans:
        start, end = ctx.norm.to_original(ns, ne)
        if lo <= start and end <= hi and within_ok(within, scope, start, end):
            out.append(Hit(start, end, ctx.text[start:end], 1.0, signal))
    return out


@dataclass(slots=True)
class ConceptCond(Cond):
    names: tuple[str, ...] = ()
    seqs: tuple[Any, ...] = ()  # the concepts' own token sequences (`patterns:` of a concept file)
    shapes: tuple[tuple[Any, frozenset[str]], ...] = ()  # (regex, anchors) of shape concepts
    min: int = 1  # at least N distinct matches (« two cues »)

    def spans(self, ctx: Any) -> set[tuple[int, int]]:
        hits = ctx.hits
        spans = {s for n in self.names for s in hits.get(n, ())}
        for seq in self.seqs:
            spans.update(seq_spans(ctx, seq))
        for pattern, anchors in self.shapes:
            if anchors and not any(a in ctx.lower for a in anchors):
                continue
            try:
                spans.update(m.span() for m in pattern.finditer(ctx.norm.text, timeout=TIMEOUT))
            except TimeoutError:
                continue
        return spans

    def evaluate(self, scope: Scope) -> list[Hit] | None:
        spans = _cached(scope.ctx, self, lambda: self.spans(scope.ctx))
        if not spans:
            return None
        found = _hits(scope, spans, self.within, self.signal)
        if self.min > 1 and len({strip_accents(h.value).lower() for h in found}) < self.min:
            return None
        return found or None


@dataclass(slots=True)
class StatementCond(Cond):
    name: str = ""
    pattern: Any = None  # LazyRegex generated from the statement's texts
    anchor: frozenset[str] = frozenset()  # one of these words is in every match (derived prefilter)
    label: bool = False  # a one-word text counts only as a label, not as a noun inside a sentence

    def evaluate(self, scope: Scope) -> list[Hit] | None:
        ctx = scope.ctx
        if not any(a in ctx.lower for a in self.anchor):
            return None
        return _hits(scope, _cached(ctx, self, lambda: self._spans(ctx)), self.within, self.signal) or None

    def _spans(self, ctx: Any) -> list[tuple[int, int]]:
        try:
            spans = [m.span() for m in self.pattern.finditer(ctx.norm.text, timeout=TIMEOUT)]
        except TimeoutError:
            return []
        return [s for s in spans if is_label(ctx.norm.text, *s)] if self.label else spans


_LABEL_SEP = ":|·•-–—/)]»"
_DECLARED = regex.compile(r"\b(?:est|sont|c'est|ceci\s+est|is|this\s+is)\s+(?:une\s+|de\s+la\s+|an?\s+)?$")  # « … est une publicité »


def is_label(text: str, start: int, end: int) -> bool:
    """A mention used as a label, not as a word of a sentence: « Publicité · … », « [Publicité] », « #publicité »,
    alone on its line or ending it, or opening a line (emoji and punctuation before it allowed). A text of
    several words (« Collaboration commerciale ») always counts."""
    if " " in text[start:end].strip() or "'" in text[start:end]:
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before, after = text[line_start:start], text[end:line_end]
    if not any(c.isalnum() for c in before):  # opens its line
        return True
    if before.rstrip().endswith(("#", "[", "(")) or _DECLARED.search(before):
        return True
    tail = after.lstrip()
    if text[start:start + 1].isupper():  # « … @marque Publicité 💜 »: a capitalised mention inside a line is a label
        return True
    return not any(c.isalnum() for c in after) or tail[:1] in _LABEL_SEP or unicodedata.category(tail[:1] or "a")[0] == "S"


# Sequence elements, compiled: ("c", concept names) | ("g", max gap) | ("o", element) | ("n", element)
# | ("a", [elements]). Literal words are anonymous concepts (their forms go into the same automaton).
Element = tuple[str, Any]


def _starts(ctx: Any, name: str) -> dict[int, list[int]]:
    """Token index where a hit of the concept starts → token indexes just after its ends."""
    cache = ctx.tok_hits
    if name not in cache:
        table: dict[int, list[int]] = {}
        for ns, ne in ctx.hits.get(name, ()):
            ts, te = token_span(ctx, ns, ne)
            table.setdefault(ts, []).append(te)
        cache[name] = table
    return cache[name]


def _element_ends(ctx: Any, el: Element, i: int) -> list[int]:
    kind, arg = el
    if kind == "c":
        return [e for n in arg for e in _starts(ctx, n).get(i, ())]
    if kind == "a":
        return [e for sub in arg for e in _element_ends(ctx, sub, i)]
    raise ValueError(kind)


def _match_from(ctx: Any, elements: list[Element], k: int, i: int, limit: int) -> int:
    """Token index after the longest match of elements[k:] starting at token i, or -1."""
    if k == len(elements):
        return i
    kind, arg = elements[k]
    best = -1
    if kind == "g":
        for j in range(i, min(i + arg, limit) + 1):
            best = max(best, _match_from(ctx, elements, k + 1, j, limit))
    elif kind == "o":
        best = _match_from(ctx, elements, k + 1, i, limit)
        for e in _element_ends(ctx, arg, i):
            best = max(best, _match_from(ctx, elements, k + 1, e, limit))
    elif kind == "n":
        if not _element_ends(ctx, arg, i):
            best = _match_from(ctx, elements, k + 1, i, limit)
    else:
        for e in _element_ends(ctx, (kind, arg), i):
            best = max(best, _match_from(ctx, elements, k + 1, e, limit))
    return best


@dataclass(slots=True)
class SeqCond(Cond):
    elements: list[Element] = field(default_factory=list)
    first: tuple[str, ...] = ()  # concept names one of which starts every match (seeds the search)

    def evaluate(self, scope: Scope) -> list[Hit] | None:
        return _hits(scope, _cached(scope.ctx, self, lambda: seq_spans(scope.ctx, self)), self.within,
                     self.signal) or None


def seq_spans(ctx: Any, seq: SeqCond) -> list[tuple[int, int]]:
    """Folded spans of the leftmost-longest, non-overlapping matches of a sequence."""
    starts, ends = unit_tokens(ctx)
    seeds = sorted({i for n in seq.first for i in _starts(ctx, n)}) if seq.first else range(len(starts))
    spans = []
    last = -1
    for i in seeds:
        if i < last:
            continue
        end = _match_from(ctx, seq.elements, 0, i, len(starts))
        if end > i:
            spans.append((starts[i], ends[end - 1]))
            last = end
    return spans


def near_tokens(scope: Scope, anchor: Hit, other: Hit, tokens: int) -> bool:
    ctx = scope.ctx
    a0, a1 = token_span(ctx, ctx.to_norm(anchor.start), ctx.to_norm(anchor.end))
    b0, b1 = token_span(ctx, ctx.to_norm(other.start), ctx.to_norm(other.end))
    return b0 - a1 <= tokens and a0 - b1 <= tokens


def _sentence_ends(ctx: Any) -> list[int]:
    if "\0sentences" not in ctx.tok_hits:  # computed once per unit (tok_hits is the unit's lazy cache)
        ctx.tok_hits["\0sentences"] = [e for _, e in ctx.sentences()]
    return ctx.tok_hits["\0sentences"]


def sentence_index(scope: Scope, hit: Hit) -> int:
    return bisect.bisect_right(_sentence_ends(scope.ctx), hit.start)


def same_sentence(scope: Scope, anchor: Hit, other: Hit) -> bool:
    return sentence_index(scope, anchor) == sentence_index(scope, other)
