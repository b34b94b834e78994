"""One pass per unit: a single Aho-Corasick automaton over every concept surface form and every prefilter
literal of every rule. The pass tells which rules can apply (their derived prefilter, or the hand-kept one
of a rule not yet migrated) and leaves each concept hit, on word boundaries, in `ctx.hits`; rule logic then
works on those hits without scanning the text again.

Derived prefilters (`derive`): the literals one of which must occur in a unit for a condition to hold,
computed from its concepts, words and statements. A condition with no such literal (a bare regex, a
negation) makes the rule run on every unit unless the rule keeps a hand-kept `prefilter`.
"""

from __future__ import annotations

from typing import Any

import ahocorasick

from influlint.engine import conditions as C
from influlint.engine.patterns import ConceptCond, SeqCond, StatementCond

Literals = frozenset[str] | None  # None: no literal is required (the condition may hold anywhere)


def _union(parts: list[Literals]) -> Literals:
    if any(p is None for p in parts):
        return None
    return frozenset().union(*parts)


def derive(cond: C.Cond, concepts: dict[str, frozenset[str]]) -> Literals:
    """Literals (folded, lower case) one of which occurs in every unit where `cond` holds."""
    if isinstance(cond, ConceptCond):
        forms = frozenset(f.rstrip("*") or f for n in cond.names for f in concepts[n])
        shapes = [anchors or None for _, anchors in cond.shapes]
        return _union([forms, *(derive(s, concepts) for s in cond.seqs), *shapes])
    if isinstance(cond, SeqCond):
        options = [derive_element(el, concepts) for el in cond.elements if el[0] in ("c", "a")]
        options = [o for o in options if o is not None]
        return min(options, key=len) if options else None
    if isinstance(cond, StatementCond):
        return cond.anchor
    if isinstance(cond, C.Pattern):
        return cond.need
    if isinstance(cond, C.Meta):
        # a front-matter test holds only when its keys are set: the runner adds such rules itself
        return None if any(v is False for v in cond.expected.values()) else frozenset()
    if isinstance(cond, C.Any_):
        return _union([derive(c, concepts) for c in cond.children])
    if isinstance(cond, C.Score):
        return None if cond.minimum <= 0 else _union([derive(c, concepts) for c in cond.children])
    if isinstance(cond, C.Guard):
        return derive(cond.child, concepts)
    if isinstance(cond, C.All):
        subs = [derive(c.child if isinstance(c, C.Near) else c, concepts) for c in cond.children]
        known = [s for s in subs if s is not None]
        return min(known, key=len) if known else None
    return None  # regex, lemma, entity, not: may hold without any literal we know of


def derive_element(el: tuple[str, Any], concepts: dict[str, frozenset[str]]) -> Literals:
    kind, arg = el
    if kind == "c":
        return frozenset(f.rstrip("*") or f for n in arg for f in concepts[n])
    if kind == "a":
        return _union([derive_element(sub, concepts) for sub in arg])
    return None


def _is_word(ch: str) -> bool:
    return ch.isalnum()


class OnePass:
    """The automaton of a rule set; `scan(ctx)` returns the candidate rule indexes and fills ctx.hits."""

    def __init__(self, rules: list[Any]) -> None:
        self.always = [i for i, r in enumerate(rules) if not r.gated]
        self.by_meta: dict[str, list[int]] = {}  # front-matter key → rules that read it
        for i, r in enumerate(rules):
            for key in r.meta_keys:
                self.by_meta.setdefault(key, []).append(i)
        self.digits = [r.prefilter_digits for r in rules]
        # literal → [rules it gates, concepts (whole word), concepts (prefix: open on the right), exclusions,
        #            literal sets of regexes (a regex runs only if one of its needed literals occurs)]
        table: dict[str, tuple[set[int], set[str], set[str], set[str], set[frozenset[str]]]] = {}

        def slot(form: str) -> tuple[set[int], set[str], set[str], set[str], set[frozenset[str]]]:
            return table.setdefault(form.rstrip("*") or form, (set(), set(), set(), set(), set()))

        for rule in rules:
            for root in (rule.match, rule.unless):
                for cond in C.walk(root) if root is not None else ():
                    if isinstance(cond, C.Pattern) and cond.need is not None:
                        for lit in cond.need:
                            slot(lit)[4].add(cond.need)

        for i, rule in enumerate(rules):
            for lit in rule.prefilter if rule.gated else ():
                slot(lit)[0].add(i)
            for name, forms in rule.concepts.items():
                for form in forms:
                    slot(form)[2 if form.endswith("*") and len(form) > 1 else 1].add(name)
            for name, forms in rule.excluded.items():
                for form in forms:
                    slot(form)[3].add(name)
        self.automaton = None
        if table:
            self.automaton = ahocorasick.Automaton()
            for lit, (idxs, names, prefixes, excl, needs) in table.items():
                self.automaton.add_word(lit, (frozenset(idxs), tuple(sorted(names)), tuple(sorted(prefixes)),
                                              tuple(sorted(excl)), len(lit), _is_word(lit[0]), _is_word(lit[-1]),
                                              tuple(needs)))
            self.automaton.make_automaton()

    def scan(self, ctx: Any) -> list[int]:
        chosen = set(self.always)
        if ctx.meta:
            meta = ctx.meta
            for key, idxs in self.by_meta.items():
                if meta.get(key):
                    chosen.update(idxs)
        if self.automaton is not None:
            ctx.present = set()
            ctx.hits = self._hits(ctx.lower, chosen, ctx.present)
        digits = self.digits
        return [i for i in sorted(chosen) if not digits[i] or ctx.digits >= digits[i]]

    def _hits(self, text: str, chosen: set[int], present: set[frozenset[str]]) -> dict[str, list[tuple[int, int]]]:
        size = len(text)
        hits: dict[str, list[tuple[int, int]]] = {}
        excluded: dict[str, list[tuple[int, int]]] = {}
        word = (-1, -1)  # the word a prefix hit extends to, reused by the hits inside it (linear on « sponsosponso… »)
        for end, (idxs, names, prefixes, excl, length, left, right, needs) in self.automaton.iter(text):
            if idxs:
                chosen |= idxs
            if needs:
                present.update(needs)
            if not (names or prefixes or excl):
                continue
            start, stop = end - length + 1, end + 1
            if left and start > 0 and _is_word(text[start - 1]):
                continue
            whole = not (right and stop < size and _is_word(text[stop]))
            if prefixes:
                if not word[0] <= stop <= word[1]:
                    word = (stop, _word_end(text, stop))
                for name in prefixes:
                    hits.setdefault(name, []).append((start, word[1]))
            if whole:
                for name in names:
                    hits.setdefault(name, []).append((start, stop))
                for name in excl:
                    excluded.setdefault(name, []).append((start, stop))
        for name, spans in excluded.items():
            if name in hits:
                hits[name] = [h for h in hits[name] if not any(s <= h[0] and h[1] <= e for s, e in spans)]
        return hits


def _word_end(text: str, i: int) -> int:
    """A prefix hit spans the rest of its word (« sponso* » in « sponsorisé » covers the whole word)."""
    size = len(text)
    while i < size and _is_word(text[i]):
        i += 1
    return i
