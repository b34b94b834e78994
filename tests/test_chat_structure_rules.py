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
