"""A partition of replies checked by the one Linter, and what the report counts of them.

A :class:`Tally` only adds up: counts are sums, and each rule's worst replies are the first few by
a total order (most findings of the rule, then most errors, warnings and findings, then the
reply's place in the export). So partitions can be checked in any process or on any machine and
merged in any order, and the report is the same as one process makes.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from ..read import Source
from ..rule import SEVERITY_RANK
from .replies import Reply

SEVERITIES = ("error", "warning", "info")
WORST = 5  # replies shown per rule


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    rule: str
    severity: str
    message: str


@dataclass(frozen=True)
class Shown:
    """A reply as the report quotes it among a rule's worst."""

    index: int
    where: str
    conversation: str
    time: datetime
    operator: str
    text: str
    client_message: str
    marks: tuple[Mark, ...]


@dataclass
class Tally:
    replies: int = 0
    findings: Counter = field(default_factory=Counter)  # severity -> findings
    flagged: Counter = field(default_factory=Counter)  # severity -> replies with one at least
    clean: int = 0  # replies with no error and no warning
    rules: Counter = field(default_factory=Counter)  # rule -> findings
    rule_replies: Counter = field(default_factory=Counter)  # rule -> replies with it
    operators: dict[str, Counter] = field(default_factory=dict)  # shown name -> {replies, error, warning, info}
    weeks: dict[str, Counter] = field(default_factory=dict)  # week -> {replies, error, warning, info}
    rule_weeks: Counter = field(default_factory=Counter)  # (rule, week) -> findings
    worst: dict[str, list[tuple[tuple, Shown]]] = field(default_factory=dict)  # rule -> [(rank key, reply)]
    failed: list[str] = field(default_factory=list)  # replies the engine could not check, with why
    keep: int = WORST

    def add(self, reply: Reply, marks: list[Mark]) -> None:
        self.replies += 1
        severities = Counter(m.severity for m in marks)
        per_rule = Counter(m.rule for m in marks)
        self.findings.update(severities)
        self.flagged.update(severities.keys())
        if not (severities["error"] or severities["warning"]):
            self.clean += 1
        self.rules.update(per_rule)
        self.rule_replies.update(per_rule.keys())
        for group, key in ((self.operators, reply.operator), (self.weeks, reply.week)):
            counts = group.setdefault(key, Counter())
            counts["replies"] += 1
            counts.update(severities)
        self.rule_weeks.update({(rule, reply.week): n for rule, n in per_rule.items()})
        if not per_rule:
            return
        quoted = shown(reply, marks)
        for rule in per_rule:
            self._offer(rule, [(rank(quoted, rule), quoted)])

    def _offer(self, rule: str, candidates: list[tuple[tuple, Shown]]) -> None:
        kept = self.worst.get(rule, []) + candidates
        kept.sort(key=lambda kv: kv[0])
        self.worst[rule] = kept[: self.keep]

    def merge(self, other: "Tally") -> "Tally":
        self.replies += other.replies
        self.findings.update(other.findings)
        self.flagged.update(other.flagged)
        self.clean += other.clean
        self.rules.update(other.rules)
        self.rule_replies.update(other.rule_replies)
        for mine, theirs in ((self.operators, other.operators), (self.weeks, other.weeks)):
            for key, counts in theirs.items():
                mine.setdefault(key, Counter()).update(counts)
        self.rule_weeks.update(other.rule_weeks)
        for rule, candidates in other.worst.items():
            self._offer(rule, candidates)
        self.failed.extend(other.failed)
        return self


def shown(reply: Reply, marks) -> Shown:
    return Shown(reply.index, reply.where, reply.conversation, reply.time, reply.operator, reply.text,
                 reply.context.client_message or "", tuple(marks))


def rank(reply: Shown, rule: str) -> tuple:
    """Where a reply goes among a rule's worst: the lowest first (most findings of the rule, then most
    errors, warnings and findings, then the reply's place in the export)."""
    severities = Counter(m.severity for m in reply.marks)
    n = sum(m.rule == rule for m in reply.marks)
    return (-n, -severities["error"], -severities["warning"], -len(reply.marks), reply.index)


def check_partition(linter, replies: list[Reply], keep: int = WORST) -> Tally:
    """Check each reply with the linter, as a draft with its conversation's context."""
    tally = Tally(keep=keep)
    for reply in replies:
        try:
            # the text as exported: a reply that starts with "---" is not front matter
            diagnostics = linter.check_source(Source(reply.where, reply.text), reply.context)
        except Exception as exc:  # noqa: BLE001 - one reply the engine trips on must not lose the archive
            tally.failed.append(f"{reply.where}: ответ не проверен: {type(exc).__name__}: {exc}")
            continue
        marks = [Mark(d.start, d.end, d.rule, d.severity, d.message) for d in diagnostics]
        marks.sort(key=lambda m: (m.start, -SEVERITY_RANK[m.severity], m.rule))
        tally.add(reply, marks)
    return tally
