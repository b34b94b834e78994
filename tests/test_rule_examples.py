"""One generic test over every rule's examples (ids like DIS001-invalid-0; `pytest -k DIS001`)."""

from __future__ import annotations

from functools import lru_cache

import pytest

from influlint.examples import engine_for, example_problem, iter_examples
from influlint.resources import builtin_pack_dirs


@lru_cache(maxsize=1)
def _engine():
    return engine_for(builtin_pack_dirs())


def _examples():
    try:
        return list(iter_examples(_engine().rules))
    except Exception as exc:  # a broken pack must fail loudly, not hide its examples
        return [pytest.param(None, marks=pytest.mark.xfail(reason=str(exc), strict=True), id="pack-load-error")]


@pytest.mark.parametrize("example", _examples(), ids=lambda e: e.id if e is not None else "pack")
def test_rule_example(example):
    if example is None:
        _engine()  # re-raise the load error
    problem = example_problem(_engine(), example)
    assert problem is None, problem
