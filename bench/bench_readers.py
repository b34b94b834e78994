"""Reader benchmark for the exports of issue 18: generate N messages (default 1,000,000) in each format and
measure, each format in its own process, parse rate (messages/s, units read to the end) and peak memory
(max RSS) of influlint's reader alone.

* telegram-html — a folder of messages.html … messages1000.html (1,000 messages a file, as Telegram writes);
* meta-json     — one message_1.json, newest first, mojibake (the reader reverses it through a spill file);
* discord-csv   — one DiscordChatExporter CSV;
* discord-html  — one DiscordChatExporter HTML;
* signal-txt    — one signal-cli style text file;
* signal-sigtop — one sigtop `-f text` file (read by the same signal-txt reader).

Usage: python bench/bench_readers.py [--messages 1000000] [--formats telegram-html,meta-json] [--keep DIR]
Target (issue 18): at least 100,000 messages/s for parsing alone, memory bounded (independent of N).
The rate per CPU second is printed too: on a shared, oversubscribed machine it is the stabler figure.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

from bench_chat import BODIES, CHATTER, SENDERS  # noqa: E402
from chat_writers import (  # noqa: E402
    DISCORD_HTML_TAIL,
    TELEGRAM_HTML_TAIL,
    discord_csv_row,
    discord_html_head,
    discord_html_message,
    mojibake,
    sigtop_text,
    telegram_html_head,
    telegram_html_message,
)

FORMATS = ("telegram-html", "meta-json", "discord-csv", "discord-html", "signal-txt", "signal-sigtop")
PARIS = timezone(timedelta(hours=1))


def messages(n: int, seed: int = 7):
    rnd = random.Random(seed)
    t = datetime(2024, 3, 4, 9, 0, tzinfo=PARIS)
    for i in range(n):
        t += timedelta(seconds=rnd.randint(5, 200))
        msg = {"sender": rnd.choice(SENDERS), "ts": t, "id": i + 1,
               "text": rnd.choice(CHATTER if rnd.random() < 0.62 else BODIES)}
        if i % 50 == 7:
            msg["reply_to"] = i
        if i % 97 == 3:
            msg["forwarded_from"] = "Glow Lab Officiel"
        yield msg


def generate(fmt: str, folder: Path, n: int) -> Path:
    if fmt == "telegram-html":
        out = folder / "telegram-html"
        out.mkdir()
        it, k = messages(n), 0
        while k * 1000 < n:
            chunk = [m for _, m in zip(range(1000), it, strict=False)]
            name = "messages.html" if k == 0 else f"messages{k + 1}.html"
            parts, prev = [telegram_html_head()], None
            for m in chunk:
                parts.append(telegram_html_message(m, prev, m["id"]))
                prev = m
            parts.append(TELEGRAM_HTML_TAIL)
            (out / name).write_text("".join(parts), encoding="utf-8")
            k += 1
        return out
    path = folder / {"meta-json": "message_1.json", "discord-csv": "export.csv", "discord-html": "export.html",
                     "signal-txt": "signal.txt", "signal-sigtop": "sigtop.txt"}[fmt]
    with path.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "discord-csv":
            w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
            w.writerow(["AuthorID", "Author", "Date", "Content", "Attachments", "Reactions"])
            w.writerows(discord_csv_row(m) for m in messages(n))
        elif fmt == "discord-html":
            fh.write(discord_html_head())
            prev = None
            for m in messages(n):
                fh.write(discord_html_message(m, prev, m["id"]))
                prev = m
            fh.write(DISCORD_HTML_TAIL)
        elif fmt == "signal-sigtop":
            for chunk in _chunks(messages(n), 10_000):
                fh.write(sigtop_text(chunk).split("\n", 2)[2] if fh.tell() else sigtop_text(chunk))
        elif fmt == "signal-txt":
            fh.writelines(f"[{m['ts']:%Y-%m-%d, %H:%M}] {m['sender']}: {m['text']}\n" for m in messages(n))
        else:
            _meta(fh, n)
    return path


def _chunks(it, size: int):
    chunk = []
    for item in it:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _meta(fh, n: int) -> None:
    """Newest first, as Meta writes it: generate in chunks, reversed (timestamps decrease)."""
    fh.write('{\n  "participants": [{"name": "Glow Lab"}],\n  "messages": [\n')
    t0 = datetime(2024, 3, 4, 9, 0, tzinfo=PARIS).timestamp() * 1000
    rnd = random.Random(7)
    for i in range(n):
        item = {"sender_name": mojibake(rnd.choice(SENDERS)), "timestamp_ms": int(t0 + (n - i) * 60_000),
                "content": mojibake(rnd.choice(CHATTER if rnd.random() < 0.62 else BODIES))}
        if i % 40 == 5:
            item["reactions"] = [{"reaction": mojibake("❤"), "actor": mojibake("Léa Dubois")}]
        fh.write(("    " if i == 0 else ",\n    ") + json.dumps(item))
    fh.write('\n  ],\n  "title": "Ambassadeurs",\n  "thread_path": "inbox/ambassadeurs_1"\n}\n')


def child(fmt: str, path: str) -> None:
    from influlint.readers import ReadOptions
    from influlint.readers.records import iter_units

    start, cpu = time.perf_counter(), time.process_time()
    count = 0
    forced = None if os.path.isdir(path) else fmt.replace("signal-sigtop", "signal-txt")
    for _unit in iter_units(path, ReadOptions(input_format=forced)):
        count += 1
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024**2 if sys.platform == "darwin" else 1024)
    print(json.dumps({"format": fmt, "messages": count, "seconds": round(seconds, 2),
                      "messages_per_s": round(count / seconds) if seconds else None,
                      "cpu_messages_per_s": round(count / cpu) if cpu else None, "peak_mb": round(peak_mb)}))


def run(fmt: str, path: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, __file__, "--phase", fmt, "--file", str(path)], capture_output=True,
                         text=True, env=env, check=False)
    if out.returncode != 0:
        return {"format": fmt, "error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--messages", type=float, default=1e6)
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--keep", default=None, help="write the generated exports in this folder")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        child(args.phase, args.file)
        return
    n = int(args.messages)
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="influlint-bench-readers-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for fmt in args.formats.split(","):
        t0 = time.perf_counter()
        path = generate(fmt, folder, n)
        size = sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size
        print(f"{fmt}: generated {n:,} messages ({size / 1024**2:,.0f} MB) in {time.perf_counter() - t0:.1f}s",
              flush=True)
        r = run(fmt, path)
        results.append(r)
        if "error" in r:
            print(f"{fmt:>14}: error: {r['error']}")
        else:
            print(f"{fmt:>14}: {r['messages']:>10,} messages  {r['seconds']:>7.2f} s  {r['messages_per_s']:>9,} msg/s"
                  f"  (CPU time: {r['cpu_messages_per_s']:>9,} msg/s)  peak {r['peak_mb']:>5,} MB", flush=True)
        if not args.keep:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    print(json.dumps(results))
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
