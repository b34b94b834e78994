"""The configuration of each input: the nearest influlint.yml above it (as ruff), unless --config names one.

Inputs are grouped by that configuration, each group is linted with its own, and the reports are merged.
A directory holding configurations below it is expanded into its files so that each gets its own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from influlint.config import CONFIG_NAMES, Config, find_config, load_config
from influlint.model import Report

Group = tuple[Config, list[str]]


def _nested(folder: Path) -> bool:
    for name in CONFIG_NAMES:
        for found in folder.rglob(name):
            rel = found.relative_to(folder).parts
            if len(rel) > 1 and not any(part.startswith(".") for part in rel[:-1]):
                return True
    return False


def _expand(raw: str, config: Config) -> list[str]:
    from influlint.api import iter_inputs

    return [path for path, problem in iter_inputs([raw], config) if problem is None]


def group_inputs(paths: list[str], base: Config, explicit: bool) -> list[Group]:
    """(configuration, inputs) in order of first appearance. `base` is the run's configuration (from --config or
    the working directory); an input whose nearest configuration is another file gets that one."""
    if explicit:
        return [(base, list(paths))]
    loaded: dict[str | None, Config] = {None: base}  # no configuration above an input: the run's own
    if base.path:
        loaded[base.path] = base
    groups: dict[int, Group] = {}

    found_in: dict[Path, str | None] = {}

    def config_of(folder: Path) -> Config:
        folder = folder.resolve()
        if folder not in found_in:
            found = find_config(folder)
            found_in[folder] = str(found) if found is not None else None
        key = found_in[folder]
        if key not in loaded:
            loaded[key] = load_config(key)
        return loaded[key]

    for raw in paths:
        path = Path(raw)
        if raw == "-" or not path.exists():
            items = [(base, raw)]
        elif path.is_dir() and _nested(path):
            items = [(config_of(Path(p).parent), p) for p in _expand(raw, config_of(path))]
        else:
            items = [(config_of(path if path.is_dir() else path.parent), raw)]
        for config, item in items:
            groups.setdefault(id(config), (config, []))[1].append(item)
    return list(groups.values())


def merge(reports: list[Report]) -> Report:
    """One report from the reports of several groups (findings in group order)."""
    out = reports[0]
    for other in reports[1:]:
        out.findings.extend(other.findings)
        out.files.extend(other.files)
        out.errors.extend(other.errors)
        out.warnings.extend(other.warnings)
        known = {r.code for r in out.rules}
        out.rules.extend(r for r in other.rules if r.code not in known)
        for code, n in other.suppressed.items():
            out.suppressed[code] = out.suppressed.get(code, 0) + n
        for key, n in other.tally.items():
            out.tally[key] = out.tally.get(key, 0) + n
    return out


def lint_groups(groups: list[Group], lint: Callable[[list[str], Config], Report]) -> Report:
    return merge([lint(paths, config) for config, paths in groups])


def config_for(groups: list[Group]) -> Callable[[str], Config]:
    """The configuration that applies to one file of the run (for the fix loop's second lint)."""
    table: list[tuple[str, Config]] = [(Path(p).as_posix(), c) for c, ps in groups for p in ps]

    def lookup(path: str) -> Config:
        posix = Path(path).as_posix()
        best: tuple[int, Any] = (-1, groups[0][0])
        for prefix, config in table:
            if (posix == prefix or posix.startswith(prefix.rstrip("/") + "/")) and len(prefix) > best[0]:
                best = (len(prefix), config)
        return best[1]

    return lookup
