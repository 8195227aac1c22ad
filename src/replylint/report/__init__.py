"""Report stage: one module per output format, each ``render(results, rules, stream, **options)``.

``results`` is a list of :class:`FileResult`; a new format is a new module plus a line in ``FORMATS``.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ..rule import Diagnostic

FORMATS = {"text": "text", "json": "json_format", "sarif": "sarif", "github": "github"}


@dataclass
class FileResult:
    """One checked file (or template of a collection) and its findings."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str = ""  # the file as read, to show findings in their line
    file: str | None = None  # the file on disk when ``path`` names a template in it (macros.yaml#id)
    template: str | None = None  # that template's id

    @property
    def disk_path(self) -> str:
        return self.file or self.path


def summary(results: list[FileResult]) -> dict[str, int]:
    """Counts for the report's summary: files on disk (a macro collection is one file), and, when
    collections were checked, the templates in them."""
    templates = sum(1 for r in results if r.template is not None)
    counts = {"files": len({r.disk_path for r in results})}
    if templates:
        counts["templates"] = templates
    return {**counts, **severity_counts(d for r in results for d in r.diagnostics)}


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian form of a noun after the number ``n``: 1 файл, 2 файла, 5 файлов, 21 файл."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def count(n: int, one: str, few: str, many: str) -> str:
    return f"{n} {plural(n, one, few, many)}"


def severity_counts(diagnostics) -> dict[str, int]:
    """{"errors": …, "warnings": …, "infos": …}: the report's and the service's summary."""
    counts = {"errors": 0, "warnings": 0, "infos": 0}
    for d in diagnostics:
        counts[d.severity + "s"] += 1
    return counts


def renderer(name: str):
    return importlib.import_module(f"{__name__}.{FORMATS[name]}").render
