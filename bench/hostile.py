"""Hostile requests against a real `replylint serve` on loopback (issue 17), with the figures the
issue asks for: a 98 KB hostile request ends within 10 s while a small one sent meanwhile is
answered in under a second; 120 unique 80 KB words grow the service's memory by less than 60 MB;
half-sent requests are cut off. Bounded: a few hundred requests, each with a timeout.

    .venv/bin/python bench/hostile.py                      # everything, about a minute or two
    .venv/bin/python bench/hostile.py "" hostile,memory    # some of: hostile, bomb, unicode, memory, halfsent, token
"""
import functools
print = functools.partial(print, flush=True)
import http.client, json, os, re, socket, subprocess, sys, threading, time

EXE = (sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None) or os.path.join(os.path.dirname(sys.executable), "replylint")
only = sys.argv[2].split(",") if len(sys.argv) > 2 else None

def start(*extra):
    p = subprocess.Popen([EXE, "serve", "--port", "0", *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = p.stderr.readline()
    port = int(re.search(r":(\d+)/", line).group(1))
    threading.Thread(target=lambda: [None for _ in p.stderr], daemon=True).start()
    return p, port

def post(port, body, timeout=60, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    h = {"Content-Type": "application/json"}; h.update(headers or {})
    t = time.monotonic()
    try:
        c.request("POST", "/v1/check", data, h)
        r = c.getresponse(); out = r.read()
        return r.status, time.monotonic() - t, out[:200]
    except Exception as e:
        return type(e).__name__, time.monotonic() - t, b""

def rss(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024

p, port = start()
time.sleep(4)  # warming
small = {"text": "Анна, сменить преподавателя не получится."}
print("small alone", post(port, small)[:2])
def case(name):
    return only is None or name in only
if case("hostile"):
    # the last two are the slowest: every character a token of its own (razdel's linear worst case)
    for text in ["{{" * 49000, "!" * 98000, "." * 98000, "[" * 49000 + "]", "%" * 98000, "<" * 98000,
                 "а." * 32000, "a{" * 49000]:  # (98 KB of UTF-8 each)
        res = {}
        th = threading.Thread(target=lambda: res.setdefault("h", post(port, {"text": text}, timeout=120)))
        th.start(); time.sleep(0.1)
        s = post(port, small, timeout=120)
        th.join()
        print(f"hostile {text[:4]!r}x{len(text)}: {res['h'][0]} in {res['h'][1]:.2f}s; small sent 0.1 s after it: {s[0]} in {s[1]:.3f}s")
if case("bomb"):
    lines = ["---", 'a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 8):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
    lines += ["names: *a7", "---", "Привет"]
    print("bomb", post(port, {"text": "\n".join(lines)}, timeout=60))
if case("unicode"):
    print("tangut", post(port, {"text": "Здравствуйте, \U00017000\U00018D00 ok"})[::2])
    print("surrogate mode", post(port, b'{"text": "x", "mode": "\\ud800"}')[::2])
    print("surrogate client", post(port, b'{"text": "x", "context": {"client": "\\ud800"}}')[::2])
    print("bom", post(port, {"text": "\ufeff---\nclient: Анна\n---\nМария, сменить преподавателя не получится."})[::2])
if case("memory"):
    import random
    before = rss(p.pid)
    rnd = random.Random(1)
    letters = "абвгдежзийклмнопрстуфхцчшщыэюя"
    t = time.monotonic()
    for i in range(120):
        word = "".join(rnd.choice(letters) for _ in range(80_000 // 2))  # 80 KB in UTF-8
        st = post(port, {"text": word})[0]
        assert st == 200, st
    print(f"memory: 120 unique 80 KB words: RSS {before:.0f} -> {rss(p.pid):.0f} MB (+{rss(p.pid) - before:.0f}) in {time.monotonic() - t:.1f}s")
def half_sent(what, data):
    """Send part of a request and wait: the service should answer or close within its read timeout."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(data)
        sock.settimeout(40); t = time.monotonic()
        try:
            got = sock.recv(1000)
            print(f"half-sent {what}: answered or closed after {time.monotonic() - t:.1f}s: {got[:40]!r}")
        except socket.timeout:
            print(f"half-sent {what}: still open after 40 s")
if case("halfsent"):
    half_sent("body", b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\"")
    half_sent("headers", b"POST /v1/check HTTP/1.1\r\nHost: x\r\n")
p.terminate(); p.wait(30)
if case("token"):
    p, port = start("--token", "пароль")
    time.sleep(3)
    print("non-ascii token", post(port, small, headers={"Authorization": "Bearer пароль".encode().decode("latin-1")})[::2])
    p.terminate(); p.wait(30)
