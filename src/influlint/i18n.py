"""Message catalogs (locales/fr.yml, locales/en.yml) and the rendering of rule messages (plain placeholders)."""

from __future__ import annotations

import locale as _locale
import os
from functools import cache
from typing import Any

import yaml

from influlint.resources import locales_dir
from influlint.template import render

LANGS = ("fr", "en")


def detect_lang(explicit: str | None = None, configured: str | None = None) -> str:
    """--lang, then config, then LANG/LC_ALL: French when the locale is French, else English."""
    for value in (explicit, configured):
        if value:
            return value if value in LANGS else "en"
    env = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    if not env:
        env = (_locale.getlocale()[0] or "") if hasattr(_locale, "getlocale") else ""
    return "fr" if env.lower().startswith("fr") else "en"


@cache
def catalog(lang: str) -> dict[str, Any]:
    path = locales_dir() / f"{lang}.yml"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) if path.is_file() else {}
    return data or {}


def render_string(source: str, variables: dict[str, Any]) -> str:
    """Placeholders only (influlint.template): a message or a fix text never runs code."""
    return render(source, variables).strip()


def text(lang: str, key: str, **variables: Any) -> str:
    """A UI string by dotted key (`cli.summary`), falling back to English, then the key itself."""
    for cat in (catalog(lang), catalog("en")):
        node: Any = cat
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, str):
            return render_string(node, variables)
    return key


def signal_label(lang: str, name: str) -> str:
    labels = catalog(lang).get("signals") or {}
    return labels.get(name, name) if isinstance(labels, dict) else name


class Renderer:
    """Renders a rule's message/help (from the catalog) or fix text (from the rule) in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, rule: Any, field: str, variables: dict[str, Any]) -> str:
        if field == "gave_up":
            return text(self.lang, "engine.gave_up", **variables)
        if field == "fix":
            return render_string(str((rule.fix or {}).get("text", "")), variables)
        signals = variables.get("signals") or ()
        variables = {**variables, "signals": ", ".join(signal_label(self.lang, s) for s in signals)}
        for lang in (self.lang, "en" if self.lang == "fr" else "fr"):
            entry = catalog(lang).get(rule.name)
            if isinstance(entry, dict) and isinstance(entry.get(field), str):
                return render_string(entry[field], variables)
        return rule.name if field == "message" else ""
