"""Rule kinds. Each kind is one small module with:

- ``FIELDS``: the keys a rule file of this kind may have beyond the shared header
  (``True``: required, ``False``: optional);
- ``compile(raw, path)``: turns the rule file's mapping into a matcher with
  ``find(draft, options) -> list[Finding]``.

A new kind is a new module here plus one line in ``KINDS``.
"""
from __future__ import annotations

from types import ModuleType

from . import check, conditional, existence, metric, substitution

KINDS: dict[str, ModuleType] = {
    "existence": existence,
    "substitution": substitution,
    "conditional": conditional,
    "metric": metric,
    "check": check,
}
