"""check: a named Python check, for logic YAML cannot express (names, times, placeholders…).

    kind: check
    check: name-mismatch      # a name registered in replylint.checks
    options: {…}              # the check's options, tunable from the config

The rule's header, message, principle and examples still live in its YAML file.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..errors import RuleError, close_matches
from ..rule import Draft, Finding
from ..yamlio import line_of

FIELDS = {"check": True}


@dataclass
class Check:
    name: str
    function: Callable[[Draft, dict[str, Any]], list[Finding]]

    def find(self, draft: Draft, options: dict[str, Any]) -> list[Finding]:
        return self.function(draft, options)


def compile(raw: dict, path: str) -> Check:
    from ..checks import CHECKS, load_check

    name = raw["check"]
    if name not in CHECKS:
        close = close_matches(str(name), CHECKS, n=3)
        hint = f" (может быть, {', '.join(close)}?)" if close else f" (проверки: {', '.join(sorted(CHECKS))})"
        raise RuleError(f"неизвестная проверка {name!r}{hint}", path, line_of(raw, "check"))
    return Check(name, load_check(name))
