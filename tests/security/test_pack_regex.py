"""A user pack's regexes are checked at load for catastrophic backtracking (engine/redos.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from influlint.engine import conditions as C
from influlint.engine.loader import load_pack, load_packs
from influlint.engine.redos import catastrophic
from influlint.engine.schema import PackError
from influlint.resources import builtin_pack_dirs

DEMO = Path(__file__).resolve().parents[1] / "data" / "packs" / "demo"
EVIL = [r"(a+)+$", r"(a|a)*", r"(\w+\s?)*", r"(a|aa)+", r"(x+x+)+y", r"(\s*\w+)*$", r"^(\d+)*$", r"(a*)*b",
        r"(?:[a-z]+|\w)+@", r"(.*a){12}", r"(?:ab|ab)+$", r"(?>(a+)+$)"]
SAFE = [r"\bcode\s+promo\b", r"(?:\s+\w+)*", r"(?:\w+\s+)*x", r"(?:[a-z0-9-]+\.)+[a-z]{2,}", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
        r"(?:\w+\s?)*+x", r"(?>(?:\w+\s?)*)x", r"(?:[ ]?[A-Z0-9]{4}){2,7}", r"(?:\w++\s?)*x", r"\d+(?:[.,]\d+)?"]


def _pack(tmp_path: Path, pattern: str, key: str = "regex") -> Path:
    pack = tmp_path / "agence"
    shutil.copytree(DEMO, pack)
    rule = pack / "DEM001-promo-code.yml"
    text = rule.read_text(encoding="utf-8")
    old = "    - {regex: '^\\W*(?:publicite|collaboration\\s+commerciale)\\b', within: head}"
    assert old in text
    quoted = pattern.replace("'", "''")
    new = f"    - {{regex: '{quoted}'}}" if key == "regex" else f"    - {{regex: 'x', exclude: '{quoted}'}}"
    rule.write_text(text.replace(old, old + "\n" + new), encoding="utf-8")
    return pack


@pytest.mark.parametrize("pattern", EVIL)
def test_catastrophic_pattern_rejected_naming_file_rule_field(tmp_path, pattern):
    with pytest.raises(PackError) as info:
        load_pack(_pack(tmp_path, pattern))
    message = str(info.value)
    assert "DEM001-promo-code.yml [DEM001]: unless.any[1].regex: catastrophic backtracking" in message
    assert "\n" not in message


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_pattern_accepted(tmp_path, pattern):
    rules = load_pack(_pack(tmp_path, pattern))
    assert [r.code for r in rules] == ["DEM001", "DEM002"]


def test_exclude_is_checked_too(tmp_path):
    with pytest.raises(PackError, match=r"unless\.any\[1\]\.exclude: catastrophic"):
        load_pack(_pack(tmp_path, r"(a+)+$", key="exclude"))


def test_cli_exit_2_one_line(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("INFLULINT_CACHE_DIR", str(tmp_path / ".cache"))
    pack = _pack(tmp_path, r"(a+)+$")
    post = tmp_path / "post.md"
    post.write_text("Mon code promo LUNA15\n", encoding="utf-8")
    for args in (["check", str(post), "--pack", str(pack)], ["test-rules", str(pack)]):
        code, out, err = run_cli(*args)
        assert code == 2 and len(err.strip().splitlines()) == 1 and "[DEM001]" in err and "regex" in err, err


@pytest.mark.parametrize("pattern,text", [(r"(a+)+$", "a" * 1000 + "!"), (r"(\w+\s?)*$", "a" * 1000 + "!"),
                                          (r"(a|aa)+$", "a" * 1000 + "!"), (r"(x+x+)+y", "x" * 1000),
                                          (r"(\s*\w+)*$", "a" * 1000 + "!"), (r"(a|a)*$", "a" * 60 + "!")])
def test_what_is_rejected_really_backtracks(pattern, text):
    """The check is no style rule: each rejected pattern exhausts a time budget on 1,000 characters."""
    assert catastrophic(pattern) is not None
    with pytest.raises(TimeoutError):
        regex.compile(pattern).search(text, timeout=0.2)


def test_builtin_patterns_pass_the_static_check():
    flagged = []
    for rule in load_packs(builtin_pack_dirs()):
        for root in (rule.match, rule.unless):
            for cond in C.walk(root) if root is not None else ():
                for attr in ("pattern", "exclude"):
                    value = getattr(cond, attr, None)
                    if isinstance(value, C.LazyRegex) and catastrophic(value.source, bool(value.flags & regex.I)):
                        flagged.append(f"{rule.code}: {value.original[:80]}")
    assert flagged == []


PIECES = [*"ab\\wsd.*+?|(){}[]^$-,0123:=!<>#x ", "(?:", "(?>", "(?i)", "(?-i:", "(?P<v>", "(?=", "(?<!", "*+", "++",
          "{2,}", r"\b", r"\p{L}", "(?x)"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_check_never_crashes(pattern):
    """Whatever a pack holds, the check answers (None or a reason); it never raises."""
    result = catastrophic(pattern)
    assert result is None or isinstance(result, str)
