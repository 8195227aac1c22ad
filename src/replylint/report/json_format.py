"""JSON, version 1, exactly as the contract shows it."""
from __future__ import annotations

import json
from typing import IO

from . import FileResult, summary


def render(results: list[FileResult], rules, stream: IO[str], **_: object) -> None:
    report = {
        "version": 1,
        "files": [{"path": r.path, "diagnostics": [d.to_dict() for d in r.diagnostics]} for r in results],
        "summary": summary(results),
    }
    json.dump(report, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
