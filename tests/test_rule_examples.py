"""Every rule file carries must-flag and must-pass examples, and every example holds: a rule
without both kinds, or with an example that fails, fails the suite."""
from __future__ import annotations

import pytest

from conftest import URGENT_RULE
from replylint.examples import check_example
from replylint.loader import builtin_rules_dir, load_rules

RULES = load_rules([builtin_rules_dir()])


def test_there_are_built_in_rules():
    assert len(RULES) >= 5


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_has_flag_and_pass_examples_and_a_principle(rule):
    assert rule.flag and rule.passing, f"{rule.path}: needs both flag and pass examples"
    assert rule.principle["source"], rule.path
    assert rule.explain.strip()


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
    assert "r.yaml:9: urgent: expected flag, got no finding: 'Оплатите немедленно.'" in proc.stdout
    assert "3 examples: 2 passed, 1 failed" in proc.stdout


def test_built_in_rules_pass_their_examples_from_the_command_line(replylint):
    proc = replylint("test-rules")
    assert proc.returncode == 0, proc.stdout
    assert ", 0 failed" in proc.stdout
