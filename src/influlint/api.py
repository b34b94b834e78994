"""The pipeline as functions: paths ▶ readers ▶ units ▶ engine ▶ findings ▶ filters ▶ Report."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from influlint import faults, inputs, masking
from influlint.config import Config, matches, path_ignored
from influlint.engine.loader import CompiledRule, load_packs_cached
from influlint.engine.runner import RuleSet, Settings
from influlint.engine.suppress import covers, parse_suppressions
from influlint.i18n import Renderer, os_error
from influlint.i18n import text as ui_text
from influlint.model import SEVERITY_RANK, Edit, FileResult, Finding, InputError, Report, Source, Unit
from influlint.readers import ReadError, ReadOptions, read_units
from influlint.readers.post import read_post
from influlint.resources import builtin_pack_dirs
from influlint.selection import SelectorError, check_selectors, config_groups

CHAT_SUFFIXES = inputs.CHAT_SUFFIXES


@dataclass(slots=True)
class RunOptions:
    lang: str = "en"
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extra_packs: list[str] = field(default_factory=list)
    show_pii: bool = False
    input_format: str | None = None
    dayfirst: bool | None = None
    on_unit: Callable[[str, int], None] | None = None  # progress callback (path, units so far)
    jobs: int = 1  # processes for large inputs (lint_paths_parallel)
    shard: Any = None  # in a worker: _Shard deciding which units it lints
    stdin_name: str | None = None  # --stdin-filename: the path standard input stands for
    on_message: Callable[[Unit, list[Finding]], None] | None = None  # every unit, system ones too, with its findings
    stdin_path: str | None = None  # --jobs: standard input spooled once by the parent for every worker
    stdin_error: str | None = None
    dask: str | None = None  # --dask SCHEDULER: the run goes to a Dask cluster (distributed_run)
    dask_spans: bool = False  # with --dask: flagged spans travel back (SARIF, GitLab, baselines fingerprint them)
    model: bool = True  # the trained second opinion (--no-model turns it off)


@dataclass(frozen=True, slots=True)
class MetaRule:
    """Findings about the run itself (suppression audit), shown like rule findings."""

    code: str
    name: str
    category: str
    severity: str
    legal: tuple[dict[str, str], ...]
    explain: str = ""
    tags: tuple[str, ...] = ()
    fix: None = None
    pack: str = "influlint"
    examples: Any = None


# The suppression audit is no law and has no category of its own: summaries leave these findings out of the
# category counts (name "suppression.*"); the JSON contract's `category` gets the silenced rule's category.
_AUDIT = ({"ref": "influlint: suppression audit trail"},)  # the JSON contract needs one entry; text shows none
SUP_NO_REASON = MetaRule("SUP001", "suppression.missing-reason", "", "info", _AUDIT)
SUP_UNUSED = MetaRule("SUP002", "suppression.unused", "", "info", _AUDIT)


def pack_dirs(config: Config, extra: Iterable[str] = ()) -> list[Path]:
    dirs = [d for d in builtin_pack_dirs() if config.builtin is None or d.name in config.builtin]
    return dirs + [Path(p) for p in [*config.packs, *extra]]


def is_selected(rule: CompiledRule, config: Config, options: RunOptions) -> bool:
    def hit(tokens: Iterable[str]) -> bool:
        return any(matches(t, rule.code, rule.name, rule.category, rule.aliases) for t in tokens)

    select = options.select if options.select is not None else config.select
    if select is not None and not hit(select):
        return False
    if hit([*config.ignore, *options.ignore]):
        return False
    for key, value in config.rules.items():
        if value in ("disable", "off", False) and hit([key]):
            return False
    return True


def configure(rule: CompiledRule, config: Config) -> CompiledRule:
    """Apply per-rule severity and options from the config (most specific key last)."""
    severity, options = rule.severity, dict(rule.options)
    keys = [k for k in config.rules if matches(k, rule.code, rule.name, rule.category, rule.aliases)]
    for key in sorted(keys, key=lambda k: (k != rule.category, len(k))):  # category, then prefix, then code
        value = config.rules[key]
        if isinstance(value, dict):
            severity = value.get("severity", severity)
            options.update(value.get("options") or {})
    if severity == rule.severity and options == rule.options:
        return rule
    return dataclasses.replace(rule, severity=severity, options=options)


@dataclass(slots=True)
class Engine:
    rules: list[CompiledRule]
    ruleset: RuleSet
    masker: RuleSet | None  # PII rules not selected, run only to mask their data in other findings


def _check_selectors(all_rules: list[CompiledRule], config: Config, options: RunOptions) -> None:
    """A selector naming no rule is a usage error (rules of built-in packs left out by `packs:` count as known)."""
    groups = [("--select", options.select or []), ("--ignore", options.ignore), *config_groups(config)]
    try:
        check_selectors(groups, all_rules, options.lang)
    except SelectorError:
        if config.builtin is None:
            raise
        check_selectors(groups, [*all_rules, *load_packs_cached(builtin_pack_dirs())], options.lang)


def build_engine(config: Config, options: RunOptions) -> Engine:
    all_rules = load_packs_cached(pack_dirs(config, options.extra_packs))
    _check_selectors(all_rules, config, options)
    chosen = [configure(r, config) for r in all_rules if is_selected(r, config, options)]
    settings = Settings(
        render=Renderer(options.lang),
        allow_emails=frozenset(e.lower() for e in config.allow.get("emails", [])),
        allow_domains=frozenset(d.lower().lstrip("@") for d in config.allow.get("domains", [])),
        allow_phones=frozenset("".join(c for c in p if c.isdigit())[-9:] for p in config.allow.get("phones", [])),
        fix_vars={"wording": config.wording},
        regex_timeout=config.regex_timeout,
    )
    masker_rules = [r for r in all_rules if r.pii and r not in chosen and r.code not in {c.code for c in chosen}]
    masker = RuleSet(masker_rules, settings) if masker_rules and not options.show_pii else None
    return Engine(chosen, RuleSet(chosen, settings), masker)


def _with_roles(unit: Unit, config: Config) -> Unit:
    if unit.kind != "message" or not unit.sender or not config.chat:
        return unit
    for role, key in (("brand", "brands"), ("ambassador", "ambassadors")):
        if unit.sender in config.chat.get(key, []):
            return dataclasses.replace(unit, meta={**unit.meta, "sender_role": role})
    return unit


def _mask_findings(findings: list[Finding], extra: list[Finding]) -> list[Finding]:
    secrets: dict[str, str] = {}
    for f in [*findings, *extra]:
        for start, end, kind in f.pii:
            raw = f.unit.source.text[start:end]
            if raw.strip():
                secrets[raw] = masking.mask(raw, kind or "")
    if not secrets:
        return findings
    out = []
    for f in findings:
        fix = f.fix
        if fix is not None and fix.edits:
            fix = dataclasses.replace(fix, description=masking.redact(fix.description, secrets), edits=tuple(
                Edit(e.start, e.end, masking.redact(e.text, secrets)) for e in fix.edits))
        out.append(dataclasses.replace(f, message=masking.redact(f.message, secrets),
                                       excerpt=masking.redact(f.excerpt, secrets),
                                       help=masking.redact(f.help, secrets), fix=fix))
    return out


def _silenced_category(rules: list[CompiledRule], codes: tuple[str, ...] | list[str]) -> str:
    for code in codes:
        for r in rules:
            if matches(code, r.code, r.name, r.category, r.aliases):
                return r.category
    return "disclosure"


def _meta_finding(rule: MetaRule, unit: Unit, start: int, end: int, lang: str, codes: str, category: str) -> Finding:
    key = "suppress.no_reason" if rule is SUP_NO_REASON else "suppress.unused"
    return Finding(code=rule.code, name=rule.name, category=category, severity=rule.severity, unit=unit,
                   start=start, end=end, message=ui_text(lang, key, codes=codes), excerpt=unit.source.text[start:end][:160],
                   law=rule.legal, fix=None)


def lint_unit(engine: Engine, unit: Unit, config: Config, options: RunOptions, report: Report) -> list[Finding]:
    unit = _with_roles(unit, config)
    findings = engine.ruleset.run(unit)
    if options.model and config.model is not False:  # the model adds findings where no rule of a category fired
        from influlint.classifier.second_opinion import advise

        findings += advise(unit, findings, config, engine.rules, options)
    found_pii = [f for f in findings if f.pii]  # masked in every output even when filtered out below
    path = unit.source.path
    if config.ignore_paths:
        findings = [f for f in findings if not path_ignored(config, path, f.code, f.name, f.category)]
    if config.min_severity != "info":
        floor = SEVERITY_RANK[config.min_severity]
        findings = [f for f in findings if SEVERITY_RANK[f.severity] >= floor]
    if unit.kind == "post":
        sups = parse_suppressions(unit)
        if sups:
            kept = []
            for f in findings:
                sup = next((s for s in sups if covers(s, f.code, f.name, f.category, f.start)), None)
                if sup is None:
                    kept.append(f)
                else:
                    sup.used += 1
                    report.suppressed[f.code] = report.suppressed.get(f.code, 0) + 1
            findings = kept
            for sup in sups:
                codes = ",".join(sup.codes)
                category = _silenced_category(engine.rules, sup.codes)
                if not sup.reason:
                    findings.append(_meta_finding(SUP_NO_REASON, unit, sup.at, sup.at_end, options.lang, codes, category))
                if not sup.used:
                    findings.append(_meta_finding(SUP_UNUSED, unit, sup.at, sup.at_end, options.lang, codes, category))
    if not options.show_pii:
        extra = engine.masker.run(unit) if engine.masker is not None else []
        findings = _mask_findings(findings, [*extra, *found_pii])
    return findings


def iter_inputs(paths: list[str], config: Config) -> Iterator[tuple[str, str | None]]:
    """Expand directories: (path, error). Posts by suffix; chat exports (.json, .zip) by content."""
    return inputs.iter_inputs(paths, config.exclude)


def _open(path: str, config: Config, options: RunOptions) -> Any:
    stdin = None
    if path == "-" and (options.stdin_path or options.stdin_error):
        if options.stdin_error:
            raise ReadError(options.stdin_error)
        stdin = open(options.stdin_path, "rb")
    return inputs.open_input(path, config.limits, stdin)


def lint_paths(paths: list[str], config: Config, options: RunOptions, engine: Engine | None = None,
               sink: Callable[[str, list[Finding]], None] | None = None) -> Report:
    """Lint every input. With `sink`, findings are handed over unit by unit (in file order, by position)
    and only counted in `report.tally`, so memory stays bounded on huge chat exports."""
    engine = engine or build_engine(config, options)
    report = Report(rules=list(engine.rules), locale=options.lang, show_pii=options.show_pii)
    for path, problem in iter_inputs(paths, config):
        shown = (options.stdin_name or "<stdin>") if path == "-" else path
        if problem:
            report.errors.append(InputError(shown, ui_text(options.lang, problem)))
            continue
        warn = lambda msg, _p=shown: report.warnings.append(InputError(_p, msg))  # noqa: E731
        read_options = ReadOptions(input_format=options.input_format, dayfirst=options.dayfirst, warn=warn,
                                   limits=config.limits)
        count, fmt = 0, "post"
        shard = options.shard
        found: list[Finding] = []
        try:
            if Path(path).is_dir():
                from influlint.readers._bundles import read_export_directory

                units, fmt = read_export_directory(path, read_options)  # Slack, Telegram HTML, Meta
                stream = None
            else:
                stream = _open(path, config, options)
                if path != "-" and os.fstat(stream.fileno()).st_size == 0:
                    report.warnings.append(InputError(shown, ui_text(options.lang, "input.empty")))
                units = read_units(shown, stream, read_options)
            units = inputs.capped(units, config.limits, warn)
            try:
                for unit in units:
                    fmt = unit.source.format
                    if unit.is_system:
                        if options.on_message is not None:
                            options.on_message(unit, [])
                        continue
                    count += 1
                    if shard is not None and not shard.owns():
                        continue
                    got = lint_unit(engine, unit, config, options, report)
                    if options.on_message is not None:
                        options.on_message(_with_roles(unit, config), got)
                    if shard is not None:
                        shard.add(got)
                        continue
                    if got and sink is not None:
                        got.sort(key=lambda f: (f.position()[:2], f.code))
                        report.count(got)
                        sink(shown, got)
                    elif got:
                        found.extend(got)
                    if options.on_unit is not None and count % 1000 == 0:
                        options.on_unit(shown, count)
            finally:
                if hasattr(units, "close"):
                    units.close()  # the reader's generator lets go of the stream before it is closed
                if stream is not None:
                    stream.close()
        except ReadError as exc:
            report.errors.append(InputError(shown, str(exc)))
        except OSError as exc:
            report.errors.append(InputError(shown, os_error(options.lang, exc)))
        except Exception as exc:  # a fault of one input never stops the run (docs/security.md)
            report.errors.append(InputError(shown, faults.describe(exc)))
        report.findings.extend(found)
        report.files.append(FileResult(shown, fmt, count))
    order = {f.path: i for i, f in enumerate(report.files)}
    report.findings.sort(key=lambda f: (order.get(f.path, len(order)), f.path, f.position()[:2], f.code))
    return report


@lru_cache(maxsize=8)
def _default_engine(lang: str, select: tuple[str, ...] | None, show_pii: bool) -> tuple[Engine, Config]:
    config = Config()
    options = RunOptions(lang=lang, select=list(select) if select else None, show_pii=show_pii)
    return build_engine(config, options), config


def lint_text(text: str, meta: dict[str, Any] | None = None, kind: str = "post", lang: str = "en",
              select: Iterable[str] | None = None, show_pii: bool = True, path: str = "<text>") -> list[Finding]:
    """Lint one post or message (front matter allowed in posts). PII shown unless show_pii=False."""
    engine, config = _default_engine(lang, tuple(select) if select else None, show_pii)
    options = RunOptions(lang=lang, show_pii=show_pii, select=list(select) if select else None)
    source = Source(path=path, text=text, format="post" if kind == "post" else "message")
    units = list(read_post(source, {**(meta or {}), **({"kind": "message"} if kind == "message" else {})}))
    report = Report()
    return [f for u in units for f in lint_unit(engine, u, config, options, report)]


def apply_fixes(text: str, findings: Iterable[Finding], unsafe: bool = False) -> str:
    """Apply the fixes of findings to the text they were found in: one pass of fixer.choose_edits."""
    from influlint.fixer import apply_edits, choose_edits

    return apply_edits(text, choose_edits(findings, unsafe)[0])


CHUNK = 2000


class _Shard:
    """Worker k of n lints the units of chunks k, k+n, k+2n… and sends each chunk's findings in order."""

    def __init__(self, k: int, n: int, queue: Any) -> None:
        self.k, self.n, self.queue = k, n, queue
        self.index, self.chunk, self.buffer = -1, None, []

    def owns(self) -> bool:
        self.index += 1
        chunk = self.index // CHUNK
        if chunk % self.n != self.k:
            return False
        if chunk != self.chunk:
            self.flush()
            self.chunk = chunk
        return True

    def add(self, findings: list[Finding]) -> None:
        findings.sort(key=lambda f: (f.position()[:2], f.code))
        self.buffer.extend(findings)

    def flush(self) -> None:
        if self.chunk is not None:
            self.queue.put(("chunk", self.chunk, self.buffer))
        self.chunk, self.buffer = None, []


def _worker(k: int, n: int, queue: Any, paths: list[str], config: Config, options: RunOptions) -> None:
    try:
        options.shard = _Shard(k, n, queue)
        options.on_unit = options.on_unit if k == 0 else None
        report = lint_paths(paths, config, options)
        options.shard.flush()
        queue.put(("end", k, (report.files, report.errors, report.warnings, report.suppressed)))
    except BaseException as exc:  # reported by the parent as an input error, never a hang
        queue.put(("end", k, ([], [InputError("<worker>", f"{type(exc).__name__}: {exc}")], [], {})))


def lint_paths_parallel(paths: list[str], config: Config, options: RunOptions,
                        sink: Callable[[str, list[Finding]], None]) -> Report:
    """`--jobs N`: N processes share the units (chunks of CHUNK messages); findings reach `sink` in input
    order, as with lint_paths(sink=…). Every worker reads the inputs itself (reading is ~15× cheaper than
    linting), so no unit crosses a process boundary, only findings."""
    import multiprocessing as mp

    n = max(1, options.jobs)
    if "-" in paths and options.stdin_path is None and options.stdin_error is None:
        options.stdin_path, options.stdin_error = inputs.spool_stdin_to_file(config.limits)
        try:
            return lint_paths_parallel(paths, config, options, sink)
        finally:
            if options.stdin_path:
                os.unlink(options.stdin_path)
            options.stdin_path = options.stdin_error = None
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    queue = ctx.Queue(maxsize=4 * n)
    procs = [ctx.Process(target=_worker, args=(k, n, queue, paths, config, options), daemon=True) for k in range(n)]
    for p in procs:
        p.start()
    report = Report(locale=options.lang, show_pii=options.show_pii)
    pending: dict[int, list[Finding]] = {}
    next_chunk, ended = 0, set()

    def emit(findings: list[Finding]) -> None:
        report.count(findings)
        for f in findings:
            sink(f.path, [f])

    for kind, key, payload in _messages(queue, procs, ended):
        if kind == "dead":
            report.errors.append(InputError("<worker>", payload))
            for p in procs:
                p.terminate()
            break
        if kind == "chunk":
            pending[key] = payload
            while next_chunk in pending:
                emit(pending.pop(next_chunk))
                next_chunk += 1
            continue
        ended.add(key)
        files, errors, warnings, suppressed = payload
        if key == 0 or not report.files:
            report.files, report.warnings = files or report.files, warnings or report.warnings
        report.errors.extend(e for e in errors if e not in report.errors)
        for code, m in suppressed.items():
            report.suppressed[code] = report.suppressed.get(code, 0) + m
    for chunk in sorted(pending):
        emit(pending[chunk])
    for p in procs:
        p.join()
    return report


def _messages(queue: Any, procs: list[Any], ended: set[int]) -> Iterator[tuple[str, int, Any]]:
    """Messages of the workers until each has ended; ("dead", k, reason) when one died without a word
    (killed, out of memory): the parent never waits forever."""
    import queue as queues

    while len(ended) < len(procs):
        try:
            yield queue.get(timeout=0.5)
            continue
        except queues.Empty:
            pass
        for k, p in enumerate(procs):
            if k not in ended and p.exitcode is not None:
                try:  # its last message may still be in the pipe
                    yield queue.get(timeout=2)
                    break
                except queues.Empty:
                    how = f"signal {-p.exitcode}" if p.exitcode < 0 else f"exit status {p.exitcode}"
                    yield "dead", k, f"worker {k + 1} of {len(procs)} died ({how}): the run is incomplete"
                    return
