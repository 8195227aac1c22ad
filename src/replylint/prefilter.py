"""Literal prefilters for regular expressions: strings one of which every match must contain.

Python's ``re`` tries a pattern that starts with a lookbehind, a class or an alternation at every
position of the text; a plain substring test is many times faster. For a rule's regular expression
(``/…/`` slots and ``regex:`` patterns) the literals are worked out once from the parsed pattern,
and a draft that contains none of them is not searched at all. Where no literals can be found
(say ``\\w+``), there is no prefilter and the regex is searched as before.

The literals come from the pattern's mandatory parts only: a run of literal characters, widened by
small character classes (``х[уy]`` gives ``ху`` and ``хy``); an alternation counts when every branch
has literals; optional parts, repeats that may be absent and lookarounds are passed over. Under
IGNORECASE the test is on case-folded text.
"""
from __future__ import annotations

import re
from functools import lru_cache

try:  # the parser behind re; public as sre_parse before Python 3.11
    from re import _parser as _sre
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]

_C = _sre  # constants (LITERAL, BRANCH…) live on the parser module in every version
_MAX_ALTERNATIVES = 32  # beyond this, a set of literals costs more to test than it saves
_MIN_USEFUL = 2  # a single character rules out too little to be worth a test


@lru_cache(maxsize=1024)
def literals(pattern: str, flags: int = 0) -> tuple[tuple[str, ...], bool] | None:
    """(strings one of which every match contains, whether to compare case-folded), or None."""
    try:
        parsed = _sre.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - an odd pattern just gets no prefilter
        return None
    fold = bool(parsed.state.flags & re.IGNORECASE) or _has_local_ignorecase(parsed)
    found = _sequence(list(parsed))
    if not found or min(len(s) for s in found) < _MIN_USEFUL:
        return None
    if fold:
        found = {s.casefold() for s in found}
    return tuple(sorted(found)), fold


def may_match(pattern: re.Pattern, text: str, folded: str | None = None) -> bool:
    """False only when ``pattern`` cannot match anywhere in ``text``. ``folded``: text.casefold(),
    if the caller has it."""
    found = literals(pattern.pattern, pattern.flags)
    if found is None:
        return True
    strings, fold = found
    haystack = (folded if folded is not None else text.casefold()) if fold else text
    return any(s in haystack for s in strings)


def _has_local_ignorecase(items) -> bool:
    for op, av in _items(items):
        if op is _C.SUBPATTERN and av[1] & re.IGNORECASE:
            return True
    return False


def _items(items):
    """Every (op, av) in a parsed pattern, nested ones included."""
    for op, av in items:
        yield op, av
        if op is _C.SUBPATTERN:
            yield from _items(av[-1])
        elif op is _C.BRANCH:
            for branch in av[1]:
                yield from _items(branch)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT if hasattr(_C, "POSSESSIVE_REPEAT") else None):
            yield from _items(av[2])
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            yield from _items(av[1])


def _sequence(items) -> set[str] | None:
    """The best set of literals (one of which every match contains) of a sequence of items."""
    best: set[str] | None = None
    run: set[str] | None = None  # the literal strings the current run can be

    def close() -> None:
        nonlocal best, run
        if run:
            best = _better(best, run)
        run = None

    for op, av in items:
        chars = _chars(op, av)
        if chars is not None:
            widened = {s + c for s in (run or {""}) for c in chars}
            if len(widened) > _MAX_ALTERNATIVES:
                close()
                widened = set(chars)
            run = widened
            continue
        close()
        if op is _C.SUBPATTERN:
            best = _better(best, _sequence(av[-1]))
        elif op is _C.BRANCH:
            branches = [_sequence(branch) for branch in av[1]]
            if all(branches):
                union = set().union(*branches)  # type: ignore[arg-type]
                if len(union) <= _MAX_ALTERNATIVES:
                    best = _better(best, union)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[0] >= 1:
            body = list(av[2])
            chars = _chars(*body[0]) if len(body) == 1 else None
            if chars is not None and av[0] >= 2:  # "!{2,}", "[!?]{2,}": the shortest repeat, spelled out
                repeated = {""}
                for _ in range(min(av[0], 3)):
                    repeated = {r + c for r in repeated for c in chars}
                if len(repeated) <= _MAX_ALTERNATIVES:
                    best = _better(best, repeated)
                    continue
            best = _better(best, _sequence(body))
        # anything else (classes, repeats that may be absent, lookarounds, anchors) has no literals
    close()
    return best


def _chars(op, av) -> list[str] | None:
    """The characters one item can be, when it is a literal or a small class of literals."""
    if op is _C.LITERAL:
        return [chr(av)]
    if op is _C.IN and 0 < len(av) <= 4 and all(o is _C.LITERAL for o, _ in av):
        return [chr(v) for _, v in av]
    return None


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The more selective of two literal sets: its shortest string longer, then fewer strings."""
    if not b:
        return a
    if not a:
        return b
    key = lambda s: (min(len(x) for x in s), -len(s))  # noqa: E731
    return b if key(b) > key(a) else a
