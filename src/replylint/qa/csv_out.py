"""``--csv DIR``: the report's counts as CSV files for a BI tool.

Headers are English snake_case, numbers plain (a dot for decimals, rates to two decimals), UTF-8:

- ``totals.csv``: metric, value;
- ``rules.csv``: rule, severity, description, findings, replies, per_100;
- ``operators.csv`` and ``weeks.csv``: operator (week_start), replies, errors, warnings, infos,
  findings, per_100;
- ``rules_by_week.csv``: rule, week_start, replies, findings, per_100 (every rule with findings,
  every week, zeros included).
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

from .counts import Counts, rate


def write_csv(counts: Counts, folder: str) -> list[str]:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    tables: dict[str, list[list[object]]] = {
        "totals.csv": [["metric", "value"], *([key, value] for key, _, value in counts.totals())],
        "rules.csv": [["rule", "severity", "description", "findings", "replies", "per_100"],
                      *([r.rule, r.severity, r.description, r.findings, r.replies, _rate(r.per_100)] for r in counts.rules)],
        "operators.csv": [["operator", "replies", "errors", "warnings", "infos", "findings", "per_100"],
                          *(_group(g) for g in counts.by_operator)],
        "weeks.csv": [["week_start", "replies", "errors", "warnings", "infos", "findings", "per_100"],
                      *(_group(g) for g in counts.by_week)],
        "rules_by_week.csv": [["rule", "week_start", "replies", "findings", "per_100"]],
    }
    replies = {g.name: g.replies for g in counts.by_week}
    for row in counts.rules:
        for week in counts.weeks:
            n = counts.rule_weeks.get((row.rule, week), 0)
            tables["rules_by_week.csv"].append([row.rule, week, replies[week], n, _rate(rate(n, replies[week]))])
    written = []
    for name, rows in tables.items():
        path = out / name
        temporary = path.with_name(f".{name}.tmp")
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            csv.writer(stream).writerows(rows)
        os.replace(temporary, path)
        written.append(str(path))
    return written


def _group(g) -> list[object]:
    return [g.name, g.replies, g.errors, g.warnings, g.infos, g.findings, _rate(g.per_100)]


def _rate(value: float) -> str:
    return f"{value:.2f}"
