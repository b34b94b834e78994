"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

Rules come from `report.rules` (plus a minimal entry for findings about the run itself, such
as suppression audits). Messages are the engine's, already masked unless --show-pii; no
snippet of the source is copied, so the file never carries the personal data we flag.
"""

from __future__ import annotations

import json
from typing import Any

from influlint import __version__
from influlint.baseline import artifact_uri, fingerprints
from influlint.masking import display_sender
from influlint.model import Finding, Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "influlint/v1"


def _law_lines(legal: Any) -> list[tuple[str, str]]:
    out = []
    for law in legal or ():
        ref = str(law.get("ref") or law.get("reference") or "")
        out.append((ref, str(law.get("url") or "")))
    return out


def _rule(rule: Any, lang: str) -> dict[str, Any]:
    from influlint.docs import title

    try:
        short = title(rule, lang)
    except (AttributeError, KeyError, TypeError):
        short = rule.name
    laws = _law_lines(rule.legal)
    text_lines = [short, *[f"Law: {ref}" + (f" ({url})" if url else "") for ref, url in laws]]
    md_lines = [f"**{rule.code}** {short}", ""]
    md_lines += [f"- {f'[{ref}]({url})' if url else ref}" for ref, url in laws]
    entry: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": (getattr(rule, "explain", "") or short).strip()},
        "help": {"text": "\n".join(text_lines), "markdown": "\n".join(md_lines).rstrip()},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"tags": [rule.category, *list(getattr(rule, "tags", ()))][:20]},
    }
    urls = [url for _, url in laws if url]
    if urls:
        entry["helpUri"] = urls[0]
    return entry


class _FindingRule:
    """Metadata for a finding whose rule is not in report.rules (run audits)."""

    def __init__(self, finding: Finding) -> None:
        self.code, self.name, self.category = finding.code, finding.name, finding.category
        self.severity, self.legal, self.explain, self.tags, self.options = finding.severity, finding.law, "", (), {}


def _region(finding: Finding, start: int, end: int) -> dict[str, int]:
    source = finding.unit.source
    line, col = source.position(start)
    end_line, end_col = source.position(max(end, start))
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def _fixes(finding: Finding, uri: str) -> list[dict[str, Any]]:
    if finding.fix is None or not finding.fix.edits:
        return []
    replacements = [{"deletedRegion": _region(finding, e.start, e.end), "insertedContent": {"text": e.text}}
                    for e in finding.fix.edits]
    return [{"description": {"text": finding.fix.description or finding.help or finding.name},
             "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}],
             "properties": {"safe": finding.fix.safe}}]


def _result(finding: Finding, index: int, fingerprint: str, show_pii: bool) -> dict[str, Any]:
    uri = artifact_uri(finding.path)
    unit = finding.unit
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri},
                                            "region": _region(finding, finding.start, finding.end)}}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {"category": finding.category, "confidence": finding.confidence,
                       "unit": {"kind": unit.kind, "id": unit.id, "sender": display_sender(unit.sender, show_pii),
                                "timestamp": unit.timestamp}},
    }
    fixes = _fixes(finding, uri)
    if fixes:
        result["fixes"] = fixes
    return result


def format_sarif(report: Report, **_: object) -> str:
    rules = list(report.rules)
    known = {r.code for r in rules}
    for f in report.findings:
        if f.code not in known:
            known.add(f.code)
            rules.append(_FindingRule(f))
    index = {r.code: i for i, r in enumerate(rules)}
    prints = fingerprints(report.findings)
    notifications = [{"level": "error", "message": {"text": e.message},
                      "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(e.path)}}}]}
                     for e in report.errors]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "influlint", "version": __version__, "semanticVersion": __version__,
                            "rules": [_rule(r, report.locale) for r in rules]}},
        "invocations": [{"executionSuccessful": not report.errors, "toolExecutionNotifications": notifications}],
        "language": report.locale,
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.code], fp, report.show_pii) for f, fp in zip(report.findings, prints, strict=True)],
    }
    data = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
