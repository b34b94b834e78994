"""Run compiled rules over units: prefilter (Aho-Corasick over the rules' literals), evaluate the
conditions, and build Findings. The runner never prints or formats; messages come from `render`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from influlint.engine import nlp as _nlp
from influlint.engine.conditions import TIMEOUT, Hit, Scope
from influlint.engine.context import UnitContext
from influlint.engine.loader import CompiledRule
from influlint.engine.normalize import strip_accents
from influlint.engine.validators import VALIDATORS
from influlint.masking import mask
from influlint.model import Edit, Finding, Fix, Unit

Render = Callable[[CompiledRule, str, dict[str, Any]], str]
EXCERPT_MAX = 160
GAVE_UP_CODE = "ENG001"
BUDGET_CHARS = 100_000  # the regex time budget is regex_timeout per this many characters of the unit (at least once)


@dataclass(slots=True)
class Settings:
    render: Render
    allow_emails: frozenset[str] = frozenset()
    allow_domains: frozenset[str] = frozenset()
    allow_phones: frozenset[str] = frozenset()
    fix_vars: dict[str, Any] = field(default_factory=dict)  # e.g. {"wording": "Publicité"}
    regex_timeout: float = TIMEOUT  # seconds per regex call; past it the rule gives up the unit and says so


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def make_check(rule: CompiledRule, settings: Settings) -> Callable[[str, UnitContext, int, int], float]:
    validator = VALIDATORS.get(rule.validate) if rule.validate else None
    ctxcfg = rule.context or {}
    raise_words = [strip_accents(w).lower() for w in ctxcfg.get("raise", [])]
    lower_words = [strip_accents(w).lower() for w in ctxcfg.get("lower", [])]
    window = int(ctxcfg.get("window", 60))
    allows = rule.category == "personal-data"  # allow-lists excuse public contact data, never a brand tag elsewhere

    def check(value: str, ctx: UnitContext, start: int, end: int) -> float:
        if validator is not None and not validator(value):
            return 0.0
        low = value.strip().lower()
        if allows and "@" in low and (low in settings.allow_emails or low.rsplit("@", 1)[-1] in settings.allow_domains):
            return 0.0
        if allows and rule.pii in ("phone", "contact") and settings.allow_phones and _digits(value)[-9:] in settings.allow_phones:
            return 0.0
        if not ctxcfg:
            return 1.0
        text = ctx.text  # context words are looked for on the match's own line, `window` characters either side
        lo, hi = max(0, start - window), min(len(text), end + window)  # searches bounded: linear on long lines
        line_start, line_end = text.rfind("\n", lo, start), text.find("\n", end, hi)
        a = ctx.to_norm(lo if line_start == -1 else line_start + 1)
        b = ctx.to_norm(hi if line_end == -1 else line_end)
        around = ctx.lower[a:b]
        confidence = 0.8
        if any(w in around for w in raise_words):
            confidence = 1.0
        elif ctxcfg.get("require"):
            return 0.0
        if any(w in around for w in lower_words):
            return 0.4  # a specimen, an example: dropped whatever else is near
        return confidence

    return check


class RuleSet:
    """Compiled rules plus the prefilter automaton over their literals."""

    def __init__(self, rules: list[CompiledRule], settings: Settings) -> None:
        self.rules = rules
        self.settings = settings
        self.checks = [make_check(r, settings) for r in rules]
        self.always = [i for i, r in enumerate(rules) if not r.prefilter]
        self.by_meta = [(i, r.meta_keys) for i, r in enumerate(rules) if r.meta_keys]
        self.automaton = None
        literals: dict[str, set[int]] = {}
        for i, rule in enumerate(rules):
            for lit in rule.prefilter:
                literals.setdefault(lit, set()).add(i)
        if literals:
            self.automaton = ahocorasick.Automaton()
            for lit, idxs in literals.items():
                self.automaton.add_word(lit, frozenset(idxs))
            self.automaton.make_automaton()

    def candidates(self, ctx: UnitContext) -> list[int]:
        chosen = set(self.always)
        if ctx.meta:
            meta = ctx.meta
            chosen.update(i for i, keys in self.by_meta if any(meta.get(k) for k in keys))
        if self.automaton is not None:
            for _, idxs in self.automaton.iter(ctx.lower):
                chosen |= idxs
        return [i for i in sorted(chosen) if ctx.digits >= self.rules[i].prefilter_digits]

    def run(self, unit: Unit) -> list[Finding]:
        if unit.is_system or unit.start >= unit.end:
            return []
        ctx = UnitContext.build(unit)
        findings: list[Finding] = []
        for i in self.candidates(ctx):
            rule = self.rules[i]
            if unit.kind not in rule.kinds:
                continue
            findings.extend(self._run_rule(rule, self.checks[i], ctx))
        return findings

    def _run_rule(self, rule: CompiledRule, check, ctx: UnitContext) -> list[Finding]:
        ranges = ctx.sentences() if rule.scope == "sentence" else [(0, len(ctx.text))]
        out: list[Finding] = []
        gave_up: list[str] = []
        budget = self.settings.regex_timeout * max(1.0, len(ctx.text) / BUDGET_CHARS)  # linear patterns take linear time
        for start, end in ranges:
            scope = Scope(ctx, start, end, rule.options, check, _nlp.load if rule.uses_nlp else None,
                          timeout=budget, gave_up=gave_up)
            if gave_up:
                break  # the rule already ran out of time on this unit: one ENG001, not one per sentence
            hits = rule.match.evaluate(scope)
            if hits is None:
                continue
            if rule.unless is not None and rule.unless.evaluate(scope) is not None:
                continue
            located = sorted((h for h in hits if h.located), key=lambda h: (h.start, -h.end))
            signals = tuple(dict.fromkeys(h.signal for h in hits if h.signal))
            if rule.report == "each" and located:
                chosen, last_end = [], -1
                for h in located:
                    if h.start >= last_end:
                        chosen.append(h)
                        last_end = h.end
            else:
                chosen = [located[0] if located else Hit(ctx.body, ctx.first_line_end, "", 1.0, None, False)]
            confidence = max((h.confidence for h in located), default=1.0)  # once: not once per finding
            out.extend(self._finding(rule, ctx, h, signals, confidence) for h in chosen)
        if gave_up:
            out.append(self._gave_up(rule, ctx))
        return out

    def _gave_up(self, rule: CompiledRule, ctx: UnitContext) -> Finding:
        """ENG001: a pattern of `rule` ran out of time on this unit, so the unit is not fully checked."""
        unit = ctx.unit
        end = min(ctx.first_line_end, ctx.body + 80)
        seconds = f"{self.settings.regex_timeout * max(1.0, len(ctx.text) / BUDGET_CHARS):g}"
        variables = {"code": rule.code, "name": rule.name, "seconds": seconds}
        return Finding(code=GAVE_UP_CODE, name="engine.regex-timeout", category=rule.category, severity="warning",
                       unit=unit, start=unit.start + ctx.body, end=unit.start + end,
                       message=self.settings.render(rule, "gave_up", variables), excerpt="",
                       law=({"ref": "influlint: regex time budget"},), fix=None)

    def _finding(self, rule: CompiledRule, ctx: UnitContext, hit: Hit, signals, confidence: float) -> Finding:
        unit = ctx.unit
        start, end = hit.start, max(hit.end, hit.start)
        if not hit.located:
            end = min(ctx.first_line_end, ctx.body + 80)
        excerpt = ctx.text[start:end]
        if len(excerpt) > EXCERPT_MAX:
            excerpt = excerpt[: EXCERPT_MAX - 1] + "…"
        variables = {"match": excerpt, "value": hit.value, "meta": ctx.meta, "options": rule.options,
                     "signals": signals, **self.settings.fix_vars}
        fix = self._fix(rule, ctx, hit, variables)
        if fix is not None:
            variables["fix_text"] = "".join(e.text for e in fix.edits).strip()
        message = self.settings.render(rule, "message", variables)
        help_text = self.settings.render(rule, "help", variables)
        if fix is not None:
            fix = Fix(help_text or fix.description, fix.safe, fix.edits)
        pii = ((unit.start + start, unit.start + end, rule.pii),) if rule.pii and hit.located else ()
        return Finding(code=rule.code, name=rule.name, category=rule.category, severity=rule.severity, unit=unit,
                       start=unit.start + start, end=unit.start + end, message=message, excerpt=excerpt,
                       law=rule.legal, fix=fix, confidence=round(confidence, 2), signals=signals, help=help_text,
                       pii=pii)

    def _fix(self, rule: CompiledRule, ctx: UnitContext, hit: Hit, variables: dict[str, Any]) -> Fix | None:
        spec = rule.fix
        if not spec:
            return None
        action = spec["action"]
        safe = bool(spec.get("safe", False))
        text = self.settings.render(rule, "fix", variables) if spec.get("text") else ""
        base = ctx.unit.start
        if action == "none":
            return Fix("", False, ())
        if action in ("prepend", "prepend-line"):
            at = base + ctx.body
            return Fix("", safe, (Edit(at, at, text + ("\n" if action == "prepend-line" else "")),))
        if action == "append-line":
            at = base + len(ctx.text.rstrip())
            return Fix("", safe, (Edit(at, at, "\n" + text),))
        if not hit.located:
            return None
        if action == "mask":
            text = mask(hit.value, rule.pii or "")
        elif action == "delete":
            text = ""
        return Fix("", safe, (Edit(base + hit.start, base + hit.end, text),))
