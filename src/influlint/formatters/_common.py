"""Helpers shared by formatters: positions, summaries, masked senders. No file or pack access."""

from __future__ import annotations

from collections import Counter
from typing import Any

from influlint.masking import display_sender
from influlint.model import Finding, Report


def summary(report: Report) -> dict[str, Any]:
    by_severity: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    for (_, name, category, severity), n in report.totals().items():
        by_severity[severity] += n
        if not name.startswith("suppression."):  # the suppression audit belongs to no category
            by_category[category] += n
    return {"findings": sum(by_severity.values()), "by_severity": dict(by_severity), "by_category": dict(by_category)}


def unit_dict(finding: Finding, show_pii: bool) -> dict[str, Any]:
    unit = finding.unit
    return {"kind": unit.kind, "id": unit.id, "sender": display_sender(unit.sender, show_pii),
            "timestamp": unit.timestamp, "line": unit.line}


def edit_dicts(finding: Finding) -> list[dict[str, Any]]:
    source = finding.unit.source
    out = []
    for e in finding.fix.edits if finding.fix else ():
        line, col = source.position(e.start)
        end_line, end_col = source.position(e.end)
        out.append({"line": line, "column": col, "end_line": end_line, "end_column": end_col, "text": e.text})
    return out


def finding_dict(finding: Finding, show_pii: bool) -> dict[str, Any]:
    line, col, end_line, end_col = finding.position()
    fix = None
    if finding.fix is not None:
        fix = {"description": finding.fix.description or finding.help, "safe": finding.fix.safe,
               "edits": edit_dicts(finding)}
    return {
        "rule": finding.code, "name": finding.name, "category": finding.category, "severity": finding.severity,
        "message": finding.message, "path": finding.path, "line": line, "column": col, "end_line": end_line,
        "end_column": end_col, "unit": unit_dict(finding, show_pii), "law": [dict(x) for x in finding.law],
        "fix": fix, "excerpt": finding.excerpt, "confidence": finding.confidence, "signals": list(finding.signals),
    }


def stamp_as_exported(unit: Any) -> str | None:
    """A WhatsApp message's date and time as the export writes them (« 12/03/2024, 10:15 », « [12/03/24 10:15:02] »
    without brackets); other formats keep the reader's timestamp. Never the sender: it may be a phone number."""
    if unit.timestamp is None or not unit.source.format.startswith("whatsapp"):
        return unit.timestamp
    text = unit.source.text
    header = text[text.rfind("\n", 0, unit.start) + 1: unit.start].lstrip("\u200e\ufeff")
    if header.startswith("["):
        stamp = header[1:header.find("]")] if "]" in header else ""
    else:
        stamp = header.split(" - ", 1)[0] if " - " in header else ""
    stamp = stamp.strip()
    return stamp if 0 < len(stamp) <= 40 and any(c.isdigit() for c in stamp) else unit.timestamp
