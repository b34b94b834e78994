"""Helpers for the hostile-input tests: generated exports and the real command line in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PHONE = "06 98 76 54 32"
EMAIL = "julie.martin@gmail.com"
IBAN = "FR76 3000 6000 0112 3456 7890 189"
CARD = "4970 1012 3456 7802"
NIR = "1 85 05 78 006 084 91"
IDENTIFIERS = (PHONE, EMAIL, IBAN, CARD, NIR)


def wa_line(text: str, sender: str = "Julie", minute: int = 0) -> str:
    return f"01/02/2024, 10:{minute % 60:02d} - {sender}: {text}\n"


def telegram(messages: list, name: str = "Groupe") -> str:
    return json.dumps({"name": name, "type": "private_group", "id": 1, "messages": messages}, ensure_ascii=False)


def tg_message(text, i: int = 1, sender="Julie", **extra) -> dict:
    return {"id": i, "type": "message", "date": "2024-01-01T10:00:00", "date_unixtime": "1704103200",
            "from": sender, "from_id": "user1", "text": text, **extra}


def run(args: list[str], *, input: bytes | None = None, cwd: Path | None = None, timeout: float = 120,
        **kwargs) -> subprocess.CompletedProcess:
    """The real command line in a subprocess (file descriptors, signals and forks as a user has them)."""
    env = {**os.environ, "LANG": "en_US.UTF-8", "NO_COLOR": "1", **kwargs.pop("env", {})}
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "influlint", *args], input=input, cwd=cwd, timeout=timeout, env=env,
                          **kwargs)
