"""The only code that locates the bundled rule packs, presets and locales.

In a wheel they sit inside the package (`influlint/rules`, `influlint/locales`); in a source
checkout they are the top-level `rules/` and `locales/` folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent
BUILTIN_PACKS = ("disclosure", "misleading-claim", "sensitive-sector", "personal-data")


@cache
def _data_dir(name: str) -> Path:
    inside = _PKG / name
    if inside.is_dir():
        return inside
    return _PKG.parents[1] / name


def rules_dir() -> Path:
    return _data_dir("rules")


def locales_dir() -> Path:
    return _data_dir("locales")


def builtin_pack_dirs() -> list[Path]:
    root = rules_dir()
    return [root / name for name in BUILTIN_PACKS if (root / name).is_dir()]


def preset_path(name: str) -> Path:
    return rules_dir() / "presets" / f"{name}.yml"
