"""Message catalogs (locales/fr.yml, locales/en.yml) and the rendering of rule messages (plain placeholders)."""

from __future__ import annotations

import errno
import os
from functools import cache
from typing import Any

import yaml

from influlint.resources import locales_dir
from influlint.template import render

LANGS = ("fr", "en")


class LangError(ValueError):
    """An unknown language asked for (--lang de): a usage error."""


ENV_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def normalize_lang(value: str) -> str:
    """'FR', 'fr_FR.UTF-8', 'en-GB' -> 'fr' / 'en'; anything else raises LangError."""
    code = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    if code not in LANGS:
        raise LangError(value)
    return code


def env_lang(environ: Any = None) -> str | None:
    """The language the environment asks for, as gettext reads it: LANGUAGE (a list), LC_ALL, LC_MESSAGES, LANG.
    The first variable set decides (LANGUAGE only if it lists fr or en); a locale that is not fr or en (C, POSIX,
    de_DE) asks for nothing."""
    environ = os.environ if environ is None else environ
    for var in ENV_VARS:
        value = environ.get(var, "")
        if not value:
            continue
        for item in value.split(":") if var == "LANGUAGE" else [value]:
            try:
                return normalize_lang(item)
            except LangError:
                continue
        if var != "LANGUAGE":
            return None
    return None


def detect_lang(explicit: str | None = None, configured: str | None = None) -> str:
    """--lang, then config, then the environment: French unless one of them asks for English."""
    for value in (explicit, configured):
        if value:
            return normalize_lang(value)
    return env_lang() or "fr"


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
            own = rule_text(rule, field, lang)
            if own:
                return render_string(own, variables)
        return rule.name if field == "message" else ""


def rule_text(rule: Any, field: str, lang: str) -> str | None:
    """A pack rule's own `message`/`help` in `lang` ({fr: …, en: …} in the rule file), for agency packs."""
    own = (getattr(rule, "raw", None) or {}).get(field)
    return own.get(lang) if isinstance(own, dict) and isinstance(own.get(lang), str) else None


OS_ERRORS = {errno.ENOENT: "not_found", errno.EACCES: "permission", errno.EPERM: "permission", errno.EISDIR: "is_dir",
             errno.ENOTDIR: "not_dir", errno.ELOOP: "loop", errno.ENAMETOOLONG: "name_too_long", errno.EIO: "io"}


def os_error(lang: str, exc: OSError) -> str:
    """An operating-system error in the user's language (input.* keys), else the system's own words."""
    key = OS_ERRORS.get(exc.errno or -1)
    return text(lang, f"input.{key}") if key else (exc.strerror or str(exc))
