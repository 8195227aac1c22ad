"""Regular expressions written by a team (its rules' ``regex:`` patterns and ``/…/`` slots, its
config's ``placeholders:``): run by the ``regex`` package with a time budget.

Python's ``re`` has no time limit, and a pattern such as ``(a+)+$`` takes exponential time on
"aaaa…a!": one team rule could hang every check and the service. The ``regex`` package reads the
same syntax as ``re`` (lookbehind included, which the built-in rules use and RE2 lacks; ``\\w``
with Unicode letters, which RE2 reads as ASCII), and takes a timeout. So a team's regular
expression is

- tried at load on runs of its own characters, and refused with its file and line when it is slow
  on them (catastrophic backtracking shows at a few dozen characters);
- run with what is left of a per-draft budget (:data:`BUDGET` seconds for all of them together):
  one that runs out stops the run with one line naming the rule file and line (exit 2 in the CLI,
  422 in the service) rather than hanging.

The built-in rules' and the checks' own expressions stay on ``re`` (no import of ``regex`` on the
plain ``check`` path): they are written to run in linear time, and a test runs each of them on
long runs of its own characters.
"""
from __future__ import annotations

import threading
import time
from functools import lru_cache
from typing import Any, Iterator

from .errors import RuleError

BUDGET = 1.0  # seconds of team regular expressions per draft
PROBE_BUDGET = 0.05  # seconds a pattern may take on all its probes at load
_PROBE_LENGTH = 40
_local = threading.local()


class draft_budget:
    """``with draft_budget():`` the team regular expressions run meanwhile in this thread share
    one fresh budget (one draft's check)."""

    def __enter__(self) -> None:
        _local.deadline = time.monotonic() + BUDGET

    def __exit__(self, *exc: object) -> None:
        _local.deadline = None


def _remaining(regex: "TeamRegex") -> float:
    deadline = getattr(_local, "deadline", None)
    if deadline is None:
        return BUDGET
    left = deadline - time.monotonic()
    if left <= 0:
        raise regex.too_slow()
    return left


class TeamRegex:
    """A compiled team regular expression with the methods of ``re.Pattern`` the engine uses."""

    __slots__ = ("pattern", "flags", "path", "line", "_compiled")

    def __init__(self, pattern: str, flags: int = 0, path: str | None = None, line: int | None = None) -> None:
        self.pattern = pattern
        self.flags = flags
        self.path = path
        self.line = line
        self._compiled: Any = None

    def __reduce__(self):  # (the compiled rules cache keeps the source, not the regex object)
        return (TeamRegex, (self.pattern, self.flags, self.path, self.line))

    def __repr__(self) -> str:
        return f"TeamRegex({self.pattern!r})"

    @property
    def compiled(self) -> Any:
        if self._compiled is None:
            import regex

            self._compiled = regex.compile(self.pattern, self.flags)
        return self._compiled

    def too_slow(self) -> RuleError:
        return RuleError(
            f"регулярное выражение {self.pattern!r} работало над одним черновиком дольше {BUDGET:g} с: в нём "
            "слишком много возвратов; перепишите его (сверхжадные a++ или атомарные группы (?>…), без вложенных "
            "повторов вроде (a+)+)",
            self.path, self.line)

    def _run(self, method: str, *args: Any) -> Any:
        try:
            return getattr(self.compiled, method)(*args, timeout=_remaining(self), concurrent=True)
        except TimeoutError:
            raise self.too_slow() from None

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._run("search", text, pos, len(text) if endpos is None else endpos)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._run("match", text, pos, len(text) if endpos is None else endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._run("fullmatch", text, pos, len(text) if endpos is None else endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Any]:
        # every match at once, inside the budget (a lazy iterator would run outside the try)
        end = len(text) if endpos is None else endpos
        try:
            return iter(list(self.compiled.finditer(text, pos, end, timeout=_remaining(self), concurrent=True)))
        except TimeoutError:
            raise self.too_slow() from None


def team_regex(pattern: str, flags: int, path: str | None, line: int | None, what: str = "регулярное выражение") -> TeamRegex:
    """Compile and probe a team's regular expression; a RuleError with ``path`` and ``line`` when it
    is not valid or is slow on runs of its own characters."""
    import regex

    try:
        compiled = regex.compile(pattern, flags)
    except (regex.error, ValueError, TypeError) as exc:
        raise RuleError(f"ошибка в регулярном выражении {pattern!r}: {exc}", path, line) from None
    found = TeamRegex(pattern, flags, path, line)
    found._compiled = compiled
    deadline = time.monotonic() + PROBE_BUDGET
    try:
        for probe in _probes(pattern):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            compiled.search(probe, timeout=left)
            compiled.fullmatch(probe, timeout=max(deadline - time.monotonic(), 1e-6))
    except TimeoutError:
        raise RuleError(
            f"{what} {pattern!r} уходит в катастрофические возвраты (дольше {PROBE_BUDGET * 1000:.0f} мс на "
            f"{_PROBE_LENGTH} символах); перепишите его без вложенных повторов вроде (a+)+ или со сверхжадными "
            "a++ и атомарными группами (?>…)", path, line) from None
    return found


def _probes(pattern: str) -> list[str]:
    """Runs of the pattern's characters, each ended by one that breaks the run."""
    chars = sorted({c for c in pattern if c.isprintable() and c not in "\\()[]{}|^$*+?"} | set("aя1 ."))
    runs = [c * _PROBE_LENGTH for c in chars[:40]]
    return [run + end for run in runs for end in ("!", "\n", "\x00")]


@lru_cache(maxsize=256)
def config_regex(pattern: str) -> TeamRegex:
    """A config's placeholder syntax, compiled once (checked with its line when the config loaded)."""
    return TeamRegex(pattern, 0, "placeholders in the config")
