"""The model's findings (MDL001–MDL004), added by the pipeline at one point (`api.lint_unit`).

The model only adds a finding for a category on which no rule fired, never removes one. It runs only on
units passing a cheap cue prefilter (words learned from the training set, in model.json); numpy and the
weights are loaded the first time a unit needs them, so a run where no unit does stays as fast as before.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from influlint import masking
from influlint.classifier.features import (
    HEAD_CHARS,
    featurize,
    fold,
    head_count,
    passes_words,
    sentences,
    tokens,
    words,
)
from influlint.config import Config, ConfigError, matches
from influlint.i18n import text as ui_text
from influlint.model import CATEGORIES, Finding, Unit

CODES = {cat: f"MDL00{i}" for i, cat in enumerate(CATEGORIES, 1)}
SEVERITY = "warning"
TOP_WORDS = 4
_PII = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d .\-/]{5,}\d|\b[A-Z]{2}\d{2}[A-Z0-9 ]{10,}\b")


@dataclass(frozen=True, slots=True)
class ModelRule:
    """Metadata of a model code, shaped like a compiled rule for formatters and `explain`."""

    code: str
    name: str
    category: str
    severity: str = SEVERITY
    legal: tuple[dict[str, str], ...] = ()
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    fix: None = None
    pack: str = "model"
    explain: str = ""
    examples: Any = None


RULES = tuple(ModelRule(code, f"model.{cat}", cat) for cat, code in CODES.items())


@cache
def _tag_table() -> dict[str, Any]:
    return yaml.safe_load((Path(__file__).with_name("tags.yml")).read_text(encoding="utf-8"))


@cache
def shipped_model() -> Path:
    return Path(__file__).with_name("model")


class Advisor:
    """A trained model folder: model.json (labels, thresholds, cues, validation) read at once, weights lazily."""

    def __init__(self, folder: Path) -> None:
        try:
            self.info = json.loads((folder / "model.json").read_text(encoding="utf-8"))
            self.labels: list[str] = list(self.info["labels"])
            self.thresholds: dict[str, dict[str, float]] = self.info["thresholds"]
            self.cues = frozenset(self.info["cues"])
            self.buckets = int(self.info["buckets"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{folder}: not a usable model ({type(exc).__name__}: {exc})") from None
        self.folder = folder
        self._weights: Any = None

    @property
    def weights(self) -> Any:
        if self._weights is None:
            from influlint.classifier.linear import LinearModel

            try:
                self._weights = LinearModel.load(self.folder / "weights.npz")
            except (OSError, ValueError, KeyError) as exc:
                raise ConfigError(f"{self.folder}: weights cannot be read ({exc})") from None
        return self._weights

    def passes(self, unit: Unit) -> bool:
        return passes_words(words(unit.text), unit.meta, self.cues)

    def probabilities(self, text: str, meta: Any = None, folded: list[str] | None = None,
                      categories_only: bool = False, kind: str = "post", head: int | None = None) -> dict[str, float]:
        feats = featurize(text, self.buckets, meta, kind, owned=False, folded=folded, head=head)[0]
        probs = self.weights.probabilities(feats, len(CATEGORIES) if categories_only else None)
        return {name: float(p) for name, p in zip(self.labels, probs, strict=False)}

    def driver(self, text: str, meta: Any, category: str, kind: str,
               show_pii: bool = False) -> tuple[int, int, list[str]]:
        """The sentence that scores highest for the category, and its words that weighed most (no word that
        is part of personal data unless show_pii)."""
        col = self.labels.index(category)
        spans = sentences(text) or [(0, len(text))]
        head = head_count(text)

        def score(span: tuple[int, int]) -> float:
            piece = text[span[0]:span[1]]
            return self.probabilities(piece, meta, categories_only=True, kind=kind,
                                      head=head if span == spans[0] else 0)[category]

        best = spans[0] if len(spans) == 1 else max(spans, key=score)
        piece = text[best[0]:best[1]]
        toks = tokens(piece)
        feats, owners = featurize(piece, self.buckets, meta, kind, folded=[t for t, _, _ in toks],
                                  head=head if best == spans[0] else 0)
        share = self.weights.contributions(feats)[:, col]
        weight: dict[int, float] = {}
        for owner, value in zip(owners, share, strict=True):
            weight[owner] = weight.get(owner, 0.0) + float(value)
        private = [] if show_pii else [m.span() for m in _PII.finditer(piece)]
        ranked = [i for i, v in sorted(weight.items(), key=lambda kv: -kv[1]) if v > 0 and 0 <= i < len(toks)
                  and not any(a < toks[i][2] and toks[i][1] < b for a, b in private)]
        shown = list(dict.fromkeys(piece[toks[i][1]:toks[i][2]] for i in ranked if toks[i][0][:1].isalnum()
                                   or len(toks[i][0]) > 1))
        start = best[0] + len(piece) - len(piece.lstrip())
        return start, best[0] + len(piece.rstrip()), shown[:TOP_WORDS]


@lru_cache(maxsize=4)
def advisor(folder: str) -> Advisor:
    return Advisor(Path(folder))


def model_folder(config: Config) -> str | None:
    """The model folder to use, or None: `model: off` in the config, or INFLULINT_MODEL=off in the environment."""
    if config.model is False or os.environ.get("INFLULINT_MODEL", "").lower() == "off":
        return None
    return str(shipped_model()) if config.model is True else str(config.model)


_ACTIVE: dict[tuple[int, int, int], tuple[Any, dict[str, str]]] = {}


def active(config: Config, rules: list[Any], select: list[str] | None, ignore: list[str]) -> dict[str, str]:
    """category -> severity of the model codes left on: the category's built-in pack runs, and neither
    --select/--ignore nor the config turns the code off."""
    key = (id(config), id(rules), id(select))
    got = _ACTIVE.get(key)
    if got is not None and got[0] == (config, rules, select):
        return got[1]
    out = {}
    chosen = select if select is not None else config.select
    builtin = {r.category for r in rules if r.pack == r.category}
    for rule in RULES:
        if rule.category not in builtin:
            continue
        def hit(tokens_: list[str], rule: ModelRule = rule) -> bool:
            return any(matches(t, rule.code, rule.name, rule.category) for t in tokens_)

        if (chosen is not None and not hit(chosen)) or hit([*config.ignore, *ignore]):
            continue
        severity, off = SEVERITY, False
        for key, value in config.rules.items():
            if hit([key]):
                off = off or value in ("disable", "off", False)
                if isinstance(value, dict) and value.get("severity"):
                    severity = value["severity"]
        if not off:
            out[rule.category] = severity
    if len(_ACTIVE) > 16:
        _ACTIVE.clear()
    _ACTIVE[key] = ((config, rules, select), out)
    return out


_MENTION = re.compile(r"\b(?:publicite|collaboration commerciale)\b")


def settled(category: str, text: str, config: Config) -> bool:
    """Cases the rules settle and the model must not second-guess: a statutory mention at the head of the text
    (disclosure), and personal data that is all on the config's allow-lists (the brand's public contacts)."""
    if category == "disclosure":
        return bool(_MENTION.search(fold(text.lstrip().split("\n", 1)[0][:HEAD_CHARS])))
    if category == "personal-data" and config.allow:
        found = [m.group() for m in _PII.finditer(text)]
        return bool(found) and all(_allowed(value, config.allow) for value in found)
    return False


def _allowed(value: str, allow: dict[str, list[str]]) -> bool:
    low = value.strip().lower()
    if "@" in low:
        return low in {e.lower() for e in allow.get("emails", [])} or \
            low.rsplit("@", 1)[-1] in {d.lower().lstrip("@") for d in allow.get("domains", [])}
    digits = "".join(c for c in value if c.isdigit())[-9:]
    return digits in {"".join(c for c in p if c.isdigit())[-9:] for p in allow.get("phones", [])}


def _mask(text: str) -> str:
    return _PII.sub(lambda m: masking.mask(m.group()), text)


def advise(unit: Unit, findings: list[Finding], config: Config, rules: list[Any], options: Any) -> list[Finding]:
    """The model's findings on one unit, for the active categories on which no rule fired.
    `rules` are the engine's rules, `options` the run's (select, ignore, lang, show_pii)."""
    folder = model_folder(config)
    if folder is None or unit.is_system or unit.start >= unit.end:
        return []
    fired = {f.category for f in findings}
    missing = {c: s for c, s in active(config, rules, options.select, options.ignore).items()
               if c not in fired and not settled(c, unit.text, config)}
    if not missing:
        return []
    adv = advisor(folder)
    folded = words(unit.text)
    if not passes_words(folded, unit.meta, adv.cues):
        return []
    kind = "message" if unit.kind == "message" else "post"
    probs = adv.probabilities(unit.text, unit.meta, folded, categories_only=True, kind=kind)
    hits = [(c, s) for c, s in missing.items() if probs[c] >= adv.thresholds.get(c, {}).get(kind, 1.01)]
    if hits:
        probs = adv.probabilities(unit.text, unit.meta, folded, kind=kind)  # with the tags: the likeliest one
    return [_finding(adv, unit, cat, severity, probs, kind, options) for cat, severity in hits]


def _finding(adv: Advisor, unit: Unit, cat: str, severity: str, probs: dict[str, float], kind: str,
             options: Any) -> Finding:
    lang, show_pii = options.lang, options.show_pii
    start, end, top = adv.driver(unit.text, unit.meta, cat, kind, show_pii)
    family = {"disclosure": "disclosure/", "misleading-claim": "claim/", "sensitive-sector": "sector/",
              "personal-data": "pii/"}[cat]
    table = _tag_table()
    tags = [t for t in adv.labels if t.startswith(family) and t in table["tags"]]
    tag = max(tags, key=lambda t: probs[t]) if tags else None
    entry = table["tags"].get(tag, {}) if tag else {}
    law = tuple({"ref": ref, "url": table["links"][key]} for ref, key in entry.get("law", []))
    excerpt = unit.text[start:end]
    excerpt = excerpt if len(excerpt) <= 160 else excerpt[:159] + "…"
    if not show_pii:
        excerpt, top = _mask(excerpt), [_mask(w) for w in top]
    label = (entry.get("label") or {}).get(lang, tag or cat)
    message = ui_text(lang, "model.message", confidence=round(100 * probs[cat]),
                      category=ui_text(lang, f"category.{cat}"), tag=label, words=", ".join(top) or "—")
    return Finding(code=CODES[cat], name=f"model.{cat}", category=cat, severity=severity, unit=unit,
                   start=unit.start + start, end=unit.start + end, message=message, excerpt=excerpt, law=law,
                   fix=None, confidence=round(probs[cat], 2), signals=tuple(top),
                   help=(entry.get("fix") or {}).get(lang, ""))


def explain_model(code: str, lang: str, config: Config) -> str | None:
    """`influlint explain MDL001`: how the model works, what it was trained on, its measured P/R, its limits."""
    rule = next((r for r in RULES if code.upper() == r.code or code == r.name), None)
    if rule is None:
        return None
    folder = model_folder(config) or str(shipped_model())
    info = advisor(folder).info
    data, fig = info["data"], info["figures"][rule.category]["model"]
    added = info["figures"][rule.category].get("added")
    thr = info["thresholds"][rule.category]
    category = ui_text(lang, f"category.{rule.category}")
    lines = [f"{rule.code} {rule.name} ({ui_text(lang, 'severity.' + SEVERITY)})",
             ui_text(lang, "model.title", category=category), "",
             ui_text(lang, "model.how"), "",
             ui_text(lang, "model.trained", units=data["units"], files=len(data["files"]),
                     split=ui_text(lang, f"model.split_{data.get('by', 'file')}", k=data.get("folds", 5))),
             ui_text(lang, "model.measured", precision=f"{fig['precision']:.3f}", recall=f"{fig['recall']:.3f}",
                     added=f"{added['precision']:.3f}" if added else "—",
                     post=f"{thr['post']:.3f}", message=f"{thr['message']:.3f}"),
             f"model: {folder}", "", ui_text(lang, "model.limits")]
    return "\n".join(lines) + "\n"
