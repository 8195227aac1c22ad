"""substitution: a wordy or bureaucratic phrase with a plain replacement, offered as a suggestion.

    kind: substitution
    swap:
      произвести оплату: оплатить          # phrase: replacement
      в целях: чтобы
    # or, when a phrase needs conditions, a list of patterns with "suggest" (and "fix", as existence):
    swap:
      - phrase: осуществить
        suggest: [сделать, провести]
    fix:                                   # optional: the swaps `check --fix` may apply
      safe: [произвести оплату]            # the replacement fits any sentence, put in the words' form
      unsafe: [в целях]                    # applied only with --unsafe-fixes

A replacement keeps the capitals of the words it replaces. A swap named under ``fix`` becomes a fix
when its replacement can be put in the form of the matched words ("произвели оплату" →
"оплатили"; see agree.py); a swap not named there stays a suggestion: its replacement would need
the sentence rebuilt ("в рамках акции" is not "в акции").
"""
from __future__ import annotations

from typing import Any

from ..errors import RuleError, close_matches
from ..patterns import compile_pattern
from ..yamlio import line_of
from .existence import WITH_FIX, Existence, check_fix_value

FIELDS = {"swap": True, "fix": False}


def _fixes(raw: dict, swap: Any, path: str) -> dict[str, str]:
    """phrase → "safe" or "unsafe", from the rule's ``fix`` mapping."""
    value = raw.get("fix")
    line = line_of(raw, "fix")
    if value is None:
        return {}
    if not isinstance(value, dict) or set(value) - {"safe", "unsafe"}:
        raise RuleError("'fix' — словарь safe и unsafe со списками фраз из swap", path, line)
    out: dict[str, str] = {}
    phrases = [str(k) for k in swap] if isinstance(swap, dict) else []
    for how in ("safe", "unsafe"):
        items = value.get(how) or []
        if not isinstance(items, list):
            raise RuleError(f"fix: {how} — список фраз из swap", path, line_of(value, how, line))
        for phrase in items:
            if str(phrase) not in phrases:
                close = close_matches(str(phrase), phrases)
                hint = f" (может быть, {close[0]!r}?)" if close else ""
                raise RuleError(f"fix: {phrase!r} нет среди фраз 'swap'{hint}", path, line_of(value, how, line))
            out[str(phrase)] = how
    return out


def compile(raw: dict, path: str) -> Existence:
    swap: Any = raw["swap"]
    line = line_of(raw, "swap")
    fixes = _fixes(raw, swap, path)
    patterns = []
    if isinstance(swap, dict):
        for phrase, replacement in swap.items():
            where = line_of(swap, phrase, line)
            if not isinstance(replacement, (str, list)) or not replacement:
                raise RuleError(f"замена для {phrase!r} — текст или список текстов", path, where)
            item = {"phrase": str(phrase), "suggest": replacement}
            if str(phrase) in fixes:
                item["fix"] = fixes[str(phrase)]
            patterns.append(compile_pattern(item, path, where, WITH_FIX))
    elif isinstance(swap, list) and swap:
        for i, item in enumerate(swap):
            where = line_of(swap, i, line)
            if not isinstance(item, dict) or not item.get("suggest"):
                raise RuleError("каждому элементу swap нужны phrase (или regex) и 'suggest'", path, where)
            pattern = compile_pattern(item, path, where, WITH_FIX)
            check_fix_value(pattern, path, where)
            patterns.append(pattern)
    else:
        raise RuleError("'swap' — словарь фраза: замена или список шаблонов с 'suggest'", path, line)
    return Existence(patterns)
