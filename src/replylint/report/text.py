"""Text for people: ``path:line:col: severity rule-id message``, the line with the words marked,
suggestions, and a summary. Colour (rich) only on a terminal without NO_COLOR; plain otherwise, and
then rich is not even imported, which keeps a pre-send hook fast."""
from __future__ import annotations

import os
from typing import IO

from . import FileResult, summary

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def use_colour(stream: IO[str], colour: bool | None = None) -> bool:
    if colour is not None:
        return colour
    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def render(results: list[FileResult], rules, stream: IO[str], colour: bool | None = None, **_: object) -> None:
    lines: list[tuple[str, str | None]] = []  # (text, style)
    split: dict[int, list[str]] = {}  # the templates of one collection share its text: split it once
    for result in results:
        if not result.diagnostics:
            continue
        source_lines = split.get(id(result.text))
        if source_lines is None:
            source_lines = split[id(result.text)] = result.text.split("\n")
        for d in result.diagnostics:
            lines.append((f"{result.path}:{d.line}:{d.column}: ", "bold"))
            lines.append((f"{d.severity} ", _STYLE[d.severity]))
            lines.append((f"{d.rule} ", "dim"))
            lines.append((f"{d.message}\n", None))
            lines.extend(_excerpt(source_lines, d))
            for s in d.suggestions:
                lines.append((f"      = замена: {s}\n", "green"))
    lines.append((_summary_line(results) + "\n", "bold"))
    hint = _fix_hint(results)
    if hint:
        lines.append((hint + "\n", "green"))
    if use_colour(stream, colour):
        from rich.console import Console
        from rich.text import Text

        text = Text()
        for chunk, style in lines:
            text.append(chunk, style=style or "")
        Console(file=stream, force_terminal=True, soft_wrap=True, highlight=False).print(text, end="")
    else:
        stream.write("".join(chunk for chunk, _ in lines))


def _excerpt(source_lines: list[str], d) -> list[tuple[str, str | None]]:
    if not (0 < d.line <= len(source_lines)):
        return []
    line = source_lines[d.line - 1].rstrip("\r")
    start = d.column - 1
    end = d.end_column - 1 if d.end_line == d.line else len(line)
    gutter = f"{d.line:>5} | "
    marks = " " * len(gutter[:-2]) + "| " + " " * start + "^" * max(1, end - start)
    return [
        (gutter + line[:start], "dim"),
        (line[start:end], "bold underline"),
        (line[end:] + "\n", "dim"),
        (marks + "\n", _STYLE[d.severity]),
    ]


def _plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def _fix_hint(results: list[FileResult]) -> str:
    """How many findings `check --fix` would fix (and how many more with --unsafe-fixes)."""
    safe = sum(1 for r in results for d in r.diagnostics if d.fix is not None and d.fix.safe)
    unsafe = sum(1 for r in results for d in r.diagnostics if d.fix is not None and not d.fix.safe)
    if not (safe or unsafe):
        return ""
    more = f" (ещё {unsafe} с --unsafe-fixes)" if unsafe else ""
    return f"Исправимо автоматически: {safe} — replylint check --fix{more}; посмотреть заранее: --diff."


def _summary_line(results: list[FileResult]) -> str:
    s = summary(results)
    files = f"{s['files']} {_plural(s['files'], 'файл', 'файла', 'файлов')}"
    if not (s["errors"] or s["warnings"] or s["infos"]):
        return f"Проверено: {files}, замечаний нет."
    parts = [
        f"{s['errors']} {_plural(s['errors'], 'ошибка', 'ошибки', 'ошибок')}",
        f"{s['warnings']} {_plural(s['warnings'], 'предупреждение', 'предупреждения', 'предупреждений')}",
        f"{s['infos']} {_plural(s['infos'], 'совет', 'совета', 'советов')}",
    ]
    return f"Проверено: {files}; " + ", ".join(parts) + "."
