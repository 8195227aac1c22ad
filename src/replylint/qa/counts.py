"""The report's numbers, worked out once from a tally: the HTML page and the CSV files show the same.

Rates are findings per 100 replies of the group (a rule, an operator, a week), rounded to one
decimal only when shown. A week is an ISO week, named by its Monday.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .replies import Conversations
from .tally import SEVERITIES, Tally


@dataclass(frozen=True)
class RuleRow:
    rule: str
    severity: str  # the rule's severity in force (the config may change it)
    description: str
    findings: int
    replies: int  # replies with at least one finding of the rule
    per_100: float


@dataclass(frozen=True)
class GroupRow:
    """An operator or a week."""

    name: str
    replies: int
    errors: int
    warnings: int
    infos: int

    @property
    def findings(self) -> int:
        return self.errors + self.warnings + self.infos

    @property
    def per_100(self) -> float:
        return rate(self.findings, self.replies)

    def per_100_of(self, severity: str) -> float:
        return rate({"error": self.errors, "warning": self.warnings, "info": self.infos}[severity], self.replies)


@dataclass(frozen=True)
class Move:
    """A rule's rate in the last week against the week before."""

    rule: str
    rates: tuple[float, ...]  # one per week, oldest first
    previous: float | None
    last: float | None

    @property
    def change(self) -> float | None:
        return None if self.previous is None or self.last is None else self.last - self.previous


@dataclass
class Counts:
    replies: int
    conversations: int
    operators: int
    first: datetime | None
    last: datetime | None
    findings: dict[str, int]  # per severity
    flagged: dict[str, int]  # replies with at least one of the severity
    clean: int
    skipped_rows: int
    unchecked: int
    rules: list[RuleRow] = field(default_factory=list)
    by_operator: list[GroupRow] = field(default_factory=list)
    by_week: list[GroupRow] = field(default_factory=list)
    weeks: list[str] = field(default_factory=list)
    rule_weeks: dict[tuple[str, str], int] = field(default_factory=dict)
    moves: list[Move] = field(default_factory=list)

    @property
    def total_findings(self) -> int:
        return sum(self.findings.values())

    def totals(self) -> list[tuple[str, str, object]]:
        """(csv key, Russian label, value) of the totals."""
        return [
            ("replies", "Ответов проверено", self.replies),
            ("conversations", "Диалогов", self.conversations),
            ("operators", "Операторов", self.operators),
            ("first", "Первый ответ", self.first.isoformat(sep=" ") if self.first else ""),
            ("last", "Последний ответ", self.last.isoformat(sep=" ") if self.last else ""),
            ("findings", "Замечаний", self.total_findings),
            ("errors", "Ошибок", self.findings["error"]),
            ("warnings", "Предупреждений", self.findings["warning"]),
            ("infos", "Советов", self.findings["info"]),
            ("findings_per_100", "Замечаний на 100 ответов", round(rate(self.total_findings, self.replies), 2)),
            ("replies_with_errors", "Ответов с ошибками", self.flagged["error"]),
            ("clean_replies", "Ответов без ошибок и предупреждений", self.clean),
            ("clean_share", "Доля ответов без ошибок и предупреждений, %", round(rate(self.clean, self.replies), 2)),
            ("skipped_rows", "Строк выгрузки пропущено", self.skipped_rows),
            ("unchecked_replies", "Ответов не проверено", self.unchecked),
        ]


def rate(count: int, replies: int) -> float:
    return 100.0 * count / replies if replies else 0.0


def _group(name: str, counts) -> GroupRow:
    return GroupRow(name, counts["replies"], counts["error"], counts["warning"], counts["info"])


def count(tally: Tally, conversations: Conversations, rules, severity_of, skipped_rows: int) -> Counts:
    """``rules``: the rules in force (id, description); ``severity_of(rule_id)``: its severity in force."""
    result = Counts(
        replies=tally.replies,
        conversations=conversations.conversations,
        operators=len(conversations.operators),
        first=conversations.first,
        last=conversations.last,
        findings={s: tally.findings[s] for s in SEVERITIES},
        flagged={s: tally.flagged[s] for s in SEVERITIES},
        clean=tally.clean,
        skipped_rows=skipped_rows,
        unchecked=len(tally.failed),
    )
    descriptions = {r.id: r.description for r in rules}
    order = {"error": 0, "warning": 1, "info": 2}
    result.rules = sorted(
        (RuleRow(rule, severity_of(rule), descriptions.get(rule, ""), n, tally.rule_replies[rule], rate(n, tally.replies))
         for rule, n in tally.rules.items()),
        key=lambda r: (-r.findings, order[r.severity], r.rule),
    )
    # operators in the pseudonyms' order (or by name): a list, not a ranking
    result.by_operator = [_group(name, tally.operators[name]) for name in conversations.operators if name in tally.operators]
    result.weeks = sorted(tally.weeks)
    result.by_week = [_group(week, tally.weeks[week]) for week in result.weeks]
    result.rule_weeks = dict(tally.rule_weeks)
    for row in result.rules:
        rates = tuple(rate(tally.rule_weeks.get((row.rule, w), 0), tally.weeks[w]["replies"]) for w in result.weeks)
        result.moves.append(Move(row.rule, rates, rates[-2] if len(rates) > 1 else None, rates[-1] if rates else None))
    return result
