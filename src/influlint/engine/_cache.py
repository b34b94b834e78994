"""On-disk cache for work done once: compiled packs, lemma surface forms. Safe to delete at any time."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    if os.environ.get("INFLULINT_CACHE_DIR"):
        return Path(os.environ["INFLULINT_CACHE_DIR"])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("influlint"))


def write_atomic(path: Path, data: bytes) -> None:
    """Best effort: a read-only or missing cache directory only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass
