"""Regex figures of the rule packs: how many `regex:` / `exclude:` patterns, their characters, the longest,
and fragments of 25+ characters repeated across rule files (the issue-12 targets).

`python tools/regex_stats.py [rules/]` prints them; tests/test_regex_budget.py holds the limits.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import yaml

FRAGMENT = 25


def patterns(root: Path) -> list[tuple[str, str]]:
    """(file, pattern) for every regex in rule files, pack.yml condition sets and concept/statement files."""
    out: list[tuple[str, str]] = []

    def walk(node, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("regex", "exclude", "shape") and isinstance(value, str):
                    out.append((where, value))
                elif key != "examples":
                    walk(value, where)
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for path in sorted(root.rglob("*.yml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), str(path.relative_to(root)))
    return out


def repeated_fragments(pats: list[tuple[str, str]], size: int = FRAGMENT) -> dict[str, set[str]]:
    """Fragments of `size` characters found in patterns of two or more files."""
    seen: dict[str, set[str]] = defaultdict(set)
    for where, pat in pats:
        for i in range(len(pat) - size + 1):
            seen[pat[i:i + size]].add(where)
    return {frag: files for frag, files in seen.items() if len(files) > 1}


def stats(root: Path) -> dict:
    pats = patterns(root)
    return {"patterns": len(pats), "chars": sum(len(p) for _, p in pats),
            "longest": max((len(p) for _, p in pats), default=0),
            "repeated_fragments": len(repeated_fragments(pats))}


if __name__ == "__main__":
    print(stats(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "rules")))
