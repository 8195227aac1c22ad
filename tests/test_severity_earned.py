"""Severity is earned on real replies (the contract's "Severity is earned").

tests/data/rule-precision.yaml records each built-in rule's findings on real replies by real support
staff (bench/measure_rules.py writes it). An error blocks a pre-send hook, so a rule ships as an
error only while at least 95% of its findings there are right, a warning at least 85%; a rule below
its bar ships one level lower, never below warning for a rule that is not info. A rule with fewer
than MIN_FINDINGS findings keeps the contract's severity: a handful of findings says nothing.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from replylint.engine import Linter

RECORD = yaml.safe_load((Path(__file__).parent / "data" / "rule-precision.yaml").read_text(encoding="utf-8"))
BARS = {"error": 0.95, "warning": 0.85}
MIN_FINDINGS = 5
RULES = {r.id: r for r in Linter().rules}


def test_the_record_names_only_built_in_rules():
    assert set(RECORD["rules"]) <= set(RULES)


@pytest.mark.parametrize("rule_id", sorted(RECORD["rules"]))
def test_a_rule_ships_at_the_severity_it_earned(rule_id):
    figures = RECORD["rules"][rule_id]
    assert 0 <= figures["right"] <= figures["fired"] and 0 <= figures["found"] <= figures["expected"]
    severity = RULES[rule_id].severity
    if figures["fired"] < MIN_FINDINGS or severity == "info":
        return
    precision = figures["right"] / figures["fired"]
    if severity == "error":
        assert precision >= BARS["error"], f"{rule_id} is right {precision:.0%} of the time on real replies: ship it as a warning"
    else:
        assert precision >= BARS["warning"] or severity == "warning", rule_id
