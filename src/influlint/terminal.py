"""What the command line needs to know about the terminal: colour, width, progress on large inputs.

No typer here (cli.py alone uses it); plain functions and one small progress object.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any, TextIO

PROGRESS_EVERY = 10.0  # seconds between two progress lines on stderr when stdout is not a terminal


def use_color(choice: str, stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """--color always|never|auto; auto follows NO_COLOR, then FORCE_COLOR, then whether `stream` is a terminal."""
    environ = os.environ if environ is None else environ
    if choice in ("always", "never"):
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR") not in (None, "", "0"):
        return True
    return _isatty(stream)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def wrap_width(stream: TextIO) -> int | None:
    """The terminal's width when writing to one (COLUMNS wins), else None: lines are not wrapped in files/pipes."""
    if not _isatty(stream):
        return None
    return max(40, shutil.get_terminal_size((100, 24)).columns)


class Progress:
    """Messages read so far on large inputs. On a terminal: a transient rich line on the output's own console,
    started only once the first 1,000 units are read, so small inputs never show it and findings printed
    meanwhile go above it. Otherwise: a plain line on stderr every PROGRESS_EVERY seconds."""

    def __init__(self, console: Any | None, err: TextIO, label: Callable[[str, int], str],
                 every: float = PROGRESS_EVERY, clock: Callable[[], float] = time.monotonic) -> None:
        self.console, self.err, self.label, self.every, self.clock = console, err, label, every, clock
        self.live: Any = None
        self.task: Any = None
        self.next = clock() + every

    def update(self, path: str, count: int) -> None:
        if self.console is not None:
            self._live_update(path, count)
        elif self.clock() >= self.next:
            self.err.write(f"influlint: {self.label(path, count)}\n")
            self.err.flush()
            self.next = self.clock() + self.every

    def _live_update(self, path: str, count: int) -> None:
        if self.live is None:
            from rich.progress import Progress as RichProgress
            from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

            self.live = RichProgress(SpinnerColumn(style="influlint.position"), TextColumn("{task.description}"),
                                     TimeElapsedColumn(), console=self.console, transient=True)
            self.live.start()
            self.task = self.live.add_task("", total=None)
        self.live.update(self.task, description=self.label(path, count))

    def stop(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None


def progress_for(console: Any, out: TextIO, err: TextIO, label: Callable[[str, int], str]) -> Progress | None:
    """The right progress for where the output goes: live on a terminal, periodic on stderr when stdout is
    redirected (and stderr is a terminal or a log), none when both are silent."""
    if _isatty(out) and console is not None:
        return Progress(console, err, label)
    return Progress(None, err if err is not None else sys.stderr, label)


def wrap_prose(text: str, width: int | None) -> str:
    """Wrap long lines of plain text (explain) to `width`, continuation lines under the line's own indent (+2 for
    list items); None leaves the text as it is (files, pipes)."""
    import textwrap

    if width is None:
        return text
    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        indent = len(line) - len(line.lstrip(" "))
        hang = indent + (2 if line.lstrip().startswith(("✗ ", "✓ ", "- ", "• ")) else 0)
        out.extend(textwrap.wrap(line, width, initial_indent="", subsequent_indent=" " * hang,
                                 break_long_words=False, break_on_hyphens=False, drop_whitespace=True) or [line])
    return "\n".join(out)
