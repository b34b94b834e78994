"""`--format json`: one object that validates against contract/findings.schema.json.

`JsonStream` writes the same object incrementally (findings as they come), for huge chat exports.
"""

from __future__ import annotations

import json
from typing import TextIO

from influlint import __version__
from influlint.formatters._common import finding_dict, summary
from influlint.model import Finding, Report


def _tail(report: Report) -> dict[str, object]:
    return {
        "files": [{"path": f.path, "format": f.format, "units": f.units} for f in report.files],
        "summary": summary(report),
        "errors": [{"path": e.path, "message": e.message} for e in report.errors],
        "warnings": [{"path": w.path, "message": w.message} for w in report.warnings],
        "suppressed": dict(sorted(report.suppressed.items())),
    }


def format_json(report: Report, **_: object) -> str:
    data = {
        "tool": {"name": "influlint", "version": __version__, "locale": report.locale},
        "findings": [finding_dict(f, report.show_pii) for f in report.findings],
        **_tail(report),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class JsonStream:
    def __init__(self, out: TextIO, lang: str, show_pii: bool, **_: object) -> None:
        self.out, self.show_pii, self.first = out, show_pii, True
        tool = json.dumps({"name": "influlint", "version": __version__, "locale": lang}, ensure_ascii=False)
        out.write(f'{{\n  "tool": {tool},\n  "findings": [')

    def add(self, path: str, findings: list[Finding]) -> None:
        for f in findings:
            self.out.write(("\n    " if self.first else ",\n    ") + json.dumps(finding_dict(f, self.show_pii),
                                                                             ensure_ascii=False))
            self.first = False

    def end(self, report: Report) -> None:
        tail = json.dumps(_tail(report), ensure_ascii=False, indent=2)[1:-1].rstrip()
        self.out.write(("\n  ]," if not self.first else "],") + tail + "\n}\n")
