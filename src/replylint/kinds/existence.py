"""existence: every match of any pattern is a finding.

    kind: existence
    patterns:
      - приносим извинения за доставленные неудобства
      - phrase: ваше обращение очень важно для нас
        suggest: Спасибо, что написали        # optional: offered as a fix
        severity: info                         # optional: this pattern is less sure
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..patterns import Pattern, compile_patterns, viable
from ..rule import Draft, Finding

FIELDS = {"patterns": True}
PATTERN_EXTRA = frozenset({"suggest", "severity", "message"})


@dataclass
class Existence:
    patterns: list[Pattern]

    def find(self, draft: Draft, options: dict[str, Any]) -> list[Finding]:
        return [finding_for(m.pattern, m.start, m.end) for p in viable(self.patterns, draft.analysis) for m in p.find(draft.analysis)]


def finding_for(pattern: Pattern, start: int, end: int) -> Finding:
    suggest = pattern.extra.get("suggest")
    suggestions = [suggest] if isinstance(suggest, str) else list(suggest or [])
    return Finding(
        start,
        end,
        message=pattern.extra.get("message"),
        suggestions=[str(s) for s in suggestions],
        severity=pattern.extra.get("severity"),
        values={"suggestion": suggestions[0] if suggestions else ""},
    )


def compile(raw: dict, path: str) -> Existence:
    from ..yamlio import line_of

    return Existence(compile_patterns(raw["patterns"], path, line_of(raw, "patterns"), PATTERN_EXTRA))
