#!/usr/bin/env python3
"""replylint's speed, measured (never asserted in tests). Run from the repository root:

    .venv/bin/python bench/bench.py [--quick]

Prints medians of alternating runs on this machine:
- cold: one `replylint check draft.txt` against a bare `pymorphy3.MorphAnalyzer()` start, as a ratio;
- batch: one `replylint check --format json FOLDER` over 2,000 drafts built from the seed documents'
  sentences, against the analysis floor (razdel + memoised pymorphy3 parses in one process); as a
  user runs it (a folder this size is checked with one process per core) and with --jobs 1;
- growth: the Python API on drafts of 1 KB, 100 KB and 5 MB (time per KB should stay flat);
- service: p50/p99 of POST /v1/check for 1,000-character drafts, when `replylint serve` is available;
- peak memory (max RSS) of the check and of the service;
- report (only with --only report, or --only ...,report): `replylint report` over a generated export of
  100,000 agent replies (--quick: 10,000) in one process, with --jobs (one per core) and with
  --dask local (two workers): replies per second end to end (wall clock), and per CPU-second of
  all the processes (user + system time, which a machine shared with other jobs does not inflate):
  the rate of one core, for planning a cluster.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
BIN = Path(sys.executable).parent
REPLYLINT = str(BIN / "replylint")
PYTHON = sys.executable


def seed_sentences() -> list[str]:
    from razdel import sentenize

    sentences: list[str] = []
    for file in sorted(SEEDS.glob("*.txt")):
        text = re.sub(r"<[^>]+>", " ", file.read_text(encoding="utf-8"))
        sentences.extend(s.text.strip() for s in sentenize(text) if 20 <= len(s.text.strip()) <= 300)
    if not sentences:
        sentences = ["Сменить преподавателя не получится, потому что расписание уже согласовано."]
    return sentences


def make_draft(rng: random.Random, sentences: list[str], chars: int) -> str:
    parts: list[str] = []
    size = 0
    while size < chars:
        s = rng.choice(sentences)
        parts.append(s)
        size += len(s) + 1
    return " ".join(parts)[:chars]


def timed(cmd: list[str], **kw) -> tuple[float, int]:
    """Wall time and the child's peak RSS (KB) of one command."""
    elapsed, rss, _ = timed_cpu(cmd, **kw)
    return elapsed, rss


def timed_cpu(cmd: list[str], **kw) -> tuple[float, int, float]:
    """Wall time, peak RSS (KB) and CPU seconds (user + system, the command and the processes it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, **kw)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, max(before.ru_maxrss, after.ru_maxrss), cpu


def bench_cold(runs: int, workdir: Path) -> dict:
    draft = workdir / "draft.txt"
    draft.write_text("Анна, добрый день! Сменить преподавателя не получится. Хорошего дня!\n", encoding="utf-8")
    # as a pre-send hook sends it: the chat's context as front matter
    hooked = workdir / "hooked.txt"
    hooked.write_text("---\nclient: Анна Сергеевна\nstudent: Миша\nlesson: 2026-11-24 18:30\n---\n"
                      "Анна Сергеевна, добрый день! Урок Миши 24 ноября в 18:30 перенести не получится. Хорошего дня!\n",
                      encoding="utf-8")
    floor_cmd = [PYTHON, "-c", "import pymorphy3; pymorphy3.MorphAnalyzer()"]
    check_cmd = [REPLYLINT, "check", str(draft)]
    hooked_cmd = [REPLYLINT, "check", str(hooked)]
    timed(check_cmd)  # warm the rule cache and the OS file cache
    timed(hooked_cmd)
    floors, checks, hooks, rss = [], [], [], 0
    for _ in range(runs):  # alternate, so load on the machine hits all alike
        floors.append(timed(floor_cmd)[0])
        t, m = timed(check_cmd)
        checks.append(t)
        hooks.append(timed(hooked_cmd)[0])
        rss = max(rss, m)
    f, c, h = statistics.median(floors), statistics.median(checks), statistics.median(hooks)
    return {"floor_s": f, "check_s": c, "ratio": c / f, "hooked_s": h, "hooked_ratio": h / f,
            "check_peak_rss_mb": rss / 1024}


FLOOR_SCRIPT = r"""
import sys, pathlib, functools, time
from razdel import tokenize, sentenize
import pymorphy3
m = pymorphy3.MorphAnalyzer()
parse = functools.lru_cache(maxsize=None)(m.parse)
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt")):
    text = p.read_text(encoding="utf-8")
    list(sentenize(text))
    for t in tokenize(text):
        parse(t.text)
"""


def bench_batch(count: int, runs: int, workdir: Path) -> dict:
    rng = random.Random(7)
    sentences = seed_sentences()
    folder = workdir / "batch"
    folder.mkdir()
    for i in range(count):
        (folder / f"d{i:05}.txt").write_text(make_draft(rng, sentences, rng.randint(200, 1200)), encoding="utf-8")
    floor_cmd = [PYTHON, "-c", FLOOR_SCRIPT, str(folder)]
    check_cmd = [REPLYLINT, "check", "--format", "json", "--fail-on", "never", str(folder)]
    floors, checks, singles = [], [], []
    for _ in range(runs):  # alternate, so load on the machine hits all three alike
        floors.append(timed(floor_cmd)[0])
        checks.append(timed(check_cmd)[0])  # as a user runs it: one process per core for a folder this size
        singles.append(timed(check_cmd + ["--jobs", "1"])[0])
    f, c, one = statistics.median(floors), statistics.median(checks), statistics.median(singles)
    return {"drafts": count, "floor_s": f, "check_s": c, "ratio": c / f, "drafts_per_s": count / c,
            "one_s": one, "one_ratio": one / f, "one_drafts_per_s": count / one}


def bench_growth() -> dict:
    import replylint

    rng = random.Random(11)
    sentences = seed_sentences()
    replylint.lint("прогрев")
    out = {}
    for label, size in (("1KB", 1_000), ("100KB", 100_000), ("5MB", 5_000_000)):
        text = make_draft(rng, sentences, size)
        start = time.perf_counter()
        replylint.lint(text)
        elapsed = time.perf_counter() - start
        out[label] = {"s": elapsed, "ms_per_kb": 1000 * elapsed / (size / 1000)}
    return out


OPERATORS = [f"{first} {last}" for first, last in zip(
    ["Валерия", "Алина", "Дмитрий", "Марина", "Ольга", "Иван", "Полина", "Сергей", "Ксения", "Артём"],
    ["Котова", "Орлова", "Соколов", "Лебедева", "Петрова", "Смирнов", "Волкова", "Новиков", "Морозова", "Зайцев"])]
CLIENTS = ["Анна", "Татьяна", "Игорь", "Елена", "Павел", "Наталья", "Михаил", "Ирина", "Олег", "Светлана"]


def make_export(path: Path, replies: int) -> None:
    """A CSV export of conversations of one to three exchanges, over twelve weeks, built from the seed
    documents' sentences (replies of 150–700 characters, clients' messages of 40–300)."""
    import csv
    from datetime import datetime, timedelta

    rng = random.Random(5)
    sentences = seed_sentences()
    start = datetime(2026, 9, 7, 9, 0)
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["conversation", "time", "author", "role", "text", "client_name"])
        written, conversation = 0, 0
        while written < replies:
            conversation += 1
            moment = start + timedelta(minutes=rng.randrange(12 * 7 * 24 * 60))
            client, operator = rng.choice(CLIENTS), rng.choice(OPERATORS)
            for _ in range(min(rng.randint(1, 3), replies - written)):
                out.writerow([f"c{conversation}", moment.isoformat(), client, "client",
                              make_draft(rng, sentences, rng.randint(40, 300)), client])
                moment += timedelta(minutes=rng.randint(1, 30))
                out.writerow([f"c{conversation}", moment.isoformat(), operator, "agent",
                              f"{client}, здравствуйте! " + make_draft(rng, sentences, rng.randint(150, 700)), client])
                moment += timedelta(minutes=rng.randint(1, 30))
                written += 1


def bench_report(replies: int, workdir: Path) -> dict:
    export = workdir / "export.csv"
    make_export(export, replies)
    modes = {"one process (--jobs 1)": ["--jobs", "1"], f"--jobs {os.cpu_count()}": ["--jobs", "0"],
             "--dask local, 2 workers": ["--dask", "local", "--jobs", "2"]}
    out: dict = {"replies": replies, "export_mb": export.stat().st_size / 1e6, "modes": {}}
    for name, args in modes.items():
        elapsed, _, cpu = timed_cpu([REPLYLINT, "report", str(export), "--out", str(workdir / "r.html"), *args])
        if not (workdir / "r.html").exists():
            raise SystemExit(f"report {name}: no report written")
        (workdir / "r.html").unlink()
        out["modes"][name] = {"s": elapsed, "replies_per_s": replies / elapsed, "cpu_s": cpu, "per_cpu_s": replies / cpu}
    with open(export, encoding="utf-8") as f:
        lengths = [len(row[4]) for row in __import__("csv").reader(f) if row[3] == "agent"]
    out["mean_chars"] = statistics.mean(lengths)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_service(requests: int) -> dict | None:
    port = free_port()
    proc = subprocess.Popen(
        [REPLYLINT, "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # up, and done warming its vocabulary (see serve.app.warm_vocabulary)
            try:
                if not json.load(urllib.request.urlopen(base + "/health", timeout=1)).get("warming"):
                    break
            except OSError:
                if proc.poll() is not None:
                    return None
            time.sleep(0.1)
        else:
            return None
        rng = random.Random(3)
        sentences = seed_sentences()
        bodies = [
            json.dumps({"text": make_draft(rng, sentences, 1000), "context": {"client": "Анна"}}).encode()
            for _ in range(50)
        ]
        # One keep-alive connection, as a chat tool's client keeps to a local service; each request's
        # time is from sending it to having read the whole answer.
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        latencies = []
        for i in range(requests):
            start = time.perf_counter()
            conn.request("POST", "/v1/check", body=bodies[i % len(bodies)], headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            latencies.append(time.perf_counter() - start)
            if response.status != 200:
                raise SystemExit(f"service answered {response.status}")
        conn.close()
        latencies.sort()
        rss_kb = 0
        status = Path(f"/proc/{proc.pid}/status")
        if status.exists():
            m = re.search(r"VmHWM:\s+(\d+)", status.read_text())
            rss_kb = int(m.group(1)) if m else 0
        return {
            "requests": requests,
            "p50_ms": 1000 * latencies[len(latencies) // 2],
            "p99_ms": 1000 * latencies[int(len(latencies) * 0.99) - 1],
            "peak_rss_mb": rss_kb / 1024,
        }
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer runs and drafts, for a quick look")
    ap.add_argument("--only", default="cold,batch,growth,service",
                    help="which measurements, comma-separated (default: cold,batch,growth,service)")
    args = ap.parse_args()
    only = set(args.only.split(","))
    runs = 3 if args.quick else 7
    count = 300 if args.quick else 2000
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {sys.platform}")
    # An installed wheel has its bytecode compiled; a checkout under PYTHONDONTWRITEBYTECODE would
    # otherwise compile replylint's modules on every start and measure that instead.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(REPO / "src" / "replylint")], check=False)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "cold" in only:
            cold = bench_cold(3 * runs, work)
            print(f"cold:    check {cold['check_s'] * 1000:.0f} ms vs dictionary load {cold['floor_s'] * 1000:.0f} ms "
                  f"= {cold['ratio']:.2f}x (target 1.3x); with context front matter {cold['hooked_s'] * 1000:.0f} ms "
                  f"= {cold['hooked_ratio']:.2f}x; peak RSS {cold['check_peak_rss_mb']:.0f} MB")
        if "batch" in only:
            batch = bench_batch(count, max(1, runs // 2), work)
            print(f"batch:   {batch['drafts']} drafts in {batch['check_s']:.2f} s vs floor {batch['floor_s']:.2f} s "
                  f"= {batch['ratio']:.2f}x (target 1.5x); {batch['drafts_per_s']:.0f} drafts/s; "
                  f"in one process (--jobs 1): {batch['one_s']:.2f} s = {batch['one_ratio']:.2f}x, "
                  f"{batch['one_drafts_per_s']:.0f} drafts/s")
    if "report" in only:
        with tempfile.TemporaryDirectory() as tmp:
            rep = bench_report(10_000 if args.quick else 100_000, Path(tmp))
        print(f"report:  {rep['replies']:,} replies ({rep['export_mb']:.0f} MB of CSV, replies of {rep['mean_chars']:.0f} "
              "characters on average):")
        for name, m in rep["modes"].items():
            print(f"         {name}: {m['s']:.1f} s = {m['replies_per_s']:.0f} replies/s; "
                  f"{m['cpu_s']:.0f} CPU-s = {m['per_cpu_s']:.0f} replies per CPU-second")
    if "growth" in only:
        growth = bench_growth()
        print("growth:  " + ", ".join(f"{k} {v['s'] * 1000:.0f} ms ({v['ms_per_kb']:.2f} ms/KB)" for k, v in growth.items()))
    if "service" not in only:
        return 0
    service = bench_service(200 if args.quick else 1000) if shutil.which(REPLYLINT) else None
    if service:
        print(f"service: p50 {service['p50_ms']:.1f} ms, p99 {service['p99_ms']:.1f} ms over {service['requests']} "
              f"requests of 1,000 characters (target p99 10 ms); peak RSS {service['peak_rss_mb']:.0f} MB")
    else:
        print("service: not measured (`replylint serve` did not start)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
