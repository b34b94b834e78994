"""Safe disclosure fixes: applying them leaves no disclosure finding (issue 3).

For every invalid example of a disclosure rule whose fix is safe, lint the example, apply the safe
fixes of that rule's findings, and lint again: no disclosure finding may remain (errors, warnings or
info).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from influlint.api import apply_fixes, lint_text

PACK = Path(__file__).resolve().parents[1] / "rules" / "disclosure"


def _cases():
    for path in sorted(PACK.glob("DIS*.yml")):
        rule = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not (rule.get("fix") or {}).get("safe"):
            continue
        for i, item in enumerate(rule["examples"]["invalid"]):
            item = {"text": item} if isinstance(item, str) else item
            yield pytest.param(rule["code"], item, id=f"{rule['code']}-fix-{i}")


def _lint(text: str, item: dict) -> list:
    return lint_text(text, meta=dict(item.get("meta") or {}), kind=item.get("kind", "post"))


@pytest.mark.parametrize(("code", "item"), list(_cases()))
def test_safe_fix_clears_disclosure(code, item):
    findings = [f for f in _lint(item["text"], item) if f.category == "disclosure"]
    own = [f for f in findings if f.code == code]
    assert own, f"{code} does not fire on its invalid example"
    fixed = apply_fixes(item["text"], findings)
    assert fixed != item["text"]
    left = [(f.code, f.excerpt) for f in _lint(fixed, item) if f.category == "disclosure"]
    assert not left, f"after fixing: {left} in {fixed!r}"


@pytest.mark.parametrize("wording", ["Publicité", "Collaboration commerciale"])
def test_prepended_wording_is_first_line(wording):
    from influlint.api import RunOptions, build_engine, lint_unit
    from influlint.config import Config
    from influlint.model import Report, Source
    from influlint.readers.post import read_post

    config = Config()
    config.wording = wording
    engine = build_engine(config, RunOptions())
    text = "Mon sérum préféré @lumelia.paris 💜 code LEA15 pour -15 %"
    unit = next(read_post(Source(path="<t>", text=text), {}))
    findings = lint_unit(engine, unit, config, RunOptions(), Report())
    fixed = apply_fixes(text, [f for f in findings if f.code == "DIS001"])
    assert fixed.splitlines()[0] == wording


def test_weak_hashtag_is_replaced_in_place():
    text = "#ad Loving this palette from @colorbay 🎨 Code ZOE15"
    findings = [f for f in lint_text(text) if f.code == "DIS009"]
    assert apply_fixes(text, findings) == "Publicité Loving this palette from @colorbay 🎨 Code ZOE15"


def test_message_mentions_are_statutory_plural():
    fixed = apply_fixes("Premier jour de vacances 🌴", lint_text("Premier jour de vacances 🌴", meta={"images": "retouched"}))
    assert fixed.endswith("\nImages retouchées")
