"""Named Python checks for rules of kind ``check``.

``CHECKS`` maps a check's name to ``module:function`` in this package; the module is imported only
when a rule uses it. A check is ``function(draft, options) -> list[Finding]``.
"""
from __future__ import annotations

import importlib
from typing import Any, Callable

CHECKS: dict[str, str] = {
    "name-mismatch": "names:name_mismatch",
    "template-hardcoded-name": "names:template_hardcoded_name",
    "time-mismatch": "times:time_mismatch",
    "template-hardcoded-time": "times:template_hardcoded_time",
    "unfilled-placeholder": "placeholders:unfilled_placeholder",
    "formality-mismatch": "register:formality_mismatch",
    "emoji-mismatch": "register:emoji_mismatch",
    "too-brief": "register:too_brief",
    "blame-colleague": "blame:blame_colleague",
}


def load_check(name: str) -> Callable[..., Any]:
    module, _, function = CHECKS[name].partition(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)
