"""Turn a word-list regex of an old rule into concept entries (a migration aid, not used at run time).

`python tools/regex_to_concept.py RULE_FILE INDEX` prints the entries of the INDEX-th `regex:` of the file
when the regex is a finite list of words and phrases (groups, alternation, `?`, small character classes,
`\\s+` between words, a trailing `\\w*` read as a prefix `*`, `\\b` at the edges). Lookarounds, digits and
wildcards are refused: those stay shapes. Forms X and Xs collapse into the entry X (inflect: plural).
"""

from __future__ import annotations

import re
import sys

try:
    import re._constants as sre_c
    import re._parser as sre_parse  # Python 3.11+
except ImportError:  # pragma: no cover
    import sre_constants as sre_c
    import sre_parse

MAX = 4000


class Refused(Exception):
    pass


def _cat(a: list[str], b: list[str]) -> list[str]:
    out = [x + y for x in a for y in b]
    if len(out) > MAX:
        raise Refused("too many forms")
    return out


def expand(items) -> list[str]:
    forms = [""]
    seq = list(items)
    for i, (op, av) in enumerate(seq):
        if op is sre_c.LITERAL:
            forms = _cat(forms, [chr(av)])
        elif op is sre_c.AT:
            if av not in (sre_c.AT_BOUNDARY,):
                raise Refused(f"anchor {av}")
        elif op is sre_c.SUBPATTERN:
            forms = _cat(forms, expand(av[-1]))
        elif op is sre_c.BRANCH:
            alts = [f for branch in av[1] for f in expand(branch)]
            forms = _cat(forms, alts)
        elif op is sre_c.IN:
            chars = []
            for kind, val in av:
                if kind is sre_c.LITERAL:
                    chars.append(chr(val))
                elif kind is sre_c.CATEGORY and val is sre_c.CATEGORY_SPACE:
                    chars.append(" ")
                else:
                    raise Refused(f"class {kind}")
            forms = _cat(forms, sorted(set(chars)))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av
            sub = list(sub)
            if len(sub) == 1 and sub[0][0] is sre_c.IN and sub[0][1] == [(sre_c.CATEGORY, sre_c.CATEGORY_WORD)]:
                if i != len(seq) - 1 and not all(o is sre_c.AT for o, _ in seq[i + 1:]):
                    raise Refused("\\w* inside")
                forms = [f + "*" for f in forms]
                continue
            if len(sub) == 1 and sub[0][0] is sre_c.IN and sub[0][1] == [(sre_c.CATEGORY, sre_c.CATEGORY_SPACE)]:
                forms = _cat(forms, [" "] if lo >= 1 else ["", " "])
                continue
            if (lo, hi) != (0, 1):
                raise Refused(f"repeat {lo},{hi}")
            forms = _cat(forms, [""] + expand(sub))
        else:
            raise Refused(str(op))
    return forms


def entries(pattern: str) -> list[str]:
    if "(?-i" in pattern or "(?i" in pattern:
        raise Refused("case flags")
    tree = sre_parse.parse(pattern, re.I)
    forms = sorted({" ".join(f.split()) for f in expand(tree) if f.strip()})
    if any("*" in f[:-1] for f in forms):
        raise Refused("prefix mark inside a form")
    keep = set(forms)
    out = []
    for f in forms:
        if f.endswith("s") and f[:-1] in keep:
            continue
        out.append(f + "{,s}" if f + "s" in keep else f)
    return out


def split_top(p: str) -> list[str]:
    """Top-level alternatives of a pattern (outside groups and classes)."""
    parts, depth, cls, i, start = [], 0, False, 0, 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if cls:
            cls = c != "]"
        elif c == "[":
            cls = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(p[start:i])
            start = i + 1
        i += 1
    parts.append(p[start:])
    return parts


def _closing(p: str, open_at: int) -> int:
    """Index of the parenthesis closing the one at `open_at` (escapes and classes skipped)."""
    depth, cls, i = 0, False, open_at
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if cls:
            cls = c != "]"
        elif c == "[":
            cls = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def alternatives(p: str) -> list[str]:
    """Alternatives, with a whole-part `\\b(?:…)` group distributed over its own alternatives."""
    out = []
    for part in split_top(p):
        if part.startswith("\\b(?:"):
            close = _closing(part, 2)
            tail = part[close + 1:]
            if close > 0 and tail in ("", "\\b"):
                out.extend("\\b" + a + tail for a in split_top(part[5:close]))
                continue
        out.append(part)
    return out


def convert(pattern: str) -> tuple[list[str], list[str]]:
    """(entries, residual alternatives that stay regex). An alternative that does not end on a word boundary
    matches the start of a longer word too (« avec le » in « avec leur »): its word forms become prefixes."""
    found, rest = [], []
    for alt in alternatives(pattern):
        try:
            forms = entries(alt)
        except (Refused, re.error):
            rest.append(alt)
            continue
        if not alt.endswith("\\b"):
            forms = sorted({f.replace("{,s}", "") + "*" if f.replace("{,s}", "")[-1:].isalnum() else f for f in forms})
        found.extend(forms)
    return found, rest


if __name__ == "__main__":
    import yaml

    text = open(sys.argv[1], encoding="utf-8").read()
    quoted = re.findall(r"regex: ('(?:[^']|'')*')", text)[int(sys.argv[2])]
    pattern = yaml.safe_load("x: " + quoted)["x"]
    found, rest = convert(pattern)
    for e in found:
        print(f"    - '{e.replace(chr(39), chr(39) * 2)}'")
    if rest:
        print("residual: '" + "|".join(rest).replace(chr(39), chr(39) * 2) + "'")
