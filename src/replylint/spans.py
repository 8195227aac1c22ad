"""Disjoint character spans with logarithmic look-ups.

Checks keep lists of spans (quotes, placeholders, times already found) and ask, word by word,
whether a word falls inside one. A plain scan makes a long draft quadratic; this keeps the spans
sorted and answers by bisection.
"""
from __future__ import annotations

import bisect
from typing import Iterable


class Spans:
    """Sorted, non-overlapping [start, end) spans."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with any span."""
        i = bisect.bisect_left(self.starts, end)  # spans that begin before `end`: indices < i
        return i > 0 and self.ends[i - 1] > start

    def contains(self, offset: int) -> bool:
        return self.overlaps(offset, offset + 1)

    def add(self, start: int, end: int) -> bool:
        """Add the span unless it overlaps one already here; whether it was added."""
        if self.overlaps(start, end):
            return False
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        return True

    def __len__(self) -> int:
        return len(self.starts)
