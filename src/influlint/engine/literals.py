"""Literals a regex cannot match without (the way RE2 and Hyperscan build their prefilters): derived from
the pattern's syntax tree, never hand-kept. A set S means « every match contains one of S (lower case) »;
None means nothing useful is known. Used by the one pass to skip a regex on units where none occurs."""

from __future__ import annotations

try:
    import re._constants as K
    import re._parser as P
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as K
    import sre_parse as P

MIN_LEN = 3  # shorter words (« de », « le ») occur in almost every message: no use as a filter
MAX_SET = 64

SYMBOLS = frozenset("@%€$£#")  # rare enough in chat text to be worth a filter on their own

Need = frozenset[str] | None


def _best(options: list[frozenset[str]]) -> Need:
    good = [o for o in options if o and len(o) <= MAX_SET and all(len(x.strip()) >= MIN_LEN or x in SYMBOLS for x in o)]
    return max(good, key=lambda o: (min(map(len, o)), -len(o))) if good else None


def _seq(items) -> Need:
    options: list[frozenset[str]] = []
    run = ""
    for op, av in list(items) + [(None, None)]:
        if op is K.LITERAL:
            run += chr(av).lower()
            continue
        if run:
            options.append(frozenset({run}))
            run = ""
        if op is None or op in (K.AT, K.ASSERT, K.ASSERT_NOT):
            continue  # zero-width: neither required nor an obstacle
        sub = _item(op, av)
        if sub is not None:
            options.append(sub)
    return _best(options)


def _item(op, av) -> Need:
    if op is K.SUBPATTERN:
        return _seq(av[-1])
    if op is getattr(K, "ATOMIC_GROUP", None):
        return _seq(av)
    if op is K.BRANCH:
        parts = [_seq(b) for b in av[1]]
        if any(p is None for p in parts):
            return None
        out = frozenset().union(*parts)
        return out if len(out) <= MAX_SET else None
    if op in (K.MAX_REPEAT, K.MIN_REPEAT, getattr(K, "POSSESSIVE_REPEAT", None)):
        lo, _hi, sub = av
        return _seq(sub) if lo >= 1 else None
    return None


def required(source: str) -> Need:
    """Literals one of which every match of `source` contains (case-insensitive), or None."""
    try:
        tree = P.parse(source, 0)
    except Exception:  # a `regex`-module-only construct: no prefilter, the regex simply always runs
        return None
    return _seq(tree)
