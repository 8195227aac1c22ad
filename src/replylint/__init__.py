"""replylint: a linter for Russian customer-support reply drafts.

The pipeline, one module per stage: :mod:`read` → :mod:`analyse` → :mod:`engine` (rules from
:mod:`loader`, one module per kind in :mod:`kinds`) → :mod:`report`.

    >>> import replylint
    >>> [d.rule for d in replylint.lint("Сменить преподавателя не получится.")]
    ['refusal-no-reason', 'refusal-no-alternative']
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from .rule import Diagnostic

__all__ = ["lint", "Diagnostic", "__version__"]
__version__ = "0.1.0"

_default_linter = None


def lint(text: str, context: Mapping[str, Any] | None = None, config: Any = None) -> list[Diagnostic]:
    """Check one draft with the engine the CLI uses.

    ``text`` may begin with front matter; ``context`` (keys as in front matter) wins over it.
    ``config`` is a :class:`replylint.config.Config`, a path to a config file, or None for the
    built-in rules with their defaults. Offsets in the result count code points of ``text``.
    """
    from .config import Config, load_config
    from .engine import Linter

    global _default_linter
    if config is None:
        if _default_linter is None:
            _default_linter = Linter(Config())
        linter = _default_linter
    else:
        linter = Linter(config if isinstance(config, Config) else load_config(str(config)))
    return linter.check_text(text, context)


def __getattr__(name: str) -> Any:
    # Diagnostic is imported when asked for: the console script imports this package first, and a
    # pre-send hook should not pay for the analysis modules before it knows what it will do.
    if name == "Diagnostic":
        from .rule import Diagnostic

        return Diagnostic
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
