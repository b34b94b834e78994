"""`--format json`: one object that validates against contract/findings.schema.json."""

from __future__ import annotations

import json

from influlint import __version__
from influlint.formatters._common import finding_dict, summary
from influlint.model import Report


def format_json(report: Report, **_: object) -> str:
    data = {
        "tool": {"name": "influlint", "version": __version__, "locale": report.locale},
        "files": [{"path": f.path, "format": f.format, "units": f.units} for f in report.files],
        "findings": [finding_dict(f, report.show_pii) for f in report.findings],
        "summary": summary(report),
        "errors": [{"path": e.path, "message": e.message} for e in report.errors],
        "warnings": [{"path": w.path, "message": w.message} for w in report.warnings],
        "suppressed": dict(sorted(report.suppressed.items())),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
