"""Every rule file carries must-flag and must-pass examples, and every example holds: a rule
without both kinds, or with an example that fails, fails the suite."""
from __future__ import annotations

import re

import pytest

from conftest import REPO, URGENT_RULE
from replylint.examples import check_example
from replylint.loader import builtin_rules_dir, load_rules

RULES = load_rules([builtin_rules_dir()])
# the documents the built-in rules cite, by the names rules/README.md gives them
SOURCES = re.findall(r"^\| (\S[^|]*?) \| ", (REPO / "rules" / "README.md").read_text(encoding="utf-8").split("## Where the principles come from")[1], re.M)[1:]


def test_there_are_built_in_rules():
    assert len(RULES) >= 5


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_has_flag_and_pass_examples_and_a_principle(rule):
    assert rule.flag and rule.passing, f"{rule.path}: needs both flag and pass examples"
    assert rule.principle["source"] in SOURCES, f"{rule.path}: cite one of the documents of rules/README.md by its name"
    assert rule.explain.strip()
    # leads read the rules table in Russian
    assert re.search("[а-яё]", rule.description) and not re.search(r"\b(the|a|with|and)\b", rule.description), rule.description


CASES = [
    pytest.param(rule, example, expected, id=f"{rule.id}-{expected}-{i}")
    for rule in RULES
    for expected, examples in (("flag", rule.flag), ("pass", rule.passing))
    for i, example in enumerate(examples)
]


@pytest.mark.parametrize("rule, example, expected", CASES)
def test_rule_example(rule, example, expected):
    failure = check_example(rule, example, expected)
    assert failure is None, str(failure)


def test_test_rules_command_reports_a_failing_example(replylint, tmp_path):
    rule = URGENT_RULE.replace("flag: [Срочно оплатите.]", "flag: [Срочно оплатите., Оплатите немедленно.]")
    (tmp_path / "r.yaml").write_text(rule, encoding="utf-8")
    proc = replylint("test-rules", "r.yaml", cwd=tmp_path)
    assert proc.returncode == 1
    assert "НЕ ПРОШЁЛ r.yaml:9: urgent: ожидалось замечание (flag), а замечания нет: 'Оплатите немедленно.'" in proc.stdout
    assert proc.stdout.endswith("Проверено: 1 правило, 3 примера; прошли проверку: 2, не прошли: 1.\n")


def test_built_in_rules_pass_their_examples_from_the_command_line(replylint):
    proc = replylint("test-rules")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.endswith(", не прошли: 0.\n")
