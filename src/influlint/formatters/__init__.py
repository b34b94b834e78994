"""Formatters turn a Report into text. Registry: FORMATTERS (name -> function(report, **opts) -> str)."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO

from influlint.formatters.github import format_github
from influlint.formatters.gitlab import format_gitlab
from influlint.formatters.json import format_json
from influlint.formatters.junit import format_junit
from influlint.formatters.sarif import format_sarif
from influlint.model import Report


def format_text(report: Report, quiet: bool = False, statistics: bool = False, color: bool = False,
                width: int | None = None, **_: object) -> str:
    """width: wrap to that many columns with a hanging indent (a terminal); None: one line per item (files, pipes)."""
    from rich.console import Console

    from influlint.formatters.text import THEME, render_text

    buf = StringIO()
    console = Console(file=buf, width=width or 100, theme=THEME, color_system="standard" if color else None,
                      force_terminal=color, highlight=False, soft_wrap=False)
    render_text(report, console, quiet=quiet, statistics=statistics, width=width)
    return buf.getvalue()


FORMATTERS: dict[str, Callable[..., str]] = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
    "gitlab": format_gitlab,
    "junit": format_junit,
}

STREAMING = ("text", "json")


def open_stream(name: str, out, lang: str, show_pii: bool, quiet: bool = False, statistics: bool = False,
                color: bool = False, width: int | None = None):
    """A writer with add(path, findings) / end(report) for formats that can be streamed (text, json)."""
    if name == "json":
        from influlint.formatters.json import JsonStream

        return JsonStream(out, lang, show_pii)
    from rich.console import Console

    from influlint.formatters.text import THEME, TextStream

    console = Console(file=out, width=width or 100, theme=THEME, color_system="standard" if color else None,
                      force_terminal=color, no_color=not color, highlight=False, soft_wrap=False)
    return TextStream(console, lang, show_pii, quiet, statistics, width)
