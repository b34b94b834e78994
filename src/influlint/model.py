"""Plain data that flows through the pipeline: Source ▶ Unit ▶ Finding ▶ Report."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
CATEGORIES = ("disclosure", "misleading-claim", "sensitive-sector", "personal-data")


def _line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return tuple(starts)


@dataclass(frozen=True, slots=True)
class Source:
    """Text of one input (or of one piece of a streamed input).

    `line_base` is the number of physical lines of the file before `text`
    (0 for a whole file), so a reader may hand out one Source per chat message
    and still report real file lines.
    """

    path: str
    text: str
    format: str = "post"
    line_base: int = 0
    line_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.line_starts:
            object.__setattr__(self, "line_starts", _line_starts(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        idx = bisect.bisect_right(self.line_starts, offset) - 1
        return self.line_base + idx + 1, offset - self.line_starts[idx] + 1


@dataclass(frozen=True, slots=True)
class Unit:
    """One post or chat message: `text == source.text[start:end]`."""

    source: Source
    start: int
    end: int
    kind: str = "post"  # post | message
    meta: Mapping[str, Any] = field(default_factory=dict)
    sender: str | None = None
    timestamp: str | None = None
    id: str | None = None
    is_system: bool = False
    lang: str | None = None

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]

    @property
    def line(self) -> int:
        return self.source.position(self.start)[0]


@dataclass(frozen=True, slots=True)
class Edit:
    start: int  # offsets into unit.source.text
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    description: str
    safe: bool
    edits: tuple[Edit, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    category: str
    severity: str
    unit: Unit
    start: int  # offsets into unit.source.text
    end: int
    message: str
    excerpt: str
    law: tuple[Mapping[str, str], ...] = ()
    fix: Fix | None = None
    confidence: float = 1.0
    signals: tuple[str, ...] = ()
    help: str = ""
    pii: tuple[tuple[int, int, str], ...] = ()  # spans of personal data (source offsets, kind)

    @property
    def path(self) -> str:
        return self.unit.source.path

    def position(self) -> tuple[int, int, int, int]:
        line, col = self.unit.source.position(self.start)
        end_line, end_col = self.unit.source.position(max(self.end, self.start))
        return line, col, end_line, end_col


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    format: str
    units: int


@dataclass(frozen=True, slots=True)
class InputError:
    path: str
    message: str


def _tally(findings: list[Finding], into: dict[tuple[str, str, str, str], int]) -> dict[tuple[str, str, str, str], int]:
    for f in findings:
        key = (f.code, f.name, f.category, f.severity)
        into[key] = into.get(key, 0) + 1
    return into


@dataclass(slots=True)
class Report:
    findings: list[Finding] = field(default_factory=list)
    files: list[FileResult] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)
    rules: list[Any] = field(default_factory=list)  # compiled rules that ran (metadata for formatters)
    suppressed: dict[str, int] = field(default_factory=dict)  # code -> findings silenced inline
    tally: dict[tuple[str, str, str, str], int] = field(default_factory=dict)  # (code, name, category, severity) -> n
    locale: str = "en"
    show_pii: bool = False

    def count(self, findings: list[Finding]) -> None:
        _tally(findings, self.tally)

    def totals(self) -> dict[tuple[str, str, str, str], int]:
        """(code, name, category, severity) -> n: the tally when findings were streamed, else the list."""
        return self.tally or _tally(self.findings, {})

    def severities(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for (_, _, _, sev), n in self.totals().items():
            out[sev] = out.get(sev, 0) + n
        return out
