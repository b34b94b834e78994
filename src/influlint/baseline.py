"""Baselines: accept the findings a team already has and report only new ones.

A finding's fingerprint is a SHA-256 of its rule code, its unit (path, kind and, for a chat
message, id, timestamp and sender) and its normalised matched text, plus an occurrence index
when the same text is flagged twice in one unit. Line numbers are not part of it, so a
finding keeps its identity when the file is edited elsewhere. The baseline file stores rule
codes and hashes only: never a path, a sender or the matched text (detect-secrets model).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath
from urllib.parse import quote

from influlint.model import Finding, Report

BASELINE_VERSION = 1
_SEP = "\x1f"


class BaselineError(Exception):
    """A baseline file that cannot be read; the message names the file."""


def artifact_path(path: str) -> str:
    """The path as shown to CI: relative to the working directory when possible, POSIX separators."""
    if path in ("-", "<stdin>"):
        return "stdin"
    pure = PurePath(path)
    if pure.is_absolute():
        try:
            pure = PurePath(os.path.relpath(pure, Path.cwd()))
        except ValueError:  # another drive on Windows
            return pure.as_posix()
        if pure.parts[:1] == ("..",):
            return PurePath(path).as_posix()
    posix = pure.as_posix()
    return posix[2:] if posix.startswith("./") else posix


def artifact_uri(path: str) -> str:
    """A URI reference for SARIF: relative and percent-encoded, or file:// for paths outside the cwd."""
    shown = artifact_path(path)
    if PurePath(shown).is_absolute():
        return Path(shown).as_uri()
    return quote(shown, safe="/")


def normalise(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: cosmetic edits keep the fingerprint."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _identity(finding: Finding) -> tuple[str, ...]:
    unit = finding.unit
    key = [finding.code, artifact_path(finding.path), unit.kind]
    if unit.kind != "post":
        key += [unit.id or "", unit.timestamp or "", unit.sender or ""]
    key.append(normalise(unit.source.text[finding.start : finding.end]))
    return tuple(key)


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One fingerprint per finding, in order; duplicates get an occurrence index (file order)."""
    order = sorted(range(len(findings)), key=lambda i: (findings[i].path, findings[i].start, findings[i].code))
    seen: Counter[tuple[str, ...]] = Counter()
    out = [""] * len(findings)
    for i in order:
        identity = _identity(findings[i])
        payload = _SEP.join([*identity, str(seen[identity])])
        seen[identity] += 1
        out[i] = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return out


def dump_baseline(findings: Sequence[Finding]) -> str:
    """The baseline file: rule codes and fingerprints, sorted, nothing else."""
    entries = sorted({(f.code, fp) for f, fp in zip(findings, fingerprints(findings), strict=True)})
    data = {"influlint_baseline": BASELINE_VERSION,
            "findings": [{"rule": code, "fingerprint": fp} for code, fp in entries]}
    return json.dumps(data, indent=2) + "\n"


def load_baseline(path: str | Path) -> frozenset[str]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a baseline file ({exc})") from None
    if not isinstance(data, dict) or data.get("influlint_baseline") != BASELINE_VERSION:
        raise BaselineError(f"{path}: not an influlint baseline (version {BASELINE_VERSION}); "
                            "write one with --write-baseline")
    entries = data.get("findings")
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str)
                                                for e in entries):
        raise BaselineError(f"{path}: 'findings' must be a list of {{rule, fingerprint}}")
    return frozenset(e["fingerprint"] for e in entries)


def new_findings(findings: Sequence[Finding], known: Iterable[str]) -> list[Finding]:
    """The findings whose fingerprint is not in the baseline, in their original order."""
    known = frozenset(known)
    return [f for f, fp in zip(findings, fingerprints(findings), strict=True) if fp not in known]


def filter_report(report: Report, known: Iterable[str]) -> tuple[Report, int]:
    """A copy of the report without the baselined findings, and how many were dropped."""
    kept = new_findings(report.findings, known)
    return dataclasses.replace(report, findings=kept), len(report.findings) - len(kept)
