"""The command line (typer). The only module that prints, reads stdin and sets the exit code."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from influlint import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Compliance linter for French influencer content and group chats.")


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"influlint {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """influlint checks posts and chat exports against French influencer law."""


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"influlint: {message}", err=True)
    raise typer.Exit(code)


def _split(values: Optional[list[str]]) -> Optional[list[str]]:
    if values is None:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def _guard(debug: bool):
    """Turn user mistakes into one-line errors (exit 2); --debug shows the traceback."""
    from influlint.config import ConfigError
    from influlint.engine.schema import PackError

    class Guard:
        def __enter__(self):
            return self

        def __exit__(self, kind, exc, tb):
            if exc is None or isinstance(exc, (typer.Exit, SystemExit, KeyboardInterrupt)):
                return False
            if debug:
                return False
            if isinstance(exc, (ConfigError, PackError)):
                _fail(str(exc))
            _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
            return True

    return Guard()


def _setup(config_path, lang, select, ignore, packs, show_pii, input_format=None, dayfirst=None):
    from influlint.api import RunOptions
    from influlint.config import load_config
    from influlint.i18n import detect_lang

    config = load_config(config_path)
    options = RunOptions(lang=detect_lang(lang, config.lang), select=_split(select), ignore=_split(ignore) or [],
                         extra_packs=list(packs or []), show_pii=show_pii, input_format=input_format, dayfirst=dayfirst)
    return config, options


ConfigOpt = Annotated[Optional[str], typer.Option("--config", help="Configuration file (default: found by walking up).")]
LangOpt = Annotated[Optional[str], typer.Option("--lang", help="Message language: fr or en.")]
SelectOpt = Annotated[Optional[list[str]], typer.Option("--select", help="Rules to run: codes, prefixes (DIS), categories or names.")]
IgnoreOpt = Annotated[Optional[list[str]], typer.Option("--ignore", help="Rules to skip: codes, prefixes, categories or names.")]
PackOpt = Annotated[Optional[list[str]], typer.Option("--pack", help="Extra rule pack directory (repeatable).")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for standard input.")],
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    fail_on: Annotated[Optional[Severity], typer.Option("--fail-on", help="Lowest severity that fails the run.")] = None,
    output_format: Annotated[str, typer.Option("--format",
                                               help="Output format: text, json, sarif, github, gitlab, junit.")] = "text",
    output: Annotated[Optional[Path], typer.Option("--output", help="Write the report to this file.")] = None,
    lang: LangOpt = None,
    config: ConfigOpt = None,
    pack: PackOpt = None,
    statistics: Annotated[bool, typer.Option("--statistics", help="Counts per rule.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the finding lines.")] = False,
    show_pii: Annotated[bool, typer.Option("--show-pii", help="Show personal data in clear (local use only).")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colours.")] = False,
    input_format: Annotated[Optional[str], typer.Option("--input-format", help="Force the input format.")] = None,
    dayfirst: Annotated[Optional[bool], typer.Option("--dayfirst/--monthfirst",
                                                    help="Force WhatsApp date order.")] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes to post files (never chat exports).")] = False,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="With --fix or --diff: unsafe fixes too.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print the fixes as a unified diff; write nothing.")] = False,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="Report only findings not in this baseline.")] = None,
    write_baseline: Annotated[Optional[Path], typer.Option("--write-baseline",
                                                           help="Record the current findings in this file.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes for large inputs.")] = 1,
    no_model: Annotated[bool, typer.Option("--no-model", help="Rules only: no second opinion from the model.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Lint posts and chat exports."""
    with _guard(debug):
        from influlint.api import lint_paths
        from influlint.formatters import FORMATTERS, STREAMING

        if output_format not in FORMATTERS:
            _fail(f"unknown format '{output_format}' (known: {', '.join(FORMATTERS)})")
        cfg, options = _setup(config, lang, select, ignore, pack, show_pii, input_format, dayfirst)
        options.jobs, options.model = jobs, not no_model
        if fail_on is not None:
            cfg.fail_on = fail_on.value
        if unsafe_fixes and not (fix or diff):
            _fail("--unsafe-fixes needs --fix or --diff")
        color = (output is None and output_format == "text" and sys.stdout.isatty() and not no_color
                 and "NO_COLOR" not in os.environ)
        if output_format in STREAMING and not (write_baseline or baseline or fix or diff):
            report = _stream_check(paths, cfg, options, output_format, output, quiet, statistics, color)
            raise typer.Exit(exit_code(report, cfg.fail_on))
        report = _lint(paths, cfg, options)
        if write_baseline is not None or baseline is not None or fix or diff:
            report = _baseline_and_fix(report, lambda: lint_paths(paths, cfg, options), baseline=baseline,
                                       write_baseline=write_baseline, fix=fix, diff=diff, unsafe=unsafe_fixes)
        rendered = FORMATTERS[output_format](report, quiet=quiet, statistics=statistics, color=color)
        if output is not None:
            output.write_text(rendered, encoding="utf-8")
        else:
            sys.stdout.write(rendered)
        for err in report.errors if output_format != "text" or output is not None else ():
            typer.echo(f"influlint: {err.path}: {err.message}", err=True)
        raise typer.Exit(exit_code(report, cfg.fail_on))


def _baseline_and_fix(report, lint_again, *, baseline, write_baseline, fix, diff, unsafe):
    """--write-baseline (exits), --baseline (filters), --diff (prints, exits), --fix (writes, lints again)."""
    from influlint import fixer
    from influlint.baseline import BaselineError, dump_baseline, filter_report, load_baseline
    from influlint.model import InputError

    if write_baseline is not None:
        write_baseline.write_text(dump_baseline(report.findings), encoding="utf-8")
        typer.echo(f"influlint: {len(report.findings)} finding(s) recorded in {write_baseline}", err=True)
        raise typer.Exit(2 if report.errors else 0)
    known = frozenset()
    if baseline is not None:
        try:
            known = load_baseline(baseline)
        except BaselineError as exc:
            _fail(str(exc))
        report, _ = filter_report(report, known)
    if not (fix or diff):
        return report
    refused, changed = [], 0
    for plan in fixer.plan_fixes(report.findings, unsafe=unsafe):
        try:
            if plan.error:
                raise fixer.FixError(plan.error)
            if diff:
                sys.stdout.write(fixer.unified_diff(plan))
                changed += plan.after != plan.before
            else:
                changed += fixer.write_plan(plan)
        except fixer.FixError as exc:
            refused.append(InputError(plan.path, str(exc)))
    if diff:
        for err in refused:
            typer.echo(f"influlint: {err.path}: {err.message}", err=True)
        raise typer.Exit(2 if refused or report.errors else 1 if changed else 0)
    if changed:
        typer.echo(f"influlint: fixed {changed} file(s)", err=True)
        report = filter_report(lint_again(), known)[0]
    report.errors.extend(refused)
    return report


def _stream_check(paths, cfg, options, output_format, output, quiet, statistics, color):
    """text and json are written as findings come: memory stays bounded on huge chat exports.
    On a terminal, a progress line counts the messages of large inputs (on stderr, then erased)."""
    from influlint.formatters import open_stream

    out = open(output, "w", encoding="utf-8") if output is not None else sys.stdout
    try:
        stream = open_stream(output_format, out, options.lang, options.show_pii, quiet, statistics, color)
        progress = _progress() if output_format == "text" and sys.stdout.isatty() and sys.stderr.isatty() else None
        if progress is not None:
            progress.start()
            task = progress.add_task("", total=None, count=0, path="")
            options.on_unit = lambda path, n: progress.update(task, count=n, path=path)
        try:
            report = _lint(paths, cfg, options, sink=stream.add)
        finally:
            if progress is not None:
                progress.stop()
        stream.end(report)
    finally:
        if output is not None:
            out.close()
    if output_format != "text" or output is not None:
        for err in report.errors:
            typer.echo(f"influlint: {err.path}: {err.message}", err=True)
    return report


def _lint(paths, cfg, options, sink=None):
    from influlint.api import lint_paths, lint_paths_parallel

    if options.jobs <= 1:
        return lint_paths(paths, cfg, options, sink=sink)
    if sink is not None:
        return lint_paths_parallel(paths, cfg, options, sink)
    collected = []
    report = lint_paths_parallel(paths, cfg, options, lambda path, found: collected.extend(found))
    report.findings, report.tally = collected, {}
    return report


def _progress():
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), TextColumn("{task.fields[path]}"), TextColumn("{task.fields[count]:,} messages"),
                    TimeElapsedColumn(), console=Console(stderr=True), transient=True)


def exit_code(report, fail_on: str) -> int:
    from influlint.model import SEVERITY_RANK

    if report.errors:
        return 2
    floor = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK[sev] >= floor for sev in report.severities()) else 0


@app.command()
def rules(
    output_format: Annotated[str, typer.Option("--format", help="text, json or md.")] = "text",
    lang: LangOpt = None,
    config: ConfigOpt = None,
    pack: PackOpt = None,
    select: SelectOpt = None,
    debug: DebugOpt = False,
) -> None:
    """List every rule: code, category, severity, title."""
    with _guard(debug):
        from influlint.api import build_engine
        from influlint.docs import rules_json, rules_markdown, rules_text

        cfg, options = _setup(config, lang, select, None, pack, False)
        engine = build_engine(cfg, options)
        render = {"json": rules_json, "md": rules_markdown, "text": rules_text}.get(output_format)
        if render is None:
            _fail(f"unknown format '{output_format}' (known: text, json, md)")
        sys.stdout.write(render(engine.rules, options.lang))


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="Rule code (DIS001) or name.")],
    lang: LangOpt = None,
    config: ConfigOpt = None,
    pack: PackOpt = None,
    debug: DebugOpt = False,
) -> None:
    """What a rule checks, why (law), the fix, and its examples."""
    with _guard(debug):
        from influlint.api import build_engine
        from influlint.docs import explain_rule
        from influlint.i18n import text as t

        cfg, options = _setup(config, lang, None, None, pack, False)
        cfg.rules = {}
        found = [r for r in build_engine(cfg, options).rules
                 if code.upper() in (r.code, *r.aliases) or code == r.name]
        if not found:
            from influlint.classifier.second_opinion import explain_model

            described = explain_model(code, options.lang, cfg)
            if described is not None:
                sys.stdout.write(described)
                return
            _fail(t(options.lang, "cli.unknown_rule", code=code))
        sys.stdout.write(explain_rule(found[0], options.lang))


INIT_TEMPLATE = "influlint.yml"


@app.command()
def init(
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing influlint.yml.")] = False,
    lang: LangOpt = None,
) -> None:
    """Write a commented influlint.yml in the current directory."""
    from influlint.i18n import detect_lang
    from influlint.i18n import text as t
    from influlint.resources import rules_dir

    target = Path("influlint.yml")
    language = detect_lang(lang)
    if target.exists() and not force:
        _fail(t(language, "cli.init_exists", path=str(target)))
    template = (rules_dir() / "presets" / "init.yml").read_text(encoding="utf-8")
    target.write_text(template, encoding="utf-8")
    typer.echo(t(language, "cli.init_done", path=str(target)))


@app.command("test-rules")
def test_rules(
    packs: Annotated[list[Path], typer.Argument(help="Rule pack directories.")],
    debug: DebugOpt = False,
) -> None:
    """Run the valid/invalid examples of rule packs."""
    with _guard(debug):
        from influlint.examples import check_pack_examples

        failures, total = check_pack_examples(packs)
        for failure in failures:
            typer.echo(failure)
        typer.echo(f"{total - len(failures)} passed, {len(failures)} failed")
        raise typer.Exit(1 if failures else 0)


@app.command("eval")
def evaluate(
    corpus: Annotated[list[Path], typer.Argument(help="Corpus folder or dev.jsonl / chat export files.")],
    misses: Annotated[bool, typer.Option("--misses", help="List false negatives and false positives.")] = False,
    category: Annotated[Optional[str], typer.Option("--category", help="Only this category.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    no_model: Annotated[bool, typer.Option("--no-model", help="Rules alone, without the model.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Precision and recall per category on a labelled corpus."""
    with _guard(debug):
        from influlint.evaluate import format_scores, score_corpus

        result = score_corpus(corpus, model=not no_model)
        sys.stdout.write(format_scores(result, misses=misses, category=category, as_json=output_format == "json"))


@app.command("train")
def train(
    corpus: Annotated[list[Path], typer.Argument(help="Labelled corpus: .jsonl files (corpus schema), chat exports "
                                                      "with .labels.jsonl, or folders of them.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write the model to.")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same data + seed = same model).")] = 14,
    debug: DebugOpt = False,
) -> None:
    """Train the second-opinion model on a labelled corpus; point `model:` in the config at the folder."""
    with _guard(debug):
        from influlint.classifier.linear import Hyper
        from influlint.classifier.train import format_report, train_model

        missing = [str(p) for p in corpus if not p.exists()]
        if missing:
            _fail(f"{missing[0]}: no such file or directory")
        try:
            info = train_model(list(corpus), output, Hyper(seed=seed))
        except (ValueError, KeyError, OSError) as exc:
            _fail(f"{', '.join(map(str, corpus))}: cannot train ({type(exc).__name__}: {exc})")
        sys.stdout.write(format_report(info))
        typer.echo(f"influlint: model written to {output}", err=True)


@app.command("parse")
def parse(
    path: Annotated[str, typer.Argument(help="Chat export: WhatsApp .txt/.zip, Telegram result.json, "
                                             "DiscordChatExporter JSON, Slack export folder or zip.")],
    input_format: Annotated[Optional[str], typer.Option("--input-format", help="Force the input format.")] = None,
    dayfirst: Annotated[Optional[bool], typer.Option("--dayfirst/--monthfirst",
                                                    help="Force WhatsApp date order.")] = None,
    show_pii: Annotated[bool, typer.Option("--show-pii", help="Show phone-number senders in clear.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Show what influlint read from a chat export: one JSON object a line per message."""
    import json

    with _guard(debug):
        from influlint.readers import ReadError, ReadOptions
        from influlint.readers.records import parse_records

        warnings: list[str] = []
        options = ReadOptions(input_format=input_format, dayfirst=dayfirst, warn=warnings.append)
        try:
            for record in parse_records(path, options, show_pii=show_pii):
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        except ReadError as exc:
            _fail(f"{path}: {exc}")
        except OSError as exc:
            _fail(f"{path}: {exc.strerror or exc}")
        finally:
            for message in warnings:
                typer.echo(f"influlint: {path}: warning: {message}", err=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
