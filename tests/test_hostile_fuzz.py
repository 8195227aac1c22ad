"""Hypothesis fuzz of what a hostile user controls: the draft given to ``lint()``, front matter, and
the service's request parsing. A short profile runs in the suite; the README gives the long one
(``--hypothesis-profile=long``)."""
from __future__ import annotations

import json

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import replylint  # noqa: E402
from replylint import yamlio  # noqa: E402

# ---------------------------------------------------------------------------------------------
# The flat front-matter reader reads exactly what PyYAML reads.

_KEYS = st.sampled_from(["client", "names", "a-b", "_x", "yes", "on", "1", "null", "Lesson", "disable", "y"])
_CHARS = st.sampled_from(list("aяЁ1 \t#:-[]{},'\"!&*|>%@`~?=<.+_e\r\x85\u2028\x01\ufeff\u00a0") + ["18:30", "0x1", "1e5", "~", "null", "yes", "- "])
_VALUE = st.lists(_CHARS, max_size=6).map("".join)
_SPACE = st.sampled_from([" ", "  ", "\t", " \t", ""])


@st.composite
def _front_matter(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["key", "key", "empty", "flow", "item", "comment", "blank"]))
        if kind == "key":
            lines.append(draw(_KEYS) + ":" + draw(_SPACE) + draw(_VALUE))
        elif kind == "empty":
            lines.append(draw(_KEYS) + ":" + draw(st.sampled_from(["", " ", "\t"])))
        elif kind == "flow":
            items = draw(st.lists(_VALUE, max_size=3))
            lines.append(draw(_KEYS) + ":" + draw(_SPACE) + "[" + draw(st.sampled_from([",", ", ", " ,"])).join(items) + "]")
        elif kind == "item":
            lines.append(draw(st.sampled_from(["", " ", "  ", "\t"])) + "-" + draw(_SPACE) + draw(_VALUE))
        elif kind == "comment":
            lines.append(draw(st.sampled_from(["#", " #", "# x"])) + draw(_VALUE))
        else:
            lines.append(draw(st.sampled_from(["", " ", "\r"])))
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}, dict(value.key_lines) if hasattr(value, "key_lines") else None
    if isinstance(value, list):
        return [_plain(v) for v in value], list(getattr(value, "item_lines", []))
    return value


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(_front_matter())
def test_the_flat_reader_reads_what_pyyaml_reads(text):
    import yaml

    flat = yamlio.simple_mapping(text)
    if flat is None:
        return  # PyYAML reads it
    expected = yaml.load(text, Loader=yamlio._line_loader())
    assert _plain(flat) == _plain(expected)


# ---------------------------------------------------------------------------------------------
# lint() on any text: findings or none, never an exception, offsets inside the text.

_DRAFT_CHARS = st.sampled_from(list("аеоиЯЁ нпрст.,!?:;-—«»\"'{}[]<>%#$*_@/\\|\n\r\t1") + [
    "\ufeff", "\u200b", "\ud800", "\U00017000", "🙂", "не ", "получится", "Анна", "СРОЧНО", "{{", "ИМЯ", "18:30",
    "---\n", "client: ", "&a ", "*a", "!!!"])


@given(st.lists(_DRAFT_CHARS, max_size=60).map("".join))
def test_lint_reads_any_text(text):
    try:
        found = replylint.lint(text)
    except Exception as exc:  # broken front matter is the one error a text can cause
        from replylint.errors import ReplylintError

        assert isinstance(exc, ReplylintError), exc
        return
    for d in found:
        assert 0 <= d.start <= d.end <= len(text) and text[d.start : d.end] == d.match


# ---------------------------------------------------------------------------------------------
# The service's request parsing: any JSON value is a request or an ApiError (4xx), never a crash.

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=10,
)
_REQUEST = st.fixed_dictionaries({"text": st.text(max_size=40)}, optional={
    "context": st.dictionaries(st.sampled_from(["client", "lesson", "today", "mode", "disable", "names", "x"]), _JSON, max_size=3),
    "mode": _JSON})


@given(st.one_of(_JSON, _REQUEST))
def test_request_parsing_answers_any_json_with_a_request_or_a_4xx(data):
    pytest.importorskip("starlette")
    from replylint.serve.app import ApiError, parse_check_request, parse_json

    try:
        parse_check_request(parse_json(json.dumps(data).encode(), "application/json"), None)
    except ApiError as exc:
        assert 400 <= exc.status < 500 and exc.message
