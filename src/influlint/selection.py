"""Rule selectors (--select, --ignore, config `select`, `ignore`, `rules`): refuse one that names no rule.

A selector is a code (DIS001), a prefix (DIS, DIS00), a category, a dotted name or an alias. A mistyped one
used to select nothing and report "no problems found"; like ruff, it is now a usage error with a suggestion.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from influlint.config import ConfigError, matches
from influlint.i18n import text as ui_text

META_CODES = (("SUP001", "suppression.missing-reason"), ("SUP002", "suppression.unused"))
MODEL_CODES = (("MDL001", "model.disclosure", "disclosure"), ("MDL002", "model.misleading-claim", "misleading-claim"),
               ("MDL003", "model.sensitive-sector", "sensitive-sector"),
               ("MDL004", "model.personal-data", "personal-data"))  # the model's second opinion (classifier/)


class SelectorError(ConfigError):
    """A selector that matches no rule (exit 2)."""


def _known(rules: Iterable[Any]) -> list[tuple[str, str, str, tuple[str, ...]]]:
    known = [(r.code, r.name, r.category, tuple(r.aliases)) for r in rules]
    return known + [(code, name, "suppression", ()) for code, name in META_CODES] + \
        [(code, name, category, ()) for code, name, category in MODEL_CODES]


def _candidates(known: list[tuple[str, str, str, tuple[str, ...]]]) -> list[str]:
    out: set[str] = set()
    for code, name, category, aliases in known:
        out.update((code, code.rstrip("0123456789"), name, category, *aliases))
    return sorted(out)


def unknown_selector(token: str, known: list[tuple[str, str, str, tuple[str, ...]]]) -> bool:
    token = token.strip()
    return bool(token) and not any(matches(token, code, name, category, aliases)
                                   for code, name, category, aliases in known)


def check_selectors(groups: Iterable[tuple[str, Iterable[str]]], rules: Iterable[Any], lang: str) -> None:
    """groups: (where, tokens), e.g. ("--select", ["DIS", "XYZ"]). Raise SelectorError on the first unknown."""
    known = _known(rules)
    for where, tokens in groups:
        for token in tokens:
            if not isinstance(token, str) or not unknown_selector(token, known):
                continue
            close = difflib.get_close_matches(token.strip().upper(), [c.upper() for c in _candidates(known)], n=1,
                                              cutoff=0.5)
            original = {c.upper(): c for c in _candidates(known)}
            hint = ui_text(lang, "cli.did_you_mean", suggestion=original[close[0]]) if close else ""
            raise SelectorError(ui_text(lang, "cli.unknown_selector", where=where, token=token.strip(), hint=hint))


def config_groups(config: Any) -> list[tuple[str, list[str]]]:
    """The selectors a configuration file holds, labelled with the file and key."""
    where = config.path or "config"
    groups = [(f"{where}: select", list(config.select or [])), (f"{where}: ignore", list(config.ignore)),
              (f"{where}: rules", [str(k) for k in config.rules])]
    for entry in config.ignore_paths:
        groups.append((f"{where}: ignore", [str(c) for c in entry.get("codes") or []]))
    return groups
