"""`influlint audit`: the check pipeline (api.lint_paths) with a per-message observer feeding the
streaming Aggregate; findings reach the CSV writer as they come, never held in a list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from influlint.audit.aggregate import Aggregate
from influlint.audit.figures import Labels, build_figures
from influlint.audit.signals import Signals
from influlint.config import Config
from influlint.engine.loader import load_packs_cached
from influlint.model import Finding, Report, Unit
from influlint.resources import builtin_pack_dirs

OnFinding = Callable[[Finding, str], None]  # (masked finding, sender label)


def make_labels(config: Config, lang: str, show_names: bool, show_pii: bool) -> Labels:
    return Labels(lang, dict(config.audit_members), frozenset(config.chat.get("brands", [])),
                  frozenset(config.chat.get("ambassadors", [])), show_names, show_pii)


def audit_paths(paths: list[str], config: Config, options: Any, show_names: bool = False,
                on_finding: OnFinding | None = None) -> tuple[Report, dict[str, Any]]:
    """Lint the exports like `check` does and return (report, figures). Memory: the aggregate's counters."""
    from influlint import api
    from influlint.privacy import mask_finding

    engine = api.build_engine(config, options)
    signals = Signals(load_packs_cached(builtin_pack_dirs()), engine.ruleset.settings)
    labels = make_labels(config, options.lang, show_names, options.show_pii)
    agg = Aggregate(named=labels.named)
    shown_sources: dict = {}  # mask_finding's cache: one masked Source per input

    def observe(unit: Unit, findings: list[Finding]) -> None:
        agg.add(unit, findings, signals.read(unit, findings))
        if on_finding is not None and findings:
            label = labels.label(unit.sender, agg.members.get(unit.sender) if unit.sender else None)
            for f in sorted(findings, key=lambda f: (f.position()[:2], f.code)):
                on_finding(f if options.show_pii else mask_finding(f, shown_sources), label)

    options.on_message = observe
    report = api.lint_paths(paths, config, options, engine, sink=lambda _path, _found: None)
    return report, build_figures(report, agg, labels)
