"""Machine outputs of the audit: the figures as JSON (docs/audit.schema.json) and one CSV row per finding,
written as findings come (UTF-8 with BOM for Excel; `;` in French, `,` in English, like Excel's list
separator in those locales). Cells that a spreadsheet would run as a formula are quoted with a leading '."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from influlint.model import Finding

CSV_COLUMNS = ("time", "sender", "rule", "name", "category", "severity", "message", "excerpt", "legal", "fix",
               "path", "line", "column")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def dump_json(figures: dict[str, Any]) -> str:
    return json.dumps(figures, ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


class CsvFindings:
    """`add(finding, sender_label)` writes one row; the file starts with a BOM and the header."""

    def __init__(self, out: TextIO, lang: str) -> None:
        out.write("\ufeff")
        self.writer = csv.writer(out, delimiter=";" if lang == "fr" else ",", lineterminator="\r\n")
        self.writer.writerow(CSV_COLUMNS)
        self.rows = 0

    def add(self, finding: Finding, sender: str) -> None:
        line, col, _, _ = finding.position()
        legal = " ; ".join(x.get("ref", "") for x in finding.law)
        fix = finding.help or (finding.fix.description if finding.fix else "")
        self.writer.writerow([_cell(v) for v in (
            finding.unit.timestamp or "", sender, finding.code, finding.name, finding.category, finding.severity,
            finding.message, finding.excerpt, legal, fix, finding.path, line, col)])
        self.rows += 1
