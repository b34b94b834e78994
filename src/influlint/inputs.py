"""Opening untrusted inputs. Directories are walked with every unreadable entry reported (never skipped
silently), special files (FIFOs, devices, sockets) are refused without being opened for reading, and
standard input is spooled, bounded, so that every `--jobs` value reads the same bytes."""

from __future__ import annotations

import io
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from influlint.limits import Limits, human
from influlint.model import Unit
from influlint.readers import POST_SUFFIXES, ReadError, read_head, sniff
from influlint.readers._text import looks_binary
from influlint.readers._zip import ZIP_MAGIC

CHAT_SUFFIXES = (".json", ".zip", ".html", ".htm", ".csv")  # sniffed: only chat exports are read
SPECIAL = "special file (FIFO, device or socket): not read"
UNREADABLE_DIR = "directory not readable ({reason}): its files are not checked"


def _kind_problem(mode: int) -> str | None:
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    return SPECIAL


def _walk(root: str) -> Iterator[tuple[tuple[str, ...], str, str | None]]:
    """(sort key, relative POSIX path, problem) of every file under root; unreadable folders as problems."""
    def onerror(exc: OSError) -> None:
        failed.append(exc)

    failed: list[OSError] = []
    for dirpath, dirs, files in os.walk(root, onerror=onerror):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith("."):
                full = os.path.join(dirpath, name)
                yield tuple(Path(full).parts), Path(full).as_posix(), None
    for exc in failed:
        where = exc.filename or root
        yield tuple(Path(where).parts), Path(where).as_posix(), UNREADABLE_DIR.format(
            reason=(exc.strerror or str(exc)).lower())


def _candidate(rel: str) -> tuple[bool, str | None]:
    """(is an input, problem): posts by suffix; chat exports (.json, .zip) by content."""
    suffix = os.path.splitext(rel)[1].lower()
    if suffix not in POST_SUFFIXES and suffix not in CHAT_SUFFIXES:
        return False, None
    try:
        mode = os.stat(rel).st_mode
    except OSError as exc:
        return True, (exc.strerror or str(exc)).lower()
    if stat.S_ISDIR(mode):
        return False, None
    if _kind_problem(mode):
        return True, SPECIAL
    if suffix in POST_SUFFIXES:
        return True, None
    try:
        with open_input(rel, Limits(max_input_size=sys.maxsize)) as fh:
            return sniff(rel, read_head(fh)) != "post", None
    except (OSError, ReadError) as exc:
        return True, str(exc) if isinstance(exc, ReadError) else (exc.strerror or str(exc)).lower()


def iter_inputs(paths: list[str], exclude: list[str] | None = None) -> Iterator[tuple[str, str | None]]:
    """Expand directories: (path, problem or None), in sorted order inside each directory."""
    from influlint.readers import slack
    from influlint.readers._bundles import is_export_directory

    for raw in paths:
        if raw == "-":
            yield raw, None
            continue
        path = Path(raw)
        if not path.is_dir():
            yield raw, None if path.exists() or path.is_symlink() else "input.not_found"
            continue
        if slack.is_chat_directory(raw) or is_export_directory(raw):  # Slack, Telegram HTML, Meta folders
            yield raw, None
            continue
        for _key, rel, problem in sorted(_walk(raw)):
            if exclude and any(Path(rel).match(g) for g in exclude):
                continue
            if problem:
                yield rel, problem
                continue
            wanted, problem = _candidate(rel)
            if wanted:
                yield rel, problem


def open_input(path: str, limits: Limits, stdin: BinaryIO | None = None) -> BinaryIO:
    """A seekable binary stream of one input. Raise ReadError for special files and inputs over the limit."""
    if path == "-":
        return stdin if stdin is not None else spool_stdin(limits)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO without writer must not block
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "is a directory", path)
        if _kind_problem(st.st_mode):
            raise ReadError(SPECIAL)
        if st.st_size > limits.max_input_size:
            raise ReadError(f"{human(st.st_size)}: larger than the input limit of {human(limits.max_input_size)} "
                            "(limits.max_input_size)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _stdin_source() -> BinaryIO:
    stdin = sys.stdin
    buffer = getattr(stdin, "buffer", None) if stdin is not None else None
    if buffer is None or buffer.closed:
        raise ReadError("standard input is closed")
    try:
        mode = os.fstat(buffer.fileno()).st_mode
    except (OSError, ValueError, io.UnsupportedOperation):
        return buffer  # not a real file descriptor (tests, embedding)
    if (stat.S_ISCHR(mode) or stat.S_ISBLK(mode)) and not buffer.isatty():
        raise ReadError("standard input is a device (such as /dev/zero), not a file or a pipe: not read")
    return buffer


def spool_stdin(limits: Limits, into: BinaryIO | None = None) -> BinaryIO:
    """Copy standard input, at most `limits.max_input_size` bytes, into a seekable (spooled) file."""
    source = _stdin_source()
    out = into if into is not None else tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
    total = 0
    try:
        while True:
            try:
                chunk = source.read(1 << 20)
            except (OSError, ValueError) as exc:
                raise ReadError(f"standard input cannot be read ({exc})") from None
            if not chunk:
                break
            if total == 0 and looks_binary(chunk) and not chunk.startswith(ZIP_MAGIC):
                raise ReadError("binary data on standard input, not text: not read")
            total += len(chunk)
            if total > limits.max_input_size:
                raise ReadError(f"standard input larger than the input limit of {human(limits.max_input_size)} "
                                "(limits.max_input_size)")
            out.write(chunk)
        out.seek(0)
        return out
    except BaseException:
        out.close()
        raise


def spool_stdin_to_file(limits: Limits) -> tuple[str | None, str | None]:
    """(temporary file path, error): standard input saved once for every --jobs worker to read."""
    fd, name = tempfile.mkstemp(prefix="influlint-stdin-")
    try:
        with os.fdopen(fd, "w+b") as fh:
            spool_stdin(limits, into=fh)
    except ReadError as exc:
        os.unlink(name)
        return None, str(exc)
    return name, None


def capped(units: Iterator[Unit], limits: Limits, warn: Callable[[str], None]) -> Iterator[Unit]:
    """Units longer than `limits.max_message_chars` are checked up to the limit, with a warning (never silently)."""
    cap = limits.max_message_chars
    for unit in units:
        if unit.end - unit.start > cap:
            where = f"message at line {unit.line}" + (f" (id {unit.id})" if unit.id else "")
            warn(f"{where}: {unit.end - unit.start:,} characters, only the first {cap:,} are checked "
                 "(limits.max_message_chars)")
            unit = replace(unit, end=unit.start + cap)
        yield unit
