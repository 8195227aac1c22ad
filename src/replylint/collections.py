"""Macro collections: one ``.yaml``, ``.yml`` or ``.json`` file holding many templates.

Accepted shapes (the first that fits):

- a list of templates, each a mapping with an id (``id``, ``name`` or ``title``, the first present)
  and a text (``text``, ``body`` or ``content``), or a Zendesk macro (below);
- a mapping with ``macros`` or ``templates`` (such a list), or ``macro`` (one Zendesk macro): the
  Zendesk macros export ``{"macros": [...], "count": N}`` is this;
- a mapping of id → text.

A Zendesk macro is ``{"id": 360001, "title": "…", "actions": [{"field": "comment_value", "value":
"…"}]}``; its text is the value of the ``comment_value`` action (a string, or a list whose last item
is the string), or else of ``comment_value_html`` with the tags taken out.

Each template is checked on its own and reported as ``macros.yaml#<id>`` (an item with no id is
numbered from 1). Line and column point into the collection file itself: every character of the
template is traced back to the characters of the file it was read from, through YAML indentation,
block scalars (``|``, ``>``), quotes and escapes, JSON escapes (``\\n``, ``\\u0430``) and HTML
tags and entities. A finding that starts on an escape points at the escape. Where a YAML scalar
cannot be traced character by character (an unusual folding), the whole template points at the
line and column where its string starts. ``start``/``end`` in JSON output are offsets into the
collection file too; ``match`` is the template's own text (decoded), so with escapes it differs from
the file's characters between ``start`` and ``end``.
"""
from __future__ import annotations

import bisect
import html
import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import yaml

from .engine import line_and_column, line_starts
from .errors import InputError
from .yamlio import LineDict, LineList, _line_loader, load_yaml

ID_KEYS = ("id", "name", "title")
TEXT_KEYS = ("text", "body", "content")
LIST_KEYS = ("macros", "templates")
ZENDESK_FIELDS = ("comment_value", "comment_value_html")


@dataclass
class Entry:
    """Where one template of a collection came from: the file, its text, and a map of positions."""

    file: str  # the collection file, as given
    file_text: str
    id: str
    starts: list[int]  # for each character of the template: its first character in the file
    ends: list[int]  # ...and the one after its last
    anchor: int  # the file offset of the template's string (for an empty match)
    line_starts: list[int] = field(default_factory=list)  # of the file, shared by its entries
    # How the template's string is written in the file, for writing a fix back (None: it cannot be
    # traced character by character, so no fix is written into it): json, yaml-double,
    # yaml-single, yaml-plain or yaml-block; "+html" when it is Zendesk's HTML comment.
    style: str | None = None
    ascii_escapes: str | None = None  # "u" or "U": the string writes non-ASCII letters as \\u escapes, in that hex case

    def span(self, start: int, end: int) -> tuple[int, int]:
        if not self.starts:
            return self.anchor, self.anchor
        if start >= len(self.starts):
            at = self.ends[-1]
            return at, at
        a = self.starts[start]
        b = self.ends[min(end, len(self.ends)) - 1] if end > start else a
        return a, max(a, b)


# ------------------------------------------------------------------------------------------------
# Strings that remember where they came from


class _YStr(str):
    node: Any = None


def _construct_str(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> _YStr:
    s = _YStr(loader.construct_scalar(node))
    s.node = node
    return s


@lru_cache(maxsize=1)
def _pos_loader():
    """The line-keeping loader, plus strings that remember their YAML node."""

    class PosLoader(_line_loader()):
        pass

    PosLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)
    return PosLoader


class _JStr(str):
    start: int = 0  # the opening quote
    end: int = 0  # after the closing quote


# ------------------------------------------------------------------------------------------------
# Reading


def read_collection(path: str, text: str) -> list[tuple[str, str, Entry]]:
    """The templates of a collection file: (display path, template text, entry), in file order."""
    if path.lower().endswith(".json"):
        data = _load_json(text, path)
    else:
        data = _load_yaml(text, path)
    items = _items(data, path)
    file_lines = line_starts(text)
    out = []
    for number, (ident, value, line) in enumerate(items, start=1):
        ident = ident if ident not in (None, "") else str(number)
        template, starts, ends, anchor = _trace(value, text, file_lines, line)
        style, escapes = _style(value, text, starts)
        entry = Entry(path, text, str(ident), starts, ends, anchor, file_lines, style, escapes)
        out.append((f"{path}#{ident}", template, entry))
    return out


def _load_yaml(text: str, path: str) -> Any:
    return load_yaml(text, path, error=InputError, loader=_pos_loader())


def _load_json(text: str, path: str) -> Any:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON не читается: {exc.msg} (столбец {exc.colno})", path, exc.lineno) from None
    except RecursionError:
        raise InputError("JSON не читается: слишком глубокая вложенность", path) from None
    try:
        return _JSONReader(text).read()
    except RecursionError:
        raise InputError("JSON слишком глубоко вложен для коллекции макросов", path) from None


class _JSONReader:
    """A JSON reader that keeps the position of every string and the line of every container
    (the text is known to be valid JSON: json.loads has read it first)."""

    _NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
    _SPACE = re.compile(r"[ \t\n\r]*")

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = line_starts(text)

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def read(self) -> Any:
        value, _ = self._value(self._skip(0))
        return value

    def _skip(self, i: int) -> int:
        return self._SPACE.match(self.text, i).end()

    def _value(self, i: int) -> tuple[Any, int]:
        t = self.text
        c = t[i]
        if c == "{":
            result = LineDict()
            result.line, result.key_lines = self.line(i), {}
            i = self._skip(i + 1)
            if t[i] == "}":
                return result, i + 1
            while True:
                key_at = i
                key, i = self._value(i)
                i = self._skip(self._skip(i) + 1)  # past ':'
                value, i = self._value(i)
                result[key] = value
                result.key_lines[key] = self.line(key_at)
                i = self._skip(i)
                if t[i] == "}":
                    return result, i + 1
                i = self._skip(i + 1)  # past ','
        if c == "[":
            items = LineList()
            items.line, items.item_lines = self.line(i), []
            i = self._skip(i + 1)
            if t[i] == "]":
                return items, i + 1
            while True:
                items.item_lines.append(self.line(i))
                value, i = self._value(i)
                items.append(value)
                i = self._skip(i)
                if t[i] == "]":
                    return items, i + 1
                i = self._skip(i + 1)
        if c == '"':
            value, end = json.decoder.scanstring(t, i + 1)
            s = _JStr(value)
            s.start, s.end = i, end
            return s, end
        for word, value in (("true", True), ("false", False), ("null", None), ("NaN", float("nan")), ("Infinity", float("inf")), ("-Infinity", float("-inf"))):
            if t.startswith(word, i):
                return value, i + len(word)
        m = self._NUMBER.match(t, i)
        number = m.group()
        return (float(number) if any(ch in number for ch in ".eE") else int(number)), m.end()


# ------------------------------------------------------------------------------------------------
# The shape of a collection


def _fail(message: str, path: str, line: int | None) -> InputError:
    return InputError(f"не коллекция макросов: {message}", path, line)


def _line(container: Any, key: Any = None, default: int | None = None) -> int | None:
    if isinstance(container, LineDict):
        return container.line_of(key) if key is not None else container.line
    if isinstance(container, LineList):
        return container.line_of(key) if isinstance(key, int) else container.line
    return default


def _items(data: Any, path: str) -> list[tuple[str | None, Any, int | None]]:
    """(id, text value, line) per template."""
    if isinstance(data, dict):
        for key in LIST_KEYS:
            if key in data:
                if not isinstance(data[key], list):
                    raise _fail(f"{key!r} должен быть списком шаблонов", path, _line(data, key))
                return _list_items(data[key], path)
        if "macro" in data:
            return [_template(data["macro"], path, _line(data, "macro"))]
        if any(key in data for key in (*TEXT_KEYS, "actions")):  # a file of one template
            return [_template(data, path, _line(data, default=1))]
        if data and all(isinstance(v, str) for v in data.values()):
            return [(str(k), v, _line(data, k)) for k, v in data.items()]
        raise _fail(
            "нужен список шаблонов (id/name/title и text/body/content), выгрузка Zendesk "
            "({\"macros\": [...]}) или словарь id: текст",
            path,
            _line(data, default=1),
        )
    if isinstance(data, list):
        return _list_items(data, path)
    if data is None:
        return []
    raise _fail("нужен список шаблонов или словарь", path, 1)


def _list_items(items: list, path: str) -> list[tuple[str | None, Any, int | None]]:
    return [_template(item, path, _line(items, i, 1)) for i, item in enumerate(items)]


def _template(item: Any, path: str, line: int | None) -> tuple[str | None, Any, int | None]:
    if not isinstance(item, dict):
        raise _fail("каждый шаблон — словарь с id и текстом", path, line)
    line = _line(item, default=line) or line
    ident = next((item[k] for k in ID_KEYS if item.get(k) not in (None, "")), None)
    if ident is not None and not isinstance(ident, (str, int, float)):
        raise _fail("id шаблона должен быть текстом или числом", path, line)
    ident = None if ident is None else str(ident).strip()
    for key in TEXT_KEYS:
        if key in item:
            value = item[key]
            if not isinstance(value, str):
                raise _fail(f"{key!r} должен быть текстом", path, _line(item, key, line))
            return ident, value, _line(item, key, line)
    if "actions" in item:
        return ident, _zendesk_text(item, path, line), line
    raise _fail(
        f"у шаблона {ident or ''} нет ни {', '.join(TEXT_KEYS)}, ни действий Zendesk (actions)".replace("  ", " "),
        path,
        line,
    )


def _zendesk_text(item: dict, path: str, line: int | None) -> Any:
    actions = item["actions"]
    if not isinstance(actions, list):
        raise _fail("'actions' должен быть списком", path, _line(item, "actions", line))
    found: dict[str, Any] = {}
    for action in actions:
        if isinstance(action, dict) and action.get("field") in ZENDESK_FIELDS:
            value = action.get("value")
            if isinstance(value, list) and value and isinstance(value[-1], str):
                value = value[-1]
            if not isinstance(value, str):
                raise _fail(f"значение действия {action['field']} должно быть текстом", path, _line(action, "value", line))
            found.setdefault(action["field"], value)
    if "comment_value" in found:
        return found["comment_value"]
    if "comment_value_html" in found:
        return _Html(found["comment_value_html"])
    return ""  # a macro that sets no comment (only tags, status…): nothing to check


class _Html:
    def __init__(self, value: str) -> None:
        self.value = value


# ------------------------------------------------------------------------------------------------
# Positions


def _trace(value: Any, text: str, line_starts: list[int], line: int | None) -> tuple[str, list[int], list[int], int]:
    """The template text and, per character, its first and after-last offset in the file."""
    html_map = None
    if isinstance(value, _Html):
        raw = value.value
        plain, html_map = _html_to_text(raw)
        value = raw
    units = _units(value, text)
    anchor = _anchor(value, line_starts, line)
    mapped = _align(str(value), units) if units is not None else None
    if mapped is None:
        n = len(value)
        starts, ends = [anchor] * n, [anchor] * n
    else:
        starts, ends = mapped
    if html_map is not None:
        starts = [starts[a] if a < len(starts) else anchor for a, _ in html_map]
        ends = [ends[b - 1] if 0 < b <= len(ends) else anchor for _, b in html_map]
        return plain, starts, ends, anchor
    return str(value), starts, ends, anchor


def _anchor(value: Any, line_starts: list[int], line: int | None) -> int:
    if isinstance(value, _JStr):
        return value.start
    if isinstance(value, _YStr) and value.node is not None:
        return value.node.start_mark.index
    if line:
        return line_starts[min(line, len(line_starts)) - 1]
    return 0


_JSON_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_YAML_ESCAPES = {
    "0": "\0", "a": "\x07", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}
_YAML_HEX = {"x": 2, "u": 4, "U": 8}

Unit = tuple  # (decoded text, file start, file end)


def _units(value: Any, text: str) -> list[Unit] | None:
    if isinstance(value, _JStr):
        return _escaped_units(text, value.start + 1, value.end - 1, json_rules=True)
    if isinstance(value, _YStr) and value.node is not None:
        node = value.node
        start, end = node.start_mark.index, node.end_mark.index
        style = node.style
        if style == '"':
            return _escaped_units(text, start + 1, end - 1, json_rules=False)
        if style == "'":
            units, i = [], start + 1
            while i < end - 1:
                if text.startswith("''", i):
                    units.append(("'", i, i + 2))
                    i += 2
                else:
                    units.append((text[i], i, i + 1))
                    i += 1
            return units
        if style in ("|", ">"):
            newline = text.find("\n", start, end)
            if newline < 0:
                return []
            start = newline + 1
        return [(text[i], i, i + 1) for i in range(start, end)]
    return None


def _escaped_units(text: str, start: int, end: int, json_rules: bool) -> list[Unit]:
    units: list[Unit] = []
    i = start
    while i < end:
        c = text[i]
        if c != "\\" or i + 1 >= end:
            units.append((c, i, i + 1))
            i += 1
            continue
        e = text[i + 1]
        if json_rules and e == "u":
            cp, k = int(text[i + 2 : i + 6], 16), i + 6
            if 0xD800 <= cp < 0xDC00 and text.startswith("\\u", k):
                low = int(text[k + 2 : k + 6], 16)
                if 0xDC00 <= low < 0xE000:
                    cp, k = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00), k + 6
            units.append((chr(cp), i, k))
            i = k
        elif not json_rules and e in _YAML_HEX:
            n = _YAML_HEX[e]
            units.append((chr(int(text[i + 2 : i + 2 + n], 16)), i, i + 2 + n))
            i += 2 + n
        elif not json_rules and e in "\r\n":
            k = i + 3 if text.startswith("\r\n", i + 1) else i + 2
            while k < end and text[k] in " \t":
                k += 1
            units.append(("", i, k))  # an escaped line break joins the lines
            i = k
        else:
            table = _JSON_ESCAPES if json_rules else _YAML_ESCAPES
            units.append((table.get(e, e), i, i + 2))
            i += 2
    return units


def _align(value: str, units: list[Unit]) -> tuple[list[int], list[int]] | None:
    """Match the template's characters to the file's, in order; None when some cannot be."""
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    n = len(value)
    for decoded, a, b in units:
        if i >= n:
            break
        if not decoded:
            continue
        if value.startswith(decoded, i):
            for _ in decoded:
                starts.append(a)
                ends.append(b)
            i += len(decoded)
        elif value[i] in " \n" and decoded in (" ", "\n", "\t"):
            # a line break folded into a space, or kept where the file has a space: same place
            starts.append(a)
            ends.append(b)
            i += 1
    if i < n:
        return None
    return starts, ends


_BLOCK_TAGS = {"br", "p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr"}
_HTML_TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);|.", re.S)


def _html_to_text(raw: str) -> tuple[str, list[tuple[int, int]]]:
    """HTML to plain text; per output character, the (start, end) of the input it came from."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _HTML_TOKEN.finditer(raw):
        token = m.group()
        if token.startswith("<") and len(token) > 1:
            if m.group(2) and m.group(2).lower() in _BLOCK_TAGS:
                out.append("\n")
                spans.append((m.start(), m.end()))
            continue
        if token.startswith("&") and len(token) > 1:
            decoded = html.unescape(token)
            for ch in decoded:
                out.append(ch)
                spans.append((m.start(), m.end()))
            continue
        out.append(" " if token in "\r\n\t" else token)
        spans.append((m.start(), m.end()))
    return "".join(out), spans


def relocate(diagnostics: list, entry: Entry) -> list:
    """Diagnostics positioned in the template, moved to the collection file (a fix's edits too, their
    text written as the file writes that string; a fix that cannot be written there is dropped)."""
    out = []
    for d in diagnostics:
        start, end = entry.span(d.start, d.end)
        line, column = line_and_column(entry.line_starts, start)
        end_line, end_column = line_and_column(entry.line_starts, end)
        fix = None
        if d.fix is not None:
            edits = file_edits(entry, d.fix.edits)
            fix = replace(d.fix, edits=tuple(edits)) if edits is not None else None
        out.append(replace(d, line=line, column=column, end_line=end_line, end_column=end_column, start=start, end=end, fix=fix))
    return out


# ------------------------------------------------------------------------------------------------
# Writing a fix back


def _style(value: Any, text: str, starts: list[int]) -> tuple[str | None, str | None]:
    html_suffix = ""
    if isinstance(value, _Html):
        html_suffix = "+html"
        value = value.value
    if isinstance(value, _JStr):
        style, raw = "json", text[value.start + 1 : value.end - 1]
    elif isinstance(value, _YStr) and value.node is not None:
        node = value.node
        style = {'"': "yaml-double", "'": "yaml-single", "|": "yaml-block", ">": "yaml-block"}.get(node.style or "", "yaml-plain")
        raw = text[node.start_mark.index : node.end_mark.index]
    else:
        return None, None
    if starts and len(set(starts)) == 1 and len(starts) > 1:
        return None, None  # traced to its start only
    escapes = None
    if style in ("json", "yaml-double"):
        found = re.search(r"\\u([0-9a-fA-F]{4})", raw)
        if found and not re.search(r"[^\x00-\x7f]", raw) and int(found.group(1), 16) > 0x7F:
            escapes = "U" if re.search(r"[A-F]", found.group(1)) else "u"
    return style + html_suffix, escapes


def encode(entry: Entry, text: str, at_start: bool = False, escapes: str | None = None) -> str | None:
    """``text`` written as the entry's string writes its characters; None when it cannot be written
    there safely (a plain YAML scalar cannot take ": " or " #", nor begin with "!" or "-")."""
    style = entry.style or ""
    if style.endswith("+html"):
        text = html.escape(text, quote=False)
        style = style[: -len("+html")]
    if "\n" in text or "\r" in text:
        return None
    if style in ("json", "yaml-double"):
        escapes = escapes or entry.ascii_escapes
        out = json.dumps(text, ensure_ascii=escapes is not None)[1:-1]
        if escapes == "U":
            out = re.sub(r"\\u([0-9a-f]{4})", lambda m: "\\u" + m.group(1).upper(), out)
        return out
    if style == "yaml-single":
        return text.replace("'", "''")
    if style == "yaml-plain":
        if re.search(r":(?:\s|$)|\s#", text) or (at_start and re.match(r"[\s\-?:,\[\]{}#&*!|>'\"%@`]", text)):
            return None
        return text
    if style == "yaml-block":
        return text
    return None


def file_edits(entry: Entry, edits) -> list | None:
    """The template's edits as edits of the collection file, or None when one cannot be written."""
    from .rule import Edit

    if entry.style is None or not entry.starts:
        return None
    out = []
    for e in edits:
        if e.start > len(entry.starts):
            return None
        if e.start == len(entry.starts):
            a = b = entry.ends[-1]
        else:
            a = entry.starts[e.start]
            b = entry.ends[e.end - 1] if e.end > e.start else a
        # where the words replaced were written as \u escapes, so are the new ones
        found = re.search(r"\\u([0-9a-fA-F]{4})", entry.file_text[a:b])
        escapes = ("U" if re.search(r"[A-F]", found.group(1)) else "u") if found else None
        written = encode(entry, e.text, at_start=e.start == 0, escapes=escapes)
        if written is None:
            return None
        out.append(Edit(a, b, written))
    return out
