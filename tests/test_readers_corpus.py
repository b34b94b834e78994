"""The labeled corpus chats parse so that every labeled line / id starts exactly one message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from influlint.readers import ReadOptions, detect, read_units

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
CHATS = sorted(CORPUS.glob("chat_*.labels.jsonl"))


@pytest.mark.parametrize("labels", CHATS, ids=lambda p: p.name)
def test_every_label_points_at_a_message(labels: Path) -> None:
    export = next(p for p in CORPUS.glob(labels.name.replace(".labels.jsonl", ".*")) if not p.name.endswith("jsonl"))
    warnings: list[str] = []
    options = ReadOptions(warn=warnings.append)
    with export.open("rb") as fh:
        fmt = detect(str(export), fh, options)
        units = list(read_units(str(export), fh, options, fmt))
    assert fmt == ("telegram-json" if export.suffix == ".json" else "whatsapp")
    assert not any("before the first" in w or "another format" in w for w in warnings), warnings
    items = [json.loads(line) for line in labels.read_text("utf-8").splitlines() if line.strip()]
    if fmt == "whatsapp":
        starts = {u.line: u for u in units}
        assert len(starts) == len(units)
        for item in items:
            unit = starts.get(item["line"])
            assert unit is not None, f"no message starts at line {item['line']}"
            assert not unit.is_system
        # message counts given in the corpus README
        users = sum(not u.is_system for u in units)
        assert users == {"chat_whatsapp_android_fr.txt": 238, "chat_whatsapp_ios_fr.txt": 147}[export.name]
    else:
        ids = {u.id: u for u in units}
        for item in items:
            assert str(item["id"]) in ids, item["id"]
        assert sum(not u.is_system for u in units) == 119
        assert sum(u.is_system for u in units) == 2
    assert all(u.timestamp for u in units)
