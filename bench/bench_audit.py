"""Audit benchmark: `influlint audit` against `influlint check` on the same generated WhatsApp export
(bench_chat.py's generator), each command in its own process: wall time and peak memory (max RSS).

Usage: python bench/bench_audit.py [--messages 1000000] [--mix realistic|dense] [--keep DIR]
Targets (issue 15): audit peak <= 500 MB and audit time <= 2 x check time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_chat import SRC, generate  # noqa: E402


def child(phase: str, path: str, out_dir: str) -> None:
    from typer.testing import CliRunner  # in-process CLI: the same code path as the command line

    from influlint.cli import app

    out = Path(out_dir)
    args = {
        "check": ["check", path, "--format", "json", "--output", str(out / "check.json")],
        "audit": ["audit", path, "--html", str(out / "audit.html"), "--json", str(out / "audit.json"),
                  "--csv", str(out / "findings.csv")],
    }[phase]
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = usage0.ru_utime + usage0.ru_stime
    start = time.perf_counter()
    result = CliRunner().invoke(app, args, env={"LANG": "en_US.UTF-8"})
    seconds = time.perf_counter() - start
    if result.exit_code not in (0, 1):
        raise SystemExit(f"{phase} failed ({result.exit_code}): {result.output[-500:]}")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu0
    peak = usage.ru_maxrss
    peak_mb = peak / 1024 if sys.platform != "darwin" else peak / 1024**2
    sizes = {p.name: round(p.stat().st_size / 1024) for p in out.iterdir() if p.is_file()}
    print(json.dumps({"phase": phase, "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "peak_mb": round(peak_mb), "outputs_kb": sizes}))


def run(phase: str, path: Path, folder: Path) -> dict:
    out = folder / phase
    out.mkdir(exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, __file__, "--phase", phase, "--file", str(path), "--out", str(out)],
                          capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr.strip()[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--messages", type=float, default=1e6)
    ap.add_argument("--mix", choices=["realistic", "dense"], default="realistic")
    ap.add_argument("--keep", default=None, help="keep the export and the outputs in this folder")
    ap.add_argument("--phase", choices=["check", "audit"], help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        child(args.phase, args.file, args.out)
        return
    folder = Path(args.keep or tempfile.mkdtemp(prefix="influlint-bench-audit-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "WhatsApp Chat with Bench.txt"
    generate(path, int(args.messages), mix=args.mix)
    print(f"generated {int(args.messages):,} messages ({path.stat().st_size / 1024**2:,.0f} MB): {path}")
    check, audit = run("check", path, folder), run("audit", path, folder)
    for r in (check, audit):
        print(f"{r['phase']:>6}: {r['seconds']:>8.1f} s wall  {r['cpu_seconds']:>8.1f} s CPU  peak {r['peak_mb']:>5,} MB  outputs {r['outputs_kb']} kB")
    ratio = audit["seconds"] / check["seconds"] if check["seconds"] else float("inf")
    cpu_ratio = audit["cpu_seconds"] / check["cpu_seconds"] if check["cpu_seconds"] else float("inf")
    ok = audit["peak_mb"] <= 500 and ratio <= 2
    print(f"audit/check: {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU; audit peak {audit['peak_mb']} MB: "
          f"{'OK' if ok else 'OVER TARGET'}")
    print(json.dumps({"check": check, "audit": audit, "ratio": round(ratio, 2), "cpu_ratio": round(cpu_ratio, 2)}))
    if not args.keep:
        import shutil

        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
