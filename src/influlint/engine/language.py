"""Compiling the rule language's predicates (`concept`, `seq`, `statement`) and the derived prefilter.

```yaml
match:
  all:
    - concept: brand-handle                 # a named vocabulary (rules/concepts/brand-handle.yml)
    - near: {tokens: 12, of: {concept: endorsement}}
    - seq: ['@cure-verb', {gap: 2}, '@disease']   # tokens in order; gaps, {optional: …}, {not: …}
unless:                                     # named excuses: any one of them clears the finding
  news: {concept: news-excuse}
  negation: {seq: ['@negation', {gap: 1}, '@cure-verb']}
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import regex

from influlint.engine import conditions as C
from influlint.engine.concepts import tokens, vocabulary
from influlint.engine.normalize import strip_accents
from influlint.engine.onepass import derive
from influlint.engine.patterns import ConceptCond, SeqCond, StatementCond
from influlint.engine.schema import PackError


class LanguageMixin:
    where: str

    def init_language(self, pack_dir: Path | None) -> None:
        self.vocab = vocabulary((pack_dir,) if pack_dir is not None else ())
        self.concept_forms: dict[str, frozenset[str]] = {}
        self.concept_excluded: dict[str, frozenset[str]] = {}
        self.statement_texts: list[str] = []
        self.concept_seqs: dict[str, tuple[SeqCond, ...]] = {}
        self.concept_shapes: dict[str, tuple[Any, frozenset[str]]] = {}

    def _concept(self, name: str, stack: tuple[str, ...] = ()) -> str:
        concept = self.vocab.concepts.get(name)
        if concept is None:
            known = ", ".join(sorted(self.vocab.concepts)) or "none"
            raise PackError(f"{self.where}: unknown concept '{name}' (known: {known})")
        if name in stack:
            raise PackError(f"{self.where}: concept '{name}' refers to itself ({' → '.join((*stack, name))})")
        self.concept_forms[name] = concept.forms
        if concept.excluded:
            self.concept_excluded[name] = concept.excluded
        if concept.shape and name not in self.concept_shapes:
            flags = regex.IGNORECASE
            self.concept_shapes[name] = (C.LazyRegex(strip_accents(concept.shape), flags, f"{concept.path} [{name}]",
                                                     concept.shape), concept.anchors)
        if concept.patterns and name not in self.concept_seqs:
            self.concept_seqs[name] = ()
            self.concept_seqs[name] = tuple(self.seq(p, (*stack, name)) for p in concept.patterns)
        return name

    def family(self, names: list[str], stack: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The concepts named and, recursively, those they include."""
        out: list[str] = []
        for name in names:
            self._concept(name, stack)
            if name in stack:
                raise PackError(f"{self.where}: concept '{name}' includes itself ({' → '.join((*stack, name))})")
            out.append(name)
            out.extend(self.family(list(self.vocab.concepts[name].includes), (*stack, name)))
        return tuple(dict.fromkeys(out))

    def seq(self, items: list[Any], stack: tuple[str, ...] = ()) -> SeqCond:
        elements = [self.element(e, stack) for e in items]
        if all(k in ("g", "n", "o") for k, _ in elements):
            raise PackError(f"{self.where}: a sequence needs at least one concept or literal")
        first = elements[0][1] if elements[0][0] == "c" else ()
        return SeqCond(elements=elements, first=tuple(first))

    def _literal(self, text: str) -> str:
        form = " ".join(tokens(text)).replace(" ' ", "'").replace("# ", "#").replace("@ ", "@")
        if not form:
            raise PackError(f"{self.where}: empty literal in a sequence")
        name = "=" + form
        self.concept_forms[name] = frozenset({form})
        return name

    def element(self, el: Any, stack: tuple[str, ...] = ()) -> tuple[str, Any]:
        ref = el[1:] if isinstance(el, str) and el.startswith("@") else el.get("concept") if isinstance(el, dict) else None
        found = self.vocab.concepts.get(ref) if ref else None
        if found is not None and (found.patterns or found.shape or found.includes):
            raise PackError(f"{self.where}: concept '{ref}' is defined by patterns or a shape: use it as `concept:`,"
                            " not inside a sequence")
        if isinstance(el, str):
            return ("c", (self._concept(el[1:], stack) if el.startswith("@") else self._literal(el),))
        if "concept" in el:
            return ("c", (self._concept(el["concept"], stack),))
        if "literal" in el:
            return ("c", (self._literal(el["literal"]),))
        if "gap" in el:
            return ("g", int(el["gap"]))
        if "optional" in el:
            return ("o", self.element(el["optional"], stack))
        if "not" in el:
            return ("n", self.element(el["not"], stack))
        if "any" in el:
            return ("a", [self.element(sub, stack) for sub in el["any"]])
        raise PackError(f"{self.where}: sequence element {el!r} needs concept, literal, gap, optional, not or any")

    def statement(self, name: str) -> Any:
        statement = self.vocab.statements.get(name)
        if statement is None:
            known = ", ".join(sorted(self.vocab.statements)) or "none"
            raise PackError(f"{self.where}: unknown statement '{name}' (known: {known})")
        self.statement_texts.extend(t for t in statement.texts if t not in self.statement_texts)
        return statement

    def language(self, cond: dict[str, Any], common: dict[str, Any]) -> C.Cond:
        if "concept" in cond:
            names = self.family(cond["concept"] if isinstance(cond["concept"], list) else [cond["concept"]])
            seqs = tuple(s for n in names for s in self.concept_seqs.get(n, ()))
            shapes = tuple(self.concept_shapes[n] for n in names if n in self.concept_shapes)
            return ConceptCond(names=names, seqs=seqs, shapes=shapes, min=int(cond.get("min", 1)), **common)
        if "statement" in cond:
            st = self.statement(cond["statement"])
            pattern = C.LazyRegex(st.pattern_source(), regex.IGNORECASE, self.where, st.name)
            return StatementCond(name=st.name, pattern=pattern, anchor=st.anchor(), label=bool(cond.get("label")),
                                 **common)
        seq = self.seq(cond["seq"])
        return SeqCond(elements=seq.elements, first=seq.first, **common)


def rule_prefilter(match: C.Cond, concepts: dict[str, frozenset[str]],
                   hand: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """(literals, gated): the literals derived from the match; a hand-kept list only where nothing derives."""
    derived = derive(match, concepts)
    if derived is not None:
        return tuple(sorted(derived)), True
    return hand, bool(hand)


def probe(name: str, text: str) -> list[str]:
    """What a built-in concept finds in a text (concept examples, `influlint explain`)."""
    from types import SimpleNamespace

    from influlint.engine.context import UnitContext
    from influlint.engine.onepass import OnePass
    from influlint.model import Source, Unit

    comp = LanguageMixin()
    comp.where = f"<concept {name}>"
    comp.init_language(None)
    cond = comp.language({"concept": name}, {"within": None, "signal": None, "weight": 1.0})
    rule = SimpleNamespace(gated=False, prefilter=(), meta_keys=(), prefilter_digits=0, match=cond, unless=None,
                           concepts=comp.concept_forms, excluded=comp.concept_excluded)
    ctx = UnitContext.build(Unit(Source("<probe>", text), 0, len(text)))
    OnePass([rule]).scan(ctx)
    return [h.value for h in cond.evaluate(C.Scope(ctx, 0, len(text), {})) or []]
