"""metric: a measure of each sentence (or of the whole draft) against a limit.

    kind: metric
    measure: words        # words | characters | sentences
    per: sentence         # sentence | draft
    max: 30               # the default limit; users change it with options: {max_words: 40}

The limit is an option named ``max_<measure>`` (or ``min_<measure>``), so a team's config can tune
it. Words are tokens with a letter in them: numbers, prices and times do not make a sentence long.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import RuleError
from ..rule import Draft, Finding
from ..yamlio import line_of

FIELDS = {"measure": True, "per": False, "max": False, "min": False}
MEASURES = ("words", "characters", "sentences")


@dataclass
class Metric:
    """A rule of kind ``metric``."""

    measure: str
    per: str
    maximum: float | None
    minimum: float | None

    def defaults(self) -> dict[str, Any]:
        out = {}
        if self.maximum is not None:
            out[f"max_{self.measure}"] = self.maximum
        if self.minimum is not None:
            out[f"min_{self.measure}"] = self.minimum
        return out

    def find(self, draft: Draft, options: dict[str, Any]) -> list[Finding]:
        maximum = options.get(f"max_{self.measure}", self.maximum)
        minimum = options.get(f"min_{self.measure}", self.minimum)
        a = draft.analysis
        if not a.sentences:
            return []
        spans = (
            [(i, s.start, s.end) for i, s in enumerate(a.sentences)]
            if self.per == "sentence"
            else [(None, a.sentences[0].start, a.sentences[-1].end)]
        )
        findings = []
        for index, start, end in spans:
            if minimum is None and maximum is not None and self._at_most(a, index) <= maximum:
                continue  # fewer tokens than the limit: no need to count words
            value = self._measure(draft, index, start, end)
            limit = None
            if maximum is not None and value > maximum:
                limit = maximum
            elif minimum is not None and value < minimum:
                limit = minimum
            if limit is not None:
                start, end = _prose_bounds(a, index, start, end)
                findings.append(Finding(start, end, values={"value": value, "limit": limit}))
        return findings

    def _at_most(self, a, index: int | None) -> int:
        """A cheap upper bound of the words measure (the tokens), or infinity for other measures."""
        if self.measure != "words":
            return float("inf")  # type: ignore[return-value]
        if index is None:
            return len(a.tokens)
        s = a.sentences[index]
        return s.stop - s.first

    def _measure(self, draft: Draft, index: int | None, start: int, end: int) -> int:
        a = draft.analysis
        if self.measure == "sentences":
            return len(a.sentences)
        if self.measure == "characters":
            return end - start
        words = a.words(index)
        return sum(1 for t in words if "NUMB" not in t.flags)


def _prose_bounds(a, index: int | None, start: int, end: int) -> tuple[int, int]:
    """The stretch from the first to the last word of the sentence (or draft): a sentence that
    opens with an @mention or ends with a link is marked on its own words."""
    words = a.words(index)
    return (words[0].start, words[-1].end) if words else (start, end)


def compile(raw: dict, path: str) -> Metric:
    measure = raw["measure"]
    if measure not in MEASURES:
        raise RuleError(f"measure {measure!r}: допустимы {', '.join(MEASURES)}", path, line_of(raw, "measure"))
    per = raw.get("per", "sentence")
    if per not in ("sentence", "draft"):
        raise RuleError(f"per {per!r}: допустимы sentence, draft", path, line_of(raw, "per"))
    limits = {}
    for key in ("max", "min"):
        value = raw.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise RuleError(f"{key} должен быть числом", path, line_of(raw, key))
        limits[key] = value
    if limits["max"] is None and limits["min"] is None:
        raise RuleError("правилу вида metric нужен 'max' или 'min'", path, raw.line)
    return Metric(measure, per, limits["max"], limits["min"])
