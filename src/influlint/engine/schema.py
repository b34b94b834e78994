"""The rule-pack schema: checks one rule mapping and says which key is wrong.

Errors name the file, the rule code and the problem (`PackError`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from influlint.template import TemplateError, check_template

CODE_RE = re.compile(r"^[A-Z]{2,6}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z-]+\.[a-z0-9-]+$")
RULE_KEYS = (
    "code", "name", "aliases", "category", "tags", "severity", "scope", "kinds", "lang", "prefilter",
    "prefilter_digits", "match", "unless", "report", "options", "validate", "context", "pii", "legal",
    "reviewed_on", "uncertain", "fix", "explain", "examples", "message", "help",
)
REQUIRED = ("code", "name", "category", "severity", "match", "legal", "examples")
PREDICATES = ("regex", "words", "meta", "lemma", "entity")
COMBINATORS = ("any", "all", "not", "score", "near")
PRED_MODIFIERS = ("within", "signal", "weight", "min", "case", "exclude")
WITHIN = ("head", "first-line", "tail", "hashtags", "body")
SCOPES = ("unit", "sentence")
REPORTS = ("first", "each")
FIX_ACTIONS = ("prepend", "prepend-line", "append-line", "replace", "delete", "mask", "none")
SEVERITIES = ("error", "warning", "info")
CATEGORIES = ("disclosure", "misleading-claim", "sensitive-sector", "personal-data")


class PackError(Exception):
    """A rule pack that cannot be loaded: file, rule and problem in one line."""


def _fail(where: str, problem: str) -> None:
    raise PackError(f"{where}: {problem}")


def _check_text(where: str, key: str, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        _fail(where, f"'{key}' must be a non-empty string, got {value!r}")


def check_condition(where: str, cond: Any, path: str = "match", in_all: bool = False) -> None:
    if not isinstance(cond, dict) or not cond:
        _fail(where, f"'{path}' must be a mapping with one predicate or combinator, got {cond!r}")
    heads = [k for k in cond if k in PREDICATES or k in COMBINATORS]
    unknown = [k for k in cond if k not in PREDICATES and k not in COMBINATORS and k not in PRED_MODIFIERS]
    if unknown:
        _fail(where, f"unknown key '{unknown[0]}' in '{path}'")
    if len(heads) != 1:
        _fail(where, f"'{path}' needs exactly one of {', '.join(PREDICATES + COMBINATORS)}")
    head = heads[0]
    value = cond[head]
    if head == "near" and not in_all:
        _fail(where, f"'{path}.near' is only allowed directly inside 'all' (it is measured from the previous match)")
    if head in ("any", "all"):
        if not isinstance(value, list) or not value:
            _fail(where, f"'{path}.{head}' must be a non-empty list")
        for i, sub in enumerate(value):
            check_condition(where, sub, f"{path}.{head}[{i}]", in_all=head == "all")
    elif head == "not":
        check_condition(where, value, f"{path}.not")
    elif head in ("score", "near"):
        if not isinstance(value, dict) or "of" not in value:
            _fail(where, f"'{path}.{head}' needs 'of'")
        if head == "score" and isinstance(value["of"], str) and value["of"].startswith("@"):
            return  # a condition set of pack.yml, checked when the pack is loaded
        subs = value["of"] if head == "score" else [value["of"]]
        if head == "score" and not isinstance(value.get("min"), (int, float)):
            _fail(where, f"'{path}.score' needs a number 'min'")
        if head == "near" and not isinstance(value.get("chars"), int):
            _fail(where, f"'{path}.near' needs an integer 'chars'")
        for i, sub in enumerate(subs if isinstance(subs, list) else [subs]):
            check_condition(where, sub, f"{path}.{head}.of[{i}]")
    elif head == "regex":
        _check_text(where, f"{path}.regex", value)
    elif head == "words":
        if isinstance(value, str):
            if not value.startswith("@"):
                _fail(where, f"'{path}.words' must be a list or '@lexicon'")
        elif not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            _fail(where, f"'{path}.words' must be a list of strings")
    elif head == "meta":
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            _fail(where, f"'{path}.meta' must map front-matter keys to values")
    elif head == "lemma":
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            _fail(where, f"'{path}.lemma' must be a list of lemma sequences")
    elif head == "entity":
        _check_text(where, f"{path}.entity", value)
    within = cond.get("within")
    if within is not None and within not in WITHIN:
        if not (isinstance(within, dict) and len(within) == 1 and set(within) <= {"start", "end"}
                and isinstance(next(iter(within.values())), int)):
            _fail(where, f"'{path}.within' must be one of {', '.join(WITHIN)} or {{start|end: N}}")
    if "case" in cond and cond["case"] not in ("sensitive", "insensitive"):
        _fail(where, f"'{path}.case' must be sensitive or insensitive")


def _check_examples(where: str, examples: Any) -> None:
    if not isinstance(examples, dict) or set(examples) - {"invalid", "valid"}:
        _fail(where, "'examples' must have 'invalid' and 'valid' lists")
    for kind in ("invalid", "valid"):
        items = examples.get(kind)
        if not isinstance(items, list) or not items:
            _fail(where, f"'examples.{kind}' must be a non-empty list")
        for i, item in enumerate(items):
            if isinstance(item, str):
                continue
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                _fail(where, f"'examples.{kind}[{i}]' must be a string or have a 'text'")
            extra = set(item) - {"text", "meta", "kind", "expect", "note"}
            if extra:
                _fail(where, f"unknown key '{sorted(extra)[0]}' in 'examples.{kind}[{i}]'")


def _check_fix_text(where: str, fix: dict[str, Any]) -> None:
    """A fix text is data: plain placeholders only (influlint.template), never template code."""
    if "text" not in fix:
        return
    if not isinstance(fix["text"], str):
        _fail(where, f"'fix.text' must be a string, got {fix['text']!r}")
    try:
        check_template(fix["text"])
    except TemplateError as exc:
        _fail(where, f"'fix.text': {exc}")


def check_rule(where: str, rule: Any) -> None:
    if not isinstance(rule, dict):
        _fail(where, "a rule file must hold one mapping")
    bad = [k for k in rule if not isinstance(k, str)]
    if bad:
        _fail(where, f"key {bad[0]!r} is not a string (quote it: YAML 1.1 reads on/no/yes as booleans)")
    unknown = [k for k in rule if k not in RULE_KEYS]
    if unknown:
        _fail(where, f"unknown key '{unknown[0]}'")
    for key in REQUIRED:
        if key not in rule:
            _fail(where, f"missing key '{key}'")
    if not isinstance(rule["code"], str) or not CODE_RE.match(rule["code"]):
        _fail(where, f"'code' must look like DIS001, got {rule['code']!r}")
    if not isinstance(rule["name"], str) or not NAME_RE.match(rule["name"]):
        _fail(where, f"'name' must be <category>.<kebab-slug>, got {rule['name']!r}")
    if rule["category"] not in CATEGORIES:
        _fail(where, f"'category' must be one of {', '.join(CATEGORIES)}")
    if rule["severity"] not in SEVERITIES:
        _fail(where, f"'severity' must be one of {', '.join(SEVERITIES)}")
    if rule.get("scope", "unit") not in SCOPES:
        _fail(where, f"'scope' must be one of {', '.join(SCOPES)}")
    if rule.get("report", "first") not in REPORTS:
        _fail(where, f"'report' must be one of {', '.join(REPORTS)}")
    for key in ("tags", "kinds", "lang", "aliases", "prefilter"):
        if key in rule and not (isinstance(rule[key], list) and all(isinstance(x, str) for x in rule[key])):
            _fail(where, f"'{key}' must be a list of strings")
    check_condition(where, rule["match"], "match")
    if "unless" in rule:
        check_condition(where, rule["unless"], "unless")
    check_legal(where, rule)
    fix = rule.get("fix")
    if fix is not None:
        if not isinstance(fix, dict) or fix.get("action") not in FIX_ACTIONS:
            _fail(where, f"'fix.action' must be one of {', '.join(FIX_ACTIONS)}")
        if "safe" in fix and not isinstance(fix["safe"], bool):
            _fail(where, "'fix.safe' must be true or false")
        _check_fix_text(where, fix)
    ctx = rule.get("context")
    if ctx is not None and (not isinstance(ctx, dict) or set(ctx) - {"window", "raise", "lower", "require"}):
        _fail(where, "'context' takes window, raise, lower, require")
    if "options" in rule and not isinstance(rule["options"], dict):
        _fail(where, "'options' must be a mapping")
    _check_messages(where, rule)
    _check_examples(where, rule["examples"])


def _check_messages(where: str, rule: dict[str, Any]) -> None:
    """An agency pack may carry its rule's own `message` and `help` ({fr: …, en: …}, jinja2 like the locales)."""
    for key in ("message", "help"):
        value = rule.get(key)
        if value is None:
            continue
        if not isinstance(value, dict) or not value or set(value) - {"fr", "en"} or not all(
                isinstance(v, str) and v.strip() for v in value.values()):
            _fail(where, f"'{key}' must map fr and/or en to non-empty text")


LEGAL_KEYS = ("reference", "url", "kind", "wording", "uncertain")
LEGAL_KINDS = ("law", "guidance")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_legal(where: str, rule: dict[str, Any]) -> None:
    """`legal` items, `reviewed_on`, `uncertain` and `explain` (text, or one text per language)."""
    legal = rule["legal"]
    for i, item in enumerate(legal if isinstance(legal, list) else [legal]):
        if not isinstance(item, dict) or not isinstance(item.get("reference"), str) or not item["reference"].strip():
            _fail(where, "'legal' needs a non-empty 'reference'")
        extra = [k for k in item if k not in LEGAL_KEYS]
        if extra:
            _fail(where, f"unknown key '{extra[0]}' in 'legal[{i}]' (known: {', '.join(LEGAL_KEYS)})")
        if "url" in item:
            _check_text(where, f"legal[{i}].url", item["url"])
        if item.get("kind", "law") not in LEGAL_KINDS:
            _fail(where, f"'legal[{i}].kind' must be one of {', '.join(LEGAL_KINDS)}")
        if "uncertain" in item and not isinstance(item["uncertain"], bool):
            _fail(where, f"'legal[{i}].uncertain' must be true or false")
        if "wording" in item:
            wording = item["wording"]
            if not isinstance(wording, dict) or set(wording) != {"text", "source"}:
                _fail(where, f"'legal[{i}].wording' needs 'text' (verbatim) and 'source' (the article it comes from)")
            _check_text(where, f"legal[{i}].wording.text", wording["text"])
            _check_text(where, f"legal[{i}].wording.source", wording["source"])
    if "reviewed_on" in rule:
        value = rule["reviewed_on"]
        if not isinstance(value, str) or not DATE_RE.match(value):
            _fail(where, f"'reviewed_on' must be a quoted date 'YYYY-MM-DD', got {value!r}")
        try:
            date.fromisoformat(value)
        except ValueError:
            _fail(where, f"'reviewed_on' is not a real date: {value!r}")
    if "uncertain" in rule and not isinstance(rule["uncertain"], bool):
        _fail(where, "'uncertain' must be true or false")
    explain = rule.get("explain")
    if isinstance(explain, dict):
        if not explain or set(explain) - {"fr", "en"}:
            _fail(where, "'explain' must be a text or a mapping with 'fr' and/or 'en'")
        for lang, value in explain.items():
            _check_text(where, f"explain.{lang}", value)
    elif explain is not None and not isinstance(explain, str):
        _fail(where, "'explain' must be a text or a mapping with 'fr' and/or 'en'")
