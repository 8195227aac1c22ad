"""The ASGI app of ``replylint serve``: a JSON API for chat tools and the operator's page.

    POST /v1/check      {"text": "...", "context": {...}, "mode": "draft"} -> {"diagnostics": [...], "summary": {...}}
    POST /v1/fix        the same, plus "unsafe": false -> {"text": fixed, "applied": N, "diagnostics": what is left, ...}
    GET  /v1/rules      the rules in force
    GET  /health        200 while the service is up
    GET  /openapi.json  the API described for integrators
    GET  /              the page: a draft box whose findings are marked as the operator types

Every error is JSON, ``{"error": "..."}``, saying what is wrong: a bad request gets a 4xx and never
a 500, and the service goes on serving. The Linter is built once, by the caller, and analysis runs in
a worker thread so a long draft does not hold up other requests.
"""
from __future__ import annotations

import hmac
import json
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..context import CONTEXT_KEYS, MODES, Context, context_from_mapping
from ..engine import Linter
from ..errors import InputError, ReplylintError
from ..rule import Diagnostic

STATIC = Path(__file__).resolve().parent / "static"
DEFAULT_MAX_BODY = 100_000  # bytes
REQUEST_KEYS = ("text", "context", "mode")
MAX_DRAFT_CHARS = 100_000  # the longest text (and client_message) checked, whatever --max-body says
READ_TIMEOUT = 10.0  # seconds a client may take to send a request's headers, or its body
# A draft this long (text and client_message together) is checked in a lane of its own, one at a
# time: a few hostile 100 KB requests then take one worker thread, not all of them, and small
# requests keep being answered meanwhile.
LARGE_DRAFT_CHARS = 20_000


class ApiError(Exception):
    """A request the service cannot answer: the status and one line saying what is wrong."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


# ---------------------------------------------------------------------------------------------
# Offsets for browser clients: JavaScript strings count UTF-16 code units, Python counts code points.


def utf16_offsets(text: str, offsets: Iterable[int]) -> dict[int, int]:
    """Map code-point offsets into ``text`` to UTF-16 offsets (characters past U+FFFF count twice)."""
    wanted = sorted(set(offsets))
    astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
    result: dict[int, int] = {}
    j = 0
    for offset in wanted:
        while j < len(astral) and astral[j] < offset:
            j += 1
        result[offset] = offset + j
    return result


def diagnostics_json(text: str, diagnostics: Sequence[Diagnostic]) -> list[dict[str, Any]]:
    edits = [e for d in diagnostics if d.fix is not None for e in d.fix.edits]
    utf16 = utf16_offsets(text, [o for d in diagnostics for o in (d.start, d.end)] + [o for e in edits for o in (e.start, e.end)])
    out = []
    for d in diagnostics:
        item = d.to_dict()
        item["start_utf16"] = utf16[d.start]
        item["end_utf16"] = utf16[d.end]
        if d.fix is not None:  # the fix's edits, also in JavaScript string indices
            for edit, shown in zip(d.fix.edits, item["fix"]["edits"]):
                shown["start_utf16"] = utf16[edit.start]
                shown["end_utf16"] = utf16[edit.end]
        out.append(item)
    return out


def summary_json(diagnostics: Sequence[Diagnostic]) -> dict[str, int]:
    from ..report import severity_counts

    return severity_counts(diagnostics)


# ---------------------------------------------------------------------------------------------
# Reading and validating a request


async def read_body(request: Request, limit: int, timeout: float = READ_TIMEOUT) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise ApiError(400, f"Content-Length {declared!r} is not a number") from None
        if size > limit:
            raise ApiError(413, f"the request body is {size} bytes; the limit is {limit} bytes")
    body = bytearray()
    with anyio.move_on_after(timeout) as waited:
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise ApiError(413, f"the request body is over the limit of {limit} bytes")
    if waited.cancelled_caught:
        raise ApiError(408, f"the request body did not arrive within {timeout:g} s")
    return bytes(body)


def parse_json(body: bytes, content_type: str | None) -> Any:
    media = (content_type or "").split(";")[0].strip().lower()
    if media != "application/json":
        shown = media or "none"
        raise ApiError(415, f"the request must be JSON (Content-Type: application/json), not {shown}")
    if not body.strip():
        raise ApiError(400, "the request body is empty; send a JSON object such as {\"text\": \"...\"}")
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        raise ApiError(400, "the request body is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ApiError(400, f"malformed JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except (ValueError, RecursionError):
        raise ApiError(400, "malformed JSON (nested too deeply or not valid)") from None


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def _surrogate_in(value: Any, where: str = "") -> str | None:
    """Where in a request a lone surrogate is (JSON's "\\ud800" escapes decode to one), or None."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return f"\"{where}\"" if where else "a key"
    elif isinstance(value, dict):
        for key, item in value.items():
            found = _surrogate_in(key) or _surrogate_in(item, f"{where}.{key}" if where else key)
            if found:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = _surrogate_in(item, f"{where}[{i}]")
            if found:
                return found
    return None


def parse_check_request(data: Any, linter: Linter, keys: Sequence[str] = REQUEST_KEYS) -> tuple[str, Context, str | None]:
    """The draft, its context and its mode from a request body, or an ApiError(422) saying what is wrong."""
    if not isinstance(data, dict):
        raise ApiError(422, f"the request must be a JSON object with \"text\", not {_type_name(data)}")
    unknown = [k for k in data if k not in keys]
    if unknown:
        raise ApiError(422, f"unknown key {unknown[0]!r}; the request takes: {', '.join(keys)}")
    if "text" not in data:
        raise ApiError(422, "\"text\" is missing: the draft to check")
    text = data["text"]
    if not isinstance(text, str):
        raise ApiError(422, f"\"text\" must be a string, not {_type_name(text)}")
    where = _surrogate_in(data)
    if where:
        raise ApiError(422, f"{where} has a lone surrogate (\\ud800-\\udfff): not valid Unicode text")
    raw_context = data.get("context")
    message = raw_context.get("client_message") if isinstance(raw_context, dict) else None
    for name, value in (("text", text), ("context.client_message", message)):
        if isinstance(value, str) and len(value) > MAX_DRAFT_CHARS:
            raise ApiError(413, f"\"{name}\" is {len(value):,} characters; the limit is {MAX_DRAFT_CHARS:,}")
    raw_context = data.get("context")
    if raw_context is not None and not isinstance(raw_context, dict):
        raise ApiError(422, f"\"context\" must be an object with keys such as client, lesson, not {_type_name(raw_context)}")
    try:
        context = context_from_mapping(raw_context, "context", error=InputError)
    except ReplylintError as exc:
        raise ApiError(422, str(exc)) from None
    mode = data.get("mode")
    if mode is not None and mode not in MODES:
        shown = json.dumps(mode, ensure_ascii=False)
        raise ApiError(422, f"\"mode\" {shown} is not one of: {', '.join(MODES)}")
    return text, context, mode


# ---------------------------------------------------------------------------------------------


def create_app(
    linter: Linter,
    token: str | None = None,
    cors_origins: Sequence[str] = (),
    max_body: int = DEFAULT_MAX_BODY,
    warming: Any = None,
    read_timeout: float = READ_TIMEOUT,
) -> Starlette:
    """The service around one warm ``linter``. ``token``: Bearer token required on /v1/*.
    ``warming``: a threading.Event set while the vocabulary is still being looked up (/health says so)."""

    def require_token(request: Request) -> None:
        if token is None:
            return
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        # header values arrive as bytes read as Latin-1: compare the bytes, so a token with
        # non-ASCII characters (sent in UTF-8) matches
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("latin-1", "replace"), token.encode()):
            raise ApiError(401, "a valid token is required: send \"Authorization: Bearer <token>\"",
                           {"WWW-Authenticate": "Bearer"})

    async def check(request: Request) -> Response:
        require_token(request)
        body = await read_body(request, max_body, read_timeout)
        data = parse_json(body, request.headers.get("content-type"))
        text, context, mode = parse_check_request(data, linter)
        def run() -> JSONResponse:  # analysis and encoding, both in a worker thread
            diagnostics = linter.check_text(text, context, mode, "text")
            return JSONResponse({"diagnostics": diagnostics_json(text, diagnostics), "summary": summary_json(diagnostics)})

        large = len(text) + len(context.client_message or "") > LARGE_DRAFT_CHARS
        try:
            return await anyio.to_thread.run_sync(run, limiter=large_lane if large else None)
        except ReplylintError as exc:  # broken front matter at the top of the text
            raise ApiError(422, str(exc)) from None

    async def fix(request: Request) -> Response:
        """The draft with its fixes applied (fixes.py, as `check --fix` does), and what is left."""
        require_token(request)
        body = await read_body(request, max_body, read_timeout)
        data = parse_json(body, request.headers.get("content-type"))
        text, context, mode = parse_check_request(data, linter, (*REQUEST_KEYS, "unsafe"))
        unsafe = data.get("unsafe", False)
        if not isinstance(unsafe, bool):
            raise ApiError(422, f"\"unsafe\" must be true or false, not {_type_name(unsafe)}")

        def run() -> JSONResponse:
            from ..fixes import fix_draft

            fixed = fix_draft(linter, text, "text", context, mode, unsafe)
            left = fixed.results[0].diagnostics
            return JSONResponse({"text": fixed.after, "applied": fixed.applied,
                                 "diagnostics": diagnostics_json(fixed.after, left), "summary": summary_json(left)})

        try:
            large = len(text) + len(context.client_message or "") > LARGE_DRAFT_CHARS
            return await anyio.to_thread.run_sync(run, limiter=large_lane if large else None)
        except ReplylintError as exc:
            raise ApiError(422, str(exc)) from None

    large_lane = anyio.CapacityLimiter(1)

    def rules_json() -> list[dict[str, Any]]:
        return [
            {
                "id": r.id,
                "severity": linter.config.severity.get(r.id, r.severity),
                "kind": r.kind,
                "principle": {"name": r.principle.get("name", ""), "source": r.principle.get("source", "")},
                "description": r.description,
                "modes": sorted(r.modes),
            }
            for r in linter.active
        ]

    async def rules(request: Request) -> Response:
        require_token(request)
        return JSONResponse({"rules": rules_json()})

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__, "rules": len(linter.active),
                             "warming": bool(warming is not None and warming.is_set())})

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document(token is not None, max_body))

    async def index(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    async def findings_script(request: Request) -> Response:
        # The page and the extension share one script (how findings are worded, fixed and kept on
        # their words); it lives with the extension, which the wheel ships too.
        from ..extension import extension_dir

        return FileResponse(extension_dir() / "findings.js", media_type="text/javascript")

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return _error(exc.status, exc.message, exc.headers)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        messages = {404: f"no such address: {request.url.path}", 405: f"{request.method} is not allowed on {request.url.path}"}
        return _error(exc.status_code, messages.get(exc.status_code, str(exc.detail)), getattr(exc, "headers", None))

    async def internal_error(request: Request, exc: Exception) -> Response:
        # A bug in replylint, not in the request: answered as JSON, and the service goes on (Starlette
        # then re-raises it, so the server logs the traceback once).
        return _error(500, f"internal error in replylint ({type(exc).__name__}); the draft was not checked")

    middleware = []
    if cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
                max_age=600,
            )
        )
    routes = [
        Route("/", index, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/v1/check", check, methods=["POST"]),
        Route("/v1/fix", fix, methods=["POST"]),
        Route("/v1/rules", rules, methods=["GET"]),
        Route("/static/findings.js", findings_script, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={ApiError: api_error, HTTPException: http_error, Exception: internal_error},
    )
    return app


def warm(linter: Linter) -> None:
    """Run every rule on its own examples before serving, so the first requests do not pay for
    what is loaded or compiled on first use (the dictionary, the checks' regular expressions, the
    names file); then move everything loaded so far out of the garbage collector's way, so its
    full collections do not walk the dictionary and the rules in the middle of a request."""
    import gc

    context = {"client": "Анна", "student": "Миша", "lesson": "2026-11-24 18:30", "today": "2026-11-23",
               "client_message": "Здравствуйте! Можно перенести урок Миши на среду?"}
    for mode in ("draft", "template"):
        linter.check_text("Анна, добрый день! Урок Миши во вторник в 18:30 перенести не получится, "
                          "но можем в среду в 19:00. Подойдёт?", context, mode)
    for rule in linter.active:
        for example in [*rule.flag, *rule.passing]:
            try:
                linter.check_text(example.text, example.context or None, example.mode)
            except Exception:  # noqa: BLE001 - warming must never stop the service from starting
                pass
    gc.collect()
    gc.freeze()


_PARTICIPLES = frozenset({"PRTF", "PRTS", "GRND"})


def warm_vocabulary(linter: Linter, done: Callable[[], None] | None = None) -> int:
    """Look up every inflected form of every word the rules name, so drafts written in the rules'
    own vocabulary meet few words the service has not seen (each first sight is a dictionary
    look-up and the checks' per-word decisions). Meant for a background thread once the service
    listens: about a second or two, during which requests are served as usual. Returns the number
    of forms."""
    import gc

    from .. import morph
    from ..analyse import _word
    from ..checks.blame import word_lists
    from ..patterns import patterns_in

    lemmas: set[str] = set()
    for pattern in patterns_in([[r.matcher for r in linter.active], word_lists()]):
        for slot in pattern.slots:
            for alternative in slot.alternatives:
                lemmas.update(alternative.lemmas or ())
    forms: set[str] = set()
    for lemma in sorted(lemmas):
        for parse in morph.raw_parses(lemma)[:1]:
            # participles and gerunds are half of a verb's forms and rare in replies
            forms.update(f.word for f in parse.lexeme if not _PARTICIPLES & f.tag.grammemes)
    for form in sorted(forms):
        _word(form)
    gc.collect()
    gc.freeze()
    if done is not None:
        done()
    return len(forms)


# ---------------------------------------------------------------------------------------------


def openapi_document(with_token: bool, max_body: int) -> dict[str, Any]:
    error = {"$ref": "#/components/schemas/Error"}

    def err(description: str) -> dict[str, Any]:
        return {"description": description, "content": {"application/json": {"schema": error}}}

    security = [{"bearer": []}] if with_token else [{}, {"bearer": []}]
    diagnostic = {
        "type": "object",
        "required": ["rule", "severity", "message", "line", "column", "end_line", "end_column", "start", "end",
                     "start_utf16", "end_utf16", "match", "suggestions"],
        "properties": {
            "rule": {"type": "string", "description": "The rule's stable id.", "example": "refusal-no-alternative"},
            "severity": {"type": "string", "enum": ["error", "warning", "info"]},
            "message": {"type": "string", "description": "For the operator, in Russian."},
            "line": {"type": "integer", "description": "1-based, in code points of text."},
            "column": {"type": "integer", "description": "1-based, in code points of text."},
            "end_line": {"type": "integer"},
            "end_column": {"type": "integer"},
            "start": {"type": "integer", "description": "0-based offset into text, in Unicode code points."},
            "end": {"type": "integer", "description": "0-based, exclusive, in code points."},
            "start_utf16": {"type": "integer", "description": "start in UTF-16 code units (JavaScript string index)."},
            "end_utf16": {"type": "integer", "description": "end in UTF-16 code units."},
            "match": {"type": "string", "description": "The marked words: text[start:end]."},
            "suggestions": {"type": "array", "items": {"type": "string"}},
            "fix": {
                "type": "object",
                "description": "Present when the finding has a fix: safe ones are applied by `check --fix` and POST /v1/fix.",
                "required": ["safe", "edits"],
                "properties": {
                    "safe": {"type": "boolean"},
                    "edits": {"type": "array", "items": {"type": "object", "required": ["start", "end", "text"], "properties": {
                        "start": {"type": "integer"}, "end": {"type": "integer"}, "text": {"type": "string"},
                        "start_utf16": {"type": "integer"}, "end_utf16": {"type": "integer"}}}},
                },
            },
        },
    }
    context_props: dict[str, Any] = {
        "client": {"description": "The person the reply is addressed to (text or list of texts)."},
        "student": {"description": "The learner, often the client's child."},
        "teacher": {"description": "Colleagues that may be mentioned."},
        "operator": {"description": "The operator's own name."},
        "names": {"description": "Any other names that may appear."},
        "lesson": {"description": "The scheduled lesson: \"YYYY-MM-DD HH:MM\", \"YYYY-MM-DD\", \"HH:MM\", or a list."},
        "today": {"type": "string", "description": "The day the reply is sent, \"YYYY-MM-DD\"."},
        "client_message": {"type": "string", "description": "The client's message this draft answers."},
        "mode": {"type": "string", "enum": list(MODES)},
        "disable": {"type": "array", "items": {"type": "string"}, "description": "Rule ids switched off."},
    }
    assert set(context_props) == set(CONTEXT_KEYS)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "replylint serve",
            "version": __version__,
            "description": (
                "The pre-send check for Russian customer-support replies. A chat tool posts the draft before "
                "sending: errors block it, warnings ask the operator to confirm. Offsets count Unicode code "
                "points of `text`; `start_utf16`/`end_utf16` are the same positions for JavaScript strings. "
                f"Request bodies over {max_body} bytes are refused with 413. Every error is "
                "`{\"error\": \"...\"}`."
            ),
        },
        "paths": {
            "/v1/check": {
                "post": {
                    "summary": "Check one draft",
                    "operationId": "check",
                    "security": security,
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckRequest"},
                                                         "example": {"text": "Анна, сменить преподавателя не получится.",
                                                                     "context": {"client": "Анна", "lesson": "2026-11-24 18:30"},
                                                                     "mode": "draft"}}},
                    },
                    "responses": {
                        "200": {"description": "The findings (an empty list: the draft can be sent).",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckResponse"}}}},
                        "400": err("Malformed JSON or an empty body."),
                        "401": err("The token is missing or wrong (only when the service runs with --token)."),
                        "413": err("The body is over the service's limit."),
                        "415": err("The body is not sent as application/json."),
                        "422": err("Wrong types, unknown keys, a bad context value or mode, broken front matter."),
                    },
                }
            },
            "/v1/fix": {
                "post": {
                    "summary": "Apply a draft's fixes",
                    "description": "The safe fixes (with \"unsafe\": true, all) applied as `check --fix` applies them; "
                                   "the answer has the new text and the findings left.",
                    "operationId": "fix",
                    "security": security,
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {
                        "$ref": "#/components/schemas/FixRequest"}}}},
                    "responses": {
                        "200": {"description": "The fixed text and what is left.",
                                "content": {"application/json": {"schema": {"type": "object", "properties": {
                                    "text": {"type": "string"}, "applied": {"type": "integer"},
                                    "diagnostics": {"type": "array", "items": {"$ref": "#/components/schemas/Diagnostic"}},
                                    "summary": {"type": "object"}}}}}},
                        "400": err("Malformed JSON or an empty body."),
                        "401": err("The token is missing or wrong."),
                        "413": err("The body is over the service's limit."),
                        "415": err("The body is not sent as application/json."),
                        "422": err("Wrong types, unknown keys, a bad context value or mode, broken front matter."),
                    },
                }
            },
            "/v1/rules": {
                "get": {
                    "summary": "The rules in force",
                    "operationId": "rules",
                    "security": security,
                    "responses": {
                        "200": {"description": "One entry per rule.",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RulesResponse"}}}},
                        "401": err("The token is missing or wrong."),
                    },
                }
            },
            "/health": {
                "get": {
                    "summary": "Liveness",
                    "operationId": "health",
                    "responses": {"200": {"description": "The service is up.",
                                          "content": {"application/json": {"schema": {"type": "object", "properties": {
                                              "status": {"type": "string", "enum": ["ok"]},
                                              "version": {"type": "string"},
                                              "rules": {"type": "integer"}}}}}}},
                }
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "Required on /v1/* when the service runs with --token."}},
            "schemas": {
                "CheckRequest": {
                    "type": "object",
                    "required": ["text"],
                    "additionalProperties": False,
                    "properties": {
                        "text": {"type": "string", "description": "The draft; it may begin with YAML front matter."},
                        "context": {"oneOf": [{"$ref": "#/components/schemas/Context"}, {"type": "null"}]},
                        "mode": {"oneOf": [{"type": "string", "enum": list(MODES)}, {"type": "null"}],
                                 "description": "draft (default) or template."},
                    },
                },
                "Context": {"type": "object", "additionalProperties": False, "properties": context_props},
                "FixRequest": {
                    "type": "object",
                    "required": ["text"],
                    "additionalProperties": False,
                    "properties": {
                        "text": {"type": "string"},
                        "context": {"oneOf": [{"$ref": "#/components/schemas/Context"}, {"type": "null"}]},
                        "mode": {"oneOf": [{"type": "string", "enum": list(MODES)}, {"type": "null"}]},
                        "unsafe": {"type": "boolean", "default": False, "description": "Apply the unsafe fixes too."},
                    },
                },
                "Diagnostic": diagnostic,
                "CheckResponse": {
                    "type": "object",
                    "required": ["diagnostics", "summary"],
                    "properties": {
                        "diagnostics": {"type": "array", "items": {"$ref": "#/components/schemas/Diagnostic"}},
                        "summary": {"type": "object", "properties": {
                            "errors": {"type": "integer"}, "warnings": {"type": "integer"}, "infos": {"type": "integer"}}},
                    },
                },
                "Rule": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "severity": {"type": "string", "enum": ["error", "warning", "info"]},
                        "kind": {"type": "string"},
                        "principle": {"type": "object", "properties": {"name": {"type": "string"}, "source": {"type": "string"}}},
                        "description": {"type": "string"},
                        "modes": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "RulesResponse": {"type": "object", "properties": {
                    "rules": {"type": "array", "items": {"$ref": "#/components/schemas/Rule"}}}},
                "Error": {"type": "object", "required": ["error"],
                          "properties": {"error": {"type": "string", "description": "What is wrong."}}},
            },
        },
    }
