"""Chat-export benchmark: generate a WhatsApp export and measure, each phase in its own process,
messages per second and peak memory (max RSS) of

* floor  — reading the file and splitting it into lines (what any reader must pay);
* parse  — influlint's WhatsApp reader (header match, day order, units with their own Source);
* lint   — the full `influlint.api.lint_paths` with every rule on and the model's second opinion
  (when influlint.api exists); `lint-no-model` the same with --no-model (rules alone);
* e2e    — end to end, what a user runs: `influlint check FILE --format json --output OUT [--jobs N]`
           in a fresh process (start-up, reading, every rule, JSON written to a file).

Usage: python bench/bench_chat.py [--messages 1000000] [--lint-messages N] [--keep DIR] [--jobs N] [--e2e]
                                  [--mix realistic|dense] [--repeat 3] [--model both|on|off]
Targets (issue 7): lint ≥ 10,000 messages/s on 2 cores, peak ≤ 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

SENDERS = ["Camille Martin", "Léa Dubois", "Inès Benali", "+33 6 12 34 56 78", "Manon 🌸", "Jean-Baptiste Roux"]
BODIES = [
    "Coucou ! Trop contente d'être là 😍",
    "Post en ligne ! https://www.instagram.com/p/C4xYzAbCdEf/ 🥳",
    "Pense juste à ajouter #partenariat dès la première story stp",
    "Code AZUR15 = -15 % sur le site, livraison offerte dès 30 €",
    "<Médias omis>",
    "Ce sérum a guéri mon eczéma en 3 jours, c'est miraculeux",
    "Rendez-vous pour le shooting samedi 16/03 à 14:00 au showroom 📸",
    "Brief du lancement :\n- post Instagram entre le 12/03 et le 15/03\n- mention obligatoire #partenariat",
    "Ok je corrige 👍 <Ce message a été modifié>",
    "Mon adresse : 12 rue des Lilas, 75011 Paris, appelle-moi au 06 12 34 56 78",
    "Bonjour à toutes 🌞\nQuestion : le code marche aussi sur les coffrets ?\nUne abonnée me demande",
]

# Ordinary chatter: with --mix realistic, about 62 % of messages are like these (the mix measured in
# ../shared/research/perf-baselines.md); --mix dense draws every message from BODIES above.
CHATTER = [
    "Merci beaucoup !! 🙏", "Haha trop bien 😂", "Ok ça marche pour moi", "On se voit demain ?",
    "Je suis en retard de 10 min désolée", "Bonne soirée tout le monde ✨", "Qui vient samedi ?",
    "Trop beau ce look 😍 tu l'as eu où ?", "Je regarde ça ce soir et je vous dis",
    "Le shooting s'est super bien passé, merci à toute l'équipe", "Vous avez vu la story de Léa ?",
    "Bravo pour les 10k abonnés 🎉🎉", "Je poste vers 18h", "C'est noté 👍", "Bon courage pour la reprise",
]


def generate(path: Path, n: int, seed: int = 7, mix: str = "realistic") -> None:
    rnd = random.Random(seed)
    pool = BODIES if mix == "dense" else None
    t = datetime(2024, 3, 4, 9, 0)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"{t:%d/%m/%Y %H:%M} - Les messages et les appels sont chiffrés de bout en bout.\n")
        buf = []
        for i in range(n - 1):
            t += timedelta(seconds=rnd.randint(5, 200))
            if i % 5000 == 4999:
                buf.append(f"{t:%d/%m/%Y %H:%M} - Camille Martin a ajouté Membre {i}\n")
            else:
                body = rnd.choice(pool or (CHATTER if rnd.random() < 0.62 else BODIES))
                buf.append(f"{t:%d/%m/%Y %H:%M} - {rnd.choice(SENDERS)}: {body}\n")
            if len(buf) >= 10000:
                fh.write("".join(buf))
                buf.clear()
        fh.write("".join(buf))


def phase_floor(path: str) -> int:
    count = 0
    with open(path, encoding="utf-8", newline="\n") as fh:
        for line in fh:
            count += line[:1].isdigit()
    return count


def phase_parse(path: str) -> int:
    from influlint.readers import ReadOptions
    from influlint.readers.whatsapp import read_whatsapp

    count = 0
    with open(path, "rb") as fh:
        for _unit in read_whatsapp(path, fh, ReadOptions()):
            count += 1
    return count


def phase_lint(path: str, jobs: int, model: bool = True) -> int:
    from influlint import api
    from influlint.config import Config

    options = api.RunOptions(jobs=jobs, model=model)
    found = [0]

    def sink(_path: str, findings: list) -> None:  # what `check --format json` does, minus the writing
        found[0] += len(findings)

    if jobs > 1:
        report = api.lint_paths_parallel([path], Config(), options, sink)
    else:
        report = api.lint_paths([path], Config(), options, sink=sink)
    return sum(f.units for f in report.files)


def phase_e2e(path: str, jobs: int) -> dict:
    """`influlint check … --format json --output FILE` in a child process: wall time and its peak memory."""
    out = Path(path).with_suffix(".json")
    cmd = [sys.executable, "-m", "influlint", "check", path, "--format", "json", "--output", str(out)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    out.unlink(missing_ok=True)
    if done.returncode not in (0, 1):
        return {"phase": "e2e", "error": (done.stderr.strip().splitlines() or ["failed"])[-1:]}
    count = sum(1 for line in open(path, encoding="utf-8") if line[:1].isdigit())
    return {"phase": "e2e", "messages": count, "seconds": round(seconds, 2), "cpu_s": round(cpu, 2),
            "messages_per_s": round(count / seconds), "peak_mb": round(peak_mb)}


def run_phase(name: str, path: str, jobs: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, __file__, "--phase", name, "--file", path, "--jobs", str(jobs)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        return {"phase": name, "error": out.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def median_run(name: str, path: str, jobs: int, repeat: int) -> dict:
    runs = [run_phase(name, path, jobs) for _ in range(max(1, repeat))]
    good = sorted((r for r in runs if "error" not in r), key=lambda r: r["seconds"])
    if not good:
        return runs[0]
    best = dict(good[len(good) // 2])
    best["runs_s"] = [r["seconds"] for r in runs if "error" not in r]
    return best


def child(name: str, path: str, jobs: int) -> None:
    start = time.perf_counter()
    if name == "e2e":
        print(json.dumps(phase_e2e(path, jobs)))
        return
    if name == "floor":
        count = phase_floor(path)
    elif name == "parse":
        count = phase_parse(path)
    else:
        count = phase_lint(path, jobs, model=name == "lint")
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    usage += resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak_mb = usage / 1024 if sys.platform != "darwin" else usage / 1024**2
    print(json.dumps({"phase": name, "messages": count, "seconds": round(seconds, 2),
                      "messages_per_s": round(count / seconds) if seconds else None, "peak_mb": round(peak_mb)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--messages", type=float, default=1e6)
    ap.add_argument("--lint-messages", type=float, default=None, help="size of the export linted (default: same)")
    ap.add_argument("--keep", default=None, help="write the generated exports in this folder")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--skip-lint", action="store_true")
    ap.add_argument("--mix", choices=["realistic", "dense"], default="realistic",
                    help="realistic: 62 %% ordinary chatter (perf-baselines mix); dense: every message flaggable")
    ap.add_argument("--e2e", action="store_true", help="also run `influlint check --format json --output` end to end")
    ap.add_argument("--repeat", type=int, default=1, help="runs per phase; the median is reported")
    ap.add_argument("--model", choices=["both", "on", "off"], default="both",
                    help="lint with the model's second opinion on, off (--no-model), or both")
    ap.add_argument("--formats", default=None,
                    help="then bench the readers of other exports (bench_readers.py): 'all' or a comma list")
    ap.add_argument("--phase", choices=["floor", "parse", "lint", "lint-no-model", "e2e"], help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        child(args.phase, args.file, args.jobs)
        return
    n = int(args.messages)
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="influlint-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "WhatsApp Chat with Bench.txt"
    t0 = time.perf_counter()
    generate(path, n, mix=args.mix)
    size_mb = path.stat().st_size / 1024**2
    print(f"generated {n:,} messages ({size_mb:,.0f} MB) in {time.perf_counter() - t0:.1f}s: {path}")
    results = [median_run("floor", str(path), 1, args.repeat), median_run("parse", str(path), 1, args.repeat)]
    if not args.skip_lint:
        try:
            import influlint.api  # noqa: F401
        except ImportError:
            sys.path.insert(0, str(SRC))
        lint_path = path
        if args.lint_messages is not None and int(args.lint_messages) != n:
            lint_path = folder / "WhatsApp Chat with Bench (lint).txt"
            generate(lint_path, int(args.lint_messages), mix=args.mix)
        if args.model in ("both", "on"):
            results.append(median_run("lint", str(lint_path), args.jobs, args.repeat))
        if args.model in ("both", "off"):
            results.append(median_run("lint-no-model", str(lint_path), args.jobs, args.repeat))
        if args.e2e:
            results.append(median_run("e2e", str(lint_path), args.jobs, args.repeat))
    for r in results:
        if "error" in r:
            print(f"{r['phase']:>13}: error: {r['error'][0]}")
        else:
            print(f"{r['phase']:>13}: {r['messages']:>10,} messages  {r['seconds']:>8.2f} s  "
                  f"{r['messages_per_s']:>10,} msg/s  peak {r['peak_mb']:>5,} MB")
    print(json.dumps(results))
    if not args.keep:
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()
    if args.formats:
        extra = [] if args.formats == "all" else ["--formats", args.formats]
        subprocess.run([sys.executable, str(Path(__file__).with_name("bench_readers.py")), "--messages", str(n)]
                       + extra, check=False)


if __name__ == "__main__":
    main()
