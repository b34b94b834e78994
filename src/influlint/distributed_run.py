"""`--dask SCHEDULER`: the client side. Inputs are cut into partitions (whole files; large chat exports into
ranges of messages, each worker streaming the file and skipping to its range), the parts run on the cluster,
and their results are taken back in input order into the same Report a local run builds."""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from influlint import api
from influlint.config import Config
from influlint.distributed import EngineHandle, Part, count_units, lint_part
from influlint.i18n import text as ui_text
from influlint.model import FileResult, Finding, InputError, Report

SPLIT_BYTES = 4 << 20  # chat exports above this size are cut into message ranges
PART_UNITS = 20_000  # messages per range


class DaskUnavailable(RuntimeError):
    """dask[distributed] is not installed, or the scheduler cannot be reached."""


@contextmanager
def connect(scheduler: str, workers: int = 2) -> Iterator[Any]:
    """A distributed Client: `local` starts a LocalCluster of `workers` processes (one thread each)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise DaskUnavailable("dask.missing") from exc
    for name in ("distributed", "tornado", "bokeh"):
        logging.getLogger(name).setLevel(logging.ERROR)
    cluster = None
    try:
        if scheduler == "local":
            with warnings.catch_warnings():  # "port 8787 in use": the dashboard moves, nothing to tell the user
                warnings.simplefilter("ignore")
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout=os.environ.get("INFLULINT_DASK_TIMEOUT", "20s"))
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise DaskUnavailable("dask.unreachable") from exc
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def plan(client: Any, handle: EngineHandle, paths: list[str], split_bytes: int, part_units: int) -> list[list[Part]]:
    """The parts of each input, in input order. Counting the messages of a large export is itself a task."""
    counts = {}
    for path in paths:
        p = Path(path)
        if p.is_file() and p.stat().st_size > split_bytes:
            counts[path] = client.submit(count_units, handle, path, pure=False)
    out = []
    for path in paths:
        n = counts[path].result() if path in counts else 0
        if n <= part_units:
            out.append([Part(path)])
            continue
        cuts = list(range(0, n, part_units))
        out.append([Part(path, lo, lo + part_units if i < len(cuts) - 1 else None) for i, lo in enumerate(cuts)])
    return out


def lint_paths_dask(client: Any, paths: list[str], config: Config, options: api.RunOptions,
                    sink: Callable[[str, list[Finding]], None] | None = None, labels: Any = None,
                    split_bytes: int | None = None, part_units: int | None = None) -> tuple[Report, Any]:
    """Like api.lint_paths (same report, same sink calls in the same order), the work done by the cluster.
    With `labels`, also the audit Aggregate of all the inputs, merged part after part."""
    engine = api.build_engine(config, options)  # usage errors (unknown selectors, bad packs) before any task
    handle = EngineHandle.from_run(config, options)
    report = Report(rules=list(engine.rules), locale=options.lang, show_pii=options.show_pii)
    inputs = list(api.iter_inputs(paths, config))
    readable = [p for p, problem in inputs if problem is None and p != "-"]
    parts = plan(client, handle, readable, split_bytes or SPLIT_BYTES, part_units or PART_UNITS)
    futures = {path: [client.submit(lint_part, handle, part, labels, options.dask_spans, pure=False) for part in ps]
               for path, ps in zip(readable, parts, strict=True)}
    aggregate, found = None, []
    for path, problem in inputs:
        if problem or path == "-":
            key = problem or "dask.no_stdin"
            report.errors.append(InputError("<stdin>" if path == "-" else path, ui_text(options.lang, key)))
            continue
        units, fmt, errors, warnings = 0, "post", [], []
        for future in futures[path]:
            res = future.result()
            units, fmt, warnings = units + res.units, res.fmt, res.warnings
            errors += [e for e in res.errors if e not in errors]
            for code, n in res.suppressed.items():
                report.suppressed[code] = report.suppressed.get(code, 0) + n
            for group in res.groups:
                if sink is not None:
                    report.count(group)
                    sink(path, group)
                else:
                    found.extend(group)
            if res.aggregate is not None:
                aggregate = res.aggregate if aggregate is None else aggregate.merge(res.aggregate)
        report.warnings += warnings
        report.errors += errors
        report.findings.extend(found)
        found = []
        report.files.append(FileResult(path, fmt, units))
    order = {f.path: i for i, f in enumerate(report.files)}
    report.findings.sort(key=lambda f: (order.get(f.path, len(order)), f.path, f.position()[:2], f.code))
    return report, aggregate


def workers_wanted() -> int:
    """Worker processes of `--dask local` (INFLULINT_DASK_WORKERS, default 2)."""
    try:
        return max(1, int(os.environ.get("INFLULINT_DASK_WORKERS", "2")))
    except ValueError:
        return 2


def check_dask(scheduler: str, paths: list[str], config: Config, options: api.RunOptions,
               sink: Callable[[str, list[Finding]], None] | None = None) -> Report:
    with connect(scheduler, workers_wanted()) as client:
        return lint_paths_dask(client, paths, config, options, sink)[0]


def audit_dask(scheduler: str) -> Callable[..., tuple[Report, dict[str, Any]]]:
    """An audit_paths for `influlint audit --dask`: partial aggregates merged in input order."""
    from influlint.audit.aggregate import Aggregate
    from influlint.audit.figures import build_figures
    from influlint.audit.run import make_labels

    def run(paths: list[str], config: Config, options: api.RunOptions, show_names: bool = False,
            on_finding: Any = None) -> tuple[Report, dict[str, Any]]:
        labels = make_labels(config, options.lang, show_names, options.show_pii)
        with connect(scheduler, workers_wanted()) as client:
            report, aggregate = lint_paths_dask(client, paths, config, options, lambda _p, _f: None, labels)
        return report, build_figures(report, aggregate or Aggregate(named=labels.named), labels)

    return run
