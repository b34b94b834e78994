"""`--format gitlab`: GitLab Code Quality report (a JSON array of issues, Code Climate subset)."""

from __future__ import annotations

import json
from typing import Any

from influlint.baseline import artifact_path, fingerprints
from influlint.model import Finding, Report

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}
CATEGORIES = {"personal-data": "Security"}


def _issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    line, _, end_line, _ = finding.position()
    laws = [law.get("ref", "") + (f" ({law['url']})" if law.get("url") else "") for law in finding.law]
    body = "\n".join(x for x in [finding.help, *laws] if x)
    issue: dict[str, Any] = {
        "type": "issue",
        "check_name": finding.code,
        "description": f"{finding.code} {finding.message}",
        "categories": [CATEGORIES.get(finding.category, "Style")],
        "severity": SEVERITIES.get(finding.severity, "minor"),
        "fingerprint": fingerprint,
        "location": {"path": artifact_path(finding.path), "lines": {"begin": line, "end": end_line}},
        "engine_name": "influlint",
    }
    if body:
        issue["content"] = {"body": body}
    return issue


def format_gitlab(report: Report, **_: object) -> str:
    prints = fingerprints(report.findings)
    issues = [_issue(f, fp) for f, fp in zip(report.findings, prints, strict=True)]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
