"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

Escaping follows the Actions runner: in the message `%`, `\\r` and `\\n` become `%25`, `%0D`,
`%0A`; property values also escape `:` and `,` (`%3A`, `%2C`).
"""

from __future__ import annotations

from influlint.baseline import artifact_path
from influlint.masking import neutralise
from influlint.model import Finding, Report

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    value = "\r".join(neutralise(part) for part in value.split("\r"))  # ESC sequences never reach the CI log
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, props: dict[str, object], message: str) -> str:
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items())
    return f"::{level} {joined}::{escape_data(message)}"


def _annotation(finding: Finding) -> str:
    line, col, end_line, end_col = finding.position()
    props: dict[str, object] = {"file": artifact_path(finding.path), "line": line, "col": col,
                                "endLine": end_line, "endColumn": end_col,
                                "title": f"{finding.code} {finding.name}"}
    parts = [finding.message]
    parts += [f"Law: {law.get('ref', '')}" + (f" {law['url']}" if law.get("url") else "") for law in finding.law]
    if finding.help:
        parts.append(finding.help)
    return _command(LEVELS.get(finding.severity, "warning"), props, "\n".join(parts))


def format_github(report: Report, **_: object) -> str:
    lines = [_annotation(f) for f in report.findings]
    lines += [_command("error", {"file": artifact_path(e.path), "title": "influlint"}, e.message) for e in report.errors]
    return "".join(line + "\n" for line in lines)
