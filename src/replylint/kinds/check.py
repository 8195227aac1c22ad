"""check: a named Python check, for logic YAML cannot express (names, times, placeholders…).

    kind: check
    check: name-mismatch      # a name registered in replylint.checks
    options: {…}              # the check's options, tunable from the config

The rule's header, message, principle and examples still live in its YAML file.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..checks import CHECKS, NEEDS, load_check
from ..errors import RuleError, close_matches
from ..rule import Draft, Finding
from ..yamlio import line_of

FIELDS = {"check": True}


@dataclass
class Check:
    """A rule of kind ``check``: its named Python check, imported when it first runs (the rules
    cache holds the name only)."""

    name: str

    def find(self, draft: Draft, options: dict[str, Any]) -> list[Finding]:
        needs = NEEDS.get(self.name)
        if needs and not any(getattr(draft.context, field) for field in needs):
            return []  # (what it reads is not there: see checks.NEEDS)
        return load_check(self.name)(draft, options)


def compile(raw: dict, path: str) -> Check:
    name = raw["check"]
    if name not in CHECKS:
        close = close_matches(str(name), CHECKS, n=3)
        hint = f" (может быть, {', '.join(close)}?)" if close else f" (проверки: {', '.join(sorted(CHECKS))})"
        raise RuleError(f"неизвестная проверка {name!r}{hint}", path, line_of(raw, "check"))
    load_check(name)  # the check's module imports, and has the function
    return Check(name)
