"""Inline suppressions in posts.

`<!-- influlint: disable=DIS001 reason="..." -->` … `<!-- influlint: enable=DIS001 -->`,
`<!-- influlint: disable-next-block=DIS001 reason="..." -->` (the next Markdown block), and front matter
`influlint: {disable: [DIS001], reason: ...}`. A reason is required; unused suppressions are reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from influlint.model import Unit

_COMMENT = regex.compile(
    r"<!--\s*influlint:\s*(disable-next-block|disable|enable)\s*=\s*([\w,\s.-]+?)"
    r"(?:\s+reason\s*=\s*(?:\"([^\"]*)\"|'([^']*)'))?\s*-->",
    regex.I,
)


@dataclass(slots=True)
class Suppression:
    codes: tuple[str, ...]
    start: int  # source offsets of the silenced range
    end: int
    reason: str
    at: int  # where the directive is written (source offsets)
    at_end: int
    used: int = 0


def _block_after(unit: Unit, offset: int) -> tuple[int, int]:
    from markdown_it import MarkdownIt

    source = unit.source
    line0 = source.position(offset)[0] - source.line_base - 1  # 0-based line of the comment
    tokens = MarkdownIt("commonmark").parse(source.text)
    blocks = ("fence", "code_block", "html_block", "hr")
    for tok in tokens:
        if not tok.map or tok.level != 0 or tok.map[0] <= line0:
            continue
        if not (tok.type.endswith("_open") or tok.type in blocks):
            continue
        if tok.type == "html_block" and "influlint:" in tok.content:
            continue
        starts = source.line_starts
        begin = starts[tok.map[0]] if tok.map[0] < len(starts) else len(source.text)
        end = starts[tok.map[1]] if tok.map[1] < len(starts) else len(source.text)
        return begin, end
    return offset, offset


def parse_suppressions(unit: Unit) -> list[Suppression]:
    text = unit.source.text
    found: list[Suppression] = []
    front = unit.meta.get("influlint") if isinstance(unit.meta, dict) else None
    if isinstance(front, dict) and front.get("disable"):
        codes = front["disable"] if isinstance(front["disable"], list) else [front["disable"]]
        found.append(Suppression(tuple(str(c).strip() for c in codes), 0, len(text),
                                 str(front.get("reason") or "").strip(), 0, max(unit.start - 1, 0)))
    if "influlint:" not in text:
        return found
    open_ranges: list[Suppression] = []
    for m in _COMMENT.finditer(text):
        action = m.group(1).lower()
        codes = tuple(c.strip() for c in m.group(2).split(",") if c.strip())
        reason = (m.group(3) or m.group(4) or "").strip()
        if action == "enable":
            for sup in open_ranges:
                if sup.end == len(text) and set(sup.codes) & set(codes):
                    sup.end = m.start()
            continue
        if action == "disable":
            sup = Suppression(codes, m.end(), len(text), reason, m.start(), m.end())
            open_ranges.append(sup)
        else:
            begin, end = _block_after(unit, m.end())
            sup = Suppression(codes, begin, end, reason, m.start(), m.end())
        found.append(sup)
    return found


def covers(sup: Suppression, code: str, name: str, category: str, start: int) -> bool:
    from influlint.config import matches

    if not sup.start <= start < sup.end:
        return False
    return any(c.lower() == "all" or matches(c, code, name, category) for c in sup.codes)
