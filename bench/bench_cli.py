"""CLI speed benchmark, side by side with the floor of this stack in the same run.

Floor: a minimal typer + rich command that does nothing. Then:
  1. `influlint --version`                                   (target ≤ 1.3× the floor)
  2. `influlint check` of one 2 KB post that fires no NLP rule (target ≤ 2× the floor)
  3. the same post with --no-model (rules alone), and a 2 KB post that no model cue reaches
     (the model's weights and numpy are not loaded: target ≤ 2× the floor)
  4. the same post where a spaCy (entity) rule has to run
  5. posts per second on a directory of 1,000 posts (`check DIR --format json`), model on and off

Usage: python bench/bench_cli.py [--repeat 5] [--posts 1000]
Each figure is the median wall time of `--repeat` runs of a fresh process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = textwrap.dedent("""
    import typer
    from rich.console import Console
    app = typer.Typer()
    @app.command()
    def main(version: bool = typer.Option(False, "--version")):
        Console().print("floor 0.0")
    app()
""")
POST = ("Ma routine du soir 🌙 Le sérum @glowlab hydrate bien ma peau, texture légère et agréable. " * 22)[:2000]
# function words only (never model cues): a post the model's prefilter skips, whatever it was trained on
QUIET_POST = ("Alors, comme toujours, nous avec vous : tout, mais encore plus, et même quand elle est là. " * 24)[:2000]
READ_POST = POST[:1900] + "\nCe sérum soigne l'acné en 3 jours, code LEA20 (-20 %) 👉 lien en bio"  # the model reads it
NLP_POST = POST[:1900] + "\nHier Léa Martin m'a dit : elle est séropositive."  # reaches PII008's spaCy NER path


def timed(cmd: list[str], repeat: int, cwd: Path | None = None) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, check=False)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def _gate(text: str) -> str:
    """Whether the model reads this post (in-process, with the shipped model's cues)."""
    sys.path.insert(0, str(ROOT / "src"))
    from influlint.classifier.second_opinion import advisor, shipped_model
    from influlint.model import Source, Unit

    return "passes (model loads)" if advisor(str(shipped_model())).passes(Unit(Source("p", text), 0, len(text))) \
        else "skipped (model not loaded)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--posts", type=int, default=1000)
    args = parser.parse_args()
    py = sys.executable
    influlint = [py, "-m", "influlint"]
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        (tmpdir / "floor.py").write_text(FLOOR, encoding="utf-8")
        (tmpdir / "post.md").write_text(POST, encoding="utf-8")
        (tmpdir / "nlp.md").write_text(NLP_POST, encoding="utf-8")
        (tmpdir / "quiet.md").write_text(QUIET_POST, encoding="utf-8")
        (tmpdir / "read.md").write_text(READ_POST, encoding="utf-8")
        posts = tmpdir / "posts"
        posts.mkdir()
        samples = [POST, "Code LEA20 pour -20 % chez @glowlab, lien en bio !", "Une balade au parc ce matin ☀️",
                   "Ce thé détox élimine les toxines et fait fondre la graisse", "Appelez-moi au 06 12 34 56 78"]
        for i in range(args.posts):
            (posts / f"p{i:04}.md").write_text(samples[i % len(samples)], encoding="utf-8")
        subprocess.run(influlint + ["check", str(tmpdir / "post.md")], capture_output=True, check=False)  # warm caches
        floor = timed([py, str(tmpdir / "floor.py"), "--version"], args.repeat)
        rows = [("floor: typer+rich command that does nothing", floor, None)]
        rows.append(("influlint --version", timed(influlint + ["--version"], args.repeat), 1.3))
        rows.append(("check one 2 KB post, no NLP rule", timed(influlint + ["check", str(tmpdir / "post.md")],
                                                               args.repeat), 2.0))
        rows.append(("  same post, --no-model", timed(influlint + ["check", str(tmpdir / "post.md"), "--no-model"],
                                                  args.repeat), 2.0))
        rows.append(("check one 2 KB post no model cue reaches", timed(influlint + ["check", str(tmpdir / "quiet.md")],
                                                                      args.repeat), 2.0))
        rows.append(("check one 2 KB post the model reads (loads it)",
                     timed(influlint + ["check", str(tmpdir / "read.md")], args.repeat), None))
        rows.append(("  same post, --no-model", timed(influlint + ["check", str(tmpdir / "read.md"), "--no-model"],
                                                  args.repeat), None))
        rows.append(("check one 2 KB post, spaCy entity rule fires",
                     timed(influlint + ["check", str(tmpdir / "nlp.md")], args.repeat), None))
        elapsed = {}
        for label, extra in (("model on", []), ("--no-model", ["--no-model"])):
            start = time.perf_counter()
            subprocess.run(influlint + ["check", str(posts), "--format", "json", *extra], stdout=subprocess.DEVNULL,
                           check=False)
            elapsed[label] = time.perf_counter() - start
    print(f"model prefilter: 2 KB post {_gate(POST)}; quiet post {_gate(QUIET_POST)}; "
          f"post the model reads {_gate(READ_POST)}")
    print(f"{'what':<48} {'seconds':>8} {'× floor':>8} {'target':>7}")
    for name, seconds, target in rows:
        ratio = seconds / floor
        mark = "" if target is None else (f"≤{target}× " + ("ok" if ratio <= target else "MISSED"))
        print(f"{name:<48} {seconds:>8.3f} {ratio:>8.2f} {mark:>7}")
    for how, seconds in elapsed.items():
        label = f"directory of {args.posts} posts, {how}"
        print(f"{label:<48} {seconds:>8.3f}   {args.posts / seconds:,.0f} posts/s")


if __name__ == "__main__":
    main()
