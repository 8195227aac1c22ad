"""``--statistics``: findings per rule after the report, most frequent first (as ruff prints them).

    2  refusal-no-reason       error    a refusal with no reason given
    1  long-sentence           warning  a sentence too long to read at once
"""
from __future__ import annotations

from collections import Counter
from typing import IO

from . import FileResult


def render_statistics(results: list[FileResult], linter, stream: IO[str]) -> None:
    counts: Counter[str] = Counter()
    severity: dict[str, str] = {}
    for r in results:
        for d in r.diagnostics:
            counts[d.rule] += 1
            severity.setdefault(d.rule, d.severity)
    if not counts:
        return
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    width = max(len(rule) for rule in counts)
    number = max(len(str(n)) for n in counts.values())
    for rule_id, n in rows:
        rule = linter.by_id.get(rule_id)
        what = rule.description if rule is not None else ""
        stream.write(f"{n:>{number}}  {rule_id:<{width}}  {severity[rule_id]:<7}  {what}".rstrip() + "\n")
