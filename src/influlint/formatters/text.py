"""Terminal output (rich): findings grouped by file, law and fix under each, a summary line.

`TextStream` prints findings as they come (huge chat exports); `render_text` prints a whole Report.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.text import Text
from rich.theme import Theme

from influlint.formatters._common import stamp_as_exported
from influlint.formatters._wrap import print_hanging
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


def _label(f: Finding) -> str:
    """« Safe fix (--fix) » only where --fix acts: posts. Chat exports are evidence and never edited."""
    if f.fix is not None and f.fix.safe and f.fix.edits and f.unit.kind == "post" and f.unit.source.format == "post":
        return "text.fix_safe"
    return "text.fix"


def render_finding(console: Console, f: Finding, lang: str, show_pii: bool, quiet: bool,
                   width: int | None = None) -> None:
    line, col, _, _ = f.position()
    head = Text()
    head.append(f"{_n(f.path)}:{line}:{col}", style="influlint.position")
    head.append(" ")
    head.append(f.code, style="influlint.code")
    head.append(" ")
    head.append(t(lang, f"severity.{f.severity}"), style=f"influlint.{f.severity}")
    head.append(" ")
    head.append(_n(f.message))
    print_hanging(console, head, 6, width)
    if quiet:
        return
    if f.unit.kind == "message" and (f.unit.sender or f.unit.timestamp):
        who = display_sender(f.unit.sender, show_pii) or "?"
        console.print(Text(_n(f"    {who} · {stamp_as_exported(f.unit) or ''}"), style="influlint.position"), soft_wrap=True)
    if f.excerpt:
        print_hanging(console, Text(f"    « {_n(f.excerpt.strip())} »", style="influlint.excerpt"), 6, width)
    for law in () if f.name.startswith("suppression.") else f.law:  # an audit finding, not a law
        ref = law["ref"] + (f" — {law['url']}" if law.get("url") else "")
        print_hanging(console, Text(f"    {t(lang, 'text.law')}: {_n(ref)}", style="influlint.law"), 8, width)
    advice = (f.fix.description if f.fix is not None else "") or f.help
    if advice:
        print_hanging(console, Text(f"    {t(lang, _label(f))}: {_n(advice)}", style="influlint.fix"), 8, width)


def render_errors(console: Console, report: Report) -> None:
    lang = report.locale
    for err in report.errors:
        console.print(Text(_n(f"{err.path}: {t(lang, 'text.error')}: {err.message}"), style="influlint.error"), soft_wrap=True)
    for warn in report.warnings:
        console.print(Text(_n(f"{warn.path}: {t(lang, 'text.warning')}: {warn.message}"), style="influlint.warning"),
                      soft_wrap=True)


def render_statistics(console: Console, report: Report, fixable: Counter[str]) -> None:
    """The --statistics table alone: count, code, how many have a safe fix, rule name (ruff's layout)."""
    lang = report.locale
    count, code_, fix, rule = (t(lang, f"stats.{k}") for k in ("count", "code", "fixable", "rule"))
    a, b = max(6, len(count)), max(7, len(fix))
    console.print(Text(f"{count:>{a}}  {code_:<7} {fix:>{b}}  {rule}", style="influlint.summary"), soft_wrap=True)
    for (code, name, _, _), n in sorted(report.totals().items(), key=lambda kv: (-kv[1], kv[0])):
        console.print(f"{n:>{a}}  {code:<7} {fixable.get(code, 0):>{b}}  {name}", soft_wrap=True)
    for code, n in sorted(report.suppressed.items()):
        console.print(f"{n:>{a}}  {code:<7} {'':>{b}}  {t(lang, 'text.suppressed')}", soft_wrap=True)


def render_footer(console: Console, report: Report, width: int | None = None) -> None:
    lang = report.locale
    render_errors(console, report)
    totals = report.totals()
    sev: Counter[str] = Counter()
    cat: Counter[str] = Counter()
    for (_, name, category, severity), n in totals.items():
        sev[severity] += n
        if not name.startswith("suppression."):  # the suppression audit belongs to no category
            cat[category] += n
    total = sum(sev.values())
    if not total:
        console.print(Text(t(lang, "text.no_findings", files=len(report.files)), style="influlint.ok"))
        return
    by_sev = ", ".join(f"{t(lang, f'severity.{s}')} {sev[s]}" for s in ("error", "warning", "info") if sev[s])
    by_cat = ", ".join(f"{t(lang, f'category.{c}')} {n}" for c, n in sorted(cat.items()))
    print_hanging(console, Text(t(lang, "text.summary", findings=total, files=len(report.files), by_severity=by_sev,
                                  by_category=by_cat or "-"), style="influlint.summary"), 2, width)


class TextStream:
    """Findings as they come. quiet: the finding lines only; statistics: the table only; width None: no wrapping."""

    def __init__(self, console: Console, lang: str, show_pii: bool, quiet: bool = False,
                 statistics: bool = False, width: int | None = None) -> None:
        self.console, self.lang, self.show_pii, self.quiet, self.statistics = console, lang, show_pii, quiet, statistics
        self.width = width
        self.path: str | None = None
        self.fixable: Counter[str] = Counter()

    def add(self, path: str, findings: list[Finding]) -> None:
        for f in findings:
            if self.statistics:
                self.fixable[f.code] += _label(f) == "text.fix_safe"
                continue
            if f.path != self.path and not self.quiet:
                if self.path is not None:
                    self.console.print()
                self.console.print(Text(_n(f.path), style="influlint.path"), soft_wrap=True)
            self.path = f.path
            render_finding(self.console, f, self.lang, self.show_pii, self.quiet, self.width)

    def end(self, report: Report) -> None:
        if self.statistics:
            render_statistics(self.console, report, self.fixable)
            return
        if self.quiet:
            return
        if self.path is not None:
            self.console.print()
        render_footer(self.console, report, self.width)


def render_text(report: Report, console: Console, quiet: bool = False, statistics: bool = False,
                width: int | None = None) -> None:
    stream = TextStream(console, report.locale, report.show_pii, quiet, statistics, width)
    for f in report.findings:
        stream.add(f.path, [f])
    stream.end(report)
