"""spans.Spans: the look-up checks use to ask whether a word is inside a quote or a placeholder."""
from __future__ import annotations

from replylint.spans import Spans


def test_overlap_and_containment():
    spans = Spans([(10, 20), (0, 5), (30, 31)])
    assert spans.contains(0) and spans.contains(4) and not spans.contains(5)
    assert spans.overlaps(18, 25) and spans.overlaps(25, 31) and not spans.overlaps(20, 30)
    assert not spans.overlaps(31, 40) and not spans.contains(-1)


def test_add_refuses_an_overlapping_span_and_keeps_order():
    spans = Spans()
    assert spans.add(10, 20) and spans.add(0, 3) and spans.add(25, 26)
    assert not spans.add(19, 22) and not spans.add(2, 11)
    assert spans.starts == [0, 10, 25] and spans.ends == [3, 20, 26]
    assert len(spans) == 3
