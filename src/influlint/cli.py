"""The command line (typer). The only module that prints, reads stdin and sets the exit code."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from influlint import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
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
    version: Annotated[bool, typer.Option("--version", metavar="", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """influlint checks posts and chat exports against French influencer law."""


def _fail(message: str, code: int = 2) -> None:
    from influlint.masking import neutralise

    typer.echo(f"influlint: {neutralise(message)}", err=True)
    raise typer.Exit(code)


def _echo_errors(errors, show_pii: bool, label: str = "") -> None:
    """Input errors and warnings on stderr: one line each, masked and with control characters shown."""
    from influlint.masking import neutralise
    from influlint.privacy import mask_error

    for err in errors:
        err = err if show_pii else mask_error(err)
        typer.echo(neutralise(f"influlint: {err.path}: {label}{err.message}"), err=True)


def _write(text: str, out=None) -> None:
    """Write to the report file or standard output; a closed output is a one-line error, a broken pipe a quiet stop."""
    out = out if out is not None else sys.stdout
    if out is None:
        _fail("standard output is closed: the report cannot be written")
    out.write(text)
    out.flush()


def _open_output(output: Optional[Path]):
    if output is None:
        return None
    try:
        return open(output, "w", encoding="utf-8")
    except OSError as exc:
        _fail(f"--output {output}: cannot write ({(exc.strerror or str(exc)).lower()})")


def _t(key: str, lang: str | None = None, **variables) -> str:
    """A UI string in `lang`, or in the language of the environment (before --lang is known)."""
    from influlint.i18n import LangError, detect_lang, text

    try:
        lang = lang or detect_lang()
    except LangError:
        lang = "fr"
    return text(lang, key, **variables)


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's last flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


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
            if isinstance(exc, BrokenPipeError):  # `influlint check … | head`: the reader left, stop quietly
                _silence_stdout()
                raise typer.Exit(1)
            if debug:
                return False
            if isinstance(exc, (ConfigError, PackError)):
                _fail(str(exc))
            _fail(_t("cli.internal_error", error=f"{type(exc).__name__}: {exc}"))
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


class Lang(StrEnum):
    fr = "fr"
    en = "en"


class OutputFormat(StrEnum):  # formatters.FORMATTERS, spelled out so that `--help` imports no formatter
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    gitlab = "gitlab"
    junit = "junit"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


SEL, OUT, FIX, IN = "Rule selection", "Output", "Fixes and baselines", "Input"
ConfigOpt = Annotated[Optional[str], typer.Option("--config", metavar="FILE",
                                                  help="Configuration file (default: the nearest influlint.yml above each input).")]
LangOpt = Annotated[Optional[Lang], typer.Option("--lang", case_sensitive=False, rich_help_panel=OUT,
                                                 show_default="fr; en when LANGUAGE, LC_ALL, LC_MESSAGES or LANG ask for it",
                                                 help="Message language.")]
SelectOpt = Annotated[Optional[list[str]], typer.Option("--select", metavar="CODES", rich_help_panel=SEL,
                                                        help="Rules to run: codes, prefixes (DIS), categories or names, comma-separated.")]
IgnoreOpt = Annotated[Optional[list[str]], typer.Option("--ignore", metavar="CODES", rich_help_panel=SEL,
                                                        help="Rules to skip: codes, prefixes, categories or names, comma-separated.")]
PackOpt = Annotated[Optional[list[str]], typer.Option("--pack", metavar="DIR", rich_help_panel=SEL,
                                                      help="Extra rule pack directory (repeatable).")]
DebugOpt = Annotated[bool, typer.Option("--debug", metavar="", help="Show tracebacks.")]
DaskOpt = Annotated[Optional[str], typer.Option("--dask", metavar="SCHEDULER", help="Run on a Dask cluster: tcp://host:8786, "
                                                "or local (needs the dask extra).")]
INPUT_FORMATS = ("post", "whatsapp", "telegram-json", "discord-json", "slack-json", "zip",  # readers.READERS
                 "telegram-html", "meta-json", "discord-csv", "discord-html", "signal-txt")
InputFormatOpt = Annotated[Optional[str], typer.Option("--input-format", metavar="[" + "|".join(INPUT_FORMATS) + "]",
                                                       rich_help_panel=IN, show_default="by suffix and content",
                                                       help="Force the input format.")]
DayfirstOpt = Annotated[Optional[bool], typer.Option("--dayfirst/--monthfirst", rich_help_panel=IN, show_default="guessed",
                                                     help="Force WhatsApp date order.")]


@app.command(no_args_is_help=True)
def check(
    paths: Annotated[Optional[list[str]], typer.Argument(metavar="PATH...", show_default=False,
                                                         help="Files, directories, or - for standard input.")] = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    fail_on: Annotated[Optional[Severity], typer.Option("--fail-on", rich_help_panel=SEL, show_default="error, or fail_on in the config",
                                                        help="Lowest severity that fails the run.")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", metavar="", rich_help_panel=SEL, help="Exit 0 even when problems are found (2 stays for errors).")] = False,
    pack: PackOpt = None,
    config: ConfigOpt = None,
    output_format: Annotated[OutputFormat, typer.Option("--output-format", "--format", envvar="INFLULINT_OUTPUT_FORMAT", rich_help_panel=OUT,
                                                        case_sensitive=False, help="Output format.")] = OutputFormat.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", rich_help_panel=OUT, help="Write the report to this file.")] = None,
    lang: LangOpt = None,
    statistics: Annotated[bool, typer.Option("--statistics", metavar="", rich_help_panel=OUT, help="Only a table of counts per rule, with fixable counts.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", metavar="", rich_help_panel=OUT, help="Only the finding lines.")] = False,
    color: Annotated[Color, typer.Option("--color", rich_help_panel=OUT, case_sensitive=False,
                                         help="Colours: auto follows the terminal, NO_COLOR and FORCE_COLOR.")] = Color.auto,
    no_color: Annotated[bool, typer.Option("--no-color", metavar="", rich_help_panel=OUT, help="Same as --color never.")] = False,
    show_pii: Annotated[bool, typer.Option("--show-pii", metavar="", rich_help_panel=OUT, help="Show personal data in clear (local use only).")] = False,
    strip: Annotated[bool, typer.Option("--strip", metavar="", rich_help_panel=OUT,
                                        help="Print each post ready to paste: front matter and influlint comments removed; no linting.")] = False,
    input_format: InputFormatOpt = None,
    dayfirst: DayfirstOpt = None,
    stdin_filename: Annotated[Optional[str], typer.Option("--stdin-filename", metavar="PATH", rich_help_panel=IN,
                                                          help="The name of standard input: its config, ignores and format apply.")] = None,
    fix: Annotated[bool, typer.Option("--fix", metavar="", rich_help_panel=FIX, help="Apply safe fixes to post files (never chat exports).")] = False,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", metavar="", rich_help_panel=FIX, help="With --fix or --diff: unsafe fixes too.")] = False,
    diff: Annotated[bool, typer.Option("--diff", metavar="", rich_help_panel=FIX, help="Print the fixes as a unified diff; write nothing.")] = False,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", metavar="FILE", rich_help_panel=FIX,
                                                     help="Report only findings not in this baseline.")] = None,
    write_baseline: Annotated[Optional[Path], typer.Option("--write-baseline", metavar="FILE", rich_help_panel=FIX,
                                                           help="Record the current findings in this file.")] = None,
    watch: Annotated[bool, typer.Option("--watch", metavar="", rich_help_panel=IN, help="Lint again whenever an input changes (Ctrl-C stops).")] = False,
    watch_polls: Annotated[Optional[int], typer.Option("--watch-polls", hidden=True, min=0)] = None,
    watch_interval: Annotated[float, typer.Option("--watch-interval", hidden=True, min=0.0)] = 1.0,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, metavar="N", help="Processes for large inputs.")] = 1,
    dask: DaskOpt = None,
    no_model: Annotated[bool, typer.Option("--no-model", metavar="", rich_help_panel=SEL,
                                           help="Rules only: no second opinion from the model.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Lint posts and chat exports."""
    with _guard(debug):
        paths = list(paths or (["-"] if stdin_filename else []))
        if not paths:
            _fail(_t("cli.no_paths", lang=lang))
        if strip:
            raise typer.Exit(_strip(paths))
        choice = Color.never if no_color else color

        def run() -> int:
            try:
                return _run_check(paths, select=select, ignore=ignore, fail_on=fail_on, exit_zero=exit_zero, pack=pack,
                                  config=config, output_format=output_format.value, output=output, lang=lang,
                                  statistics=statistics, quiet=quiet, color=choice.value, show_pii=show_pii,
                                  input_format=input_format, dayfirst=dayfirst, stdin_filename=stdin_filename,
                                  fix=fix, unsafe_fixes=unsafe_fixes, diff=diff, baseline=baseline,
                                  write_baseline=write_baseline, jobs=jobs, dask=dask,
                                  model=not no_model)
            except typer.Exit as stop:
                if not watch:
                    raise
                return stop.exit_code

        if watch:
            from influlint.watch import watch as watch_loop

            raise typer.Exit(watch_loop(run, paths, interval=watch_interval, iterations=watch_polls,
                                        on_change=lambda: typer.echo("influlint: " + _t("cli.watch_rerun", lang=lang), err=True)))
        raise typer.Exit(run())


def _strip(paths: list[str]) -> int:
    from influlint.readers import ReadError
    from influlint.strip import strip_bytes

    code = 0
    for path in paths:
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
            sys.stdout.write(strip_bytes(data))
        except ReadError as exc:
            typer.echo(f"influlint: {path}: {exc}", err=True)
            code = 2
        except OSError as exc:
            from influlint.i18n import os_error

            typer.echo(f"influlint: {path}: {os_error(_t_lang(), exc)}", err=True)
            code = 2
    return code


def _t_lang() -> str:
    from influlint.i18n import LangError, detect_lang

    try:
        return detect_lang()
    except LangError:
        return "fr"


def _run_check(paths, *, select, ignore, fail_on, exit_zero, pack, config, output_format, output, lang, statistics,
               quiet, color, show_pii, input_format, dayfirst, stdin_filename, fix, unsafe_fixes, diff, baseline,
               write_baseline, jobs, dask=None, model=True) -> int:
    from influlint.formatters import FORMATTERS, STREAMING
    from influlint.privacy import diff_masker, mask_report
    from influlint.readers import READERS
    from influlint.terminal import use_color, wrap_width

    if input_format is not None and input_format not in READERS:
        _fail(_t("cli.unknown_input_format", lang=lang, value=input_format, known=", ".join(READERS)))
    from influlint.configs import group_inputs

    cfg, options = _setup(config or _stdin_config(stdin_filename), lang, select, ignore, pack, show_pii,
                          input_format, dayfirst)
    groups = group_inputs(paths, cfg, explicit=bool(config or stdin_filename))
    options.jobs, options.stdin_name = _bounded_jobs(jobs, cfg, options.lang), stdin_filename
    if output is None and sys.stdout is None:
        _fail("standard output is closed: the report cannot be written")
    options.dask = dask
    options.dask_spans = output_format in ("sarif", "gitlab") or bool(baseline or write_baseline or fix or diff)
    options.model = model
    if fail_on is not None:
        cfg.fail_on = fail_on.value
    if unsafe_fixes and not (fix or diff):
        _fail(_t("cli.unsafe_needs_fix", lang=options.lang))
    to_terminal = output is None and output_format == "text"
    painted = to_terminal and use_color(color, sys.stdout)
    width = wrap_width(sys.stdout) if to_terminal else None
    errors_to_stderr = output_format != "text" or output is not None or quiet or statistics
    if output_format in STREAMING and not (write_baseline or baseline or fix or diff):
        report = _stream_check(groups, options, output_format, _open_output(output), quiet, statistics, painted, width)
    else:
        out = _open_output(output) if not (diff or write_baseline is not None) else None
        options.on_unit = _periodic_progress(options.lang)
        report = _lint(groups, options)
        if write_baseline is not None or baseline is not None or fix or diff:
            report = _baseline_and_fix(report, lambda: _lint(groups, options), baseline=baseline,
                                       write_baseline=write_baseline, fix=fix, diff=diff, unsafe=unsafe_fixes,
                                       relint=_relint(groups, options),
                                       masker=None if show_pii else diff_masker(cfg, options))
        rendered = FORMATTERS[output_format](mask_report(report), quiet=quiet, statistics=statistics, color=painted,
                                             width=width)
        _write(rendered, out)
        if out is not None:
            out.close()
    if errors_to_stderr:
        _echo_errors(report.errors, show_pii)
    code = exit_code(report, cfg.fail_on)
    return 0 if exit_zero and code == 1 else code


def _stdin_config(stdin_filename):
    """With --stdin-filename and no --config: the nearest configuration above that name."""
    if not stdin_filename:
        return None
    from influlint.config import find_config

    found = find_config(Path(stdin_filename).resolve().parent)
    return str(found) if found is not None else None


def _progress_label(lang):
    from influlint.i18n import text

    return lambda path, count: text(lang, "progress.messages", path=path, count=f"{count:,}".replace(",", " "))


def _periodic_progress(lang):
    from influlint.terminal import Progress

    return Progress(None, sys.stderr, _progress_label(lang)).update


def _relint(groups, options):
    from influlint.api import build_engine
    from influlint.configs import config_for
    from influlint.fixloop import relinter

    engines = {id(cfg): build_engine(cfg, options) for cfg, _ in groups}
    lookup = config_for(groups)
    return relinter(lambda path: engines[id(lookup(path))], lookup, options)


def _bounded_jobs(jobs: int, cfg, lang: str) -> int:
    """--jobs at most one worker per core and per `limits.worker_memory` of available memory (said on stderr)."""
    from influlint.i18n import text as t
    from influlint.limits import bounded_jobs

    if jobs <= 1:
        return jobs
    n, reason = bounded_jobs(jobs, cfg.limits)
    if reason:
        typer.echo(f"influlint: {t(lang, 'cli.jobs_lowered', jobs=jobs, n=n, reason=reason)}", err=True)
    return n


def _baseline_and_fix(report, lint_again, *, baseline, write_baseline, fix, diff, unsafe, relint, masker=None):
    """--write-baseline (exits), --baseline (filters), --diff (prints, exits), --fix (writes, lints again)."""
    from influlint import fixer
    from influlint.baseline import BaselineError, dump_baseline, filter_report, load_baseline
    from influlint.fixloop import plan_until_stable
    from influlint.model import InputError

    if write_baseline is not None:
        write_baseline.write_text(dump_baseline(report.findings), encoding="utf-8")
        typer.echo("influlint: " + _t("cli.baseline_written", lang=report.locale, n=len(report.findings),
                                      path=str(write_baseline)), err=True)
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
    for plan in plan_until_stable(report.findings, relint, unsafe=unsafe):
        try:
            if plan.error:
                raise fixer.FixError(plan.error)
            if diff:
                text = fixer.unified_diff(plan)
                _write(masker(plan, text) if masker is not None else text)
                changed += plan.after != plan.before
            else:
                changed += fixer.write_plan(plan)
        except fixer.FixError as exc:
            refused.append(InputError(plan.path, str(exc)))
    if diff:
        _echo_errors([*report.errors, *refused], masker is None)
        raise typer.Exit(2 if refused or report.errors else 1 if changed else 0)
    if changed:
        typer.echo("influlint: " + _t("cli.fixed_files", lang=report.locale, n=changed), err=True)
        report = filter_report(lint_again(), known)[0]
    report.errors.extend(refused)
    return report


def _stream_check(groups, options, output_format, output, quiet, statistics, color, width):
    """text and json are written as findings come: memory stays bounded on huge chat exports. Large inputs show
    progress: live under the findings on a terminal (then erased), a line every few seconds on stderr otherwise."""
    from influlint.formatters import open_stream
    from influlint.privacy import mask_report, masked_sink
    from influlint.terminal import progress_for

    out = output if output is not None else sys.stdout
    try:
        stream = open_stream(output_format, out, options.lang, options.show_pii, quiet, statistics, color, width)
        console = getattr(stream, "console", None) if output is None else None
        progress = progress_for(console, out, sys.stderr, _progress_label(options.lang))
        options.on_unit = progress.update
        try:
            report = _lint(groups, options, sink=masked_sink(stream.add, options.show_pii))
        finally:
            progress.stop()
        stream.end(mask_report(report))
        out.flush()
    finally:
        if output is not None:
            output.close()
    return report


def _lint(groups, options, sink=None):
    """Each group of inputs with its own configuration; one merged report."""
    from influlint.configs import lint_groups

    return lint_groups(groups, lambda paths, cfg: _lint_one(paths, cfg, options, sink))


def _lint_one(paths, cfg, options, sink=None):
    from influlint.api import lint_paths, lint_paths_parallel

    if options.dask:
        return _dask_run(lambda run: run.check_dask(options.dask, paths, cfg, options, sink), options.lang)
    if options.jobs <= 1:
        return lint_paths(paths, cfg, options, sink=sink)
    if sink is not None:
        return lint_paths_parallel(paths, cfg, options, sink)
    collected = []
    report = lint_paths_parallel(paths, cfg, options, lambda path, found: collected.extend(found))
    report.findings, report.tally = collected, {}
    return report


def _dask_run(call, lang):
    """Run `call(distributed_run)`; a missing extra or an unreachable scheduler is a one-line error."""
    try:
        from influlint import distributed_run
    except ImportError:
        _fail(_t("dask.missing", lang=lang))
    try:
        return call(distributed_run)
    except distributed_run.DaskUnavailable as exc:
        _fail(_t(str(exc), lang=lang))


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
        from influlint.terminal import wrap_prose, wrap_width

        sys.stdout.write(wrap_prose(explain_rule(found[0], options.lang), wrap_width(sys.stdout)))


INIT_TEMPLATE = "influlint.yml"


@app.command()
def init(
    force: Annotated[bool, typer.Option("--force", metavar="", help="Overwrite an existing influlint.yml.")] = False,
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
    template = (rules_dir() / "presets" / ("init.fr.yml" if language == "fr" else "init.yml")).read_text(encoding="utf-8")
    if lang is not None:
        template = template.replace("# lang: fr\n", f"lang: {language}\n", 1)
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
        typer.echo(_t("cli.examples_result", passed=total - len(failures), failed=len(failures)))
        raise typer.Exit(1 if failures else 0)


@app.command("eval")
def evaluate(
    corpus: Annotated[list[Path], typer.Argument(help="Corpus folder or dev.jsonl / chat export files.")],
    misses: Annotated[bool, typer.Option("--misses", metavar="", help="List false negatives and false positives.")] = False,
    category: Annotated[Optional[str], typer.Option("--category", help="Only this category.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    no_model: Annotated[bool, typer.Option("--no-model", metavar="", help="Rules alone, without the model.")] = False,
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
    path: Annotated[str, typer.Argument(help="Chat export: WhatsApp .txt/.zip, Telegram result.json or HTML, "
                                             "DiscordChatExporter JSON/CSV/HTML, Slack export, Instagram/"
                                             "Messenger message_1.json, Signal text; a file, folder or zip.")],
    input_format: Annotated[Optional[str], typer.Option("--input-format", help="Force the input format.")] = None,
    dayfirst: Annotated[Optional[bool], typer.Option("--dayfirst/--monthfirst",
                                                    help="Force WhatsApp date order.")] = None,
    show_pii: Annotated[bool, typer.Option("--show-pii", metavar="", help="Show personal data in clear (local use only).")] = False,
    config: ConfigOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Show what influlint read from a chat export: one JSON object a line per message."""
    import json

    with _guard(debug):
        from influlint.config import load_config
        from influlint.faults import describe
        from influlint.i18n import detect_lang, os_error
        from influlint.masking import scrub
        from influlint.model import InputError
        from influlint.privacy import record_masker
        from influlint.readers import ReadError, ReadOptions
        from influlint.readers.records import parse_records

        cfg = load_config(config)
        shown = path if show_pii else scrub(path)
        warnings: list[str] = []
        options = ReadOptions(input_format=input_format, dayfirst=dayfirst, warn=warnings.append, limits=cfg.limits)
        try:
            for record in parse_records(path, options, show_pii=show_pii, mask=record_masker(cfg)):
                _write(json.dumps(record, ensure_ascii=False) + "\n")
        except typer.Exit:
            raise
        except ReadError as exc:
            _fail(f"{shown}: {exc if show_pii else scrub(str(exc))}")
        except BrokenPipeError:
            raise  # `influlint parse … | head`: _guard stops quietly
        except OSError as exc:
            _fail(f"{shown}: {os_error(detect_lang(), exc)}")
        except Exception as exc:  # a hostile export: one line, never a traceback
            if debug:
                raise
            _fail(f"{shown}: {describe(exc)}")
        finally:
            _echo_errors([InputError(path, m) for m in warnings], show_pii, _t("text.warning") + ": ")


@app.command()
def audit(
    paths: Annotated[list[str], typer.Argument(metavar="EXPORT...", help="Chat exports (any format check reads, .zip included).")],
    html: Annotated[Optional[Path], typer.Option("--html", metavar="FILE", help="Write the HTML report here "
                                                 "(default: influlint-audit.html when no output is given).")] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", metavar="FILE", help="Write the figures as JSON (docs/audit.schema.json).")] = None,
    csv_out: Annotated[Optional[Path], typer.Option("--csv", metavar="FILE", help="Write one CSV row per finding (UTF-8 with BOM).")] = None,
    show_names: Annotated[bool, typer.Option("--show-names", metavar="", help="Show member names instead of « Membre 07 ».")] = False,
    show_pii: Annotated[bool, typer.Option("--show-pii", metavar="", help="Show personal data in clear (local use only).")] = False,
    lang: LangOpt = None,
    config: ConfigOpt = None,
    pack: PackOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    input_format: InputFormatOpt = None,
    dayfirst: DayfirstOpt = None,
    dask: DaskOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Community audit for brands: an HTML report with compliance and community-health figures."""
    with _guard(debug):
        from influlint.audit.command import run_audit

        cfg, options = _setup(config, lang, select, ignore, pack, show_pii, input_format, dayfirst)
        html = html if html or json_out or csv_out else Path("influlint-audit.html")
        if dask and csv_out is not None:
            _fail(_t("dask.no_csv", lang=options.lang))
        runner = _dask_run(lambda run: run.audit_dask(dask), options.lang) if dask else None
        try:
            done, errors = _dask_run(lambda run: run_audit(paths, cfg, options, show_names, html=html, json_out=json_out,
                                                           csv_out=csv_out, runner=runner), options.lang)
        except OSError as exc:
            _fail(f"{exc.filename}: {exc.strerror}")
        _echo_errors(errors, show_pii)
        typer.echo(done, err=True)
        raise typer.Exit(2 if errors else 0)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
