"""Static check for catastrophic backtracking in pack regexes, done once when a pack is loaded.

A repetition `(B)+`, `(B)*` or `(B){n,}` backtracks exponentially when the text it covers can be cut
into iterations of B in many ways: `(a+)+$`, `(a|a)*`, `(\\w+\\s?)*`, `(a|aa)+`, `(x+x+)+y`. We look
for exactly that, over Python's own parse of the pattern (`re._parser`, the former `sre_parse`):
for each probe character c (the pattern's literals plus a fixed set of spaces, letters, digits and
punctuation), we count the ways B matches c, cc, ccc, cccc. B is ambiguous when it matches one of
them in two ways, or matches two different lengths of them (then c repeated can be cut in
exponentially many ways). Possessive repeats (`++`, `*+`) and atomic groups (`(?>…)`) never give
back what they took, so they are the accepted rewrite. Patterns using syntax only the `regex` module
knows are not analysed (the time budget still bounds them).
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

try:  # Python ≥ 3.11
    from re import _constants as K
    from re import _parser as P
except ImportError:  # pragma: no cover
    import sre_constants as K  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

HORIZON = 4  # lengths 1..4 of c repeated: enough to see two lengths or two ways
BIG = 10  # a repeat whose maximum exceeds this counts as unbounded ({3,6} stays polynomial and small)
PROBES = " \n\taAzZé09_.-,'\"@#/:€%+*"
_REPEATS = (K.MAX_REPEAT, K.MIN_REPEAT)

Ways = dict[int, int]  # length of c repeated -> number of ways (capped at 2)


def _add(a: Ways, b: Ways) -> Ways:
    out = dict(a)
    for k, w in b.items():
        out[k] = min(2, out.get(k, 0) + w)
    return out


def _concat(a: Ways, b: Ways) -> Ways:
    out: Ways = {}
    for i, x in a.items():
        for j, y in b.items():
            if i + j <= HORIZON:
                out[i + j] = min(2, out.get(i + j, 0) + x * y)
    return out


def _in_class(items, c: str, ignore_case: bool) -> bool:
    chars = {c, c.lower(), c.upper()} if ignore_case else {c}
    negate, hit = False, False
    for op, av in items:
        if op is K.NEGATE:
            negate = True
        elif op is K.LITERAL:
            hit |= chr(av) in chars
        elif op is K.RANGE:
            hit |= any(av[0] <= ord(ch) <= av[1] for ch in chars)
        elif op is K.CATEGORY:
            hit |= _category(av, c)
    return hit != negate


def _category(cat, c: str) -> bool:
    name = str(cat)
    test = {"DIGIT": c.isdigit(), "SPACE": c.isspace(), "WORD": c.isalnum() or c == "_", "LINEBREAK": c == "\n"}
    for key, value in test.items():
        if name.endswith(key):
            return not value if "NOT_" in name else value
    return True


def _ways(seq, c: str, ignore_case: bool) -> Ways:
    """Ways the node list `seq` matches c repeated 0..HORIZON times."""
    total: Ways = {0: 1}
    for op, av in seq:
        total = _concat(total, _node(op, av, c, ignore_case))
        if not total:
            break
    return total


def _node(op, av, c: str, ignore_case: bool) -> Ways:
    one = {1: 1}
    if op is K.LITERAL:
        return one if chr(av) == c or (ignore_case and chr(av).lower() == c.lower()) else {}
    if op is K.NOT_LITERAL:
        return {} if chr(av) == c or (ignore_case and chr(av).lower() == c.lower()) else one
    if op is K.ANY:
        return one if c != "\n" else {}
    if op is K.IN:
        return one if _in_class(av, c, ignore_case) else {}
    if op is K.AT:
        return {} if av in (K.AT_BOUNDARY, K.AT_BEGINNING, K.AT_END, K.AT_BEGINNING_STRING, K.AT_END_STRING) else {0: 1}
    if op in (K.ASSERT, K.ASSERT_NOT):
        return {0: 1}
    if op is K.SUBPATTERN:
        _, add, _del, sub = av
        return _ways(sub, c, (ignore_case or bool(add & K.SRE_FLAG_IGNORECASE)) and not _del & K.SRE_FLAG_IGNORECASE)
    if op is K.BRANCH:
        out: Ways = {}
        for alt in av[1]:
            out = _add(out, _ways(alt, c, ignore_case))
        return out
    if op in _REPEATS:
        lo, hi, sub = av
        inner, out, power = _ways(sub, c, ignore_case), {}, {0: 1}
        for r in range(0, min(hi, lo + HORIZON + 1) + 1):
            if r >= lo:
                out = _add(out, power)
            power = _concat(power, inner)
        return out
    return {HORIZON + 1: 1}  # possessive, atomic, backreference…: one way, taken as a whole


def _branchy(seq) -> bool:
    """Does the node list hold a repeat or an alternation (the only sources of several ways)?"""
    for op, av in seq:
        if op in _REPEATS or op is K.BRANCH or op is K.POSSESSIVE_REPEAT:
            return True
        if op is K.SUBPATTERN and _branchy(av[3]) or op is K.ATOMIC_GROUP and _branchy(av):
            return True
    return False


def _repeats(seq, ignore_case: bool):
    """Every backtracking repeat with a large maximum: (body, ignore_case)."""
    for op, av in seq:
        if op in _REPEATS:
            if av[1] > BIG and _branchy(av[2]):
                yield av[2], ignore_case
            yield from _repeats(av[2], ignore_case)
        elif op is K.SUBPATTERN:
            _, add, _del, sub = av
            yield from _repeats(sub, (ignore_case or bool(add & K.SRE_FLAG_IGNORECASE)) and not _del & K.SRE_FLAG_IGNORECASE)
        elif op is K.BRANCH:
            for alt in av[1]:
                yield from _repeats(alt, ignore_case)
        elif op in (K.ASSERT, K.ASSERT_NOT):
            yield from _repeats(av[1], ignore_case)
        elif op is K.POSSESSIVE_REPEAT:
            yield from _repeats(av[2], ignore_case)
        elif op is K.ATOMIC_GROUP:  # a repeat ending the group never gives back: only what comes before counts
            items = list(av)
            if items and items[-1][0] in _REPEATS:
                yield from _repeats(items[:-1], ignore_case)
                yield from _repeats(items[-1][1][2], ignore_case)
            else:
                yield from _repeats(items, ignore_case)


@lru_cache(maxsize=1024)
def catastrophic(pattern: str, ignore_case: bool = True) -> str | None:
    """None when the pattern is safe (or cannot be analysed); else what it stalls on (a quoted character)."""
    try:
        with warnings.catch_warnings():  # "possible nested set" and the like: the regex module's syntax differs
            warnings.simplefilter("ignore")
            tree = P.parse(pattern, re.IGNORECASE if ignore_case else 0)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    flags = bool(tree.state.flags & re.IGNORECASE)
    probes = set(PROBES) | {chr(av) for op, av in _literals(tree) if 32 <= av < 0x110000}
    for body, case in _repeats(tree, flags):
        if _same_alternatives(body):
            return "text offered twice by an alternation"
        for c in sorted(probes, key=lambda ch: (ch.isupper(), ch)):
            ways = _ways(body, c, case)
            if ways.get(0) and len(ways) > 1 or any(w > 1 for k, w in ways.items() if k) \
                    or len([k for k in ways if 0 < k <= HORIZON]) > 1:
                return repr(c)
    return None


def _same_alternatives(seq) -> bool:
    """An alternation offering one text twice, `(ab|ab)`: each run of it can be matched both ways."""
    for op, av in seq:
        if op is K.BRANCH:
            alts = [str(list(alt)) for alt in av[1]]
            if len(set(alts)) < len(alts) or any(_same_alternatives(alt) for alt in av[1]):
                return True
        elif op is K.SUBPATTERN and _same_alternatives(av[3]):
            return True
        elif op in _REPEATS and _same_alternatives(av[2]):
            return True
    return False


def _literals(seq):
    for op, av in seq:
        if op is K.LITERAL:
            yield op, av
        elif op is K.SUBPATTERN:
            yield from _literals(av[3])
        elif op is K.BRANCH:
            for alt in av[1]:
                yield from _literals(alt)
        elif op in _REPEATS or op is K.POSSESSIVE_REPEAT:
            yield from _literals(av[2])
        elif op is K.ATOMIC_GROUP:
            yield from _literals(av)
