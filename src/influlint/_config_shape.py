"""The shape of a configuration mapping, checked before it is used: a config found in a repository is
untrusted input, so a wrong type is a one-line error naming the key, never a traceback later on."""

from __future__ import annotations

from typing import Any

SEVERITIES = ("error", "warning", "info")


def _is_str_list(value: Any, allow_str: bool = True) -> bool:
    return (allow_str and isinstance(value, str)) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def _rules_problem(rules: Any) -> str | None:
    if not isinstance(rules, dict):
        return "'rules' must map codes to settings"
    for key, value in rules.items():
        if value in ("disable", "off") or value is False:
            continue
        if not isinstance(value, dict):
            return f"rules.{key} must be 'disable' or {{severity, options}}"
        if value.get("severity") is not None and not (isinstance(value["severity"], str)
                                                        and value["severity"] in SEVERITIES):
            return f"rules.{key}.severity must be error, warning or info"
        if value.get("options") is not None and not isinstance(value["options"], dict):
            return f"rules.{key}.options must be a mapping"
    return None


def _ignore_problem(ignore: Any) -> str | None:
    if not isinstance(ignore, list):
        return "'ignore' must be a list of codes or {path, codes, reason}"
    for item in ignore:
        if isinstance(item, dict):
            if not isinstance(item.get("path"), str) or not _is_str_list(item.get("codes", [])) or \
                    not isinstance(item.get("reason", ""), str):
                return "an 'ignore' entry needs a text 'path' (and 'codes', 'reason')"
        elif not isinstance(item, str):
            return "'ignore' entries are codes or {path, codes, reason}"
    return None


def _platforms_problem(platforms: Any) -> str | None:
    if not isinstance(platforms, dict):
        return "'platforms' must map platform names to {fold: N}"
    for name, spec in platforms.items():
        fold = spec.get("fold") if isinstance(spec, dict) else None
        if not isinstance(spec, dict) or (fold is not None and (isinstance(fold, bool) or not isinstance(fold, int)
                                                                or not 0 <= fold <= 100_000)):
            return f"platforms.{name} must be {{fold: N}} with N a number of characters"
    return None


def shape_problem(data: dict[str, Any]) -> str | None:
    """What is wrong with the types of a configuration mapping (after `extends`), or None."""
    for key in ("extends", "fail_on", "min_severity", "lang"):
        if data.get(key) is not None and not isinstance(data[key], str):
            return f"'{key}' must be a text"
    if data.get("packs") is not None and not _is_str_list(data["packs"], allow_str=False):
        return "'packs' must be a list of pack names or directories"
    for key in ("select", "exclude"):
        if data.get(key) is not None and not _is_str_list(data[key]):
            return f"'{key}' must be a list of strings"
    checks = {"rules": _rules_problem, "ignore": _ignore_problem, "platforms": _platforms_problem}
    for key, check in checks.items():
        if data.get(key) is not None:
            problem = check(data[key])
            if problem:
                return problem
    engine = data.get("engine")
    if engine is not None and (not isinstance(engine, dict) or set(engine) - {"regex_timeout"}):
        return "'engine' takes regex_timeout"
    seconds = (engine or {}).get("regex_timeout", 2.0)
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 < seconds <= 3600:
        return "engine.regex_timeout must be a number of seconds between 0 and 3600"
    for key in ("disclosure", "allow", "chat"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            return f"'{key}' must be a mapping"
    wording = (data.get("disclosure") or {}).get("wording")
    if wording is not None and not isinstance(wording, str):
        return "disclosure.wording must be 'Publicité' or 'Collaboration commerciale'"
    return None
