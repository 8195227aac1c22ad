"""YAML loading that remembers line numbers, so every error can name the file and line."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from .errors import ReplylintError

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
                None, None, "a key must be a plain value", key_node.start_mark
            ) from None
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
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


@lru_cache(maxsize=1)
def _line_loader():
    import yaml

    class LineLoader(yaml.SafeLoader):
        pass

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)
    return LineLoader


def load_yaml(text: str, path: str, line_offset: int = 0, error: type[ReplylintError] = ReplylintError) -> Any:
    """Parse YAML text; a syntax error becomes ``error`` naming ``path`` and the line.

    ``line_offset`` is added to every line (front matter starts on the file's second line).
    """
    import yaml

    try:
        return _shift_lines(yaml.load(text, Loader=_line_loader()), line_offset)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        what = exc.problem or exc.context or "broken YAML"
        raise error(f"invalid YAML: {what}", path, line) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", path) from None
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:  # a value its tag cannot hold: !!bool "x"
        raise error(f"invalid YAML: a value does not fit its tag ({type(exc).__name__}: {exc})", path) from None


def _shift_lines(value: Any, offset: int) -> Any:
    if not offset:
        return value
    if isinstance(value, LineDict):
        value.line += offset
        value.key_lines = {k: v + offset for k, v in value.key_lines.items()}
        for item in value.values():
            _shift_lines(item, offset)
    elif isinstance(value, LineList):
        value.line += offset
        value.item_lines = [v + offset for v in value.item_lines]
        for item in value:
            _shift_lines(item, offset)
    return value


def line_of(container: Any, key: Any, default: int | None = None) -> int | None:
    """The line of ``container[key]`` when the container came from :func:`load_yaml`."""
    if isinstance(container, LineDict):
        return container.line_of(key)
    if isinstance(container, LineList) and isinstance(key, int):
        return container.line_of(key)
    return default
