"""Named Python checks for rules of kind ``check``.

``CHECKS`` maps a check's name to ``module:function`` in this package; the module is imported only
when a rule uses it. A check is ``function(draft, options) -> list[Finding]``.
"""
from __future__ import annotations

import importlib
from functools import lru_cache
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


# The context fields a check reads when it finds nothing without any of them: a draft whose context
# has none is not given to it, so its module is not even imported (a pre-send hook's draft with no
# context leaves the names and times modules unread: about 7 ms of its start). A test holds each
# check to this: without these fields it finds nothing in any corpus draft.
NEEDS: dict[str, tuple[str, ...]] = {
    "name-mismatch": ("client", "student", "teacher", "operator", "names"),  # names.ROLE_WORDS
    "time-mismatch": ("lesson",),
}


@lru_cache(maxsize=None)
def load_check(name: str) -> Callable[..., Any]:
    module, _, function = CHECKS[name].partition(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)
