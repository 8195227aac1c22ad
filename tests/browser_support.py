"""What the browser tests share: the Debian package's Chromium, a static file server, a port that
never answers, and `replylint serve` processes on free ports (also used by bench/extension.py).

Playwright's own browser download is not used: the tests launch /usr/bin/chromium, which `.ci/run`
installs with apt-get when it is missing.
"""
from __future__ import annotations

import functools
import re
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parent.parent
REPLYLINT = Path(sys.executable).parent / "replylint"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]  # containers often have a small /dev/shm


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def static_server(folder: Path, host: str = "127.0.0.1"):
    server = ThreadingHTTPServer((host, 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def silent_service():
    """A port that accepts connections and never answers: a service that hangs."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()


@contextmanager
def serve_processes(folder: Path, *arg_lists: list[str], fail=RuntimeError):
    """`replylint serve --port 0 ARGS` for each list of ARGS, started together; yields their URLs
    (without the trailing slash). `fail` is called with a message when one does not start."""
    procs, logs = [], []
    try:
        for i, args in enumerate(arg_lists):
            log = folder / f"serve-{i}.log"
            with open(log, "wb") as err:
                procs.append(subprocess.Popen([str(REPLYLINT), "serve", "--port", "0", *args],
                                              stdout=subprocess.DEVNULL, stderr=err, cwd=REPO))
            logs.append(log)
        urls = []
        deadline = time.monotonic() + 60
        for proc, log in zip(procs, logs):
            while True:
                m = re.search(r"replylint serve: (http://\S+)/", log.read_text("utf-8", "replace"))
                if m:
                    urls.append(m.group(1))
                    break
                if proc.poll() is not None or time.monotonic() > deadline:
                    fail(f"replylint serve did not start: {log.read_text('utf-8', 'replace')}")
                    raise RuntimeError("replylint serve did not start")
                time.sleep(0.05)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
