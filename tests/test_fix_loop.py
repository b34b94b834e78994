"""One fix path: lint → fix → lint until stable (ruff's loop); --diff shows the whole result; banned
promotions are never "fixed" by adding mentions."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from influlint import fixer, fixloop
from influlint.model import Edit, Finding, Fix, Source, Unit

GAMBLING = "Pariez sur la finale avec @betrio, premier pari remboursé jusqu'à 100 € ⚽ lien en bio\n"
PUFF = "Ma puff préférée goût mangue 🥭 code LEA10 pour -10 % sur @vaposhop\n"


def test_diff_shows_every_pass_and_fix_needs_one_run(run_cli, tmp_path):
    post = tmp_path / "jeu.md"
    post.write_text(GAMBLING, encoding="utf-8")
    code, diff, _ = run_cli("check", str(post), "--diff")
    assert code == 1
    assert "+Publicité\n" in diff and "+Interdit aux moins de 18 ans.\n" in diff
    assert "+Les jeux d'argent et de hasard peuvent être dangereux" in diff
    assert post.read_text(encoding="utf-8") == GAMBLING  # --diff writes nothing
    code, out, err = run_cli("check", str(post), "--fix", "--format", "json")
    fixed = post.read_text(encoding="utf-8")
    assert fixed.startswith("Publicité\n") and fixed.rstrip().endswith("Interdit aux moins de 18 ans.")
    assert '"fix": {' not in out or '"safe": true' not in out  # nothing safe left to fix after one run
    code, diff, _ = run_cli("check", str(post), "--diff")
    assert diff == "" and code == 0


def test_banned_promotion_gets_no_mention_added(run_cli, tmp_path):
    post = tmp_path / "puff.md"
    post.write_text(PUFF, encoding="utf-8")
    code, diff, _ = run_cli("check", str(post), "--diff")
    assert diff == ""
    code, out, _ = run_cli("check", str(post), "--fix", "--no-color")
    assert post.read_text(encoding="utf-8") == PUFF
    assert code == 1 and "SEC003" in out and "DIS001" in out


def _finding(source: Source, at: int, text: str) -> Finding:
    unit = Unit(source=source, kind="post", start=0, end=len(source.text))
    return Finding(code="X001", name="x.y", category="disclosure", severity="error", unit=unit, start=at, end=at,
                   message="m", excerpt="", fix=Fix("", True, (Edit(at, at, text),)))


def test_loop_is_bounded_when_fixes_never_converge():
    source = Source(path="p.md", text="a\n", format="post")
    calls = []

    def relint(path: str, text: str) -> list[Finding]:
        calls.append(text)
        return [_finding(Source(path=path, text=text, format="post"), 0, "x")]

    [plan] = fixloop.plan_until_stable([_finding(source, 0, "x")], relint)
    assert len(calls) == fixloop.MAX_PASSES
    assert plan.after == "x" * fixloop.MAX_PASSES + "a\n"


def test_two_insertions_at_one_offset_land_in_two_passes():
    source = Source(path="p.md", text="body\n", format="post")
    first, second = _finding(source, 0, "A\n"), _finding(source, 0, "B\n")
    edits, fixed = fixer.choose_edits([first, second], unsafe=False)
    assert len(edits) == 1  # the second waits for the next pass

    def relint(path: str, text: str) -> list[Finding]:
        src = Source(path=path, text=text, format="post")
        return [] if "B\n" in text else [_finding(src, 0, "B\n")]

    [plan] = fixloop.plan_until_stable([first, second], relint)
    assert plan.after == "B\nA\nbody\n"


@given(st.text(alphabet="ab\n é", max_size=40), st.text(alphabet="ab\n é", max_size=40))
def test_net_edits_rebuild_the_fixed_text(before, after):
    assert fixer.apply_edits(before, fixloop.net_edits(before, after)) == after


def test_net_edits_keep_untouched_line_endings(run_cli, tmp_path):
    post = tmp_path / "mixed.md"
    post.write_bytes(GAMBLING.rstrip("\n").encode() + b"\r\nligne\nfin\r\n")
    run_cli("check", str(post), "--fix")
    data = post.read_bytes()
    assert b"\r\nligne\nfin\r\n" in data and data.startswith("Publicité\r\n".encode())


def test_api_apply_fixes_is_the_fixer_algorithm():
    from influlint.api import apply_fixes, lint_text

    findings = lint_text(PUFF, lang="fr")
    assert apply_fixes(PUFF, findings) == PUFF  # same hold on banned promotions as --fix
    text = "Code LUNA15 chez @glowlab 💜"
    assert apply_fixes(text, lint_text(text)).startswith("Publicité")


def test_relint_reads_the_text_as_the_file(tmp_path: Path):
    from influlint.api import RunOptions, build_engine
    from influlint.config import Config

    cfg, options = Config(), RunOptions(lang="en")
    engine = build_engine(cfg, options)
    relint = fixloop.relinter(lambda _p: engine, lambda _p: cfg, options)
    codes = {f.code for f in relint("post.md", GAMBLING)}
    assert {"DIS001", "SEC008", "SEC010"} <= codes
