"""`--format junit`: JUnit XML, one test case per file, one failure per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from influlint.baseline import artifact_path
from influlint.masking import xml_safe
from influlint.model import Finding, Report


def _failure_text(finding: Finding) -> str:
    line, col, _, _ = finding.position()
    lines = [f"{artifact_path(finding.path)}:{line}:{col} {finding.code} {finding.severity} {finding.message}"]
    if finding.excerpt:
        lines.append(f"    « {finding.excerpt} »")
    lines += [f"    Law: {law.get('ref', '')}" + (f" {law['url']}" if law.get("url") else "") for law in finding.law]
    return xml_safe("\n".join(lines))


def format_junit(report: Report, **_: object) -> str:
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_path[f.path].append(f)
    errors = {e.path: e.message for e in report.errors}
    paths = list(dict.fromkeys([*(fr.path for fr in report.files), *by_path, *errors]))
    failures = sum(1 for p in paths if by_path.get(p))  # failed test cases (one per file with findings)
    root = ET.Element("testsuites", name="influlint", tests=str(len(paths)), failures=str(failures),
                      errors=str(len(errors)))
    suite = ET.SubElement(root, "testsuite", name="influlint", tests=str(len(paths)), failures=str(failures),
                          errors=str(len(errors)), skipped="0")
    for path in paths:
        shown = xml_safe(artifact_path(path))
        case = ET.SubElement(suite, "testcase", name=shown, classname="influlint", file=shown)
        for f in by_path.get(path, []):
            line, col, _, _ = f.position()
            failure = ET.SubElement(case, "failure", type=f.code,
                                    message=xml_safe(f"{f.code} line {line} col {col}: {f.message}"))
            failure.text = _failure_text(f)
        if path in errors:
            ET.SubElement(case, "error", type="input", message=xml_safe(errors[path])).text = xml_safe(errors[path])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
