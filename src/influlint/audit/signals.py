"""What the audit reads in one message, with the rule packs' own conditions (nothing copied from them):

* promotional: DIS001's `match` holds, i.e. the disclosure pack's `@commercial-signals` (pack.yml) weigh 2
  or more: a promo code with a discount, an affiliate link, a gifted product, a message from the brand with
  a link… (the threshold at which the disclosure rules require a mention);
* promo codes: the values of the `promo-code` / `personal-code` signals of that same condition set;
* mention: DIS001's `unless` (the wordings the pack accepts as a mention) holds and no disclosure finding;
* data-collection request: PII009's `match` (asking for e-mails, phones, addresses, a form with personal
  fields…); notice given: PII009's `unless` holds; opt-out: that notice names an unsubscribe / withdrawal;
* question: a `?` followed by a space, punctuation or the end (so not the `?` of a link's query).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from influlint.engine.conditions import Scope
from influlint.engine.context import UnitContext
from influlint.engine.loader import CompiledRule
from influlint.engine.normalize import strip_accents
from influlint.engine.runner import RuleSet
from influlint.model import Finding, Unit

PROMO_RULE, COLLECT_RULE = "DIS001", "PII009"
CODE_SIGNALS = ("promo-code", "personal-code")
_QUESTION = re.compile(r"[?？](?=[\s!?.,;)»\"…]|$)")
_CODE_TOKEN = re.compile(r"[A-Z0-9]*[A-Z][A-Z0-9]{2,}$")
_OPT_OUT = ("desinscri", "desabonne", "unsubscribe", "retirer", "retirable", "opt-")
_KINDS = (("email", ("mail",)), ("form", ("formulaire", "form", "remplis", "fill", "submit")),
          ("other", ("carte", "card", "secu", "iban", "rib", "passeport", "passport", "cni", "nir", "naissance",
                     "birth")),
          ("phone", ("tel", "phone", "portable", "06", "num")))


@dataclass(frozen=True, slots=True)
class Read:
    """What one message shows (plain values; no text of the message is kept)."""

    promotional: bool = False
    codes: tuple[str, ...] = ()
    mention: bool = False
    collection: str | None = None  # email | phone | form | other
    notice: bool = False
    opt_out: bool = False
    question: bool = False


NOTHING = Read()


class Signals:
    """Evaluates DIS001's and PII009's compiled conditions (prefilters first, like the runner)."""

    def __init__(self, rules: list[CompiledRule], settings) -> None:
        by_code = {r.code: r for r in rules}
        self.promo = by_code.get(PROMO_RULE)
        self.collect = by_code.get(COLLECT_RULE)
        chosen = [r for r in (self.promo, self.collect) if r is not None]
        self.gate = RuleSet([dataclasses.replace(r, kinds=("post", "message")) for r in chosen], settings)

    def read(self, unit: Unit, findings: list[Finding]) -> Read:
        text = unit.text
        question = bool(_QUESTION.search(text)) if "?" in text or "？" in text else False
        if unit.is_system or not text.strip():
            return Read(question=question) if question else NOTHING
        ctx = UnitContext.build(unit)
        wanted = {self.gate.rules[i].code for i in self.gate.candidates(ctx)}
        if not wanted:
            return Read(question=question) if question else NOTHING
        promotional, codes, mention = False, (), False
        if PROMO_RULE in wanted:
            promotional, codes, mention = self._promo(ctx, findings)
        collection, notice, opt_out = self._collection(ctx) if COLLECT_RULE in wanted else (None, False, False)
        return Read(promotional, codes, mention, collection, notice, opt_out, question)

    def _scope(self, ctx: UnitContext, rule: CompiledRule) -> Scope:
        return Scope(ctx, 0, len(ctx.text), rule.options)

    def _promo(self, ctx: UnitContext, findings: list[Finding]) -> tuple[bool, tuple[str, ...], bool]:
        scope = self._scope(ctx, self.promo)
        hits = self.promo.match.evaluate(scope)
        if hits is None:
            return False, (), False
        codes: list[str] = []
        for h in hits:
            if h.signal in CODE_SIGNALS:
                token = _CODE_TOKEN.search(h.value.strip().strip('"'))
                if token and token.group() not in codes:
                    codes.append(token.group())
        excused = self.promo.unless is not None and self.promo.unless.evaluate(scope) is not None
        mention = excused and not any(f.category == "disclosure" for f in findings)
        return True, tuple(codes[:5]), mention

    def _collection(self, ctx: UnitContext) -> tuple[str | None, bool, bool]:
        scope = self._scope(ctx, self.collect)
        hits = self.collect.match.evaluate(scope)
        if hits is None:
            return None, False, False
        asked = strip_accents(" ".join(h.value for h in hits)).lower()
        kind = next((k for k, words in _KINDS if any(w in asked for w in words)), "other")
        notice_hits = self.collect.unless.evaluate(scope) if self.collect.unless is not None else None
        if notice_hits is None:
            return kind, False, False
        said = [strip_accents(h.value).lower() for h in notice_hits]
        return kind, True, any(s.startswith(_OPT_OUT) for s in said)
