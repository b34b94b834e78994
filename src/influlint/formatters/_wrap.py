"""Hanging-indent wrapping of rich Text to the console width (styles kept, emoji counted as two cells)."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

_WORD = re.compile(r"\S+\s*")


def cut_points(plain: str, first: int, rest: int) -> list[int]:
    """Offsets where `plain` breaks so that the first line fits `first` cells and the others `rest`.
    Lines break between words only; a word longer than a line overflows it."""
    cuts: list[int] = []
    width = first
    match = _WORD.search(plain)
    used = cell_len(plain[: match.start()]) if match else 0
    for m in _WORD.finditer(plain):
        word = m.group()
        if used and used + cell_len(word.rstrip()) > width:
            cuts.append(m.start())
            width, used = rest, 0
        used += cell_len(word)
    return cuts


def print_hanging(console: Console, text: Text, indent: int, width: int | None) -> None:
    """Print `text`, wrapped to `width` with continuation lines indented by `indent`; None: one line."""
    if width is None or cell_len(text.plain) <= width:
        console.print(text, soft_wrap=True)
        return
    cuts = cut_points(text.plain, width, max(20, width - indent))
    for i, line in enumerate(text.divide(cuts)):
        line.rstrip()
        if i:
            line = Text(" " * indent) + line
        console.print(line, soft_wrap=True)
