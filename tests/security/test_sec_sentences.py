"""Sentence splitting in bounded memory: the same spans as the sentence regex, without its backtracking
frame per character (a 4M-character sentence cost 457 MB)."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from influlint.engine.context import _SENTENCE, split_sentences


def _reference(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _SENTENCE.finditer(text) if m.group().strip()]


@settings(max_examples=3000, deadline=timedelta(seconds=1))
@given(st.text(alphabet="ab .!?…\n\t1\u00a0\x1c", max_size=40))
def test_linear_splitter_gives_the_regex_spans(text):
    assert split_sentences(text) == _reference(text)


def test_one_long_sentence_in_bounded_memory():
    code = ("import resource, time; from influlint.engine.context import split_sentences\n"
            "text = 'mot ' * 1_000_000; before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "t = time.perf_counter(); spans = split_sentences(text); elapsed = time.perf_counter() - t\n"
            "print(spans == [(0, len(text))], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before, elapsed)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "True"
    assert int(out[1]) < 50_000, f"{out[1]} KB more for one 4M-character sentence"
    assert float(out[2]) < 2.0
