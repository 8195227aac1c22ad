#!/usr/bin/env python3
"""replylint's speed, measured (never asserted in tests). Run from the repository root:

    .venv/bin/python bench/bench.py [--quick] [--only cold,batch,growth,service,report]

Prints medians of alternating runs on this machine (and the machine, with its load):
- cold: `replylint check --format json DRAFT` as a pre-send hook runs it (a new draft file each time,
  so the result cache never answers; bytecode as the install left it; the console script) against a
  bare `pymorphy3.MorphAnalyzer()` start, as a ratio; the first run after an install (nothing cached
  yet); textlint+prh and proselint on the same draft;
- batch: one `replylint check --format json --no-cache FOLDER` over 2,000 drafts built from the seed
  documents' sentences, as a user runs it (one process per core for a folder this size) and with
  --jobs 1, against textlint+prh and proselint on the same folder (installed by bench/peers.py into
  bench/.peers/ when missing) and the analysis floor (razdel + memoised pymorphy3 in one process);
  then with the result cache: a first run into an empty cache and a second over the unchanged folder;
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


def machine() -> str:
    """The CPU, cores, memory and load: the figures depend on them."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) / 1024 / 1024
        memory = f", {mem:.0f} GB"
    except (OSError, AttributeError):
        memory = ""
    return f"{cpu}, {os.cpu_count()} cores{memory}, Python {sys.version.split()[0]}, {sys.platform}; {load()}"


def load() -> str:
    try:
        return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "load unknown"


CPU: dict[tuple, list[float]] = {}  # command -> CPU seconds (user + system) of each run


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, int]:
    """Wall time and peak RSS (KB) of one command (its own, from wait4); its CPU time goes to CPU.

    On a shared machine a command's wall time includes waiting for a core, which other people's
    work decides; its CPU time (user + system, its worker processes included) does not."""
    elapsed, rss, cpu_s = timed_cpu(cmd, env)
    CPU.setdefault(_shape(cmd), []).append(cpu_s)
    return elapsed, rss


def timed_cpu(cmd: list[str], env: dict | None = None) -> tuple[float, int, float]:
    """Wall time, peak RSS (KB) and CPU seconds (user + system, the command and the processes it
    waited for) of one command, from wait4."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = 0  # reaped by wait4
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def _shape(cmd: list[str]) -> tuple:
    """A command with its draft file's number left out, so a hook's runs count as one command."""
    return tuple(re.sub(r"hook-\d+", "hook-N", c) for c in cmd)


def cpu(cmd: list[str]) -> float:
    return statistics.median(CPU[_shape(cmd)])


HOOK_DRAFT = "Анна, добрый день! Сменить преподавателя не получится, заявка {n} закрыта. Хорошего дня!\n"
HOOK_CONTEXT = "---\nclient: Анна Сергеевна\nstudent: Миша\nlesson: 2026-11-24 18:30\n---\n"
HOOKED_DRAFT = "Анна Сергеевна, добрый день! Урок Миши 24 ноября в 18:30 перенести не получится ({n}). Хорошего дня!\n"


def bench_cold(runs: int, workdir: Path, peers: dict) -> dict:
    """What a pre-send hook sees: every message is a new draft (the result cache has no answer), in
    JSON for the chat tool, through the console script, with replylint's bytecode as the install
    left it (no compileall here: an editable install under PYTHONDONTWRITEBYTECODE compiles it on
    every start unless replylint keeps it, which is what users measured)."""
    counter = iter(range(10**9))

    def hook(context: bool) -> list[str]:
        n = next(counter)
        draft = workdir / f"hook-{n}.txt"
        draft.write_text(HOOK_CONTEXT + HOOKED_DRAFT.format(n=n) if context else HOOK_DRAFT.format(n=n), encoding="utf-8")
        return [REPLYLINT, "check", "--format", "json", str(draft)]

    plain = workdir / "plain.txt"
    plain.write_text(HOOK_DRAFT.format(n=0), encoding="utf-8")
    floor_cmd = [PYTHON, "-c", "import pymorphy3; pymorphy3.MorphAnalyzer()"]
    # the first run after an install: nothing cached (compiled rules, bytecode)
    fresh = dict(os.environ, REPLYLINT_CACHE_DIR=str(workdir / "fresh-cache"))
    first = timed(hook(False), env=fresh)[0]
    timed(hook(False))  # the caches as a user's second message finds them
    times: dict[str, list[float]] = {"floor": [], "check": [], "hooked": []}
    commands = {name: cmd + [str(plain)] for name, cmd in peers.items()}
    for name in commands:
        times[name] = []
        timed(commands[name])  # npm's and pip's first start
    rss = 0
    for _ in range(runs):  # alternate, so load on the machine hits all alike
        times["floor"].append(timed(floor_cmd)[0])
        t, m = timed(hook(False))
        times["check"].append(t)
        rss = max(rss, m)
        times["hooked"].append(timed(hook(True))[0])
        for name, cmd in commands.items():
            if len(times[name]) < max(3, runs // 3):  # the peers are slower and not the subject
                times[name].append(timed(cmd)[0])
    med = {k: statistics.median(v) for k, v in times.items()}
    ratios = [c / f for c, f in zip(times["check"], times["floor"])]
    hook_cpu = statistics.median(CPU[_shape(hook(False))][2:])  # (not the first run, nor the warming one)
    return {"cpu_ratio": hook_cpu / cpu(floor_cmd), "hooked_cpu_ratio": statistics.median(CPU[_shape(hook(True))]) / cpu(floor_cmd),
            "floor_s": med["floor"], "check_s": med["check"], "ratio": med["check"] / med["floor"],
            "ratio_range": (min(ratios), max(ratios)), "hooked_s": med["hooked"], "hooked_ratio": med["hooked"] / med["floor"],
            "first_s": first, "peers": {k: med[k] for k in commands}, "check_peak_rss_mb": rss / 1024}


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


def bench_batch(count: int, runs: int, workdir: Path, peers: dict) -> dict:
    rng = random.Random(7)
    sentences = seed_sentences()
    folder = workdir / "batch"
    folder.mkdir()
    (workdir / "plain.txt").write_text(HOOK_DRAFT.format(n=0), encoding="utf-8")
    for i in range(count):
        (folder / f"d{i:05}.txt").write_text(make_draft(rng, sentences, rng.randint(200, 1200)), encoding="utf-8")
    check = [REPLYLINT, "check", "--format", "json", "--fail-on", "never", str(folder)]
    commands = {
        "floor": [PYTHON, "-c", FLOOR_SCRIPT, str(folder)],
        "replylint": check[:2] + ["--no-cache"] + check[2:],  # as a user runs it: one process per core here
        "cores": check[:2] + ["--no-cache", "--jobs", "0"] + check[2:],  # every core, busy or not
        "jobs1": check[:2] + ["--no-cache", "--jobs", "1"] + check[2:],
        **{name: cmd + [str(folder)] for name, cmd in peers.items()},
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    first, second = [], []
    default_jobs = []
    for run in range(runs):  # alternate, so load on the machine hits all alike
        for name, cmd in commands.items():
            if name == "replylint":  # what the default --jobs picks (run.py's _jobs: one per core from 100 files on)
                from replylint.run import _jobs

                default_jobs.append(_jobs(None, count))
            times[name].append(timed(cmd)[0])
        # the result cache: an empty one, then the same unchanged folder again
        env = dict(os.environ, REPLYLINT_CACHE_DIR=str(workdir / f"cache-{run}"))
        timed([REPLYLINT, "check", str(workdir / "plain.txt")], env=env)  # its compiled rules: only the results are new
        first.append(timed(check, env=env)[0])
        second.append(timed(check, env=env)[0])
    med = {k: statistics.median(v) for k, v in times.items()}
    out = {"drafts": count, "runs": runs, "s": med, "default_jobs": default_jobs,
           "cpu": {name: cpu(cmd) for name, cmd in commands.items()}, "warm_first_s": statistics.median(first),
           "warm_second_s": statistics.median(second),
           "warm_ratio": statistics.median([b / a for a, b in zip(first, second)])}
    if "textlint" in med:
        out["vs_textlint"] = [r / t for r, t in zip(times["replylint"], times["textlint"])]
        out["jobs1_vs_textlint"] = [r / t for r, t in zip(times["jobs1"], times["textlint"])]
    return out


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
    print(f"machine: {machine()}")
    if only & {"cold", "batch"}:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import peers as peer_tools

        peers = {name: cmd for name, cmd in (("textlint", peer_tools.textlint()), ("proselint", peer_tools.proselint())) if cmd}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "cold" in only:
            cold = bench_cold(3 * runs, work, peers)
            lo, hi = cold["ratio_range"]
            print(f"cold:    check --format json (a new draft each run) {cold['check_s'] * 1000:.0f} ms vs dictionary load "
                  f"{cold['floor_s'] * 1000:.0f} ms = {cold['ratio']:.2f}x (target 1.3x; per-run ratios {lo:.2f}-{hi:.2f}); "
                  f"with context front matter {cold['hooked_s'] * 1000:.0f} ms = {cold['hooked_ratio']:.2f}x; "
                  f"first run after install {cold['first_s'] * 1000:.0f} ms; peak RSS {cold['check_peak_rss_mb']:.0f} MB")
            print(f"         in CPU time (user + system): {cold['cpu_ratio']:.2f}x the dictionary load; "
                  f"with context front matter {cold['hooked_cpu_ratio']:.2f}x")
            for name, seconds in cold["peers"].items():
                print(f"         {name} on the same draft: {seconds * 1000:.0f} ms ({seconds / cold['check_s']:.2f}x replylint's)")
        if "batch" in only:
            batch = bench_batch(count, max(1, runs // 2), work, peers)
            s = batch["s"]
            line = (f"batch:   {batch['drafts']} drafts, --no-cache: {s['replylint']:.2f} s ({batch['drafts'] / s['replylint']:.0f} drafts/s, "
                    f"{s['replylint'] / s['floor']:.2f}x the analysis floor {s['floor']:.2f} s; default --jobs picked "
                    f"{'/'.join(map(str, batch['default_jobs']))}); every core (--jobs 0): {s['cores']:.2f} s; --jobs 1: {s['jobs1']:.2f} s")
            print(line)
            for name in peers:
                print(f"         {name}: {s[name]:.2f} s; replylint / {name} = {s['replylint'] / s[name]:.2f}x "
                      f"(every core: {s['cores'] / s[name]:.2f}x, --jobs 1: {s['jobs1'] / s[name]:.2f}x)")
            if "vs_textlint" in batch:
                v, v1 = batch["vs_textlint"], batch["jobs1_vs_textlint"]
                print(f"         replylint / textlint+prh per alternation: {min(v):.2f}-{max(v):.2f}x "
                      f"(target 0.9x); --jobs 1: {min(v1):.2f}-{max(v1):.2f}x")
            c = batch["cpu"]
            print("         CPU time (user + system, workers included): "
                  + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in c.items())
                  + (f"; replylint / textlint+prh in CPU: {c['replylint'] / c['textlint']:.2f}x (--jobs 1: {c['jobs1'] / c['textlint']:.2f}x)"
                     if "textlint" in c else ""))
            print(f"warm:    result cache, first run {batch['warm_first_s']:.2f} s, second over the unchanged folder "
                  f"{batch['warm_second_s']:.2f} s = {batch['warm_ratio']:.2f}x (target 0.2x)")
    if "report" in only:
        with tempfile.TemporaryDirectory() as tmp:
            rep = bench_report(10_000 if args.quick else 100_000, Path(tmp))
        print(f"report:  {rep['replies']:,} replies ({rep['export_mb']:.0f} MB of CSV, replies of {rep['mean_chars']:.0f} "
              "characters on average):")
        for name, m in rep["modes"].items():
            print(f"         {name}: {m['s']:.1f} s = {m['replies_per_s']:.0f} replies/s; "
                  f"{m['cpu_s']:.0f} CPU-s = {m['per_cpu_s']:.0f} replies per CPU-second")
    print(f"machine load at the end: {load()}")
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
