"""Conditions compiled from rule YAML: predicates (regex, words, meta, lemma, entity) and
combinators (any, all, not, score, near). `evaluate` returns the hits, or None when the condition
does not hold. Hits are unit-relative offsets into the original text."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import regex

from influlint.engine.context import UnitContext
from influlint.engine.normalize import strip_accents
from influlint.engine.schema import PackError

TIMEOUT = 2.0  # seconds per regex call (config `engine: {regex_timeout: …}`); past it the rule reports ENG001


class LazyRegex:
    """A pattern compiled on first use: most rules never run on a given post (prefilters), and compiling
    every pattern of every pack at start-up would cost more than linting. `compile()` forces it (pack lint,
    test-rules); a pattern that does not compile raises PackError naming the file and the rule."""

    __slots__ = ("source", "flags", "where", "original", "_compiled")

    def __init__(self, source: str, flags: int, where: str, original: str) -> None:
        self.source, self.flags, self.where, self.original, self._compiled = source, flags, where, original, None

    def compile(self) -> Any:
        if self._compiled is None:
            try:
                self._compiled = regex.compile(self.source, self.flags)
            except regex.error as exc:
                raise PackError(f"{self.where}: regex does not compile ({exc}): {self.original!r}") from None
        return self._compiled

    @property
    def groupindex(self) -> Any:
        return self.compile().groupindex

    def finditer(self, *args: Any, **kwargs: Any) -> Any:
        return self.compile().finditer(*args, **kwargs)

    def search(self, *args: Any, **kwargs: Any) -> Any:
        return self.compile().search(*args, **kwargs)


@dataclass(slots=True)
class Hit:
    start: int
    end: int
    value: str = ""
    confidence: float = 1.0
    signal: str | None = None
    located: bool = True


@dataclass(slots=True)
class Scope:
    ctx: UnitContext
    start: int  # unit-relative original offsets
    end: int
    options: dict[str, Any]
    check: Callable[[str, UnitContext, int, int], float] | None = None  # validator+context+allow → confidence
    nlp: Callable[[], Any] | None = None
    timeout: float = TIMEOUT
    gave_up: list[str] = field(default_factory=list)  # patterns that ran out of time: the runner reports them


def head_chars(scope: Scope) -> int:
    fold = scope.options.get("fold")
    platform = scope.ctx.meta.get("platform")
    if isinstance(fold, dict) and isinstance(platform, str) and platform.lower() in fold:
        return int(fold[platform.lower()])
    return int(scope.options.get("head_chars", 100))


def within_ok(within: Any, scope: Scope, start: int, end: int) -> bool:
    ctx = scope.ctx
    if within is None:
        return True
    if within == "body":
        return start >= ctx.body
    if within == "first-line":
        return ctx.body <= start < ctx.first_line_end
    head_end = ctx.head_end(head_chars(scope))
    if within == "head":
        return ctx.body <= start and end <= head_end
    if within == "tail":
        return start >= head_end
    if within == "hashtags":
        return any(s <= start and end <= e for s, e in ctx.hashtags)
    if "start" in within:
        return ctx.body <= start < ctx.body + within["start"]
    return end > len(ctx.text) - within["end"]


@dataclass(slots=True)
class Cond:
    within: Any = None
    signal: str | None = None
    weight: float = 1.0

    def evaluate(self, scope: Scope) -> list[Hit] | None:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(slots=True)
class Pattern(Cond):
    pattern: Any = None
    min: int = 1
    exclude: Any = None
    checked: bool = False  # validator / context / allow-list apply (predicates of `match`)

    def evaluate(self, scope: Scope) -> list[Hit] | None:
        ctx = scope.ctx
        whole = self.within is not None and self.within != "body"
        lo, hi = (0, len(ctx.text)) if whole else (scope.start, scope.end)
        text = ctx.norm.text
        has_value = "value" in self.pattern.groupindex
        hits: list[Hit] = []
        try:
            matches = list(self.pattern.finditer(text, ctx.to_norm(lo), ctx.to_norm(hi), timeout=scope.timeout))
        except TimeoutError:
            scope.gave_up.append(self.pattern.original)
            return None
        for m in matches:
            span = m.span("value") if has_value and m.group("value") is not None else m.span()
            start, end = ctx.norm.to_original(*span)
            if not within_ok(self.within, scope, start, end):
                continue
            if self.exclude is not None and _excluded(self.exclude, m.group(), scope):
                continue
            value = ctx.text[start:end]
            confidence = 1.0
            if self.checked and scope.check is not None:
                confidence = scope.check(value, ctx, start, end)
                if confidence < 0.5:
                    continue
            hits.append(Hit(start, end, value, confidence, self.signal))
        if not hits or len({strip_accents(h.value).lower() for h in hits}) < self.min:
            return None
        return hits


def _excluded(exclude: Any, text: str, scope: Scope) -> bool:
    try:
        return exclude.search(text, timeout=scope.timeout) is not None
    except TimeoutError:
        scope.gave_up.append(exclude.original)
        return True  # no finding built on a match that could not be checked; ENG001 says so


@dataclass(slots=True)
class Meta(Cond):
    expected: dict[str, Any] = field(default_factory=dict)

    def evaluate(self, scope: Scope) -> list[Hit] | None:
        meta = scope.ctx.meta
        for key, want in self.expected.items():
            have = meta.get(key)
            if want == "*":
                ok = have not in (None, "", [], {})
            elif want is True:
                ok = bool(have) and str(have).lower() not in ("false", "no", "0")
            elif want is False:
                ok = not have or str(have).lower() in ("false", "no", "0")
            else:
                wants = want if isinstance(want, list) else [want]
                ok = have is not None and str(have).lower() in {str(w).lower() for w in wants}
            if not ok:
                return None
        return [Hit(scope.ctx.body, scope.ctx.first_line_end, "", 1.0, self.signal, located=False)]


def _fold(word: str) -> str:
    return strip_accents(word).lower()


@dataclass(slots=True)
class Lemma(Cond):
    """Lemma sequences, matched through their surface forms (expanded once per pack, see engine/nlp.py)."""

    sequences: list[list[str]] = field(default_factory=list)
    pattern: Any = None  # set by attach_forms()

    def evaluate(self, scope: Scope) -> list[Hit] | None:
        if self.pattern is None:
            return None
        ctx = scope.ctx
        whole = self.within is not None and self.within != "body"
        lo, hi = (0, len(ctx.text)) if whole else (scope.start, scope.end)
        hits = []
        try:
            matches = list(self.pattern.finditer(ctx.norm.text, ctx.to_norm(lo), ctx.to_norm(hi), timeout=scope.timeout))
        except TimeoutError:
            scope.gave_up.append(self.pattern.original)
            return None
        for m in matches:
            start, end = ctx.norm.to_original(*m.span())
            if within_ok(self.within, scope, start, end):
                hits.append(Hit(start, end, ctx.text[start:end], 1.0, self.signal))
        return hits or None


_DETERMINER = r"(?:(?:l|d|le|la|les|de|des|du|un|une|mon|ma|mes|ton|ta|tes|son|sa|ses|votre|vos|notre|nos|ce|cet|cette|ces)\W+)?"


def lemma_pattern(sequences: list[list[str]], forms: dict[str, list[str]]) -> Any:
    alternatives = []
    for seq in sequences:
        parts = []
        for word in seq:
            options = sorted({strip_accents(f).lower() for f in forms.get(word, [word])} | {word}, key=len, reverse=True)
            parts.append("(?:" + "|".join(regex.escape(o) for o in options) + ")")
        alternatives.append((r"\W+" + _DETERMINER).join(parts))
    source = r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)"
    return LazyRegex(source, regex.IGNORECASE, "lemma", " ".join(" ".join(s) for s in sequences))


def walk(cond: Cond):
    yield cond
    for child in getattr(cond, "children", None) or ():
        yield from walk(child)
    inner = getattr(cond, "child", None)
    if inner is not None:
        yield from walk(inner)


@dataclass(slots=True)
class Entity(Cond):
    label: str = "PER"

    def evaluate(self, scope: Scope) -> list[Hit] | None:
        if scope.nlp is None:
            return None
        doc = scope.ctx.doc(scope.nlp)
        hits = [Hit(e.start_char, e.end_char, e.text, 1.0, self.signal) for e in doc.ents
                if e.label_ == self.label and scope.start <= e.start_char < scope.end
                and within_ok(self.within, scope, e.start_char, e.end_char)]
        return hits or None


@dataclass(slots=True)
class Any_(Cond):
    children: list[Cond] = field(default_factory=list)

    def evaluate(self, scope: Scope) -> list[Hit] | None:
        hits: list[Hit] | None = None
        for child in self.children:
            got = child.evaluate(scope)
            if got is not None:
                hits = (hits or []) + got
        return hits


@dataclass(slots=True)
class Near(Cond):
    chars: int = 40
    child: Cond | None = None


def _near(got: list[Hit], anchors: list[Hit], chars: int) -> list[Hit]:
    """Hits of `got` within `chars` of some anchor, in O((g + a) log a): anchors sorted by start, and the
    furthest end among those starting early enough (a hit-by-anchor double loop is quadratic on long runs)."""
    anchors = sorted(anchors, key=lambda a: a.start)
    starts = [a.start for a in anchors]
    reach, best = [], -1
    for a in anchors:
        best = max(best, a.end)
        reach.append(best)
    kept = []
    for g in got:
        i = bisect_right(starts, g.end + chars)  # anchors with a.start - chars <= g.end
        if i and reach[i - 1] >= g.start - chars:  # one of them has g.start - chars <= a.end
            kept.append(g)
    return kept


@dataclass(slots=True)
class All(Cond):
    children: list[Cond] = field(default_factory=list)

    def evaluate(self, scope: Scope) -> list[Hit] | None:
        hits: list[Hit] = []
        for child in self.children:
            if isinstance(child, Near):
                got = child.child.evaluate(scope) if child.child else None
                anchors = [h for h in hits if h.located]
                if got is not None and anchors:
                    got = _near(got, anchors, child.chars)
                if not got:
                    return None
            else:
                got = child.evaluate(scope)
                if got is None:
                    return None
            hits.extend(got)
        return hits


@dataclass(slots=True)
class Not(Cond):
    child: Cond | None = None

    def evaluate(self, scope: Scope) -> list[Hit] | None:
        return None if self.child.evaluate(scope) is not None else []


@dataclass(slots=True)
class Score(Cond):
    minimum: float = 1.0
    children: list[Cond] = field(default_factory=list)

    def evaluate(self, scope: Scope) -> list[Hit] | None:
        total, hits = 0.0, []
        for child in self.children:
            got = child.evaluate(scope)
            if got is not None:
                total += child.weight
                hits.extend(got)
        return hits if total >= self.minimum else None
