"""One-line descriptions of faults met while reading or reporting one input: the run goes on without it."""

from __future__ import annotations

import zipfile
import zlib


def describe(exc: BaseException) -> str:
    """A short, stable message for an unexpected exception (never a traceback)."""
    if isinstance(exc, RecursionError):
        return "nested too deeply (JSON or markup depth): not read"
    if isinstance(exc, OverflowError):
        return "a number or date out of range: not read"
    if isinstance(exc, MemoryError):
        return "too large to read in memory: not read"
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return f"corrupt archive ({_one_line(exc)})"
    if isinstance(exc, UnicodeError):
        return f"undecodable text ({_one_line(exc)})"
    if isinstance(exc, (TypeError, AttributeError, KeyError, IndexError, ValueError)):
        return f"unexpected structure or field type ({type(exc).__name__}: {_one_line(exc)}): not read further"
    return f"internal error while reading ({type(exc).__name__}: {_one_line(exc)}); run with --debug for details"


def _one_line(exc: BaseException, limit: int = 160) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
