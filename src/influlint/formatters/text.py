"""Terminal output (rich): findings grouped by file, law and fix under each, a summary line.

`TextStream` prints findings as they come (huge chat exports); `render_text` prints a whole Report.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.text import Text
from rich.theme import Theme

from influlint.i18n import text as t
from influlint.masking import display_sender
from influlint.masking import neutralise as _n
from influlint.model import Finding, Report

THEME = Theme({
    "influlint.path": "bold", "influlint.position": "dim", "influlint.code": "bold cyan",
    "influlint.error": "bold red", "influlint.warning": "yellow", "influlint.info": "blue",
    "influlint.law": "dim", "influlint.fix": "green", "influlint.excerpt": "italic",
    "influlint.summary": "bold", "influlint.ok": "bold green",
})


def render_finding(console: Console, f: Finding, lang: str, show_pii: bool, quiet: bool) -> None:
    line, col, _, _ = f.position()
    head = Text()
    head.append(f"{_n(f.path)}:{line}:{col}", style="influlint.position")
    head.append(" ")
    head.append(f.code, style="influlint.code")
    head.append(" ")
    head.append(t(lang, f"severity.{f.severity}"), style=f"influlint.{f.severity}")
    head.append(" ")
    head.append(_n(f.message))
    console.print(head, soft_wrap=True)
    if quiet:
        return
    if f.unit.kind == "message" and (f.unit.sender or f.unit.timestamp):
        who = display_sender(f.unit.sender, show_pii) or "?"
        console.print(Text(_n(f"    {who} · {f.unit.timestamp or ''}"), style="influlint.position"))
    if f.excerpt:
        console.print(Text(f"    « {_n(f.excerpt.strip())} »", style="influlint.excerpt"), soft_wrap=True)
    for law in f.law:
        ref = law["ref"] + (f" — {law['url']}" if law.get("url") else "")
        console.print(Text(f"    {t(lang, 'text.law')}: {ref}", style="influlint.law"), soft_wrap=True)
    advice = (f.fix.description if f.fix is not None else "") or f.help
    if advice:
        label = "text.fix_safe" if f.fix is not None and f.fix.safe and f.fix.edits else "text.fix"
        console.print(Text(f"    {t(lang, label)}: {_n(advice)}", style="influlint.fix"), soft_wrap=True)


def render_footer(console: Console, report: Report, statistics: bool = False) -> None:
    lang = report.locale
    for err in report.errors:
        console.print(Text(_n(f"{err.path}: {t(lang, 'text.error')}: {err.message}"), style="influlint.error"))
    for warn in report.warnings:
        console.print(Text(_n(f"{warn.path}: {t(lang, 'text.warning')}: {warn.message}"), style="influlint.warning"))
    totals = report.totals()
    if statistics:
        for (code, name, _, _), n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
            console.print(f"{n:>6}  {code}  {name}")
        for code, n in sorted(report.suppressed.items()):
            console.print(f"{n:>6}  {code}  {t(lang, 'text.suppressed')}")
    sev: Counter[str] = Counter()
    cat: Counter[str] = Counter()
    for (_, _, category, severity), n in totals.items():
        sev[severity] += n
        cat[category] += n
    total = sum(sev.values())
    if not total:
        console.print(Text(t(lang, "text.no_findings", files=len(report.files)), style="influlint.ok"))
        return
    by_sev = ", ".join(f"{t(lang, f'severity.{s}')} {sev[s]}" for s in ("error", "warning", "info") if sev[s])
    by_cat = ", ".join(f"{t(lang, f'category.{c}')} {n}" for c, n in sorted(cat.items()))
    console.print(Text(t(lang, "text.summary", findings=total, files=len(report.files), by_severity=by_sev,
                         by_category=by_cat), style="influlint.summary"), soft_wrap=True)


class TextStream:
    def __init__(self, console: Console, lang: str, show_pii: bool, quiet: bool = False,
                 statistics: bool = False) -> None:
        self.console, self.lang, self.show_pii, self.quiet, self.statistics = console, lang, show_pii, quiet, statistics
        self.path: str | None = None

    def add(self, path: str, findings: list[Finding]) -> None:
        for f in findings:
            if f.path != self.path and not self.quiet:
                if self.path is not None:
                    self.console.print()
                self.console.print(Text(_n(f.path), style="influlint.path"))
            self.path = f.path
            render_finding(self.console, f, self.lang, self.show_pii, self.quiet)

    def end(self, report: Report) -> None:
        if self.path is not None and not self.quiet:
            self.console.print()
        render_footer(self.console, report, self.statistics)


def render_text(report: Report, console: Console, quiet: bool = False, statistics: bool = False) -> None:
    stream = TextStream(console, report.locale, report.show_pii, quiet, statistics)
    for f in report.findings:
        stream.add(f.path, [f])
    stream.end(report)
