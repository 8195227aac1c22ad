"""What the stages pass between them: a rule, the draft it reads, what it finds, what is reported."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .analyse import Analysis
from .context import Context

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

# The {placeholders} a message may use, with values of the types the kinds and checks give them.
MESSAGE_VALUES: dict[str, Any] = {"match": "слово", "suggestion": "слово", "missing": "группа", "advice": "совет",
                                  "expected": "Анна", "value": 31, "limit": 30, "words": 3, "client_words": 40}
MAX_FORMAT_WIDTH = 100  # "{match:>30}" pads; "{match:>300000000}" would take gigabytes per finding


class _Keep(dict):
    """Formats a message, leaving unknown {placeholders} as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def message_problem(template: str) -> str | None:
    """What is wrong with a message template, or None: checked when the rule loads, so a bad one
    stops the run with its file and line instead of failing when a draft first matches."""
    import re
    import string

    try:
        fields = [(name, spec) for _, name, spec, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        return f"{exc} (фигурные скобки как текст пишутся {{{{ и }}}})"
    for name, spec in fields:
        if not name.isidentifier():
            return f"{{{name}}} — не подстановка; пишите имя, например {{match}} (скобки как текст: {{{{ }}}})"
        if "{" in (spec or "") or any(int(n) > MAX_FORMAT_WIDTH for n in re.findall(r"\d+", spec or "")):
            return f"формат {{{name}}} просит ширину больше {MAX_FORMAT_WIDTH}"
    try:
        template.format_map(_Keep(MESSAGE_VALUES))
    except (ValueError, TypeError, IndexError, KeyError, AttributeError) as exc:
        return f"не подставляется: {exc}"
    return None


def format_message(template: str, values: dict[str, Any]) -> str:
    """The message with its {placeholders} filled; as written if a value does not fit its format."""
    try:
        return template.format_map(_Keep(values))
    except (ValueError, TypeError, IndexError, KeyError, AttributeError):
        return template


@dataclass
class Draft:
    """The body of one draft, analysed, with its conversation context and mode."""

    text: str
    analysis: Analysis
    context: Context
    mode: str = "draft"


@dataclass(frozen=True)
class Edit:
    """Replace ``[start, end)`` with ``text`` (code-point offsets; an insertion when start == end)."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Fix:
    """The edits that apply a finding's suggestion. ``safe``: the only sensible one, applied by
    ``check --fix``; otherwise only with ``--unsafe-fixes`` (see fixes.py and the README's "Fixes")."""

    safe: bool
    edits: tuple[Edit, ...]

    def shifted(self, by: int) -> "Fix":
        return Fix(self.safe, tuple(Edit(e.start + by, e.end + by, e.text) for e in self.edits))

    def to_dict(self) -> dict[str, Any]:
        return {"safe": self.safe, "edits": [e.to_dict() for e in self.edits]}


@dataclass
class Finding:
    """What a rule kind reports: a span of the draft's body and, if it differs, its own message."""

    start: int
    end: int
    message: str | None = None  # None: the rule's message
    suggestions: list[str] = field(default_factory=list)
    severity: str | None = None  # None: the rule's severity
    values: dict[str, Any] = field(default_factory=dict)  # extra {placeholders} for the message
    fix: Fix | None = None  # offsets into the draft's body


class Matcher(Protocol):
    """A compiled rule kind: finds the rule's findings in a draft."""

    def find(self, draft: Draft, options: dict[str, Any]) -> list[Finding]: ...


@dataclass
class Example:
    """A draft a rule file says the rule must flag or pass."""

    text: str
    context: dict[str, Any] = field(default_factory=dict)
    mode: str | None = None
    match: str | None = None  # for a must-flag example: the words that must be marked
    line: int | None = None


@dataclass
class Rule:
    """A compiled rule: its header from the rule file and the matcher of its kind."""

    id: str
    severity: str
    message: str
    principle: dict[str, str]  # name, source ("" when the rule file does not say)
    explain: str
    kind: str
    matcher: Matcher
    path: str
    line: int
    flag: list[Example] = field(default_factory=list)
    passing: list[Example] = field(default_factory=list)
    modes: frozenset[str] = frozenset({"draft", "template"})
    enabled: bool = True
    options: dict[str, Any] = field(default_factory=dict)
    description: str = ""  # one line: what it catches
    reads: str = "prose"  # "prose": no finding starts in a link, code, a quote… (prose.py); "all": the whole text

    @property
    def cited(self) -> str:
        """The principle as cited to a reader: "name (source)", or the name alone."""
        name, source = self.principle["name"], self.principle.get("source", "")
        return f"{name} ({source})" if source else name

    @property
    def name(self) -> str:
        """The id in CamelCase, as SARIF and other tools like a rule's name."""
        return "".join(part.capitalize() for part in self.id.split("-"))


@dataclass
class Diagnostic:
    """One finding as the user sees it, positioned in the file as it is on disk."""

    rule: str
    severity: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    match: str
    suggestions: list[str] = field(default_factory=list)
    fix: Fix | None = None  # offsets into the file, like start and end

    def to_dict(self) -> dict[str, Any]:
        out = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "start": self.start,
            "end": self.end,
            "match": self.match,
            "suggestions": list(self.suggestions),
        }
        if self.fix is not None:  # only when there is one: the contract's JSON stays as it was
            out["fix"] = self.fix.to_dict()
        return out
