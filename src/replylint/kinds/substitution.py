"""substitution: a wordy or bureaucratic phrase with a plain replacement, offered as a suggestion.

    kind: substitution
    swap:
      произвести оплату: оплатить          # phrase: replacement
      в целях: чтобы
    # or, when a phrase needs conditions, a list of patterns with "suggest":
    swap:
      - phrase: осуществить
        suggest: [сделать, провести]
"""
from __future__ import annotations

from typing import Any

from ..errors import RuleError
from ..patterns import compile_pattern
from ..yamlio import line_of
from .existence import PATTERN_EXTRA, Existence

FIELDS = {"swap": True}


def compile(raw: dict, path: str) -> Existence:
    swap: Any = raw["swap"]
    line = line_of(raw, "swap")
    patterns = []
    if isinstance(swap, dict):
        for phrase, replacement in swap.items():
            where = line_of(swap, phrase, line)
            if not isinstance(replacement, (str, list)) or not replacement:
                raise RuleError(f"the replacement for {phrase!r} must be text or a list of texts", path, where)
            patterns.append(compile_pattern({"phrase": str(phrase), "suggest": replacement}, path, where, PATTERN_EXTRA))
    elif isinstance(swap, list) and swap:
        for i, item in enumerate(swap):
            where = line_of(swap, i, line)
            if not isinstance(item, dict) or not item.get("suggest"):
                raise RuleError("each swap item needs a phrase (or regex) and 'suggest'", path, where)
            patterns.append(compile_pattern(item, path, where, PATTERN_EXTRA))
    else:
        raise RuleError("'swap' must map phrases to replacements, or list patterns with 'suggest'", path, line)
    return Existence(patterns)
