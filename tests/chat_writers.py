"""Writers that imitate the exporters, for fixtures, round-trip property tests and the benchmark.

Each follows the shape of the real writer's source (see fixtures/chats/README.md): Telegram Desktop's
`export_output_html.cpp` (block tags on their own lines, `SerializeString` escaping, `<br>` for newlines,
`joined` when the same sender writes again within 900 s on the same day), DiscordChatExporter's
`CsvMessageWriter.cs` (every field quoted) and `MessageGroupTemplate.cshtml`, Meta's JSON with its
mojibake (UTF-8 bytes written as \\u00XX escapes) and newest-first order, and the signal-cli style text.
A message is a dict: sender, ts (aware datetime), text, and optionally id, reply_to, forwarded_from,
service, poll, edited, pinned, reactions, sender_id.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import datetime, timedelta
from html import escape


def tg_escape(text: str) -> str:
    out = text.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&apos;")
    return out.replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


def _tg_title(ts: datetime) -> str:
    off = ts.strftime("%z")
    return ts.strftime("%d.%m.%Y %H:%M:%S") + (f" UTC{off[:3]}:{off[3:]}" if off else "")


def _div(indent: int, cls: str, body: str) -> str:
    pad = " " * indent
    return f'\n{pad}<div class="{cls}">\n{body}\n{pad}</div>\n'


def telegram_html_head(chat: str = "Ambassadeurs") -> str:
    return ('<!DOCTYPE html>\n<html>\n\n <head>\n\n  <meta charset="utf-8"/>\n<title>Exported Data</title>\n'
            '  <link href="css/style.css" rel="stylesheet"/>\n </head>\n\n <body onload="CheckLocation();">\n'
            '\n  <div class="page_wrap">\n\n   <div class="page_header">\n\n    <div class="content">\n'
            + _div(5, "text bold", tg_escape(chat)) + '\n    </div>\n\n   </div>\n\n'
            '   <div class="page_body chat_page">\n\n    <div class="history">\n')


TELEGRAM_HTML_TAIL = "\n    </div>\n\n   </div>\n\n  </div>\n\n </body>\n\n</html>\n"


def telegram_html(messages: list[dict], chat: str = "Ambassadeurs") -> str:
    parts = [telegram_html_head(chat)]
    prev: dict | None = None
    for i, msg in enumerate(messages):
        parts.append(telegram_html_message(msg, prev, i + 1))
        prev = None if msg.get("service") else msg
    parts.append(TELEGRAM_HTML_TAIL)
    return "".join(parts)


def _tg_joined(msg: dict, prev: dict | None) -> bool:
    return (prev is not None and prev["sender"] == msg["sender"] and prev["ts"].date() == msg["ts"].date()
            and abs((msg["ts"] - prev["ts"]).total_seconds()) <= 900
            and prev.get("forwarded_from") == msg.get("forwarded_from") and not msg.get("forwarded_from"))


def telegram_html_message(msg: dict, prev: dict | None, n: int) -> str:
    mid = msg.get("id", n)
    if msg.get("service"):
        return (f'\n     <div class="message service" id="message{mid}">\n'
                + _div(6, "body details", msg["service"]) + "\n     </div>\n")
    joined = _tg_joined(msg, prev)
    cls = "message default clearfix joined" if joined else "message default clearfix"
    out = [f'\n     <div class="{cls}" id="message{mid}">\n']
    if not joined:
        initials = "".join(w[:1] for w in msg["sender"].split()[:2]) or "?"
        out.append('\n      <div class="pull_left userpic_wrap">\n'
                   + _div(7, "userpic userpic2", initials) + "\n      </div>\n")
    out.append('\n      <div class="body">\n')
    out.append(f'\n       <div class="pull_right date details" title="{_tg_title(msg["ts"])}">\n'
               f'{msg["ts"]:%H:%M}\n       </div>\n')
    if not joined:
        out.append(_div(7, "from_name", tg_escape(msg["sender"])))
    body = []
    if msg.get("reply_to") is not None:
        rid = msg["reply_to"]
        body.append(_div(7, "reply_to details", f'In reply to <a href="#go_to_message{rid}" '
                                               f'onclick="return GoToMessage({rid})">this message</a>'))
    if msg.get("poll"):
        body.append('\n       <div class="media_wrap clearfix">\n\n        <div class="media_poll">\n'
                    + _div(9, "question bold", tg_escape(msg["poll"])) + _div(9, "details", "Anonymous poll")
                    + "\n        </div>\n\n       </div>\n")
    if msg.get("text"):
        body.append(_div(7, "text", tg_escape(msg["text"])))
    if msg.get("forwarded_from"):
        name = tg_escape(msg["forwarded_from"])
        fts = _tg_title(msg["ts"])
        out.append('\n      <div class="forwarded body">\n'
                   + _div(7, "from_name", f'{name}<span class="date details" title="{fts}"> {fts[:19]}</span>')
                   + "".join(body) + "\n      </div>\n")
    else:
        out.extend(body)
    out.append("\n      </div>\n\n     </div>\n")
    return "".join(out)


def discord_csv(messages: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["AuthorID", "Author", "Date", "Content", "Attachments", "Reactions"])
    for msg in messages:
        w.writerow(discord_csv_row(msg))
    return buf.getvalue()


def discord_csv_row(msg: dict) -> list[str]:
    """DateTimeOffset.ToString("o"): seven fractional digits and the offset."""
    off = msg["ts"].strftime("%z")
    date = msg["ts"].strftime("%Y-%m-%dT%H:%M:%S.%f") + "0" + off[:3] + ":" + off[3:]
    counts = Counter(e for e, _actor in msg.get("reactions", ()))
    reactions = ",".join(f"{e} ({c})" for e, c in counts.items())
    return [msg.get("sender_id", "1"), msg["sender"], date, msg["text"], msg.get("attachment", ""), reactions]


def _dce_date(ts: datetime) -> str:
    return f"{ts.month}/{ts.day}/{ts.year} {(ts.hour % 12) or 12}:{ts.minute:02d} {'AM' if ts.hour < 12 else 'PM'}"


def discord_html_head(guild: str = "Glow Lab", channel: str = "Ambassadeurs / annonces") -> str:
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>' + escape(guild) + "</title>\n</head>\n<body>\n"
            '<div class="preamble">\n<div class="preamble__entries-container">\n'
            f'<div class="preamble__entry">{escape(guild)}</div>\n'
            f'<div class="preamble__entry">{escape(channel)}</div>\n</div>\n</div>\n<div class="chatlog">\n')


DISCORD_HTML_TAIL = "</div>\n</body>\n</html>\n"


def discord_html_message(msg: dict, prev: dict | None, mid: int) -> str:
    first = prev is None or prev["sender"] != msg["sender"] or msg.get("reply_to") is not None
    parts = ['<div class="chatlog__message-group">\n'] if first else []
    pinned = " chatlog__message-container--pinned" if msg.get("pinned") else ""
    parts.append(f'<div id="chatlog__message-container-{mid}" class="chatlog__message-container{pinned}" '
                 f'data-message-id="{mid}">\n<div class="chatlog__message">\n<div class="chatlog__message-aside">\n')
    date = _dce_date(msg["ts"])
    if not first:
        parts.append(f'<div class="chatlog__short-timestamp" title="{date}">{msg["ts"]:%H:%M}</div>\n')
    parts.append('</div>\n<div class="chatlog__message-primary">\n')
    if first:
        if msg.get("reply_to") is not None:
            parts.append('<div class="chatlog__reply">\n<div class="chatlog__reply-content">\n'
                         f'<span class="chatlog__reply-link" onclick="scrollToMessage(event, '
                         f'\'{msg["reply_to"]}\')">…</span>\n</div>\n</div>\n')
        parts.append(f'<div class="chatlog__header">\n<span class="chatlog__author" title="'
                     f'{escape(msg["sender"])}" data-user-id="{msg.get("sender_id", "1")}">'
                     f'{escape(msg["sender"])}</span>\n<span class="chatlog__timestamp"><a href="#chatlog__'
                     f'message-container-{mid}">{date}</a></span>\n</div>\n')
    parts.append('<div class="chatlog__content chatlog__markdown">\n<span class="chatlog__markdown-preserve">'
                 f'<!--wmm:ignore-->{escape(msg["text"], quote=False)}<!--/wmm:ignore--></span>\n')
    if msg.get("edited"):
        parts.append(f'<span class="chatlog__edited-timestamp" title="{date}">(edited)</span>\n')
    parts.append("</div>\n</div>\n</div>\n</div>\n")
    return "".join(parts)


def discord_html(messages: list[dict], guild: str = "Glow Lab", channel: str = "Ambassadeurs / annonces") -> str:
    parts = [discord_html_head(guild, channel)]
    prev = None
    for i, msg in enumerate(messages):
        parts.append(discord_html_message(msg, prev, msg.get("id", 1000 + i)))
        prev = msg
    parts.append(DISCORD_HTML_TAIL)
    return "".join(parts)


def mojibake(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def meta_json(messages: list[dict], title: str = "Ambassadeurs") -> str:
    """Newest first, mojibake, ASCII-escaped as Meta writes it."""
    items = []
    for msg in reversed(messages):
        item = {"sender_name": mojibake(msg["sender"]), "timestamp_ms": int(msg["ts"].timestamp() * 1000)}
        if msg.get("poll"):
            item["content"] = mojibake(f"{msg['sender']} created a poll: {msg['poll']}")
        elif msg.get("text"):
            item["content"] = mojibake(msg["text"])
        if msg.get("reactions"):
            item["reactions"] = [{"reaction": mojibake(e), "actor": mojibake(a)} for e, a in msg["reactions"]]
        if msg.get("unsent"):
            item["is_unsent"] = True
        items.append(item)
    participants = sorted({m["sender"] for m in messages})
    doc = {"participants": [{"name": mojibake(p)} for p in participants], "messages": items,
           "title": mojibake(title), "is_still_participant": True, "thread_path": "inbox/ambassadeurs_1"}
    return json.dumps(doc, indent=2)


def signal_txt(messages: list[dict]) -> str:
    return "".join(f"[{m['ts']:%Y-%m-%d, %H:%M}] {m['sender']}: {m['text']}\n" for m in messages)


def _sigtop_time(ts: datetime) -> str:
    """Go's "Mon, 2 Jan 2006 15:04:05 -0700"."""
    return f"{ts:%a}, {ts.day} {ts:%b %Y %H:%M:%S %z}"


def sigtop_text(messages: list[dict], conversation: str = "Ambassadeurs (group)") -> str:
    """sigtop `fmt_text.go`: fields, an optional quote (`> `), the body after a blank line, a blank line."""
    by_id = {m.get("id"): m for m in messages}
    out = [f"Conversation: {conversation}\n", "\n"]
    for m in messages:
        out.append(f"From: {m['sender']}" + (f" ({m['phone']})" if m.get("phone") else "") + "\n")
        out.append(f"Type: {m.get('type', 'incoming')}\nSent: {_sigtop_time(m['ts'])}\n")
        out.append(f"Received: {_sigtop_time(m['ts'] + timedelta(seconds=1))}\n")
        out.extend(f"Reaction: {e} from {a}\n" for e, a in m.get("reactions", ()))
        quoted = by_id.get(m.get("reply_to"))
        if m.get("edited"):
            out.append(f"Edited: 2 versions\n\n| Version: 2\n| Sent: {_sigtop_time(m['ts'])}\n")
            if quoted is not None:  # textWriteQuote(ew, "|", …)
                out.append(f"|\n| > From: {quoted['sender']}\n| > Sent: {_sigtop_time(quoted['ts'])}\n| >\n")
                out.extend(f"| > {line}\n" for line in quoted["text"].split("\n"))
            out.append("|\n")
            out.extend(f"| {line}\n" for line in m["text"].split("\n"))
            out.append(f"|\n| Version: 1\n| Sent: {_sigtop_time(m['ts'])}\n|\n| (first draft)\n")
        else:
            if quoted is not None:
                out.append(f"\n> From: {quoted['sender']}\n> Sent: {_sigtop_time(quoted['ts'])}\n>\n")
                out.extend(f"> {line}\n" for line in quoted["text"].split("\n"))
            if m["text"]:
                out.append("\n" + "".join(f"{line}\n" for line in m["text"].split("\n")))
        out.append("\n")
    return "".join(out)


def sigtop_short(messages: list[dict]) -> str:
    """sigtop `fmt_text_short.go`: `2006-01-02 15:04 Name: [details] body`."""
    by_id = {m.get("id"): m for m in messages}
    out = []
    for m in messages:
        details = []
        quoted = by_id.get(m.get("reply_to"))
        if quoted is not None:
            details.append(f"reply to {quoted['sender']} on {quoted['ts']:%Y-%m-%d %H:%M}")
        if m.get("edited"):
            details.append("edited")
        line = f"{m['ts']:%Y-%m-%d %H:%M} {m['sender']}:" + (f" [{', '.join(details)}]" if details else "")
        out.append(line + (" " + m["text"] if m["text"] else "") + "\n")
    return "".join(out)
