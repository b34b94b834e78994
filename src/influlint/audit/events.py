"""Joins and leaves from the system messages the readers hand out (`unit.is_system`).

WhatsApp: the group-event lines (« X a ajouté Y et Z », « X joined using this group's invite link »,
« X est parti », « X removed Y »…); Telegram: `action` with `actor` / `members`; Discord: a
`GuildMemberJoin` message's author; Slack: `channel_join` / `channel_leave`. Other system messages
(encryption banners, subject changes) are no membership event.
"""

from __future__ import annotations

import re

from influlint.model import Unit

_E = r"(?:·e|\(e\)|e)?"
_WHATSAPP = [
    ("join", re.compile(r".+? (?:added|a ajouté) (?P<who>.+)")),
    ("join", re.compile(r"(?P<who>.+?) joined using this group's invite link")),
    ("join", re.compile(r"(?P<who>.+?) a (?:rejoint|intégré) ce groupe grâce (?:à son|au) lien d'invitation")),
    ("leave", re.compile(r".+? (?:removed|a retiré) (?P<who>.+)")),
    ("leave", re.compile(r"(?P<who>.+?) (?:left|est parti" + _E + r"|a été retiré" + _E + ")")),
]
_SPLIT = re.compile(r",\s*|\s+(?:et|and)\s+")
_YOU = frozenset({"vous", "you", "Vous", "You"})
_TELEGRAM = {"invite_members": "join", "join_group_by_link": "join", "join_group_by_request": "join",
             "remove_members": "leave"}
_DISCORD = {"GuildMemberJoin": "join", "7": "join"}
_SLACK = {"channel_join": "join", "group_join": "join", "channel_leave": "leave", "group_leave": "leave"}
_BIDI = {ord(c): None for c in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"}


def membership(unit: Unit) -> list[tuple[str, str]]:
    """[(kind, member name)] of one system message: kind is "join" or "leave"."""
    meta = unit.meta or {}
    fmt = unit.source.format
    if fmt == "telegram-json":
        kind = _TELEGRAM.get(str(meta.get("action")))
        names = list(meta.get("members") or ()) or ([str(meta["actor"])] if meta.get("actor") else [])
        return [(kind, n) for n in names] if kind else []
    if fmt in ("discord-json", "slack-json"):
        kind = (_DISCORD if fmt == "discord-json" else _SLACK).get(str(meta.get("type") or meta.get("subtype")))
        actor = meta.get("actor")
        return [(kind, str(actor))] if kind and actor else []
    text = unit.text.translate(_BIDI).strip()
    if "\n" in text or len(text) > 2000:
        return []
    for kind, pattern in _WHATSAPP:
        m = pattern.fullmatch(text)
        if m:
            names = [n.strip() for n in _SPLIT.split(m.group("who")) if n.strip()]
            return [(kind, n) for n in names if n not in _YOU]
    return []
