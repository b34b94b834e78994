"""`--dask` scale-out benchmark: one generated WhatsApp export cut into message ranges, linted on a local
Dask cluster of 1, 2 and 4 worker processes (one thread each), against a plain in-process run.

Reported per row: wall seconds (cluster start and the first, engine-building run left out), messages/s,
the ratio to one worker, and CPU-seconds (workers + client), since a loaded or small machine caps the ratio.
The estimate of throughput per added worker is the slope of messages/s from 1 to the largest worker count.

Usage: python bench/bench_dask.py [--messages 20000] [--parts 8] [--workers 1,2,4] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_chat import generate  # noqa: E402


def _cpu() -> float:
    import psutil

    t = psutil.Process().cpu_times()
    return t.user + t.system


def _local(path: str, lint_paths, config, options) -> tuple[float, float, int]:
    lint_paths([path], config, options, sink=lambda _p, _f: None)  # engine built, caches warm
    wall, cpu = time.perf_counter(), _cpu()
    report = lint_paths([path], config, options, sink=lambda _p, _f: None)
    return time.perf_counter() - wall, _cpu() - cpu, sum(report.totals().values())


def _cluster(path: str, workers: int, parts_units: int, config, options) -> dict:
    from influlint import distributed_run

    started = time.perf_counter()
    with distributed_run.connect("local", workers) as client:
        client.wait_for_workers(workers)
        startup = time.perf_counter() - started
        run = lambda: distributed_run.lint_paths_dask(client, [path], config, options, lambda _p, _f: None,  # noqa: E731
                                                      split_bytes=1, part_units=parts_units)[0]
        run()  # each worker builds its engine once (packs from the cache)
        before = sum(client.run(_cpu).values())
        wall, cpu = time.perf_counter(), _cpu()
        report = run()
        wall, client_cpu = time.perf_counter() - wall, _cpu() - cpu
        worker_cpu = sum(client.run(_cpu).values()) - before
    return {"workers": workers, "startup_s": round(startup, 2), "wall_s": round(wall, 3),
            "worker_cpu_s": round(worker_cpu, 2), "client_cpu_s": round(client_cpu, 2),
            "findings": sum(report.totals().values())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=20_000)
    ap.add_argument("--parts", type=int, default=8)
    ap.add_argument("--workers", default="1,2,4")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    from influlint.api import RunOptions, lint_paths
    from influlint.config import Config

    config, options = Config(), RunOptions(lang="en")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "big.txt")
        generate(Path(path), args.messages)
        wall, cpu, found = _local(path, lint_paths, config, options)
        rows = [{"workers": 0, "wall_s": round(wall, 3), "worker_cpu_s": 0.0, "client_cpu_s": round(cpu, 2),
                 "findings": found}]
        units = -(-args.messages // args.parts)
        rows += [_cluster(path, int(w), units, config, options) for w in args.workers.split(",")]
    one = next(r for r in rows if r["workers"] == 1)
    for r in rows:
        r["msg_per_s"] = round(args.messages / r["wall_s"])
        r["ratio_to_1_worker"] = round(one["wall_s"] / r["wall_s"], 2)
        assert r["findings"] == rows[0]["findings"], "a cluster run found something else than the local run"
    last = rows[-1]
    slope = (last["msg_per_s"] - one["msg_per_s"]) / max(1, last["workers"] - 1)
    print(f"{args.messages} messages, {args.parts} parts, {os.cpu_count()} CPU(s) on this machine")
    print(f"{'workers':>8} {'wall s':>8} {'msg/s':>8} {'ratio':>6} {'worker CPU s':>13} {'client CPU s':>13} {'start s':>8}")
    for r in rows:
        name = "local" if r["workers"] == 0 else str(r["workers"])
        print(f"{name:>8} {r['wall_s']:>8} {r['msg_per_s']:>8} {r['ratio_to_1_worker']:>6} {r['worker_cpu_s']:>13} "
              f"{r['client_cpu_s']:>13} {r.get('startup_s', ''):>8}")
    print(f"throughput per added worker (1 → {last['workers']}): {slope:+.0f} msg/s")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "per_added_worker_msg_s": round(slope)}, indent=2) + "\n")


if __name__ == "__main__":
    main()
