"""existence: every match of any pattern is a finding.

    kind: existence
    patterns:
      - приносим извинения за доставленные неудобства
      - phrase: ваше обращение очень важно для нас
        suggest: Спасибо, что написали        # optional: offered as a replacement
        severity: info                         # optional: this pattern is less sure
      - phrase: "<UPPER,Dict>"
        fix: lowercase                         # optional: what `check --fix` may write (below)

``fix`` makes the suggestion a fix: ``safe`` (the only sensible replacement: applied by ``check
--fix``), ``unsafe`` (applied only with ``--unsafe-fixes``), or ``lowercase`` (safe: the words in
lower case, capitals kept at a sentence start and for names). The replacement is put in the form of
the words it replaces (agree.py); where it cannot be, the finding keeps only its suggestion.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import RuleError
from ..patterns import Match, Pattern, compile_patterns, viable
from ..rule import Draft, Edit, Finding, Fix

FIELDS = {"patterns": True}
PATTERN_EXTRA = frozenset({"suggest", "severity", "message"})
FIX_VALUES = ("safe", "unsafe", "lowercase")
WITH_FIX = PATTERN_EXTRA | {"fix"}


@dataclass
class Existence:
    """A rule of kind ``existence``."""

    patterns: list[Pattern]

    def find(self, draft: Draft, options: dict[str, Any]) -> list[Finding]:
        return [finding_for(m.pattern, m.start, m.end, draft, m) for p in viable(self.patterns, draft.analysis) for m in p.find(draft.analysis)]


def finding_for(pattern: Pattern, start: int, end: int, draft: Draft | None = None, match: Match | None = None) -> Finding:
    from ..agree import match_case

    suggest = pattern.extra.get("suggest")
    suggestions = [suggest] if isinstance(suggest, str) else list(suggest or [])
    suggestions = [str(s) for s in suggestions]
    fix = None
    if draft is not None:
        # a replacement keeps the capitals of what it replaces: "Ваш запрос" → "Ваш вопрос"
        suggestions = [match_case(draft.text[start:end], s) for s in suggestions]
        if match is not None and pattern.extra.get("fix"):
            fix = _fix(pattern.extra["fix"], draft, match, suggestions)
            if fix is not None and fix.edits[0].text and pattern.extra["fix"] != "lowercase":
                suggestions[0] = fix.edits[0].text  # the suggestion in the words' own form: "оплатили"
    return Finding(
        start,
        end,
        message=pattern.extra.get("message"),
        suggestions=suggestions,
        severity=pattern.extra.get("severity"),
        values={"suggestion": suggestions[0] if suggestions else ""},
        fix=fix,
    )


def _fix(how: str, draft: Draft, m: Match, suggestions: list[str]) -> Fix | None:
    from ..agree import agreeing_replacement, lower_case

    if how == "lowercase":
        text = lower_case(draft.analysis, m.first_token, m.last_token) if m.pattern.slots else draft.text[m.start : m.end].lower()
        safe = True
    elif not suggestions:
        return None
    elif m.pattern.regex is not None and not m.pattern.slots:
        text, safe = suggestions[0], how == "safe"  # a regex of symbols ("!!!" → "!"): no words to agree with
    else:
        replacement = agreeing_replacement(draft.analysis, m.first_token, m.last_token, suggestions[0])
        if replacement is None:
            return None
        # several replacements: the first is a guess, never safe
        text, safe = replacement, how == "safe" and len(suggestions) == 1
    if text == draft.text[m.start : m.end]:
        return None
    return Fix(safe, (Edit(m.start, m.end, text),))


def check_fix_value(pattern: Pattern, path: str, line: int | None) -> None:
    how = pattern.extra.get("fix")
    if how is None:
        return
    if how not in FIX_VALUES:
        raise RuleError(f"fix {how!r}: допустимы {', '.join(FIX_VALUES)}", path, line)
    if how != "lowercase" and not pattern.extra.get("suggest"):
        raise RuleError(f"fix: {how}: нужен 'suggest', чтобы было что написать", path, line)


def compile(raw: dict, path: str) -> Existence:
    from ..yamlio import line_of

    patterns = compile_patterns(raw["patterns"], path, line_of(raw, "patterns"), WITH_FIX)
    for pattern in patterns:
        check_fix_value(pattern, path, line_of(raw, "patterns"))
    return Existence(patterns)
