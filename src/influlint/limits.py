"""Resource limits for untrusted inputs: documented defaults (docs/security.md), overridable in the
configuration's `limits:` section. A leaf module: readers, api and cli all read it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields, replace
from typing import Any

KIB, MIB, GIB = 1024, 1024**2, 1024**3


@dataclass(frozen=True, slots=True)
class Limits:
    max_input_size: int = 1 * GIB  # bytes of one input file, standard input or zip member
    max_message_chars: int = 1_000_000  # one post or message: beyond, only the start is checked (warning)
    max_archive_size: int = 4 * GIB  # total uncompressed bytes of the members read from one zip
    max_archive_ratio: int = 200  # uncompressed / compressed size of one zip member (over 1 MiB)
    worker_memory: int = 512 * MIB  # memory budget of one --jobs worker, to bound the number of workers


DEFAULT = Limits()
SIZE_KEYS = ("max_input_size", "max_archive_size", "worker_memory")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": KIB, "m": MIB, "g": GIB, "t": 1024 * GIB}


class LimitError(ValueError):
    """A `limits:` value that cannot be used; the message names the key."""


def parse_size(value: Any) -> int:
    """`1048576`, `512KB`, `64 MiB`, `2GB` → bytes (binary multiples)."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    m = _SIZE.match(str(value))
    if m is None:
        raise ValueError(value)
    return int(float(m.group(1)) * _UNITS[(m.group(2) or "").lower()[:1]])


def limits_from_mapping(data: Any, base: Limits = DEFAULT) -> Limits:
    """The `limits:` section of a configuration (a mapping of known keys to positive numbers)."""
    if data is None:
        return base
    if not isinstance(data, dict):
        raise LimitError("'limits' must be a mapping")
    known = [f.name for f in fields(Limits)]
    changes: dict[str, int] = {}
    for key, value in data.items():
        if key not in known:
            raise LimitError(f"unknown key 'limits.{key}' (known: {', '.join(known)})")
        try:
            number = parse_size(value) if key in SIZE_KEYS else int(value) if not isinstance(value, bool) else -1
        except (TypeError, ValueError):
            number = -1
        if number <= 0:
            raise LimitError(f"limits.{key} must be a positive number{' (bytes, or 64MB, 2GB)' if key in SIZE_KEYS else ''}")
        changes[key] = number
    return replace(base, **changes)


def human(n: int) -> str:
    for unit, size in (("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


def available_memory() -> int | None:
    """Bytes of memory available to new processes (Linux /proc/meminfo, else total physical memory)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * KIB
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def bounded_jobs(requested: int, limits: Limits = DEFAULT, cores: int | None = None,
                 memory: int | None = None) -> tuple[int, str | None]:
    """(workers, reason it was lowered or None): at most one per core and one per `worker_memory`."""
    cores = cores or os.cpu_count() or 1
    memory = available_memory() if memory is None else memory
    by_memory = max(1, memory // limits.worker_memory) if memory else requested
    n = max(1, min(requested, cores, by_memory))
    if n == requested:
        return n, None
    reason = f"{cores} core(s)" if n == cores else f"{human(memory or 0)} of memory available"
    return n, reason
