"""Replace (or add) one pack's block of messages in locales/<lang>.yml, under a file lock.

Usage: python tools/set_locale_block.py PACK LANG FILE
FILE holds the YAML entries of that pack (top-level keys = rule names). Several people may run this at
once on different packs: the lock keeps their edits from overwriting each other.
"""

from __future__ import annotations

import fcntl
import os
import sys
import tempfile
from pathlib import Path

import yaml


def main(pack: str, lang: str, block_file: str) -> None:
    root = Path(__file__).resolve().parents[1]
    target = root / "locales" / f"{lang}.yml"
    block = Path(block_file).read_text(encoding="utf-8").strip("\n") + "\n"
    yaml.safe_load(block)  # fail early on broken YAML
    begin, end = f"# --- pack: {pack} ---\n", f"# --- end pack: {pack} ---\n"
    with open(root / "locales" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        text = target.read_text(encoding="utf-8") if target.exists() else ""
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            _, tail = rest.split(end, 1)
            text = head + begin + block + end + tail
        else:
            text = text.rstrip("\n") + "\n\n" + begin + block + end
        yaml.safe_load(text)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".locale-")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, target)


if __name__ == "__main__":
    main(*sys.argv[1:4])
