"""The one masking pass between the pipeline and every output: reports (all formats, streamed or not),
`influlint parse` records, `--diff` text, error and warning messages, senders, file and member names.

Two layers: the engine's personal-data rules give the spans of what they recognise in a unit (addresses,
health data… see api.lint_unit); `masking.scrub` then masks every phone number, e-mail address, IBAN,
card number and NIR left in any text, whichever rules ran or were filtered out. `--show-pii` skips both.
Terminal output also goes through `masking.neutralise` (control characters shown, never run).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from influlint.masking import redact, scrub
from influlint.model import Edit, Finding, InputError, Report, Source, Unit


def mask_text(text: str, secrets: dict[str, str] | None = None) -> str:
    return scrub(redact(text, secrets) if secrets else text)


def _mask_source(source: Source, cache: dict[int, Source]) -> Source:
    got = cache.get(id(source))
    if got is None:
        shown = scrub(source.path)
        got = source if shown == source.path else dataclasses.replace(source, path=shown,
                                                                      line_starts=source.line_starts)
        cache[id(source)] = got
    return got


def mask_finding(f: Finding, cache: dict[int, Source] | None = None) -> Finding:
    """The finding as every output shows it: texts, sender and path without identifiers."""
    cache = {} if cache is None else cache
    unit = f.unit
    source = _mask_source(unit.source, cache)
    sender = scrub(unit.sender) if unit.sender else unit.sender
    if source is not unit.source or sender != unit.sender:
        unit = dataclasses.replace(unit, source=source, sender=sender)
    fix = f.fix
    if fix is not None:
        edits = tuple(Edit(e.start, e.end, t) if (t := scrub(e.text)) != e.text else e for e in fix.edits)
        description = scrub(fix.description)
        if description != fix.description or any(a is not b for a, b in zip(edits, fix.edits, strict=True)):
            fix = dataclasses.replace(fix, description=description, edits=edits)
    message, excerpt, help_text = scrub(f.message), scrub(f.excerpt), scrub(f.help)
    if (unit is f.unit and fix is f.fix and message == f.message and excerpt == f.excerpt
            and help_text == f.help):
        return f  # nothing to mask: no copy (the common case on large exports)
    return dataclasses.replace(f, unit=unit, message=message, excerpt=excerpt, help=help_text, fix=fix)


def mask_error(e: InputError) -> InputError:
    return InputError(scrub(e.path), scrub(e.message))


def mask_report(report: Report) -> Report:
    """A copy of the report fit for any output (the report itself unchanged: --fix still needs the paths)."""
    if report.show_pii:
        return report
    cache: dict[int, Source] = {}
    return dataclasses.replace(
        report,
        findings=[mask_finding(f, cache) for f in report.findings],
        files=[dataclasses.replace(fr, path=scrub(fr.path)) for fr in report.files],
        errors=[mask_error(e) for e in report.errors],
        warnings=[mask_error(w) for w in report.warnings],
    )


def masked_sink(sink: Callable[[str, list[Finding]], None], show_pii: bool) -> Callable[[str, list[Finding]], None]:
    """A streaming sink (formatters' add) fed with masked findings."""
    if show_pii:
        return sink
    cache: dict[int, Source] = {}

    def add(path: str, findings: list[Finding]) -> None:
        if len(cache) > 10_000:
            cache.clear()
        sink(scrub(path), [mask_finding(f, cache) for f in findings])

    return add


def mask_value(value: Any, secrets: dict[str, str] | None = None) -> Any:
    """Every string inside a record (dicts and lists walked), masked."""
    if isinstance(value, str):
        return mask_text(value, secrets)
    if isinstance(value, dict):
        return {k: mask_value(v, secrets) if k not in ("id", "timestamp", "line", "end_line") else v
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_value(v, secrets) for v in value]
    return value


class PiiScanner:
    """The personal-data rules of the packs, run over units only to learn what to mask (parse, --diff)."""

    def __init__(self, config: Any, lang: str = "en", extra_packs: Iterable[str] = ()) -> None:
        from influlint.api import pack_dirs
        from influlint.engine.loader import load_packs_cached
        from influlint.engine.runner import RuleSet, Settings
        from influlint.i18n import Renderer

        rules = [r for r in load_packs_cached(pack_dirs(config, extra_packs)) if r.pii]
        self.ruleset = RuleSet(rules, Settings(render=Renderer(lang)))

    def secrets(self, units: Iterable[Unit]) -> dict[str, str]:
        from influlint.masking import mask

        out: dict[str, str] = {}
        for unit in units:
            for f in self.ruleset.run(unit):
                for start, end, kind in f.pii:
                    raw = unit.source.text[start:end]
                    if raw.strip():
                        out[raw] = mask(raw, kind or "")
        return out

    def text_secrets(self, path: str, text: str) -> dict[str, str]:
        from influlint.readers.post import read_post

        return self.secrets(read_post(Source(path=path, text=text, format="post")))


def diff_masker(config: Any, options: Any) -> Callable[[Any, str], str]:
    """--diff without --show-pii: each post's personal data (rules' spans, then identifiers) masked, control
    characters shown. The scanner is built on first use."""
    from influlint.masking import neutralise

    scanner: list[PiiScanner] = []

    def mask(plan: Any, diff_text: str) -> str:
        if not diff_text:
            return diff_text
        if not scanner:
            scanner.append(PiiScanner(config, options.lang, options.extra_packs))
        return neutralise(mask_text(diff_text, scanner[0].text_secrets(plan.path, plan.before)))

    return mask


def record_masker(config: Any) -> Callable[[Unit, dict], dict]:
    """`influlint parse` records through the pass: the personal-data rules' spans, then every identifier."""
    scanner: list[PiiScanner] = []

    def mask(unit: Unit, record: dict) -> dict:
        if not scanner:
            scanner.append(PiiScanner(config))
        return mask_value(record, scanner[0].secrets([unit]))

    return mask
