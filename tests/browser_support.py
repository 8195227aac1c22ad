"""What the browser tests share: the Debian package's Chromium, a static file server, a port that
never answers, `replylint serve` processes on free ports (started before the browser, so that they
warm up while it starts), and the extension's latency measurement
(also used by bench/extension.py).

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
OVERLAY = "replylint-overlay"  # the extension's layer over a chat page
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
    with started_services(folder, *arg_lists, fail=fail) as urls:
        yield urls()


@contextmanager
def started_services(folder: Path, *arg_lists: list[str], fail=RuntimeError):
    """As serve_processes, but yields at once a function that waits for the URLs: the services warm
    up (a few seconds of rules and dictionary) while the caller starts the browser."""
    procs, logs = [], []
    try:
        for i, args in enumerate(arg_lists):
            log = folder / f"serve-{i}.log"
            with open(log, "wb") as err:
                procs.append(subprocess.Popen([str(REPLYLINT), "serve", "--port", "0", *args],
                                              stdout=subprocess.DEVNULL, stderr=err, cwd=REPO))
            logs.append(log)

        def urls() -> list[str]:
            found = []
            deadline = time.monotonic() + 60
            for proc, log in zip(procs, logs):
                while True:
                    m = re.search(r"replylint serve: (http://\S+)/", log.read_text("utf-8", "replace"))
                    if m:
                        found.append(m.group(1))
                        break
                    if proc.poll() is not None or time.monotonic() > deadline:
                        fail(f"replylint serve did not start: {log.read_text('utf-8', 'replace')}")
                        raise RuntimeError("replylint serve did not start")
                    time.sleep(0.05)
            return found

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


DRAFT_1000 = (
    "Анна Сергеевна, добрый день! Спасибо, что написали и подробно рассказали о занятиях Миши. "
    "Мы посмотрели расписание преподавателей на эту и следующую неделю. Сменить преподавателя до "
    "вторника не получится. Зато можем предложить пробное занятие с другим преподавателем в среду "
    "в 19:00 или в четверг в 18:30, а урок во вторник перенести без списания. Уточню у методиста, "
    "какой преподаватель лучше подойдёт по программе. Приносим извинения за доставленные неудобства. "
    "Если удобнее, можем созвониться и обсудить программу подробнее: напишите, когда вам удобно. "
    "Материалы прошлых уроков останутся в личном кабинете, ничего не пропадёт. "
)


def measure_latency(page, runs):
    """Milliseconds from the last keystroke of a 1,000-character draft to the findings on screen, in a
    chat page with the extension on it (Chatwoot's rich editor, tests/data/chat-tools): the draft is
    put in at once, then each run types one more character and waits for the check of the whole."""
    from playwright.sync_api import expect

    draft = (DRAFT_1000 * 3)[:999]
    page.locator(".ProseMirror").click()
    page.keyboard.insert_text(draft)
    page.evaluate("""() => { window.lastKey = 0;
        window.addEventListener('keydown', () => { window.lastKey = performance.now(); }, true); }""")
    times = []
    for i in range(runs):
        length = 1000 + i
        expect(page.locator(OVERLAY)).to_have_attribute("data-checked-length", str(length - 1))
        page.keyboard.press("Period")  # a key of the layout, so that it comes as keydown, keypress, input
        expect(page.locator(OVERLAY)).to_have_attribute("data-checked-length", str(length))
        shown = float(page.locator(OVERLAY).get_attribute("data-shown-at"))
        times.append(shown - page.evaluate("window.lastKey"))
    return times
