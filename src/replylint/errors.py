"""Errors that stop a run. Each one is shown to the user as a single line and means exit status 2."""
from __future__ import annotations


class ReplylintError(Exception):
    """A run could not be done: bad input, a bad rule file, a bad config.

    ``where`` is ``path`` or ``path:line``; ``str()`` gives the one-line message the CLI prints.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __reduce__(self):
        # keep path and line when the error crosses from a --jobs worker process
        return (self.__class__, (self.message, self.path, self.line))

    @property
    def where(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputError(ReplylintError):
    """A draft, folder or context file that cannot be read."""


class RuleError(ReplylintError):
    """A rule file that cannot be loaded or a pattern that can never match."""


class ConfigError(ReplylintError):
    """A configuration file or option with a wrong key or value."""


def close_matches(word: str, choices, n: int = 1) -> list[str]:
    """Choices close to a mistyped word, for "did you mean" hints. difflib is imported only here:
    an error path should not cost every run its import."""
    import difflib

    return difflib.get_close_matches(word, list(choices), n=n)
