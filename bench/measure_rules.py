"""Measure each built-in rule's precision and recall on real replies, and record it.

    python bench/measure_rules.py [CORPUS.yaml] [--write]

CORPUS is a labelled corpus in the eval format (default: ../shared/eval/real-dev.yaml, the real
replies kept beside the project). It is checked in one `replylint check --format json` run and
counted the way ../shared/eval/score.py counts: a rule's finding is right when the case expects or
allows that rule; an info finding counts only when expected. With --write the figures go to
tests/data/rule-precision.yaml, which the README's rule table shows and tests/test_severity_earned.py
holds each rule's shipped severity to:

- an error must be right on real replies at least 95% of the time, a warning at least 85%;
- a rule below its bar ships one level lower (never below warning for a rule that is not info);
- a rule with fewer than MIN_FINDINGS findings on the corpus keeps the severity the contract gives
  it: a handful of findings says nothing either way.
"""
from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "real-dev.yaml"
RECORD = ROOT / "tests" / "data" / "rule-precision.yaml"
RANK = {"info": 0, "warning": 1, "error": 2}


def write_case(folder: Path, case: dict) -> Path:
    """A case as a draft file, its context as front matter (as score.py writes it)."""
    body = case["draft"]
    if case.get("context"):
        body = "---\n" + yaml.safe_dump(case["context"], allow_unicode=True, sort_keys=False) + "---\n" + body
    path = folder / f"{case['id']}.txt"
    path.write_text(body, encoding="utf-8")
    return path


def measure(corpus: Path, command: str) -> dict[str, Counter]:
    cases = yaml.safe_load(corpus.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        paths = [write_case(Path(tmp), c) for c in cases]
        run = subprocess.run([command, "check", "--format", "json", *map(str, paths)], capture_output=True, text=True, cwd=tmp)
    if run.returncode not in (0, 1):
        sys.exit(f"the check run failed: {run.stderr.strip()}")
    fired: dict[str, dict[str, str]] = defaultdict(dict)
    for entry in json.loads(run.stdout)["files"]:
        for d in entry["diagnostics"]:
            case_id, old = Path(entry["path"]).stem, fired[Path(entry["path"]).stem].get(d["rule"])
            if old is None or RANK[d["severity"]] > RANK[old]:
                fired[case_id][d["rule"]] = d["severity"]
    counts: dict[str, Counter] = defaultdict(Counter)
    for case in cases:
        expect, allow = set(case.get("expect") or []), set(case.get("allow") or [])
        got = fired.get(case["id"], {})
        for rule in expect:
            counts[rule]["expected"] += 1
            counts[rule]["found"] += rule in got
        for rule, severity in got.items():
            if severity == "info" and rule not in expect:
                continue
            counts[rule]["fired"] += 1
            counts[rule]["right"] += rule in expect or rule in allow
    return counts


def readme_table(record: dict) -> str:
    """The README's table of each rule's figures on real replies (tests hold the README to it)."""
    rows = ["| rule | shipped | precision on real replies | recall on real replies |", "|---|---|---|---|"]
    severities = _severities()
    empty = {"fired": 0, "right": 0, "expected": 0, "found": 0}
    for rule in sorted(severities):
        c = record["rules"].get(rule, empty)
        precision = f"{c['right'] / c['fired']:.2f} ({c['right']}/{c['fired']})" if c["fired"] else "— (no finding)"
        recall = f"{c['found'] / c['expected']:.2f} ({c['found']}/{c['expected']})" if c["expected"] else "— (none expected)"
        rows.append(f"| {rule} | {severities.get(rule, '?')} | {precision} | {recall} |")
    return "\n".join(rows)


def _severities() -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "src"))
    from replylint.engine import Linter

    return {r.id: r.severity for r in Linter().rules}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    ap.add_argument("--cmd", default=str(ROOT / ".venv" / "bin" / "replylint"))
    ap.add_argument("--write", action="store_true", help=f"record the figures in {RECORD.relative_to(ROOT)}")
    ap.add_argument("--table", action="store_true", help="print the README's table of the recorded figures and stop")
    args = ap.parse_args()
    if args.table:
        print(readme_table(yaml.safe_load(RECORD.read_text(encoding="utf-8"))))
        return
    corpus = Path(args.corpus)
    counts = measure(corpus, args.cmd)
    record = {"corpus": corpus.name, "measured": datetime.date.today().isoformat(), "rules": {}}
    for rule in sorted(counts):
        c = counts[rule]
        record["rules"][rule] = {k: c[k] for k in ("fired", "right", "expected", "found")}
        precision = f"{c['right'] / c['fired']:.2f}" if c["fired"] else "—"
        recall = f"{c['found'] / c['expected']:.2f}" if c["expected"] else "—"
        print(f"{rule:26} precision {precision:>5} ({c['right']}/{c['fired']})  recall {recall:>5} ({c['found']}/{c['expected']})")
    if args.write:
        RECORD.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
        print(f"written: {RECORD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
