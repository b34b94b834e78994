"""`influlint audit` outputs: runs the audit with the CSV written as findings come, then the HTML report and
the JSON figures. Returns the one-line summary for the terminal and the inputs that could not be read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from influlint.audit.export import CsvFindings, dump_json
from influlint.audit.html import render_html
from influlint.audit.run import audit_paths
from influlint.config import Config
from influlint.i18n import text
from influlint.model import InputError


def run_audit(paths: list[str], config: Config, options: Any, show_names: bool, html: Path | None = None,
              json_out: Path | None = None, csv_out: Path | None = None) -> tuple[str, list[InputError]]:
    """Write the requested outputs; OSError (with its filename) when one cannot be written."""
    for target in (html, json_out, csv_out):
        if target is not None and (target.is_dir() or not target.parent.is_dir()):
            raise OSError(2, text(options.lang, "audit.cannot_write"), str(target))
    csv_file = open(csv_out, "w", encoding="utf-8", newline="") if csv_out is not None else None
    try:
        writer = CsvFindings(csv_file, options.lang) if csv_file is not None else None
        report, figures = audit_paths(paths, config, options, show_names, writer.add if writer else None)
    finally:
        if csv_file is not None:
            csv_file.close()
    if html is not None:
        html.write_text(render_html(figures), encoding="utf-8")
    if json_out is not None:
        json_out.write_text(dump_json(figures), encoding="utf-8")
    written = ", ".join(str(p) for p in (html, json_out, csv_out) if p is not None)
    s = figures["summary"]
    done = text(options.lang, "audit.done", messages=s["messages"], members=s["members_seen"], findings=s["findings"],
                outputs=written)
    return done, report.errors
