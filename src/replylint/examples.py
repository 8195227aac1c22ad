"""Run the must-flag and must-pass examples every rule file carries (``replylint test-rules``, and
the test suite). Each rule is checked alone, with its default options, so one rule's examples say
nothing about another's."""
from __future__ import annotations

from dataclasses import dataclass

from .context import context_from_mapping
from .engine import Linter
from .errors import RuleError
from .read import parse_source
from .rule import Example, Rule


@dataclass
class ExampleFailure:
    rule: Rule
    example: Example
    expected: str  # what should have happened, in words
    got: str  # what happened, in words

    def __str__(self) -> str:
        where = f"{self.rule.path}:{self.example.line}" if self.example.line else self.rule.path
        text = self.example.text.strip().replace("\n", " ⏎ ")
        if len(text) > 100:
            text = text[:97] + "…"
        return f"{where}: {self.rule.id}: ожидалось {self.expected}, а {self.got}: {text!r}"


def check_example(rule: Rule, example: Example, expected: str) -> ExampleFailure | None:
    linter = Linter(rules=[rule], enable=[rule.id])
    source = parse_source(example.text, rule.path)
    context = context_from_mapping(example.context, rule.path, example.line, error=RuleError)
    mode = example.mode or context.mode or ("template" if rule.modes == {"template"} else "draft")
    found = [d for d in linter.check_source(source, context, mode) if d.rule == rule.id]
    if expected == "flag":
        if not found:
            return ExampleFailure(rule, example, "замечание (flag)", "замечания нет")
        if example.match is not None and not any(d.match == example.match for d in found):
            got = ", ".join(repr(d.match) for d in found)
            return ExampleFailure(rule, example, f"замечание на {example.match!r}", f"отмечено {got}")
    elif found:
        got = ", ".join(repr(d.match) for d in found)
        return ExampleFailure(rule, example, "без замечаний (pass)", f"отмечено {got}")
    return None


def run_examples(rules: list[Rule]) -> tuple[int, list[ExampleFailure]]:
    """Check every example of every rule; the number run and the failures."""
    failures: list[ExampleFailure] = []
    count = 0
    for rule in rules:
        for expected, examples in (("flag", rule.flag), ("pass", rule.passing)):
            for example in examples:
                count += 1
                failure = check_example(rule, example, expected)
                if failure:
                    failures.append(failure)
    return count, failures
