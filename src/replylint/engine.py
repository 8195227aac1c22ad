"""Match stage: run the rules in force over an analysed draft and position what they find.

:class:`Linter` holds the compiled rules and the configuration; build it once and check many drafts
with it (the CLI, the HTTP service and the benchmarks all do).
"""
from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any, Iterable, Mapping

from .analyse import analyse
from .config import Config, check_against_rules, unknown_rule_message
from .context import Context, context_from_mapping
from .errors import ConfigError, InputError
from .loader import builtin_rules_dir, load_rules
from .read import Source, parse_source
from .rule import SEVERITY_RANK, Diagnostic, Draft, Finding, Rule, format_message
from .saferegex import draft_budget
from .spans import Spans


class Linter:
    def __init__(
        self,
        config: Config | None = None,
        extra_rules: Iterable[str | Path] = (),
        disable: Iterable[str] = (),
        enable: Iterable[str] = (),
        builtin: bool = True,
        rules: list[Rule] | None = None,
    ) -> None:
        self.config = config or Config()
        self.rule_paths: list[Path] = []  # the rule files and folders read (none when given ``rules``)
        if rules is None:
            self.rule_paths = ([builtin_rules_dir()] if builtin else []) + list(self.config.rules) + [Path(p) for p in extra_rules]
            rules = load_rules(self.rule_paths)
        self.rules = rules
        self.by_id = {r.id: r for r in rules}
        self._check_ids(disable, enable)
        off = set(self.config.disable) | set(disable)
        on = set(self.config.enable) | set(enable)
        self.active = [r for r in rules if (r.enabled or r.id in on) and r.id not in (off - set(enable))]
        self._options: dict[str, dict[str, Any]] = {}

    def _check_ids(self, disable: Iterable[str], enable: Iterable[str]) -> None:
        """Every rule id the config or options name must exist: a typo should not silently do nothing."""
        check_against_rules(self.config, self.by_id)
        for rule_id in [*disable, *enable]:
            if rule_id not in self.by_id:
                raise ConfigError(self.unknown_id_message(rule_id))

    def unknown_id_message(self, rule_id: str) -> str:
        return unknown_rule_message(rule_id, self.by_id)

    # -----------------------------------------------------------------------------------------

    def check_source(
        self, source: Source, overrides: Context | None = None, mode: str | None = None
    ) -> list[Diagnostic]:
        """Check one draft as read from disk; ``overrides`` (a context file, options) win over front matter."""
        context = source.context.merged(overrides) if overrides else source.context
        unknown = [i for i in context.disable if i not in self.by_id]
        if unknown:  # a typo in front matter or a request must not silently switch nothing off
            line = _front_matter_line(source, "disable") if unknown[0] in source.context.disable else None
            raise InputError(f"disable: {self.unknown_id_message(unknown[0])}", source.path, line)
        mode = mode or context.mode or self.config.mode_for(source.path) or "draft"
        body = source.body
        with draft_budget():  # one time budget for the team's regular expressions
            draft = Draft(text=body, analysis=analyse(body, context.teacher + context.names), context=context, mode=mode)
            findings = self.run_rules(draft, disabled=set(context.disable))
        return _position(source.text, source.body_start, findings)

    def check_text(
        self,
        text: str,
        context: Mapping[str, Any] | Context | None = None,
        mode: str | None = None,
        path: str = "<text>",
    ) -> list[Diagnostic]:
        source = parse_source(text, path)
        if context is not None and not isinstance(context, Context):
            context = context_from_mapping(dict(context), path, error=ConfigError)
        return self.check_source(source, context, mode)

    def run_rules(self, draft: Draft, disabled: set[str] = frozenset()) -> list[tuple[Rule, Finding, str, str]]:
        out = []
        for rule in self.active:
            if rule.id in disabled or draft.mode not in rule.modes:
                continue
            found = rule.matcher.find(draft, self._options_for(rule))
            if found and rule.reads == "prose":
                found = self._in_prose(draft, found)
            for f in _without_overlaps(found):
                severity = self.config.severity.get(rule.id) or f.severity or rule.severity
                message = format_message(f.message or rule.message, {"match": draft.text[f.start : f.end], **f.values})
                out.append((rule, f, severity, message))
        return out

    def _in_prose(self, draft: Draft, found: list[Finding]) -> list[Finding]:
        """The findings that start in the operator's prose: not in a link, code, a quote… (prose.py)
        nor in a template placeholder ("ДД.ММ" is not shouting)."""
        from .checks.placeholders import spans_for

        analysis = draft.analysis
        placeholders = Spans(spans_for(draft, {"extra_placeholders": self.config.placeholders}))
        return [f for f in found if analysis.in_other(f.start) is None and not placeholders.contains(f.start)]

    def _options_for(self, rule: Rule) -> dict[str, Any]:
        """The rule's options with the config's over them, worked out once per rule."""
        options = self._options.get(rule.id)
        if options is None:
            options = {**rule.options, **self.config.options.get(rule.id, {})}
            if self.config.placeholders:  # the config's extra placeholder syntaxes (regular expressions)
                options["extra_placeholders"] = list(self.config.placeholders)
            self._options[rule.id] = options
        return options

    def rule(self, rule_id: str) -> Rule:
        return self.by_id[rule_id]


def _front_matter_line(source: Source, key: str) -> int | None:
    """The line of ``key:`` in the source's front matter."""
    import re

    head = source.text[: source.body_start]
    m = re.search(rf"^{key}\s*:", head, re.M)
    return head.count("\n", 0, m.start()) + 1 if m else None


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """One finding per place: where a rule's patterns mark overlapping words («оценку или удалите»
    and «удалите отзыв»), the operator sees one. The rule's first pattern wins: authors list the
    more precise patterns first."""
    if len(findings) < 2:
        return findings
    taken = Spans()
    return [f for f in findings if taken.add(f.start, max(f.end, f.start + 1))]


def line_starts(text: str) -> list[int]:
    """The offset at which each line of ``text`` begins."""
    starts = [0]
    newline = text.find("\n")
    while newline != -1:  # str.find, not a loop over every character
        starts.append(newline + 1)
        newline = text.find("\n", newline + 1)
    return starts


def line_and_column(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, given the text's :func:`line_starts`."""
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def _position(text: str, base: int, findings: list[tuple[Rule, Finding, str, str]]) -> list[Diagnostic]:
    if not findings:
        return []
    starts = line_starts(text)

    def where(offset: int) -> tuple[int, int]:
        return line_and_column(starts, offset)

    diagnostics = []
    for rule, f, severity, message in findings:
        start, end = base + f.start, base + f.end
        line, column = where(start)
        end_line, end_column = where(end)
        diagnostics.append(
            Diagnostic(
                rule=rule.id,
                severity=severity,
                message=message,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                start=start,
                end=end,
                match=text[start:end],
                suggestions=list(f.suggestions),
                fix=f.fix.shifted(base) if f.fix is not None else None,
            )
        )
    diagnostics.sort(key=lambda d: (d.start, -SEVERITY_RANK[d.severity], d.rule))
    return diagnostics
