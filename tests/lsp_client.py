"""A small JSON-RPC client for `replylint lsp` over stdio, as an editor talks to it (the LSP test and
bench/bench_lsp.py use it): Content-Length framed messages, requests answered by id, notifications
collected as they come."""
from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any


class LspClient:
    def __init__(self, command: list[str], cwd: Path | str | None = None) -> None:
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
        self.messages: queue.Queue = queue.Queue()
        self.pending: list[dict] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.messages.put((time.perf_counter(), json.loads(body)))

    def send(self, message: dict) -> float:
        data = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode("utf-8")
        sent = time.perf_counter()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()
        return sent

    def notify(self, method: str, params: Any) -> float:
        return self.send({"method": method, "params": params})

    def _next(self, timeout: float) -> tuple[float, dict]:
        return self.messages.get(timeout=timeout)

    def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        self.next_id += 1
        ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            _, message = self._next(max(0.01, deadline - time.monotonic()))
            if message.get("id") == ident and "method" not in message:
                if "error" in message:
                    raise RuntimeError(message["error"])
                return message.get("result")
            if "method" in message and "id" in message:  # a request from the server: answer it
                self.send({"id": message["id"], "result": None})
            else:
                self.pending.append(message)

    def diagnostics(self, uri: str, version: int | None = None, timeout: float = 60) -> tuple[float, list[dict]]:
        """The next publishDiagnostics for ``uri`` (of ``version``, when given), and when it came."""
        deadline = time.monotonic() + timeout
        kept = []
        try:
            for message in list(self.pending):
                if self._wanted(message, uri, version):
                    self.pending.remove(message)
                    return time.perf_counter(), message["params"]["diagnostics"]
            while True:
                at, message = self._next(max(0.01, deadline - time.monotonic()))
                if self._wanted(message, uri, version):
                    return at, message["params"]["diagnostics"]
                if "method" in message and "id" in message:
                    self.send({"id": message["id"], "result": None})
                else:
                    kept.append(message)
        finally:
            self.pending.extend(kept)

    @staticmethod
    def _wanted(message: dict, uri: str, version: int | None) -> bool:
        if message.get("method") != "textDocument/publishDiagnostics":
            return False
        params = message["params"]
        return params["uri"] == uri and (version is None or params.get("version") == version)

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.proc.wait(10)
        except Exception:  # noqa: BLE001 - a test that failed midway still ends the process
            self.proc.kill()
            self.proc.wait()


def offset_at(text: str, position: dict) -> int:
    """The code-point offset of an LSP position (UTF-16 columns) in ``text``."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position["line"]])
    units = 0
    i = start
    while units < position["character"] and i < len(text) and text[i] != "\n":
        units += 2 if ord(text[i]) > 0xFFFF else 1
        i += 1
    return i


def apply_text_edits(text: str, edits: list[dict]) -> str:
    """``text`` with LSP TextEdits made, as an editor makes them."""
    spans = sorted(((offset_at(text, e["range"]["start"]), offset_at(text, e["range"]["end"]), e["newText"]) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text
