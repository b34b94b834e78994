"""Chat structure reaches rules as unit metadata: a `meta:` predicate can tell a forward of the brand's post
from a reply asking about a code (issue 18)."""

from __future__ import annotations

from pathlib import Path

from influlint.api import RunOptions, lint_paths
from influlint.config import Config

ROOT = Path(__file__).resolve().parents[1]
RULE = """\
code: CHT001
name: disclosure.chat-structure-demo
category: disclosure
tags: [disclosure/missing]
severity: warning
scope: unit
match:
  any:
    - {regex: '\\bcode\\b', signal: promo-code}
    - {meta: {forwarded_from: ['Glow Lab Officiel']}, signal: brand-forward}
unless:
  any:
    - {meta: {reply_to: '*'}}
legal: {reference: 'Loi n° 2023-451, art. 5-2'}
examples:
  invalid:
    - 'Code AZUR15 sur le site'
    - text: 'Regardez ce post'
      meta: {forwarded_from: 'Glow Lab Officiel'}
  valid:
    - text: 'Le code marche aussi sur les coffrets ?'
      meta: {reply_to: '102'}
"""


def _pack(tmp_path: Path) -> Path:
    pack = tmp_path / "chatpack"
    pack.mkdir()
    (pack / "pack.yml").write_text("name: chatpack\nversion: 1\nlanguages: [fr, en]\nreviewed_on: '2026-12-05'\n",
                                   encoding="utf-8")
    (pack / "CHT001-chat-structure-demo.yml").write_text(RULE, encoding="utf-8")
    return pack


def test_meta_predicate_reads_reply_and_forward(tmp_path: Path) -> None:
    options = RunOptions(extra_packs=[str(_pack(tmp_path))], select=["CHT001"])
    found: list = []
    for fixture in ("telegram-html/messages.html", "discord-html/ambassadeurs.html"):
        report = lint_paths([str(ROOT / "fixtures" / "chats" / fixture)], Config(), options)
        assert not report.errors, report.errors
        found.append(sorted(f.unit.id for f in report.findings if f.code == "CHT001"))
    # 102: "Code AZUR15 …" fires; 103 asks about the code in a reply: excused; 104 forwards the brand's post
    assert found[0] == ["102", "104"]
    assert found[1] == ["102"]  # DiscordChatExporter HTML carries no forward: only the code


def test_check_reads_a_telegram_html_folder_as_one_export(tmp_path: Path) -> None:
    """messages2.html may open with a `joined` message: its sender comes from the end of messages.html."""
    from datetime import UTC, datetime, timedelta

    from chat_writers import TELEGRAM_HTML_TAIL, telegram_html, telegram_html_head, telegram_html_message

    t = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    msgs = [{"id": i, "sender": "Léa Dubois", "ts": t + timedelta(minutes=i), "text": f"Message {i}"}
            for i in range(1, 4)]
    msgs[2]["text"] = "Code AZUR15 : -15 % sur tout le site"
    folder = tmp_path / "ChatExport_2024-03-01"
    folder.mkdir()
    (folder / "messages.html").write_text(telegram_html(msgs[:2]), encoding="utf-8")
    second = telegram_html_head() + telegram_html_message(msgs[2], msgs[1], 3) + TELEGRAM_HTML_TAIL
    assert "clearfix joined" in second
    (folder / "messages2.html").write_text(second, encoding="utf-8")
    report = lint_paths([str(folder)], Config(), RunOptions(select=["DIS001"]))
    assert not report.errors and [(f.format, f.units) for f in report.files] == [("telegram-html", 3)]
    (finding,) = report.findings
    assert finding.unit.sender == "Léa Dubois" and finding.path.endswith("messages2.html")
