"""`check --watch`: lint again whenever an input changes (polling: no extra dependency, works on every OS)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

WATCHED_SUFFIXES = (".md", ".markdown", ".txt", ".json", ".zip", ".yml", ".yaml", ".toml")


def snapshot(paths: list[str]) -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of every input file, files under input directories, and configuration files."""
    out: dict[str, tuple[int, int]] = {}
    for raw in paths:
        path = Path(raw)
        files = [p for p in path.rglob("*") if p.suffix.lower() in WATCHED_SUFFIXES] if path.is_dir() else [path]
        for f in files:
            try:
                st = f.stat()
            except OSError:
                continue
            out[str(f)] = (st.st_mtime_ns, st.st_size)
    return out


def watch(run: Callable[[], int], paths: list[str], *, interval: float = 1.0, iterations: int | None = None,
          sleep: Callable[[float], None] | None = None, on_change: Callable[[], None] = lambda: None) -> int:
    """run() once, then again after each change; stop after `iterations` polls (None: until interrupted).
    Returns the exit code of the last run."""
    sleep = sleep or time.sleep
    code = run()
    seen = snapshot(paths)
    polls = 0
    try:
        while iterations is None or polls < iterations:
            sleep(interval)
            polls += 1
            now = snapshot(paths)
            if now != seen:
                seen = now
                on_change()
                code = run()
    except KeyboardInterrupt:
        pass
    return code
