"""Write the synthetic chat fixtures of fixtures/chats/<format>/ and their `.expected.json`.

The expected records are derived from the conversation below (what was written), never from influlint's
reader. Usage: python tools/make_chat_fixtures.py  (then review `git diff fixtures/chats`).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from chat_writers import (  # noqa: E402
    discord_csv,
    discord_html,
    meta_json,
    sigtop_short,
    sigtop_text,
    telegram_html,
)

PARIS = timezone(timedelta(hours=1))
T0 = datetime(2024, 3, 12, 14, 5, 33, tzinfo=PARIS)


def conversation() -> list[dict]:
    def at(minutes: float) -> datetime:
        return T0 + timedelta(minutes=minutes)

    return [
        {"id": 101, "sender": "Glow Lab", "ts": at(0), "sender_id": "900",
         "text": "Brief du lancement 🌸\n- post entre le 12/03 et le 15/03\n- mention « Publicité » obligatoire",
         "pinned": True},
        {"id": 102, "sender": "Glow Lab", "ts": at(2), "sender_id": "900",
         "text": "Code AZUR15 = -15 % sur le site <3 & livraison offerte"},
        {"id": 103, "sender": "Camille Martin", "ts": at(30), "sender_id": "901",
         "text": "Le code marche aussi sur les coffrets ?", "reply_to": 102},
        {"id": 104, "sender": "Léa Dubois", "ts": at(45), "sender_id": "902",
         "text": "Mon post est en ligne ! #partenariat", "forwarded_from": "Glow Lab Officiel"},
        {"id": 105, "sender": "Léa Dubois", "ts": at(47), "sender_id": "902",
         "text": "Ok je corrige 👍", "edited": True, "reactions": [("❤", "Camille Martin")]},
        {"id": 106, "sender": "Inès Benali", "ts": at(60), "sender_id": "903", "text": "",
         "poll": "Quel jour pour le shooting ?"},
        {"id": 107, "sender": "Inès Benali", "ts": at(61), "sender_id": "903", "phone": "+33 7 98 76 54 32",
         "text": "Appelle-moi au 06 12 34 56 78 si besoin"},
    ]


def expected(msgs: list[dict], fmt: str) -> list[dict]:
    out = []
    for m in msgs:
        rec = {"sender": m["sender"], "text": m["text"], "is_system": False}
        if fmt in ("telegram-html", "discord-csv"):
            rec["timestamp"] = m["ts"].isoformat() if fmt == "telegram-html" else None
        if fmt == "meta-json":
            rec["timestamp"] = m["ts"].astimezone(UTC).isoformat()
            if m.get("poll"):
                rec["text"] = f"{m['sender']} created a poll: {m['poll']}"
                rec["poll"] = m["poll"]
            if m.get("reactions"):
                rec["reactions"] = [{"reaction": e, "actor": a} for e, a in m["reactions"]]
        if fmt == "discord-csv" and m.get("reactions"):
            rec["reactions"] = [{"reaction": e, "count": 1} for e, _a in m["reactions"]]
        if fmt in ("telegram-html", "discord-html") and m.get("reply_to") is not None:
            rec["reply_to"] = str(m["reply_to"])
        if fmt == "telegram-html":
            if m.get("forwarded_from"):
                rec["forwarded_from"] = m["forwarded_from"]
                rec["is_forwarded"] = True
            if m.get("poll"):
                rec["poll"] = m["poll"]
        if fmt in ("sigtop", "sigtop-short"):
            quoted = next((q for q in msgs if q["id"] == m.get("reply_to")), None)
            full = fmt == "sigtop"
            rec["timestamp"] = m["ts"].isoformat() if full else m["ts"].replace(second=0, tzinfo=None).isoformat()
            if quoted is not None:
                rec["reply_to"] = (quoted["ts"].isoformat() if full
                                   else quoted["ts"].replace(second=0, tzinfo=None).isoformat())
            if m.get("edited"):
                rec["is_edited"] = True
            if full and m.get("reactions"):
                rec["reactions"] = [{"reaction": e, "actor": a} for e, a in m["reactions"]]
        if fmt == "discord-html":
            rec["timestamp"] = m["ts"].replace(second=0, tzinfo=None).isoformat()
            if m.get("pinned"):
                rec["is_pinned"] = True
            if m.get("edited"):
                rec["is_edited"] = True
        out.append(rec)
    return out


def main() -> None:
    msgs = conversation()
    base = ROOT / "fixtures" / "chats"
    tg = [dict(m) for m in msgs]
    tg.insert(0, {"id": 100, "service": "Glow Lab created group &laquo;Ambassadeurs&raquo;", "sender": None,
                  "ts": T0, "text": ""})
    files = {
        "telegram-html/messages.html": telegram_html(tg),
        "discord-csv/ambassadeurs.csv": discord_csv(msgs),
        "discord-html/ambassadeurs.html": discord_html([m for m in msgs if not m.get("poll")]),
        "meta-json/message_1.json": meta_json(msgs),
        "signal/sigtop.txt": sigtop_text(msgs),
        "signal/sigtop-short.txt": sigtop_short(msgs),
    }
    expect = {
        "telegram-html/messages.html": [{"sender": None, "text": "Glow Lab created group «Ambassadeurs»",
                                         "is_system": True}] + expected(msgs, "telegram-html"),
        "discord-csv/ambassadeurs.csv": expected(msgs, "discord-csv"),
        "discord-html/ambassadeurs.html": expected([m for m in msgs if not m.get("poll")], "discord-html"),
        "meta-json/message_1.json": expected(msgs, "meta-json"),
        "signal/sigtop.txt": expected(msgs, "sigtop"),
        "signal/sigtop-short.txt": expected(msgs, "sigtop-short"),
    }
    for name, text in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        stem = path.with_suffix("")
        records = expect[name]
        for r in records:
            if name.startswith("discord-csv"):
                r["timestamp"] = next(m["ts"] for m in msgs if m["text"] == r["text"]).isoformat(
                    timespec="microseconds").replace("+01:00", "0+01:00")
        Path(f"{stem}.expected.json").write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
