"""The fixes' property over the project's corpora: apply every safe fix of a draft, check again:
the fixed findings are gone, no new finding appears, and nothing else of the file has changed."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from replylint.engine import Linter
from replylint.fixes import apply_edits, choose

REPO = Path(__file__).resolve().parent.parent
CORPORA = sorted((REPO / "tests" / "corpus").glob("*.yaml")) + sorted((REPO / "tests" / "heldout").glob("*.yaml"))


def drafts(corpus: Path):
    """Each case as score.py writes it: its context as front matter."""
    for case in yaml.safe_load(corpus.read_text(encoding="utf-8")):
        body = case["draft"]
        if case.get("context"):
            body = "---\n" + yaml.safe_dump(case["context"], allow_unicode=True, sort_keys=False) + "---\n" + body
        yield case["id"], body


def mapper(edits):
    """Offsets of the fixed text back to the text before (a replaced stretch maps to its start)."""
    edits = sorted(edits, key=lambda e: e.start)

    def back(x: int) -> int:
        delta = 0
        for e in edits:
            new_start = e.start + delta
            if x < new_start:
                return x - delta
            if x < new_start + len(e.text):
                return e.start
            delta += len(e.text) - (e.end - e.start)
        return x - delta

    return back


@pytest.mark.parametrize("corpus", CORPORA, ids=[c.name for c in CORPORA])
def test_every_safe_fix_removes_its_finding_and_adds_none(corpus):
    linter = Linter()
    fixed_somewhere = 0
    for case_id, text in drafts(corpus):
        before = linter.check_text(text, path=f"{case_id}.txt")
        fixes = choose(before)
        if not fixes:
            continue
        edits = [e for f in fixes for e in f.edits]
        after_text = apply_edits(text, edits)
        body_start = text.index("\n---\n", 3) + 5 if text.startswith("---\n") else 0
        assert after_text[:body_start] == text[:body_start], f"{case_id}: the front matter changed"
        assert all(e.start >= body_start for e in edits)
        after = linter.check_text(after_text, path=f"{case_id}.txt")
        back = mapper(edits)
        fixed = [d for d in before if d.fix in fixes]
        for d in after:
            lo, hi = back(d.start), back(max(d.start, d.end - 1)) + 1
            old = [b for b in before if b.rule == d.rule and b.start < hi and lo < max(b.end, b.start + 1)]
            assert old, f"{case_id}: a new finding after the fixes: {d.rule} {d.match!r} in {after_text!r}"
            gone = [b for b in old if b in fixed]
            assert not gone, f"{case_id}: {d.rule} {gone[0].match!r} is still found after its fix: {after_text!r}"
        fixed_somewhere += 1
    assert fixed_somewhere or corpus.name == "rules.yaml"
