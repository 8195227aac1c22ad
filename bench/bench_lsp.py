#!/usr/bin/env python3
"""How soon `replylint lsp` shows diagnostics after a change, as an editor sees it (never asserted in
tests). Run from the repository root:

    .venv/bin/python bench/bench_lsp.py [--changes 100]

Starts the server over stdio, opens a 1,000-character draft (the LSP test's), then sends one change
at a time (a word typed in the middle, a whole-text change) and times each from the didChange
notification to the publishDiagnostics of that version. The server waits DEBOUNCE (30 ms) of quiet
before it checks, so that is in the figure. Prints the median, p95 and worst.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from lsp_client import LspClient  # noqa: E402
from test_lsp import BODY, FRONT  # noqa: E402  (the same draft as the test)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=100)
    args = parser.parse_args()
    replylint = str(Path(sys.executable).parent / "replylint")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reply.md"
        text = FRONT + BODY
        path.write_text(text, encoding="utf-8")
        client = LspClient([replylint, "lsp"], cwd=folder)
        client.request("initialize", {"processId": None, "rootUri": Path(folder).as_uri(), "capabilities": {}})
        client.notify("initialized", {})
        uri = path.as_uri()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        client.diagnostics(uri, 1)
        times = []
        line = FRONT.count("\n")
        for version in range(2, args.changes + 2):
            if version % 2:
                change = {"text": text + f"Вариант {version}.\n"}  # the whole text, as some clients send it
            else:
                at = {"line": line, "character": 30}
                change = {"range": {"start": at, "end": at}, "text": "ну "}  # a word typed in the middle
            sent = client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
            arrived, _ = client.diagnostics(uri, version)
            times.append(1000 * (arrived - sent))
        client.close()
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(f"lsp: diagnostics after a change of a {len(BODY)}-character draft, {len(times)} changes: "
          f"median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, worst {times[-1]:.0f} ms (target: 200 ms)")


if __name__ == "__main__":
    main()
