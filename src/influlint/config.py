"""Configuration: defaults < preset (`extends:`) < influlint.yml / [tool.influlint] < command line."""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from influlint._config_shape import shape_problem
from influlint.limits import DEFAULT as DEFAULT_LIMITS
from influlint.limits import LimitError, Limits, limits_from_mapping
from influlint.resources import preset_path

CONFIG_NAMES = ("influlint.yml", "influlint.yaml", ".influlint.yml", ".influlint.yaml")
KEYS = ("extends", "packs", "select", "ignore", "rules", "fail_on", "min_severity", "lang", "disclosure", "allow", "chat",
        "platforms", "exclude", "audit", "engine", "limits", "model")
SEVERITIES = ("error", "warning", "info")


class ConfigError(Exception):
    """A configuration that cannot be used: file and problem in one line."""

    def __init__(self, message: str) -> None:  # keys and values come from the file: kept on one line
        super().__init__(message.replace("\r", "\\r").replace("\n", "\\n"))


@dataclass(slots=True)
class Config:
    path: str | None = None
    packs: list[str] = field(default_factory=list)  # extra pack dirs (built-in packs are always there)
    builtin: list[str] | None = None  # built-in packs to use (None = all)
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    ignore_paths: list[dict[str, Any]] = field(default_factory=list)
    rules: dict[str, Any] = field(default_factory=dict)  # code|prefix|category -> {severity, options} | 'disable'
    fail_on: str = "error"
    min_severity: str = "info"  # findings below it are not reported (MinAlertLevel)
    lang: str | None = None
    wording: str = "Publicité"
    allow: dict[str, list[str]] = field(default_factory=dict)
    chat: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    audit_members: dict[str, str] = field(default_factory=dict)  # `audit: {members: {sender: label}}`
    regex_timeout: float = 2.0  # engine.regex_timeout: seconds per regex call per 100,000 characters of a unit
    limits: Limits = DEFAULT_LIMITS  # resource limits for untrusted inputs (docs/security.md)
    model: bool | str = True  # the second opinion: True (shipped model), False (`model: off`) or a model folder


def find_config(start: Path) -> Path | None:
    """Walk up from `start` to the first influlint.yml (or .yaml, hidden) or pyproject with [tool.influlint]."""
    for folder in [start, *start.parents]:
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "tool" in _read_toml(pyproject) and "influlint" in _read_toml(pyproject)["tool"]:
            return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None


def read_mapping(path: Path) -> dict[str, Any]:
    if path.name == "pyproject.toml":
        tool = _read_toml(path).get("tool")
        section = tool.get("influlint", {}) if isinstance(tool, dict) else {}
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: [tool.influlint] must be a table")
        return dict(section)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"{path}{f':{mark.line + 1}' if mark else ''}: invalid YAML") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping")
    return data


def _list(path: Path, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: '{key}' must be a list of strings")
    return list(value)


def _resolve_extends(path: Path, data: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    base_name = data.get("extends")
    if not base_name:
        return data
    if depth > 5:
        raise ConfigError(f"{path}: 'extends' goes too deep (a loop?)")
    if not isinstance(base_name, str):
        raise ConfigError(f"{path}: 'extends' must name a preset or a file")
    base_path = preset_path(base_name) if "/" not in str(base_name) and not str(base_name).endswith(
        (".yml", ".yaml")) else (path.parent / str(base_name))
    try:
        found = base_path.is_file()
    except (OSError, ValueError):  # a name too long, a NUL byte
        found = False
    if not found:
        raise ConfigError(f"{path}: 'extends: {base_name}' names no preset or file")
    base = _resolve_extends(base_path, read_mapping(base_path), depth + 1)
    merged = {**base, **{k: v for k, v in data.items() if k != "extends"}}
    if isinstance(base.get("rules"), dict) and isinstance(data.get("rules"), dict):
        merged["rules"] = {**base["rules"], **data["rules"]}
    return merged


def _pack_dir(path: Path, item: str) -> str:
    """A pack path of a config: a directory holding a pack.yml (never `/`, `/etc` or a file)."""
    try:
        folder = (path.parent / item).resolve()
        is_dir = folder.is_dir()
    except (OSError, ValueError):
        is_dir = False
    if not is_dir:
        raise ConfigError(f"{path}: packs: '{item}' is not a directory")
    if not (folder / "pack.yml").is_file():
        raise ConfigError(f"{path}: packs: '{item}' is not a rule pack (no pack.yml in {folder})")
    return str(folder)


def apply_mapping(config: Config, path: Path, data: dict[str, Any]) -> Config:
    data = _resolve_extends(path, data)
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise ConfigError(f"{path}: unknown key '{unknown[0]}' (known: {', '.join(KEYS)})")
    problem = shape_problem(data)
    if problem:
        raise ConfigError(f"{path}: {problem}")
    config.path = str(path)
    for item in data.get("packs", []) or []:
        if not isinstance(item, str):
            raise ConfigError(f"{path}: 'packs' must list pack names or directories")
        if "/" in item or item.startswith("."):
            config.packs.append(_pack_dir(path, item))
        else:
            config.builtin = (config.builtin or []) + [item]
    if "select" in data:
        config.select = _list(path, "select", data["select"])
    for item in data.get("ignore", []) or []:
        if isinstance(item, dict):
            if "path" not in item:
                raise ConfigError(f"{path}: an 'ignore' entry needs 'path' (and 'codes', 'reason')")
            config.ignore_paths.append(item)
        elif isinstance(item, str):
            config.ignore.append(item)
        else:
            raise ConfigError(f"{path}: 'ignore' entries are codes or {{path, codes, reason}}")
    rules = data.get("rules", {}) or {}
    if not isinstance(rules, dict):
        raise ConfigError(f"{path}: 'rules' must map codes to settings")
    for key, value in rules.items():
        if value not in ("disable", "off", False) and not isinstance(value, dict):
            raise ConfigError(f"{path}: rules.{key} must be 'disable' or {{severity, options}}")
        if isinstance(value, dict) and value.get("severity") not in (None, *SEVERITIES):
            raise ConfigError(f"{path}: rules.{key}.severity must be error, warning or info")
        config.rules[str(key)] = value
    if "fail_on" in data:
        if data["fail_on"] not in SEVERITIES:
            raise ConfigError(f"{path}: 'fail_on' must be error, warning or info")
        config.fail_on = data["fail_on"]
    if "min_severity" in data:
        if data["min_severity"] not in SEVERITIES:
            raise ConfigError(f"{path}: 'min_severity' must be error, warning or info")
        config.min_severity = data["min_severity"]
    if "lang" in data:
        if str(data["lang"]).strip().lower() not in ("fr", "en"):
            raise ConfigError(f"{path}: 'lang' must be fr or en")
        config.lang = str(data["lang"]).strip().lower()
    if isinstance(data.get("engine"), dict) and "regex_timeout" in data["engine"]:
        config.regex_timeout = float(data["engine"]["regex_timeout"])
    disclosure = data.get("disclosure") or {}
    if isinstance(disclosure, dict) and disclosure.get("wording"):
        if disclosure["wording"] not in ("Publicité", "Collaboration commerciale"):
            raise ConfigError(f"{path}: disclosure.wording must be 'Publicité' or 'Collaboration commerciale'")
        config.wording = disclosure["wording"]
    for key in ("allow", "chat"):
        section = data.get(key) or {}
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: '{key}' must be a mapping of lists")
        target = config.allow if key == "allow" else config.chat
        for sub, values in section.items():
            target[str(sub)] = _list(path, f"{key}.{sub}", values)
    platforms = data.get("platforms") or {}
    if isinstance(platforms, dict) and platforms:
        fold = {str(k).lower(): int(v.get("fold")) for k, v in platforms.items() if isinstance(v, dict) and v.get("fold")}
        if fold:
            config.rules.setdefault("disclosure", {}).setdefault("options", {})["fold"] = fold
    config.exclude = _list(path, "exclude", data.get("exclude", []))
    members = (data.get("audit") or {}).get("members") or {} if isinstance(data.get("audit") or {}, dict) else None
    if not isinstance(members, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in members.items()):
        raise ConfigError(f"{path}: 'audit.members' must map sender names to labels")
    config.audit_members = dict(members)
    if "limits" in data:
        try:
            config.limits = limits_from_mapping(data["limits"], config.limits)
        except LimitError as exc:
            raise ConfigError(f"{path}: {exc}") from None
    if "model" in data:
        config.model = _model_setting(path, data["model"])
    return config


def _model_setting(path: Path, value: Any) -> bool | str:
    """`model: off | on` (YAML 1.1 reads them as booleans) or the folder of a model made by `influlint train`."""
    if isinstance(value, bool) or value in ("off", "on"):
        return value in (True, "on")
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{path}: 'model' must be on, off or the folder of a trained model")
    folder = (path.parent / value).resolve()
    if not (folder / "model.json").is_file():
        raise ConfigError(f"{path}: model: {value}: no model.json in that folder (see `influlint train`)")
    return str(folder)


def load_config(explicit: str | None = None, cwd: Path | None = None) -> Config:
    config = Config()
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
    else:
        path = find_config((cwd or Path.cwd()).resolve())
        if path is None:
            return apply_mapping(config, preset_path("default"), read_mapping(preset_path("default"))) \
                if preset_path("default").is_file() else config
    return apply_mapping(config, path, read_mapping(path))


def matches(token: str, code: str, name: str, category: str, aliases: tuple[str, ...] = ()) -> bool:
    token = token.strip()
    up = token.upper()
    return (up == code or (up.isalpha() and code.startswith(up)) or (len(up) > 3 and code.startswith(up))
            or token == category or token == name or up in aliases)


def path_ignored(config: Config, path: str, code: str, name: str, category: str) -> bool:
    for entry in config.ignore_paths:
        if fnmatch.fnmatch(path, entry["path"]) or fnmatch.fnmatch(Path(path).as_posix(), entry["path"]):
            codes = entry.get("codes") or []
            if not codes or any(matches(c, code, name, category) for c in codes):
                return True
    return False
