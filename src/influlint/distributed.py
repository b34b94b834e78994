"""Library surface for distributed runs (Dask, Spark…): a picklable engine handle, record linting to plain
masked dicts, and the worker side of a partitioned check or audit. Only public api.py functions are used;
the compiled packs come from the pack cache (engine.loader.load_packs_cached) on each worker."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from influlint import api, faults, inputs
from influlint.config import Config
from influlint.formatters._common import finding_dict, stamp_as_exported
from influlint.i18n import os_error
from influlint.i18n import text as ui_text
from influlint.masking import display_sender
from influlint.model import Finding, InputError, Report, Source, Unit
from influlint.readers import ReadError, ReadOptions, read_units

PackData = tuple[str, tuple[tuple[str, bytes], ...]]  # (folder name, ((relative path, bytes), …))


def _pack_data(folder: str) -> PackData:
    root = Path(folder)
    files = sorted(p for p in root.rglob("*") if p.is_file() and not any(
        part.startswith(".") for part in p.relative_to(root).parts))
    return root.name, tuple((p.relative_to(root).as_posix(), p.read_bytes()) for p in files)


@dataclass(frozen=True)
class EngineHandle:
    """What a worker needs to rebuild the engine: the configuration, the run options that matter and the
    extra packs as data (a worker need not see the client's folders). Cheap to pickle; `engine()` is
    built once per worker process and per handle."""

    config: Config
    lang: str = "en"
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    show_pii: bool = False
    input_format: str | None = None
    dayfirst: bool | None = None
    packs: tuple[PackData, ...] = field(default=())

    @classmethod
    def from_run(cls, config: Config, options: api.RunOptions) -> EngineHandle:
        packs = tuple(_pack_data(p) for p in [*config.packs, *options.extra_packs])
        return cls(dataclasses.replace(config, packs=[]), options.lang,
                   tuple(options.select) if options.select is not None else None, tuple(options.ignore),
                   options.show_pii, options.input_format, options.dayfirst, packs)

    def key(self) -> str:
        return hashlib.sha256(pickle.dumps(self)).hexdigest()[:20]

    def options(self) -> api.RunOptions:
        return api.RunOptions(lang=self.lang, select=list(self.select) if self.select is not None else None,
                              ignore=list(self.ignore), show_pii=self.show_pii, input_format=self.input_format,
                              dayfirst=self.dayfirst)

    def build(self) -> tuple[api.Engine, Config, api.RunOptions]:
        hit = _ENGINES.get(self.key())
        if hit is None:
            config = dataclasses.replace(self.config, packs=self._materialise())
            options = self.options()
            hit = _ENGINES[self.key()] = (api.build_engine(config, options), config, options)
        return hit

    def _materialise(self) -> list[str]:
        """Write the extra packs under the temporary folder, once per content (named by its hash)."""
        if not self.packs:
            return []
        base = Path(tempfile.gettempdir()) / "influlint-packs" / hashlib.sha256(pickle.dumps(self.packs)).hexdigest()[:16]
        dirs = []
        for i, (name, files) in enumerate(self.packs):
            folder = base / f"{i}" / name
            for rel, data in files:
                target = folder / rel
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    tmp = target.with_name(f".{target.name}.{os.getpid()}")
                    tmp.write_bytes(data)
                    tmp.replace(target)
            dirs.append(str(folder))
        return dirs


_ENGINES: dict[str, tuple[api.Engine, Config, api.RunOptions]] = {}


def record_unit(record: dict[str, Any], path: str = "<records>") -> Unit:
    """A record of `influlint parse` (or any dict with `text`, `sender`, `timestamp`, `id`) as a message."""
    text = str(record.get("text") or "")
    source = Source(path=str(record.get("path") or path), text=text, format="message",
                    line_base=max(0, int(record.get("line") or 1) - 1))
    return Unit(source, 0, len(text), kind="message", sender=record.get("sender"), timestamp=record.get("timestamp"),
                id=record.get("id"), is_system=bool(record.get("is_system")), meta={})


def lint_records(handle: EngineHandle, records: Iterable[dict[str, Any]], path: str = "<records>") -> list[dict[str, Any]]:
    """Lint parse records; findings as plain dicts of the JSON contract, masked unless the handle shows PII.
    This is the function a Spark `mapPartitions` or a Dask bag `map_partitions` calls."""
    engine, config, options = handle.build()
    out: list[dict[str, Any]] = []
    report = Report()
    for record in records:
        unit = record_unit(record, path)
        if unit.is_system:
            continue
        found = api.lint_unit(engine, unit, config, options, report)
        out.extend(finding_dict(f, handle.show_pii) for f in sorted(found, key=lambda f: (f.position()[:2], f.code)))
    return out


_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(unit: Unit, cache: dict[int, str], span: tuple[int, int] | None) -> str:
    """The source text with everything but line breaks blanked, and the WhatsApp date header the formatters
    show kept at its place: positions stay exact, the message itself never leaves the worker."""
    src = unit.source
    base = cache.get(id(src))
    if base is None:
        base = cache[id(src)] = _NOT_NEWLINE.sub(" ", src.text)
    if span is not None:
        base = base[:span[0]] + src.text[span[0]:span[1]] + base[span[1]:]
    stamp = stamp_as_exported(unit)
    if not stamp or stamp == unit.timestamp:
        return base
    start = src.text.rfind("\n", 0, unit.start) + 1
    header = src.text[start:unit.start].lstrip("\u200e\ufeff")
    shown = f"[{stamp}]" if header.startswith("[") else f"{stamp} - "
    if len(shown) > unit.start - start:
        return base
    return base[:start] + shown + base[start + len(shown):]


def slim(findings: list[Finding], show_pii: bool, spans: bool = False) -> list[Finding]:
    """Findings fit to cross the network: masked sender, no metadata, no message text (unless --show-pii).
    With `spans` the flagged span and the sender stay as read: SARIF, GitLab and baselines fingerprint them."""
    if show_pii:
        return findings
    from influlint.privacy import mask_finding  # the output's masking pass, run here before anything travels

    cache: dict[int, str] = {}
    out = []
    for raw in findings:
        src = raw.unit.source
        f = mask_finding(raw)
        sender = raw.unit.sender if spans else display_sender(f.unit.sender, False)
        u = dataclasses.replace(f.unit, source=src)
        text = _blank(u, cache, (f.start, f.end) if spans else None)
        source = Source(src.path, text, src.format, src.line_base, src.line_starts)
        unit = dataclasses.replace(u, source=source, meta={}, sender=sender)
        out.append(dataclasses.replace(f, unit=unit, pii=()))
    return out


@dataclass(frozen=True)
class Part:
    """Units [lo, hi) of one input (system messages counted; hi None = to the end). `shown` is its name."""

    path: str
    lo: int = 0
    hi: int | None = None


@dataclass
class PartResult:
    groups: list[list[Finding]] = field(default_factory=list)  # one sorted list per unit with findings
    units: int = 0
    fmt: str = "post"
    errors: list[InputError] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)
    suppressed: dict[str, int] = field(default_factory=dict)
    aggregate: Any = None


def _open_units(path: str, read_options: ReadOptions, result: PartResult, lang: str, limits: Any) -> tuple[Any, Any]:
    if Path(path).is_dir():
        from influlint.readers._bundles import read_export_directory

        units, result.fmt = read_export_directory(path, read_options)
        return units, None
    stream = inputs.open_input(path, limits)
    if os.fstat(stream.fileno()).st_size == 0:
        result.warnings.append(InputError(path, ui_text(lang, "input.empty")))
    return read_units(path, stream, read_options), stream


def lint_part(handle: EngineHandle, part: Part, audit: Any = None, spans: bool = False) -> PartResult:
    """Lint one partition, reading the input as a stream and skipping the units before `lo`. With `audit`
    (figures.Labels), also the partial Aggregate of the partition. Findings come back slimmed (`slim`)."""
    engine, config, options = handle.build()
    result = PartResult()
    report = Report()
    observe = _auditor(engine, audit, result) if audit is not None else None
    warn = lambda msg: result.warnings.append(InputError(part.path, msg))  # noqa: E731
    read_options = ReadOptions(input_format=handle.input_format, dayfirst=handle.dayfirst, warn=warn,
                               limits=config.limits)
    units: Any = None
    try:
        units, stream = _open_units(part.path, read_options, result, handle.lang, config.limits)
        units = inputs.capped(units, config.limits, warn)
        try:
            for index, unit in enumerate(units):
                result.fmt = unit.source.format
                if part.hi is not None and index >= part.hi:
                    break
                if index < part.lo:
                    continue
                if unit.is_system:
                    if observe is not None:
                        observe(unit, [])
                    continue
                result.units += 1
                got = api.lint_unit(engine, unit, config, options, report)
                if observe is not None:
                    observe(api._with_roles(unit, config), got)
                if got:
                    got.sort(key=lambda f: (f.position()[:2], f.code))
                    result.groups.append(slim(got, handle.show_pii, spans))
        finally:
            if hasattr(units, "close"):
                units.close()
            if stream is not None:
                stream.close()
    except ReadError as exc:
        result.errors.append(InputError(part.path, str(exc)))
    except OSError as exc:
        result.errors.append(InputError(part.path, os_error(handle.lang, exc)))
    except Exception as exc:  # a fault of one input never stops the run, as in a local run
        result.errors.append(InputError(part.path, faults.describe(exc)))
    result.suppressed = dict(report.suppressed)
    return result


def _auditor(engine: api.Engine, labels: Any, result: PartResult) -> Any:
    from influlint.audit.aggregate import Aggregate
    from influlint.audit.signals import Signals
    from influlint.engine.loader import load_packs_cached
    from influlint.resources import builtin_pack_dirs

    signals = Signals(load_packs_cached(builtin_pack_dirs()), engine.ruleset.settings)
    result.aggregate = Aggregate(named=labels.named)
    return lambda unit, findings: result.aggregate.add(unit, findings, signals.read(unit, findings))


def count_units(handle: EngineHandle, path: str) -> int:
    """Units of one input (system messages included), read as a stream: where to cut it into parts."""
    read_options = ReadOptions(input_format=handle.input_format, dayfirst=handle.dayfirst, warn=lambda _m: None,
                               limits=handle.config.limits)
    n = 0
    try:
        with inputs.open_input(path, handle.config.limits) as stream:
            units = read_units(path, stream, read_options)
            for _ in units:
                n += 1
            units.close()
    except Exception:  # noqa: BLE001 - the part that reaches the problem reports it
        pass
    return n
