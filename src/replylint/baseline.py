"""Baselines: adopt replylint on files that already have findings, and see only the new ones.

``check --write-baseline FILE`` records every finding; ``check --baseline FILE`` then leaves out
the findings recorded there. A finding is recorded by its file, its rule and the words it marks,
with a count, so that edits elsewhere in the file (lines added above, other sentences changed) do
not bring it back, while a second copy of the same words is new and reported:

    {
      "version": 1,
      "findings": [
        {"file": "macros/refunds.yaml#refund-late", "rule": "refusal-no-reason", "match": "не получится", "count": 1}
      ]
    }

``file`` is the path from the baseline file's folder ("/" between folders), with ``#id`` for a
template of a macro collection; ``match`` has its runs of spaces and line breaks as one space.
Findings are sorted, so the file changes only where the findings do.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path

from .errors import InputError

VERSION = 1
Key = tuple[str, str, str]  # file, rule, match


def _file_key(result, base: str) -> str:
    path = result.disk_path
    if path not in ("-", ""):
        path = os.path.relpath(os.path.abspath(path), base)
    path = path.replace(os.sep, "/")
    return f"{path}#{result.template}" if result.template is not None else path


def _match_key(match: str) -> str:
    return " ".join(match.split())


def _keys(results, base: str):
    for result in results:
        file = _file_key(result, base)
        for d in result.diagnostics:
            yield (file, d.rule, _match_key(d.match)), result, d


def write_baseline(path: str, results) -> int:
    """Record every finding of ``results`` in ``path``; the number recorded."""
    base = os.path.dirname(os.path.abspath(path))
    counts: Counter[Key] = Counter(key for key, _, _ in _keys(results, base))
    findings = [{"file": f, "rule": r, "match": m, "count": n} for (f, r, m), n in sorted(counts.items())]
    text = json.dumps({"version": VERSION, "findings": findings}, ensure_ascii=False, indent=2) + "\n"
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"не удаётся записать базовый список: {exc.strerror or exc}", path) from None
    return sum(counts.values())


def load_baseline(path: str) -> Counter[Key]:
    from .read import read_text

    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"не JSON: {exc.msg}", path, exc.lineno) from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise InputError("это не базовый список replylint (нужен ключ findings; его пишет check --write-baseline)", path, 1)
    if data.get("version") != VERSION:
        raise InputError(f"версия базового списка {data.get('version')!r}, а эта версия replylint читает {VERSION}", path, 1)
    counts: Counter[Key] = Counter()
    for i, item in enumerate(data["findings"]):
        fields = (item.get("file"), item.get("rule"), item.get("match")) if isinstance(item, dict) else (None,)
        count = item.get("count", 1) if isinstance(item, dict) else None
        if not all(isinstance(f, str) for f in fields) or not isinstance(count, int) or count < 1:
            raise InputError(f"запись {i + 1} в findings: нужны file, rule, match (текст) и count (число от 1)", path)
        counts[(fields[0], fields[1], _match_key(fields[2]))] += count
    return counts


def apply_baseline(path: str, results) -> tuple[list, int]:
    """``results`` without the findings recorded in the baseline ``path``, and how many were left out."""
    remaining = load_baseline(path)
    base = os.path.dirname(os.path.abspath(path))
    left_out = 0
    kept: dict[int, list] = {}
    for key, result, d in _keys(results, base):
        if remaining[key] > 0:
            remaining[key] -= 1
            left_out += 1
        else:
            kept.setdefault(id(result), []).append(d)
    return [replace(r, diagnostics=kept.get(id(r), [])) for r in results], left_out
