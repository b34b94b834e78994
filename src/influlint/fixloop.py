"""ruff's fix loop: lint → fix → lint the fixed text again, until no fix applies (bounded passes).

One plan per file comes out, whose edits turn the text as read into the text after the last pass, so
`--diff` shows the whole result and `--fix` writes it in one atomic replacement (fixer.write_plan).
Edits are computed here; how files are written stays in fixer.py.
"""

from __future__ import annotations

import difflib
import io
from collections.abc import Callable, Iterable

from influlint.fixer import FilePlan, apply_edits, choose_edits, plan_fixes
from influlint.model import Edit, Finding

MAX_PASSES = 10  # ruff stops at 100; a post converges in two or three

Relint = Callable[[str, str], list[Finding]]  # (path, text) -> findings of that text read as that file


def net_edits(before: str, after: str) -> tuple[Edit, ...]:
    """Non-overlapping edits of `before` that give `after`: changed line blocks, trimmed to the changed characters
    (so untouched line endings of the file stay as they are on disk)."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    offsets = [0]
    for line in a:
        offsets.append(offsets[-1] + len(line))
    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        p = len(_common_prefix(old, new))
        s = len(_common_prefix(old[p:][::-1], new[p:][::-1]))
        edits.append(Edit(offsets[i1] + p, offsets[i2] - s, new[p:len(new) - s]))
    return tuple(edits)


def _common_prefix(x: str, y: str) -> str:
    n = 0
    for c, d in zip(x, y, strict=False):
        if c != d:
            break
        n += 1
    return x[:n]


def fix_until_stable(plan: FilePlan, relint: Relint, unsafe: bool, passes: int = MAX_PASSES) -> FilePlan:
    """Repeat lint → fix on the plan's file text until nothing changes or `passes` is reached."""
    if plan.error:
        return plan
    text, edits, fixed = plan.before, list(plan.edits), list(plan.fixed)
    for _ in range(passes):
        new = apply_edits(text, edits)
        if not edits or new == text:
            break
        text = new
        edits, more = choose_edits(relint(plan.path, text), unsafe)
        fixed.extend(more)
    return FilePlan(plan.path, plan.before, net_edits(plan.before, text), tuple(fixed))


def plan_until_stable(findings: Iterable[Finding], relint: Relint, unsafe: bool = False) -> list[FilePlan]:
    return [fix_until_stable(plan, relint, unsafe) for plan in plan_fixes(findings, unsafe)]


def relinter(engine, config_for, options) -> Relint:  # noqa: ANN001 - api types, imported lazily
    """A Relint over the api pipeline: `config_for(path)` gives the configuration that applies to the file."""
    from influlint.api import lint_unit
    from influlint.model import Report
    from influlint.readers import ReadOptions, read_units

    def relint(path: str, text: str) -> list[Finding]:
        config = config_for(path)
        read_options = ReadOptions(input_format=options.input_format, dayfirst=options.dayfirst, warn=lambda _m: None)
        report = Report()
        units = read_units(path, io.BytesIO(text.encode("utf-8")), read_options)
        return [f for u in units if not u.is_system for f in lint_unit(engine(path), u, config, options, report)]

    return relint


def fix_text(text: str, lint: Callable[[str], list[Finding]], unsafe: bool = False) -> str:
    """The --fix loop on a string: `lint(text)` gives the findings of a text (e.g. api.lint_text)."""
    edits, fixed = choose_edits(lint(text), unsafe)
    plan = FilePlan("<text>", text, tuple(edits), tuple(fixed))
    return fix_until_stable(plan, lambda _path, new: lint(new), unsafe).after
