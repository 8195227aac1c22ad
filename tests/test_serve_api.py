"""`replylint serve`: the HTTP API with a real client against the app, and the command as a process.

Every status the API can answer is here: 200, 400, 401, 404, 405, 413, 415, 422, and the JSON 500 of
the catch-all handler (a bug in replylint, never a bad request). After bad requests the service goes
on serving.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the serve extra is not installed: pip install -e '.[dev]'")
pytest.importorskip("httpx2", reason="httpx2 (Starlette's TestClient) is not installed: pip install -e '.[dev]'")

from starlette.testclient import TestClient  # noqa: E402

from replylint.engine import Linter  # noqa: E402
from replylint.serve.app import create_app, utf16_offsets, warm  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
REPLYLINT = Path(sys.executable).parent / "replylint"
REFUSAL = "Сменить преподавателя не получится."
GOOD = "Анна Сергеевна, добрый день! Спасибо, что написали. Подберём Мише другого преподавателя и пришлём варианты сегодня до 18:00."
CONTRACT_KEYS = {"rule", "severity", "message", "line", "column", "end_line", "end_column", "start", "end", "match",
                 "suggestions"}


@pytest.fixture(scope="module")
def linter():
    linter = Linter()
    warm(linter)
    return linter


@pytest.fixture(scope="module")
def client(linter):
    with TestClient(create_app(linter), raise_server_exceptions=False) as c:
        yield c


def post(client, body, content_type="application/json"):
    data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode("utf-8")
    return client.post("/v1/check", content=data, headers={"Content-Type": content_type})


def utf16_slice(text: str, start: int, end: int) -> str:
    """What JavaScript's text.slice(start, end) gives."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


# --------------------------------------------------------------------------------------------- 200


def test_health(client, linter):
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    assert r.json()["rules"] == len(linter.active)


def test_check_finds_a_refusal_in_the_contract_shape(client):
    r = post(client, {"text": REFUSAL})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) >= {"diagnostics"}
    rules = {d["rule"] for d in body["diagnostics"]}
    assert "refusal-no-alternative" in rules
    for d in body["diagnostics"]:
        assert set(d) == CONTRACT_KEYS | {"start_utf16", "end_utf16"}
        assert d["severity"] in ("error", "warning", "info")
        assert REFUSAL[d["start"] : d["end"]] == d["match"]
        assert (d["start_utf16"], d["end_utf16"]) == (d["start"], d["end"])  # no characters past U+FFFF
        assert d["line"] == 1 and d["column"] == d["start"] + 1
    assert body["summary"]["errors"] == sum(d["severity"] == "error" for d in body["diagnostics"])


def test_offsets_count_code_points_and_utf16_units(client):
    text = "🙂🙂 " + REFUSAL  # two characters that JavaScript counts twice
    d = next(d for d in post(client, {"text": text}).json()["diagnostics"] if d["rule"] == "refusal-no-alternative")
    assert text[d["start"] : d["end"]] == d["match"] == "не получится"
    assert (d["start_utf16"], d["end_utf16"]) == (d["start"] + 2, d["end"] + 2)
    assert utf16_slice(text, d["start_utf16"], d["end_utf16"]) == d["match"]


def test_utf16_offsets_helper():
    text = "a😀b😀c"
    assert utf16_offsets(text, [0, 1, 2, 3, 4, 5]) == {0: 0, 1: 1, 2: 3, 3: 4, 4: 6, 5: 7}


def test_front_matter_in_text_is_context_and_offsets_count_from_the_top(client):
    text = "---\nclient: Анна\n---\nАнна, " + REFUSAL[0].lower() + REFUSAL[1:]
    ds = post(client, {"text": text}).json()["diagnostics"]
    d = next(d for d in ds if d["rule"] == "refusal-no-alternative")
    assert text[d["start"] : d["end"]] == d["match"]
    assert d["line"] == 4


def test_context_is_applied(client):
    plain = {d["rule"] for d in post(client, {"text": REFUSAL}).json()["diagnostics"]}
    assert "refusal-no-reason" in plain
    off = post(client, {"text": REFUSAL, "context": {"disable": ["refusal-no-reason"], "client": "Анна",
                                                       "lesson": ["2026-11-24 18:30"], "client_message": "Здравствуйте!"}})
    assert off.status_code == 200
    assert "refusal-no-reason" not in {d["rule"] for d in off.json()["diagnostics"]}


def test_null_context_and_mode_and_both_modes(client):
    for body in ({"text": REFUSAL, "context": None, "mode": None}, {"text": REFUSAL, "mode": "draft"},
                 {"text": REFUSAL, "mode": "template"}):
        assert post(client, body).status_code == 200, body


def test_empty_and_clean_drafts_have_no_findings(client):
    assert post(client, {"text": ""}).json()["diagnostics"] == []
    r = post(client, {"text": GOOD, "context": {"client": "Анна Сергеевна", "student": "Миша"}})
    assert r.status_code == 200
    assert [d for d in r.json()["diagnostics"] if d["severity"] != "info"] == []


def test_json_with_charset_is_accepted(client):
    assert post(client, {"text": REFUSAL}, "application/json; charset=utf-8").status_code == 200


def test_rules(client, linter):
    r = client.get("/v1/rules")
    assert r.status_code == 200
    rules = r.json()["rules"]
    assert [x["id"] for x in rules] == [x.id for x in linter.active]
    for x in rules:
        assert x["severity"] in ("error", "warning", "info")
        assert x["kind"] and x["principle"]["name"] and x["principle"]["source"]
        assert "description" in x


def test_openapi_describes_the_api(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.")
    assert {"/v1/check", "/v1/rules", "/health"} <= set(doc["paths"])
    check = doc["paths"]["/v1/check"]["post"]
    assert {"200", "400", "401", "413", "415", "422"} <= set(check["responses"])
    assert set(doc["components"]["schemas"]["Diagnostic"]["required"]) == CONTRACT_KEYS | {"start_utf16", "end_utf16"}


def test_answers_match_the_openapi_schemas(client):
    """The document describes what the service really answers (OpenAPI 3.1 schemas are JSON Schema 2020-12)."""
    jsonschema = pytest.importorskip("jsonschema")
    doc = client.get("/openapi.json").json()

    def validate(instance, name):
        schema = {"$ref": f"#/components/schemas/{name}", "components": doc["components"]}
        jsonschema.Draft202012Validator(schema).validate(instance)

    validate(post(client, {"text": "🙂 " + REFUSAL}).json(), "CheckResponse")
    validate(client.get("/v1/rules").json(), "RulesResponse")
    validate(post(client, {"text": 1}).json(), "Error")
    example = doc["paths"]["/v1/check"]["post"]["requestBody"]["content"]["application/json"]["example"]
    validate(example, "CheckRequest")
    assert post(client, example).status_code == 200
    with pytest.raises(jsonschema.ValidationError):
        validate({"text": "a", "txt": "b"}, "CheckRequest")


def test_the_page_and_its_files(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'id="draft"' in r.text and "static/app.js" in r.text
    for name, kind in (("app.js", "javascript"), ("style.css", "text/css")):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and kind in r.headers["content-type"]
    # the script the page shares with the browser extension is the extension's own file
    r = client.get("/static/findings.js")
    assert r.status_code == 200 and "javascript" in r.headers["content-type"]
    assert r.content == (REPO / "extension" / "findings.js").read_bytes()
    assert "static/findings.js" in client.get("/").text
    assert "http://" not in client.get("/").text.replace('href="http', "")  # nothing from the internet


# --------------------------------------------------------------------------------------------- 4xx

BAD = [
    # (body, content type, status, words the error must contain)
    (b'{"text": "\xd0\x9f', "application/json", 400, "malformed JSON"),
    (b"{text: 1}", "application/json", 400, "malformed JSON"),
    (b"", "application/json", 400, "empty"),
    (b"[" * 5000 + b"]" * 5000, "application/json", 400, "JSON"),
    (b"\xff\xfe\x00", "application/json", 400, ""),
    (b'{"text": "a"}', "text/plain", 415, "application/json"),
    (b'{"text": "a"}', "", 415, "application/json"),
    (b'"text"', "application/json", 422, "object"),
    (b"[]", "application/json", 422, "object"),
    (b"null", "application/json", 422, "object"),
    (b"{}", "application/json", 422, '"text" is missing'),
    (b'{"text": 5}', "application/json", 422, '"text" must be a string'),
    (b'{"text": null}', "application/json", 422, '"text" must be a string'),
    (b'{"text": ["a"]}', "application/json", 422, '"text" must be a string'),
    (b'{"text": "\\ud800"}', "application/json", 422, "surrogate"),
    (b'{"text": "a", "txt": "b"}', "application/json", 422, "unknown key 'txt'"),
    (b'{"text": "a", "context": "client: Anna"}', "application/json", 422, '"context" must be an object'),
    (b'{"text": "a", "context": []}', "application/json", 422, '"context" must be an object'),
    ('{"text": "a", "context": {"clent": "Анна"}}'.encode(), "application/json", 422, "неизвестный ключ контекста 'clent'"),
    (b'{"text": "a", "context": {"client": {"name": "x"}}}', "application/json", 422, "client: нужен текст"),
    (b'{"text": "a", "context": {"lesson": "tomorrow"}}', "application/json", 422, "lesson 'tomorrow'"),
    (b'{"text": "a", "context": {"today": "2026-13-45"}}', "application/json", 422, "today"),
    (b'{"text": "a", "context": {"client_message": 5}}', "application/json", 422, "client_message"),
    (b'{"text": "a", "context": {"mode": "final"}}', "application/json", 422, "mode"),
    (b'{"text": "a", "context": {"disable": ["refusal-no-reasn"]}}', "application/json", 422, "нет правила 'refusal-no-reasn'"),
    (b'{"text": "a", "mode": "final"}', "application/json", 422, '"mode" "final" is not one of'),
    (b'{"text": "a", "mode": 1}', "application/json", 422, '"mode"'),
    (b'{"text": "---\\nclient: [\\n"}', "application/json", 422, "front matter"),
    (b'{"text": "---\\nfoo: 1\\n---\\nhi"}', "application/json", 422, "неизвестный ключ контекста 'foo'"),
]


@pytest.mark.parametrize("body, content_type, status, words", BAD, ids=[f"{s}-{i}" for i, (_, _, s, _) in enumerate(BAD)])
def test_bad_requests_get_a_4xx_json_error(client, body, content_type, status, words):
    r = post(client, body, content_type)
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert isinstance(error, str) and error
    assert words in error


def test_the_service_keeps_serving_after_bad_requests(client):
    for body, content_type, status, _ in BAD:
        post(client, body, content_type)
    assert client.get("/health").status_code == 200
    assert post(client, {"text": REFUSAL}).json()["diagnostics"]


def test_unknown_address_and_wrong_method(client):
    r = client.get("/v2/check")
    assert r.status_code == 404 and "/v2/check" in r.json()["error"]
    r = client.get("/v1/check")
    assert r.status_code == 405 and "GET" in r.json()["error"]
    r = client.delete("/v1/rules")
    assert r.status_code == 405 and r.json()["error"]


def test_body_over_the_limit(linter):
    with TestClient(create_app(linter, max_body=1000), raise_server_exceptions=False) as c:
        small = post(c, {"text": "а" * 400})  # 800 bytes of text
        assert small.status_code == 200
        r = post(c, {"text": "а" * 600})
        assert r.status_code == 413 and "1000" in r.json()["error"]

        def chunks():  # no Content-Length: the limit is counted while reading
            for _ in range(20):
                yield b" " * 100

        r = c.post("/v1/check", content=chunks(), headers={"Content-Type": "application/json"})
        assert r.status_code == 413 and "1000" in r.json()["error"]
        assert c.get("/health").status_code == 200


def test_default_limit_is_100_kb(client):
    r = post(client, {"text": "а" * 60_000})  # 120 KB as UTF-8
    assert r.status_code == 413 and "100000" in r.json()["error"]


def test_token(linter):
    with TestClient(create_app(linter, token="s3cret"), raise_server_exceptions=False) as c:
        for r in (c.post("/v1/check", json={"text": REFUSAL}),
                  c.post("/v1/check", json={"text": REFUSAL}, headers={"Authorization": "Bearer wrong"}),
                  c.post("/v1/check", json={"text": REFUSAL}, headers={"Authorization": "Basic s3cret"}),
                  c.get("/v1/rules")):
            assert r.status_code == 401
            assert r.headers["www-authenticate"] == "Bearer"
            assert "Bearer" in r.json()["error"]
        ok = c.post("/v1/check", json={"text": REFUSAL}, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200 and ok.json()["diagnostics"]
        assert c.get("/v1/rules", headers={"Authorization": "bearer s3cret"}).status_code == 200
        assert c.get("/health").status_code == 200  # health and the page stay open
        assert c.get("/").status_code == 200


def test_cors(linter):
    origin = "http://chat.example"
    with TestClient(create_app(linter, cors_origins=[origin]), raise_server_exceptions=False) as c:
        pre = c.options("/v1/check", headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                               "Access-Control-Request-Headers": "content-type, authorization"})
        assert pre.status_code == 200
        assert pre.headers["access-control-allow-origin"] == origin
        r = c.post("/v1/check", json={"text": REFUSAL}, headers={"Origin": origin})
        assert r.headers["access-control-allow-origin"] == origin
        other = c.post("/v1/check", json={"text": REFUSAL}, headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in other.headers
    with TestClient(create_app(linter), raise_server_exceptions=False) as c:  # off by default
        r = c.post("/v1/check", json={"text": REFUSAL}, headers={"Origin": origin})
        assert "access-control-allow-origin" not in r.headers


# --------------------------------------------------------------------------------------------- 500 and threads


class _Broken:
    """A linter whose analysis fails: stands for a bug in a rule."""

    def __init__(self, real):
        self.real = real
        self.by_id = real.by_id
        self.active = real.active
        self.config = real.config

    def unknown_id_message(self, rule_id):
        return self.real.unknown_id_message(rule_id)

    def check_text(self, text, context=None, mode=None, path="<text>"):
        if "boom" in text:
            raise RuntimeError("a rule failed")
        return self.real.check_text(text, context, mode, path)


def test_a_bug_answers_json_and_the_service_goes_on(linter):
    with TestClient(create_app(_Broken(linter)), raise_server_exceptions=False) as c:
        r = post(c, {"text": "boom"})
        assert r.status_code == 500
        assert "internal error" in r.json()["error"]
        assert post(c, {"text": REFUSAL}).status_code == 200


class _Slow(_Broken):
    """A linter whose analysis waits until the test lets it go."""

    def __init__(self, real):
        super().__init__(real)
        self.release = threading.Event()
        self.started = threading.Event()

    def check_text(self, text, context=None, mode=None, path="<text>"):
        self.started.set()
        assert self.release.wait(10), "never released: /health did not answer while a check was running"
        return self.real.check_text(text, context, mode, path)


def test_analysis_runs_off_the_event_loop(linter):
    """While one draft is being analysed, /health and other requests are answered."""
    import anyio
    import httpx2

    slow = _Slow(linter)
    app = create_app(slow)

    async def main():
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://test") as c:
            async with anyio.create_task_group() as tg:
                results = {}

                async def long_check():
                    results["check"] = await c.post("/v1/check", json={"text": REFUSAL})

                tg.start_soon(long_check)
                with anyio.fail_after(10):
                    while not slow.started.is_set():
                        await anyio.sleep(0.01)
                    health = await c.get("/health")
                    rules = await c.get("/v1/rules")
                assert "check" not in results  # still analysing
                assert health.status_code == 200 and rules.status_code == 200
                slow.release.set()
        assert results["check"].status_code == 200

    anyio.run(main)


# --------------------------------------------------------------------------------------------- the command


def test_check_does_not_import_the_service():
    code = (
        "import sys\n"
        "from replylint.cli import app\n"
        "from replylint.console import parse_check, run_fast_check, status_of\n"
        "args = ['examples/bad-refusal.txt', '--format', 'json']\n"
        "assert run_fast_check(parse_check(args)) == 1\n"  # the console script's way
        "assert status_of(lambda: app(['check', *args], standalone_mode=False)) == 1\n"  # typer's way
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn') or m.startswith('replylint.serve'))\n"
        "sys.stderr.write('LOADED=' + ','.join(loaded) + '\\n')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert '"refusal-no-alternative"' in proc.stdout, proc.stderr  # the check did run
    assert "LOADED=\n" in proc.stderr


def test_serve_without_the_extra_says_how_to_install(tmp_path):
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text(
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('starlette', 'uvicorn'):\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Block())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    proc = subprocess.run([str(REPLYLINT), "serve", "--port", "0"], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "pip install -e '.[serve]'" in lines[0]


@contextmanager
def serve_process(*args: str, tmp_path: Path):
    """`replylint serve --port 0 ARGS` as a process; yields (base URL, process, stderr file)."""
    log = tmp_path / f"serve-{time.monotonic_ns()}.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen([str(REPLYLINT), "serve", "--port", "0", *args], stdout=subprocess.DEVNULL, stderr=err,
                                cwd=REPO)
    try:
        deadline = time.monotonic() + 60
        url = None
        while time.monotonic() < deadline and proc.poll() is None:
            m = re.search(r"replylint serve: (http://\S+/)", log.read_text("utf-8", "replace"))
            if m:
                url = m.group(1)
                break
            time.sleep(0.05)
        assert url, f"replylint serve did not start: {log.read_text('utf-8', 'replace')}"
        yield url, proc, log
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def http(method: str, url: str, body: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_serve_as_a_process(tmp_path):
    with serve_process(tmp_path=tmp_path) as (url, proc, log):
        assert url.startswith("http://127.0.0.1:")
        assert http("GET", url + "health")[0] == 200
        status, body = http("POST", url + "v1/check", {"text": REFUSAL})
        assert status == 200 and any(d["rule"] == "refusal-no-alternative" for d in body["diagnostics"])
        status, body = http("POST", url + "v1/check", {"text": 1})
        assert status == 422 and body["error"]
        assert "warning" not in log.read_text("utf-8")
        # the port is taken now: a second service says so and exits 2
        port = url.rsplit(":", 1)[1].strip("/")
        second = subprocess.run([str(REPLYLINT), "serve", "--port", port], capture_output=True, text=True, timeout=60)
        assert second.returncode == 2
        assert "не удаётся слушать" in second.stderr and len(second.stderr.strip().splitlines()) == 1


def test_serve_with_a_token_process(tmp_path):
    with serve_process("--token", "s3cret", tmp_path=tmp_path) as (url, proc, log):
        assert "нужен токен" in log.read_text("utf-8")
        assert http("POST", url + "v1/check", {"text": REFUSAL})[0] == 401


def test_non_loopback_without_token_warns(tmp_path):
    with serve_process("--host", "0.0.0.0", tmp_path=tmp_path) as (url, proc, log):
        text = log.read_text("utf-8")
        assert "предупреждение" in text and "--token" in text
        port = url.rsplit(":", 1)[1].strip("/")
        assert http("GET", f"http://127.0.0.1:{port}/health")[0] == 200
    with serve_process("--host", "0.0.0.0", "--token", "t", tmp_path=tmp_path) as (url, proc, log):
        assert "warning" not in log.read_text("utf-8")


def test_serve_bad_options_exit_2():
    for args in (["--disable", "no-such-rule"], ["--token", " "], ["--host", "no-such-host.invalid"],
                 ["--cors-origin", "localhost:3000"], ["--cors-origin", "http://localhost:3000/chat"]):
        proc = subprocess.run([str(REPLYLINT), "serve", "--port", "0", *args], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2, (args, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr


def test_the_wheel_ships_the_page(tmp_path):
    """The page is package data: a wheel install has it without the checkout."""
    import zipfile

    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", str(REPO),
                           "-w", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    wheel = next(tmp_path.glob("replylint-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("app.py", "static/index.html", "static/app.js", "static/style.css"):
        assert f"replylint/serve/{name}" in names
    assert "replylint/extension/findings.js" in names  # the page's shared script, served from there


def test_health_says_warming_until_the_rules_vocabulary_is_looked_up(linter):
    from replylint.analyse import _word, analyse
    from replylint.serve.app import warm_vocabulary

    warming = threading.Event()
    warming.set()
    app = create_app(linter, warming=warming)
    with TestClient(app) as client:
        assert client.get("/health").json()["warming"] is True
        forms = warm_vocabulary(linter, warming.clear)
        assert client.get("/health").json()["warming"] is False
    assert forms > 5000  # every form of every rule word, participles aside
    before = _word.cache_info().misses
    analyse("перенесём урок, вернём деньги, извините за неудобства")
    assert _word.cache_info().misses == before  # those words were already looked up


def test_fixes_come_with_utf16_offsets_and_post_fix_applies_them(client):
    """A finding's fix in the contract's shape, its edits also in JavaScript indices; /v1/fix applies
    the safe ones as `check --fix` does and answers what is left."""
    jsonschema = pytest.importorskip("jsonschema")
    doc = client.get("/openapi.json").json()
    text = "🙂 Елена, добрый день! Урок Пети в 19:00. Просим произвести оплату!!!"
    context = {"client": "Анна", "student": "Миша", "lesson": "2026-11-24 18:30"}
    body = post(client, {"text": text, "context": context}).json()
    jsonschema.Draft202012Validator({"$ref": "#/components/schemas/CheckResponse", "components": doc["components"]}).validate(body)
    name = next(d for d in body["diagnostics"] if d["rule"] == "name-mismatch" and d["match"] == "Пети")
    [edit] = name["fix"]["edits"]
    assert name["fix"]["safe"] is True and edit["text"] == "Миши"
    assert text[edit["start"] : edit["end"]] == "Пети" and utf16_slice(text, edit["start_utf16"], edit["end_utf16"]) == "Пети"
    assert all("fix" not in d for d in body["diagnostics"] if d["rule"] in ("refusal-no-reason",))

    r = client.post("/v1/fix", json={"text": text, "context": context})
    assert r.status_code == 200
    fixed = r.json()
    assert fixed["text"] == "🙂 Анна, добрый день! Урок Миши в 18:30. Просим оплатить!"
    assert fixed["applied"] == 5 and fixed["summary"] == {"errors": 0, "warnings": 0, "infos": 0}
    assert client.post("/v1/fix", json={"text": text, "unsafe": "yes"}).status_code == 422
    assert client.post("/v1/fix", json={"text": text, "fix": True}).status_code == 422
