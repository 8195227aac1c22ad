"""YAML loading that remembers line numbers, so every error can name the file and line."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from .errors import ReplylintError
from .lazyre import lazy_compile

# PyYAML is imported on first use: a draft without front matter, checked with cached rules, never
# needs it, and a pre-send hook should not pay for the import.

class LineDict(dict):
    """A mapping from YAML with the 1-based line of itself (``line``) and of each key (``key_lines``)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence from YAML with the 1-based line of itself and of each item."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def _construct_mapping(loader, node) -> LineDict:
    import yaml

    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "ключ должен быть простым значением", key_node.start_mark
            ) from None
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"ключ {key!r} повторяется", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader, node) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp_as_text(loader, node) -> str:
    # "2026-11-24" must stay text: lessons and dates are compared as the user wrote them.
    return loader.construct_scalar(node)


# Aliases (*name) may bring in at most this many values per document: a few kilobytes of nested
# aliases ("a billion laughs") would otherwise stand for billions of values.
MAX_ALIASED_VALUES = 10_000


def _size(node: Any, sizes: dict[int, int]) -> int:
    """How many values ``node`` stands for when every alias in it is written out."""
    known = sizes.get(id(node))
    if known is None:
        value = node.value
        if isinstance(value, list):
            children = [n for pair in value for n in pair] if value and isinstance(value[0], tuple) else value
            known = 1 + sum(_size(child, sizes) for child in children)
        else:
            known = 1
        sizes[id(node)] = known
    return known


@lru_cache(maxsize=1)
def _line_loader():
    import yaml

    class LineLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                node = self.anchors.get(event.anchor)
                if node is not None:
                    sizes = self.__dict__.setdefault("_alias_sizes", {})
                    self._aliased = getattr(self, "_aliased", 0) + _size(node, sizes)
                    if self._aliased > MAX_ALIASED_VALUES:
                        raise yaml.composer.ComposerError(
                            None, None, f"ссылки (*{event.anchor}) разворачиваются больше чем в {MAX_ALIASED_VALUES:,} "
                            "значений; напишите значения без ссылок", event.start_mark)
            return super().compose_node(parent, index)

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)
    return LineLoader


def load_yaml(
    text: str, path: str, line_offset: int = 0, error: type[ReplylintError] = ReplylintError, loader: Any = None
) -> Any:
    """Parse YAML text; a syntax error becomes ``error`` naming ``path`` and the line.

    ``line_offset`` is added to every line (front matter starts on the file's second line);
    ``loader``: a loader of one's own (a subclass of the line-keeping one), read by PyYAML always.
    """
    if loader is None:
        simple = simple_mapping(text)
        if simple is not None:
            return _shift_lines(simple, line_offset)
    import yaml

    try:
        return _shift_lines(yaml.load(text, Loader=loader or _line_loader()), line_offset)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        what = exc.problem or exc.context or "broken YAML"
        raise error(f"YAML не читается: {what}", path, line) from None
    except yaml.YAMLError as exc:
        raise error(f"YAML не читается: {exc}", path) from None
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:  # a value its tag cannot hold: !!bool "x"
        raise error(f"YAML не читается: значение не подходит к своему тегу ({type(exc).__name__}: {exc})", path) from None
    except RecursionError:
        raise error("YAML не читается: слишком глубокая вложенность", path) from None


# ---------------------------------------------------------------------------------------------
# Front matter is usually a few "key: value" lines: read those without importing PyYAML, which
# costs a pre-send hook more than the rest of reading. Anything else goes to PyYAML.

# (values are taken to the line's end and stripped in code: a lazy ".*?" before "[ \t]*\Z" is
# quadratic on a line with a long run of spaces)
_SIMPLE_KEY = lazy_compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?\Z")
_SIMPLE_ITEM = lazy_compile(r" *- +(.*)\Z")
# Plain values YAML would read as something other than text (numbers, booleans, null…), written
# wide: any value like these is left to PyYAML. Timestamps are text with our loader anyway.
_NOT_TEXT = lazy_compile(
    r"[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_].*|0[box][0-9a-fA-F_]+"
    r"|\.(?:inf|Inf|INF|nan|NaN|NAN))"
    r"|yes|Yes|YES|no|No|NO|y|Y|n|N|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|=|<<"
)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`<=~")


# What PyYAML reads otherwise inside a plain scalar: a mapping value (": ") or a comment (" #").
_NOT_PLAIN = lazy_compile(r": | #")
# Characters PyYAML breaks lines at (a lone \r, NEL, U+2028…), refuses (control characters) or
# reads in ways of its own (tabs, a BOM): a text with one of them is left to PyYAML. (Listed
# themselves, not as "all but" the wide ranges of the others, which cost 3 ms to compile.)
_UNUSUAL = lazy_compile(r"\r(?!\n)|[\x00-\x09\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]")


def _plain_text(value: str, in_flow: bool = False) -> bool:
    """Whether YAML reads this plain scalar as exactly this text."""
    if not value or value[0] in _INDICATORS or value.endswith(":") or _NOT_PLAIN.search(value):
        return False
    if in_flow and any(c in value for c in ",[]{}"):
        return False
    return " " in value or not _NOT_TEXT.fullmatch(value)


def simple_mapping(text: str) -> LineDict | None:
    """A flat mapping of text values and lists of text values, read line by line; None for
    anything else (PyYAML then reads it, and reports its errors).

    Held to PyYAML by a property test (tests/test_hostile_fuzz.py)."""
    if _UNUSUAL.search(text):
        return None  # (PyYAML refuses a tab almost anywhere outside quotes: let it say where)
    result = LineDict()
    result.key_lines = {}
    current: LineList | None = None  # the block list being read
    indent = ""  # its items' indentation
    block_lists: list[str] = []  # keys with nothing after them ("key:"), maybe followed by items
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        item = _SIMPLE_ITEM.match(line)
        if item is not None:
            value = item.group(1).rstrip(" ")
            own = line[: line.index("-")]
            if current is None or not _plain_text(value) or (current and own != indent):
                return None  # (items of one list are indented alike, or YAML reads them otherwise)
            indent = own
            current.append(value)
            current.item_lines.append(number)
            current.line = current.line or number
            continue
        m = _SIMPLE_KEY.match(line)
        if m is None or m.group(1) in result or _NOT_TEXT.fullmatch(m.group(1)):
            return None  # ("yes:" is a boolean key to YAML)
        key, value = m.group(1), (m.group(2) or "").rstrip(" ")
        if not result:
            result.line = number
        result.key_lines[key] = number
        current = None
        if not value:
            current = LineList()
            current.item_lines = []
            result[key] = current
            block_lists.append(key)
        elif value.startswith("[") and value.endswith("]"):
            items = [v.strip() for v in value[1:-1].split(",")] if value[1:-1].strip() else []
            if not all(_plain_text(v, in_flow=True) for v in items):
                return None
            flow = LineList(items)
            flow.line, flow.item_lines = number, [number] * len(items)
            result[key] = flow
        elif _plain_text(value):
            result[key] = value
        else:
            return None
    for key in block_lists:
        if not result[key]:
            result[key] = None  # "key:" with nothing after it is null in YAML ("key: []" is a list)
    return result if result else None


def _shift_lines(value: Any, offset: int, seen: set[int] | None = None) -> Any:
    if not offset or not isinstance(value, (LineDict, LineList)):
        return value
    seen = set() if seen is None else seen
    if id(value) in seen:  # an alias: the same object, shifted once
        return value
    seen.add(id(value))
    if isinstance(value, LineDict):
        value.line += offset
        value.key_lines = {k: v + offset for k, v in value.key_lines.items()}
        for item in value.values():
            _shift_lines(item, offset, seen)
    else:
        value.line += offset
        value.item_lines = [v + offset for v in value.item_lines]
        for item in value:
            _shift_lines(item, offset, seen)
    return value


def line_of(container: Any, key: Any, default: int | None = None) -> int | None:
    """The line of ``container[key]`` when the container came from :func:`load_yaml`."""
    if isinstance(container, LineDict):
        return container.line_of(key)
    if isinstance(container, LineList) and isinstance(key, int):
        return container.line_of(key)
    return default
