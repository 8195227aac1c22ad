"""conditional: when a trigger is present, each required group must be present near it.

    kind: conditional
    trigger: [не получится, не можем, нет возможности]
    scope: neighbours            # sentence | neighbours | draft: where the groups are looked for
    require:                     # every group needs at least one of its patterns in scope
      - [потому что, так как, из-за]
      - name: cause stated plainly      # a group may be a mapping with its own scope
        scope: next
        patterns:
          - <PRTS>
          - phrase: ":"
            scope: sentence     # a pattern may narrow its group's scope ...
            after: true         # ... and ask to stand after the trigger

    unless:                      # optional: a trigger is cancelled by these in its sentence
      - если
      - phrase: пришлите|уточните   # a pattern may look further (scope) and only before the trigger:
        scope: previous             # "Пришлите номер. Проверю" is bounded by the client's answer
        before: true

The finding marks the trigger. Scopes: ``sentence`` (the trigger's own), ``neighbours`` (with the
one before and after), ``next`` (its own and the one after), ``previous`` (its own and the one
before), ``nearby`` (the one before and the two after: a refusal, its reason, then what is offered),
``draft`` (anywhere). Words of the trigger itself never satisfy a requirement.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import RuleError
from ..patterns import SCOPES, Match, Pattern, cancels, compile_patterns, compile_unless, scope_range, viable
from ..rule import Draft, Finding
from ..yamlio import line_of
from .existence import PATTERN_EXTRA, finding_for

FIELDS = {"trigger": True, "require": True, "scope": False, "unless": False}
_GROUP_KEYS = {"name", "scope", "patterns"}
_GROUP_PATTERN_EXTRA = frozenset({"scope", "after"})  # a required pattern may have its own scope, and ask to follow the trigger


@dataclass
class Group:
    """A required group: one of its patterns must be in scope around the trigger."""

    name: str
    scope: str
    patterns: list[Pattern]

    def satisfied(self, draft: Draft, trigger: Match, triggers: list[Match] = ()) -> bool:
        """Whether a pattern of the group is in scope around ``trigger``; no word of any of the
        sentence's ``triggers`` counts ("не предусмотрена" is no cause of "нет возможности")."""
        for pattern in viable(self.patterns, draft.analysis):
            after = pattern.extra.get("after", False)
            for m in pattern.find(draft.analysis, scope_range(pattern.extra.get("scope", self.scope), trigger.sentence, draft.analysis)):
                if any(m.first_token <= t.last_token and t.first_token <= m.last_token for t in triggers):
                    continue
                if m.first_token > trigger.last_token or (m.last_token < trigger.first_token and not after):
                    return True
        return False


@dataclass
class Conditional:
    """A rule of kind ``conditional``."""

    triggers: list[Pattern]
    groups: list[Group]
    unless: list[Pattern]

    def find(self, draft: Draft, options: dict[str, Any]) -> list[Finding]:
        """One finding per sentence: "Уточню у методиста и отпишусь" is one promise with no time,
        however many trigger words it has (the surest one is marked, then the first).

        Overlapping triggers are one trigger ("вынуждены отказать" and "отказать"): none of their
        words may satisfy a requirement. A sentence where one trigger has what it requires is clear:
        "пока не готовы: у банка нет такой услуги" gives its cause once for the whole sentence."""
        analysis = draft.analysis
        by_sentence: dict[int, list[tuple[Pattern, Match]]] = {}
        for trigger in viable(self.triggers, analysis):
            for m in trigger.find(analysis):
                if not any(cancels(u, analysis, m) for u in self.unless):
                    by_sentence.setdefault(m.sentence, []).append((trigger, m))
        findings = []
        for found in by_sentence.values():
            missing: list[str] = []
            clear = False
            spans = _merged([m for _, m in found])
            for span in spans:
                missing = [g.name for g in self.groups if not g.satisfied(draft, span, spans)]
                if not missing:
                    clear = True
                    break
            if clear:
                continue
            trigger, m = min(found, key=lambda tm: (-_rank(tm[0]), tm[1].start))
            f = finding_for(trigger, m.start, m.end)
            f.values["missing"] = ", ".join(missing)
            findings.append(f)
        return sorted(findings, key=lambda f: f.start)


def _merged(matches: list[Match]) -> list[Match]:
    """The matches with overlapping ones joined into one span."""
    out: list[Match] = []
    for m in sorted(matches, key=lambda m: m.first_token):
        if out and m.first_token <= out[-1].last_token:
            last = out[-1]
            if m.last_token > last.last_token:
                out[-1] = Match(last.start, m.end, last.sentence, last.first_token, m.last_token, last.pattern)
        else:
            out.append(m)
    return out


def _rank(trigger: Pattern) -> int:
    """How sure a trigger is: one without its own severity has the rule's."""
    return {"info": 0, "warning": 1, "error": 2, None: 3}[trigger.extra.get("severity")]


def _scope(value: Any, path: str, line: int | None) -> str:
    if value not in SCOPES:
        raise RuleError(f"scope {value!r}: допустимы {', '.join(SCOPES)}", path, line)
    return value


def compile(raw: dict, path: str) -> Conditional:
    default_scope = _scope(raw.get("scope", "sentence"), path, line_of(raw, "scope"))
    triggers = compile_patterns(raw["trigger"], path, line_of(raw, "trigger"), PATTERN_EXTRA)
    require = raw["require"]
    line = line_of(raw, "require")
    if isinstance(require, dict) or (isinstance(require, list) and require and not isinstance(require[0], (list, dict))):
        require = [require]  # one group written without the outer list
    if not isinstance(require, list) or not require:
        raise RuleError("'require' — список из одной или нескольких групп шаблонов", path, line)
    groups = []
    for i, group in enumerate(require):
        where = line_of(require, i, line)
        if isinstance(group, dict):
            unknown = set(group) - _GROUP_KEYS
            if unknown:
                raise RuleError(f"неизвестный ключ {sorted(unknown)[0]!r} в группе require (допустимы: name, scope, patterns)", path, where)
            if "patterns" not in group:
                raise RuleError("группе require нужны 'patterns'", path, where)
            scope = _scope(group.get("scope", default_scope), path, line_of(group, "scope", where))
            patterns = compile_patterns(group["patterns"], path, line_of(group, "patterns", where), _GROUP_PATTERN_EXTRA)
            groups.append(Group(str(group.get("name", f"group {i + 1}")), scope, patterns))
            for p_index, pattern in enumerate(patterns):
                if "scope" in pattern.extra:
                    _scope(pattern.extra["scope"], path, line_of(group["patterns"], p_index, where))
                if not isinstance(pattern.extra.get("after", False), bool):
                    raise RuleError("'after' must be true or false", path, line_of(group["patterns"], p_index, where))
        else:
            groups.append(Group(f"group {i + 1}", default_scope, compile_patterns(group, path, where, _GROUP_PATTERN_EXTRA)))
    unless = compile_unless(raw["unless"], path, line_of(raw, "unless")) if raw.get("unless") else []
    return Conditional(triggers, groups, unless)
