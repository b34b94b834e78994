"""`--fix`, `--unsafe-fixes` and `--diff`: apply the fixes of findings to post files.

Edits are offsets into `unit.source.text`, the decoded file text with line endings normalised
to `\\n`. Writing maps them back onto the file as it is on disk, so untouched bytes stay as they
were: the encoding (UTF-8 with or without BOM, UTF-16 with BOM, cp1252, latin-1) and the line
endings (inserted newlines follow the file's dominant style). Files are replaced atomically
(temp file in the same directory + os.replace; see _inplace.py for links and read-only files). Chat exports are evidence: never edited.
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from influlint._inplace import WriteRefused, write_back
from influlint.model import Edit, Finding
from influlint.readers._text import normalize_newlines

CHAT_REFUSED = "chat export not edited: exports are evidence, --fix only rewrites posts"


class FixError(Exception):
    """A file that cannot be fixed; the message is one line, the caller adds the path."""


@dataclass(frozen=True, slots=True)
class FilePlan:
    path: str
    before: str  # normalised text the findings were computed on
    edits: tuple[Edit, ...]
    fixed: tuple[Finding, ...]  # findings whose fix is applied (or made redundant by an identical edit)
    error: str | None = None

    @property
    def after(self) -> str:
        return apply_edits(self.before, self.edits)


def applicable(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and bool(finding.fix.edits) and (finding.fix.safe or unsafe)


def _needs_a_human(finding: Finding) -> bool:
    """A rule whose fix is `action: none` (a promotion banned outright, an instruction to hide the mention)."""
    return finding.fix is not None and not finding.fix.edits


def _adds_text(finding: Finding) -> bool:
    return finding.fix is not None and all(e.start == e.end for e in finding.fix.edits)


def _overlaps(e: Edit, o: Edit) -> bool:
    return not (e.end <= o.start or o.end <= e.start) or (e.start == e.end == o.start == o.end)


def choose_edits(findings: Iterable[Finding], unsafe: bool) -> tuple[list[Edit], list[Finding]]:
    """Edits of every applicable fix that does not overlap an earlier one (file order), and their findings.

    This is the one fix algorithm (`--fix`, `--diff`, api.apply_fixes). Two insertions at one offset overlap:
    the second waits for the next lint → fix pass (fixloop). In a unit with a finding no text can fix (a banned
    promotion), fixes that only add text (mentions) are held back: they would make the post look compliant."""
    findings = list(findings)
    held = {(f.path, f.unit.start) for f in findings if _needs_a_human(f)}
    edits: list[Edit] = []
    fixed: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, f.code)):
        if not applicable(f, unsafe) or ((f.path, f.unit.start) in held and _adds_text(f)):
            continue
        new = [e for e in f.fix.edits if e not in edits]
        if any(_overlaps(e, o) for e in new for o in edits):
            continue
        edits.extend(new)
        fixed.append(f)
    return edits, fixed


def apply_edits(text: str, edits: Iterable[Edit], newline: str = "\n") -> str:
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.text.replace("\n", newline) + text[edit.end:]
    return text


def plan_fixes(findings: Iterable[Finding], unsafe: bool = False) -> list[FilePlan]:
    """One plan per file with applicable fixes, in path order; chat exports get a refusal."""
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    plans = []
    for path in sorted(by_path):
        group = [f for f in by_path[path] if applicable(f, unsafe)]
        if not group:
            continue
        source = group[0].unit.source
        if source.format != "post" or any(f.unit.kind != "post" for f in group):
            plans.append(FilePlan(path, source.text, (), (), CHAT_REFUSED))
            continue
        edits, fixed = choose_edits(by_path[path], unsafe)
        plans.append(FilePlan(path, source.text, tuple(edits), tuple(fixed)))
    return plans


def unified_diff(plan: FilePlan) -> str:
    """A `git apply`-compatible diff of the plan (normalised line endings)."""
    after = plan.after
    if after == plan.before:
        return ""
    lines = []
    for line in difflib.unified_diff(plan.before.splitlines(keepends=True), after.splitlines(keepends=True),
                                     fromfile=f"a/{plan.path}", tofile=f"b/{plan.path}"):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def _decode(data: bytes) -> tuple[str, str, bytes]:
    """(text, codec, bom) with the reader's rules (readers/_text.decode_bytes), but strict."""
    boms = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
    for bom, codec in boms:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec, bom
            except UnicodeDecodeError:
                raise FixError(f"invalid {codec} text, not rewritten") from None
    for codec in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(codec), codec, b""
        except UnicodeDecodeError:
            continue
    raise FixError("undecodable text, not rewritten")  # pragma: no cover - latin-1 decodes anything


def _newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf, cr = text.count("\n") - crlf, text.count("\r") - crlf
    if crlf > lf and crlf >= cr:
        return "\r\n"
    return "\r" if cr > lf and cr > crlf else "\n"


def _offset_map(raw: str) -> list[int]:
    """Index in `raw` of every offset of normalize_newlines(raw) (one past the end included)."""
    out, i, n = [], 0, len(raw)
    while i < n:
        out.append(i)
        i += 2 if raw.startswith("\r\n", i) else 1
    out.append(n)
    return out


def fixed_bytes(plan: FilePlan, data: bytes) -> bytes:
    """The file's new bytes: the plan's edits mapped onto the raw text, re-encoded as read."""
    raw, codec, bom = _decode(data)
    if normalize_newlines(raw) != plan.before:
        raise FixError("file changed since it was checked, not rewritten")
    where = _offset_map(raw)
    newline = _newline(raw)
    edits = [Edit(where[e.start], where[e.end], e.text) for e in plan.edits]
    try:
        return bom + apply_edits(raw, edits, newline).encode(codec)
    except UnicodeEncodeError as exc:
        raise FixError(f"the fix inserts {exc.object[exc.start:exc.end]!r}, which {codec} cannot encode; "
                       "not rewritten") from None


def write_plan(plan: FilePlan) -> bool:
    """Apply one plan to its file; True when the file changed. Raise FixError with a one-line reason."""
    if plan.error:
        raise FixError(plan.error)
    if plan.path == "<stdin>":
        raise FixError("standard input cannot be fixed in place (use --diff)")
    path = Path(plan.path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FixError(exc.strerror or str(exc)) from None
    new = fixed_bytes(plan, data)
    if new == data:
        return False
    try:
        write_back(path, new)  # symlinks followed, hard links kept, read-only refused (_inplace.py)
    except WriteRefused as exc:
        raise FixError(str(exc)) from None
    except OSError as exc:
        raise FixError(f"cannot write: {exc.strerror or exc}") from None
    return True
