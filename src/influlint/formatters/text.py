"""Terminal output (rich): findings grouped by file, law and fix under each, a summary line."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from rich.console import Console
from rich.text import Text
from rich.theme import Theme

from influlint.i18n import text as t
from influlint.masking import display_sender
from influlint.model import Report

THEME = Theme({
    "influlint.path": "bold", "influlint.position": "dim", "influlint.code": "bold cyan",
    "influlint.error": "bold red", "influlint.warning": "yellow", "influlint.info": "blue",
    "influlint.law": "dim", "influlint.fix": "green", "influlint.excerpt": "italic",
    "influlint.summary": "bold", "influlint.ok": "bold green",
})


def render_text(report: Report, console: Console, quiet: bool = False, statistics: bool = False) -> None:
    lang = report.locale
    findings = report.findings
    for path, group in groupby(findings, key=lambda f: f.path):
        if not quiet:
            console.print(Text(path, style="influlint.path"))
        for f in group:
            line, col, _, _ = f.position()
            head = Text()
            head.append(f"{path}:{line}:{col}", style="influlint.position")
            head.append(" ")
            head.append(f.code, style="influlint.code")
            head.append(" ")
            head.append(t(lang, f"severity.{f.severity}"), style=f"influlint.{f.severity}")
            head.append(" ")
            head.append(f.message)
            console.print(head, soft_wrap=True)
            if quiet:
                continue
            if f.unit.kind == "message" and (f.unit.sender or f.unit.timestamp):
                who = display_sender(f.unit.sender, report.show_pii) or "?"
                console.print(Text(f"    {who} · {f.unit.timestamp or ''}", style="influlint.position"))
            if f.excerpt:
                console.print(Text(f"    « {f.excerpt.strip()} »", style="influlint.excerpt"), soft_wrap=True)
            for law in f.law:
                ref = law["ref"] + (f" — {law['url']}" if law.get("url") else "")
                console.print(Text(f"    {t(lang, 'text.law')}: {ref}", style="influlint.law"), soft_wrap=True)
            if f.fix is not None and (f.fix.description or f.help):
                label = t(lang, "text.fix_safe" if f.fix.safe and f.fix.edits else "text.fix")
                console.print(Text(f"    {label}: {f.fix.description or f.help}", style="influlint.fix"), soft_wrap=True)
            elif f.help:
                console.print(Text(f"    {t(lang, 'text.fix')}: {f.help}", style="influlint.fix"), soft_wrap=True)
        if not quiet:
            console.print()
    for err in report.errors:
        console.print(Text(f"{err.path}: {t(lang, 'text.error')}: {err.message}", style="influlint.error"))
    for warn in report.warnings:
        console.print(Text(f"{warn.path}: {t(lang, 'text.warning')}: {warn.message}", style="influlint.warning"))
    if statistics:
        render_statistics(report, console)
    sev = Counter(f.severity for f in findings)
    cat = Counter(f.category for f in findings)
    if not findings:
        console.print(Text(t(lang, "text.no_findings", files=len(report.files)), style="influlint.ok"))
        return
    by_sev = ", ".join(f"{sev[s]} {t(lang, f'severity.{s}')}" for s in ("error", "warning", "info") if sev[s])
    by_cat = ", ".join(f"{n} {t(lang, f'category.{c}')}" for c, n in sorted(cat.items()))
    console.print(Text(t(lang, "text.summary", findings=len(findings), files=len(report.files), by_severity=by_sev,
                         by_category=by_cat), style="influlint.summary"))


def render_statistics(report: Report, console: Console) -> None:
    counts = Counter((f.code, f.name) for f in report.findings)
    lang = report.locale
    for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        console.print(f"{n:>6}  {code}  {name}")
    for code, n in sorted(report.suppressed.items()):
        console.print(f"{n:>6}  {code}  {t(lang, 'text.suppressed')}")
