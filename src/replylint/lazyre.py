"""Regular expressions compiled on first use.

Compiling a large regular expression costs a fraction of a millisecond, and the checks hold dozens
of them; a pre-send hook that checks one short draft without a lesson time or a template should not
pay for the ones it never runs. A :class:`LazyRegex` behaves as the compiled pattern.
"""
from __future__ import annotations

import re
from typing import Any

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyRegex:
    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        # Called only for what the instance lacks: compile once, then keep the compiled methods on
        # the instance, so later calls cost what calls on the compiled pattern cost.
        compiled = re.compile(self.pattern, self.flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        self.compiled = compiled
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyRegex({self.pattern!r})"


def lazy_compile(pattern: str, flags: int = 0) -> LazyRegex:
    return LazyRegex(pattern, flags)
