"""Text for people: ``path:line:col: severity rule-id message``, the line with the words marked,
suggestions, and a summary. Colour (rich) only on a terminal without NO_COLOR; plain otherwise, and
then rich is not even imported, which keeps a pre-send hook fast."""
from __future__ import annotations

import os
from typing import IO

from . import FileResult, count, summary

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def use_colour(stream: IO[str], colour: bool | None = None) -> bool:
    if colour is not None:
        return colour
    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def render(results: list[FileResult], rules, stream: IO[str], colour: bool | None = None, hidden: int = 0,
           baselined: int = 0, unreadable: int = 0, **_: object) -> None:
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
    lines.append((_summary_line(results, hidden, baselined, unreadable) + "\n", "bold"))
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


# A line longer than this is shown trimmed around the marked words, "…" where it was cut: a long
# one-line draft with many findings would otherwise be printed whole for each of them.
EXCERPT_WIDTH = 100
_BEFORE = 30  # characters kept before the marked words
_MARK = 60  # of longer marked words, the first ones


def _excerpt(source_lines: list[str], d) -> list[tuple[str, str | None]]:
    if not (0 < d.line <= len(source_lines)):
        return []
    line = source_lines[d.line - 1].rstrip("\r")
    start = d.column - 1
    end = d.end_column - 1 if d.end_line == d.line else len(line)
    before, marked, after = _trim(line[:start], line[start:end], line[end:])
    gutter = f"{d.line:>5} | "
    marks = " " * len(gutter[:-2]) + "| " + " " * len(before) + "^" * max(1, len(marked))
    return [
        (gutter + before, "dim"),
        (marked, "bold underline"),
        (after + "\n", "dim"),
        (marks + "\n", _STYLE[d.severity]),
    ]


def _trim(before: str, marked: str, after: str) -> tuple[str, str, str]:
    """The line's parts around the marked words, cut to about EXCERPT_WIDTH characters."""
    if len(before) + len(marked) + len(after) <= EXCERPT_WIDTH:
        return before, marked, after
    if len(marked) > _MARK:
        marked = marked[: _MARK - 1] + "…"
    if len(before) > _BEFORE:
        before = "…" + _from_word(before[-(_BEFORE - 1) :])
    room = max(10, EXCERPT_WIDTH - len(before) - len(marked))
    if len(after) > room:
        after = _to_word(after[: room - 1]) + "…"
    return before, marked, after


def _from_word(text: str) -> str:
    """``text`` from its first whole word (a cut never starts mid-word when a space is near)."""
    space = text.find(" ")
    return text[space + 1 :] if 0 <= space < 12 else text


def _to_word(text: str) -> str:
    space = text.rfind(" ")
    return text[: space + 1] if space > len(text) - 12 else text


def _fix_hint(results: list[FileResult]) -> str:
    """How many findings `check --fix` would fix (and how many more with --unsafe-fixes)."""
    safe = sum(1 for r in results for d in r.diagnostics if d.fix is not None and d.fix.safe)
    unsafe = sum(1 for r in results for d in r.diagnostics if d.fix is not None and not d.fix.safe)
    if not (safe or unsafe):
        return ""
    more = f" (ещё {unsafe} с --unsafe-fixes)" if unsafe else ""
    return f"Исправимо автоматически: {safe} — replylint check --fix{more}; посмотреть заранее: --diff."


def _summary_line(results: list[FileResult], hidden: int = 0, baselined: int = 0, unreadable: int = 0) -> str:
    s = summary(results)
    files = count(s["files"], "файл", "файла", "файлов")
    if s.get("templates"):
        collections = len({r.disk_path for r in results if r.template is not None})
        where = "" if collections == s["files"] else f" в {collections} {'коллекции' if collections % 10 == 1 and collections % 100 != 11 else 'коллекциях'}"
        files += f" ({count(s['templates'], 'шаблон', 'шаблона', 'шаблонов')}{where})"
    notes = []
    if hidden:
        notes.append(f"скрыто ниже --min-severity: {hidden}")
    if baselined:
        notes.append(f"из базового списка: {baselined}")
    if unreadable:
        notes.append(f"не проверено: {count(unreadable, 'файл', 'файла', 'файлов')}")
    tail = f" ({'; '.join(notes)})" if notes else ""
    if not (s["errors"] or s["warnings"] or s["infos"]):
        return f"Проверено: {files}, замечаний нет{tail}."
    parts = [
        count(s["errors"], "ошибка", "ошибки", "ошибок"),
        count(s["warnings"], "предупреждение", "предупреждения", "предупреждений"),
        count(s["infos"], "совет", "совета", "советов"),
    ]
    return f"Проверено: {files}; " + ", ".join(parts) + tail + "."
