"""Every built-in rule runs in near-linear time on long runs (spaces, newlines, digits, letters, its own
trigger words) and never gives up (ENG001). 10k and 100k characters always; 1M with the `slow` marker,
which CI runs (it is not deselected by default)."""

from __future__ import annotations

import time
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from influlint.engine.conditions import Hit, _near
from influlint.engine.loader import load_packs
from influlint.engine.runner import GAVE_UP_CODE, RuleSet, Settings
from influlint.i18n import Renderer
from influlint.model import Source, Unit
from influlint.resources import builtin_pack_dirs

FILLS = {"spaces": " ", "newlines": "\n", "digits": "7", "counting": "0123456789", "letters": "a",
         "words": "abc def ", "crlf": "\r\n", "dots": ". "}
BIG_RUNS = ("spaces", "newlines", "digits", "letters", "trigger-run")  # at 1M: the runs the issue names
FLOOR = 0.05  # seconds: below it, timer noise dominates
FACTOR = 4  # 10× more text may cost up to 40× more time (linear with a generous margin); quadratic costs 100×


@cache
def _rules():
    return {r.code: r for r in load_packs(builtin_pack_dirs())}


def _triggers(rule) -> str:
    """The words that make the rule run (prefilter literals) and the start of its first invalid example."""
    words = list(rule.prefilter)
    example = (rule.examples.get("invalid") or [""])[0]
    words += (example if isinstance(example, str) else example["text"]).split()[:12]
    return " ".join(words) or "code"


def _inputs(rule, n: int) -> dict[str, str]:
    trig = _triggers(rule)
    out = {name: f"{trig} {(fill * (n // len(fill) + 1))[:n]} ." for name, fill in FILLS.items()}
    out["trigger-run"] = ((trig + " ") * (n // (len(trig) + 1) + 1))[:n]
    out["trigger-spaced"] = (" " * 500).join([trig] * max(1, n // 500))[:n]
    return out


def _time(ruleset: RuleSet, rule, text: str) -> tuple[float, list[str]]:
    kind = "message" if "post" not in rule.kinds else "post"
    source = Source("t.md", text, format="post" if kind == "post" else "message")
    unit = Unit(source, 0, len(text), kind=kind)
    start = time.perf_counter()
    findings = ruleset.run(unit)
    return time.perf_counter() - start, [f.code for f in findings]


def _check(code: str, sizes: tuple[int, ...], only: tuple[str, ...] = ()) -> None:
    rule = _rules()[code]
    ruleset = RuleSet([rule], Settings(render=Renderer("en")))
    problems = []
    small = {name: text for name, text in _inputs(rule, sizes[0]).items() if not only or name in only}
    base = {name: _time(ruleset, rule, text) for name, text in small.items()}
    for size in sizes[1:]:
        ratio = size / sizes[0]
        for name, text in _inputs(rule, size).items():
            if name not in base:
                continue
            took, codes = _time(ruleset, rule, text)
            if GAVE_UP_CODE in codes or GAVE_UP_CODE in base[name][1]:
                problems.append(f"{name}@{size}: gave up (ENG001)")
            elif took > max(base[name][0], FLOOR) * ratio * FACTOR:
                problems.append(f"{name}@{size}: {took:.2f}s vs {base[name][0]:.3f}s at {sizes[0]}")
    assert not problems, f"{code}: " + "; ".join(problems)


def _codes():
    return sorted(_rules())


@pytest.mark.parametrize("code", _codes())
def test_rule_is_linear_up_to_100k(code):
    _check(code, (10_000, 100_000))


@pytest.mark.slow
@pytest.mark.parametrize("code", _codes())
def test_rule_is_linear_up_to_1m(code):
    _check(code, (100_000, 1_000_000), BIG_RUNS)


spans = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 30)).map(lambda t: Hit(t[0], t[0] + t[1])), max_size=25)


@settings(max_examples=300, deadline=None)
@given(got=spans, anchors=spans, chars=st.integers(0, 60))
def test_near_filter_is_the_pairwise_definition(got, anchors, chars):
    """`near` is computed in O(n log n) for long runs; it keeps exactly the hits the pairwise test keeps."""
    naive = [g for g in got if any(g.start - chars <= a.end and a.start - chars <= g.end for a in anchors)]
    assert _near(got, anchors, chars) == naive
