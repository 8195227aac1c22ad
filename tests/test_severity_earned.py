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


def test_every_count_is_consistent():
    for rule_id, figures in RECORD["rules"].items():
        assert 0 <= figures["right"] <= figures["fired"] and 0 <= figures["found"] <= figures["expected"], rule_id


MEASURED_ERRORS = sorted(r for r, f in RECORD["rules"].items() if RULES[r].severity == "error" and f["fired"] >= MIN_FINDINGS)


def test_some_error_rule_was_measured():
    assert MEASURED_ERRORS  # the refusal rules fire on real replies: if none did, the record is stale


@pytest.mark.parametrize("rule_id", MEASURED_ERRORS)
def test_an_error_rule_is_right_on_real_replies(rule_id):
    """(A warning below 85% could go no lower: the contract keeps a rule of the table at warning.)"""
    figures = RECORD["rules"][rule_id]
    precision = figures["right"] / figures["fired"]
    assert precision >= BARS["error"], f"{rule_id} is right {precision:.0%} of the time on real replies: ship it as a warning"


def test_the_readme_table_shows_the_record():
    """The README's table of figures on real replies is the record, as bench/measure_rules.py --table prints it."""
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("measure_rules", root / "bench" / "measure_rules.py")
    measure = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(measure)
    assert measure.readme_table(RECORD) in (root / "README.md").read_text(encoding="utf-8")
