"""The conversation a draft belongs to: who it is for, when the lesson is, what the client wrote.

Context comes from three places, later ones winning: the draft's front matter, a ``--context FILE``
(YAML or JSON), and command-line options. Every key is validated, and a wrong one is reported with
the file and line it came from.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from .errors import ConfigError, InputError, ReplylintError, close_matches
from .lazyre import lazy_compile
from .yamlio import line_of

MODES = ("draft", "template")
PERSON_KEYS = ("client", "student", "teacher", "operator", "names")
_LESSON = lazy_compile(r"^(?:(\d{4})-(\d{2})-(\d{2}))?\s*(?:(\d{1,2}):(\d{2}))?$")


@dataclass(frozen=True)
class Lesson:
    """A scheduled lesson: a date, a time, or both."""

    date: tuple[int, int, int] | None  # (year, month, day)
    time: tuple[int, int] | None  # (hour, minute)
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Context:
    """What is known of the conversation a draft answers (front matter, options, a request)."""

    client: tuple[str, ...] = ()
    student: tuple[str, ...] = ()
    teacher: tuple[str, ...] = ()
    operator: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    lesson: tuple[Lesson, ...] = ()
    today: tuple[int, int, int] | None = None
    client_message: str | None = None
    mode: str | None = None
    disable: tuple[str, ...] = ()

    @property
    def people(self) -> tuple[str, ...]:
        return self.client + self.student + self.teacher + self.operator + self.names

    def merged(self, other: "Context") -> "Context":
        """This context with every key ``other`` sets taken from ``other``."""
        changes = {}
        for f in fields(self):
            value = getattr(other, f.name)
            if value not in (None, ()):
                changes[f.name] = value
        return replace(self, **changes)


CONTEXT_KEYS = tuple(f.name for f in fields(Context))


def parse_lesson(text: str) -> Lesson | None:
    m = _LESSON.match(text.strip())
    if not m or not text.strip():
        return None
    date = time = None
    if m.group(1):
        date = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if not (1 <= date[1] <= 12 and 1 <= date[2] <= 31):
            return None
    if m.group(4):
        time = (int(m.group(4)), int(m.group(5)))
        if not (0 <= time[0] <= 23 and 0 <= time[1] <= 59):
            return None
    return Lesson(date, time, text.strip())


def context_from_mapping(
    data: Any, path: str, line: int | None = None, error: type[ReplylintError] = InputError
) -> Context:
    """Validate a mapping of context keys (front matter, a context file, a request body)."""
    if data is None:
        return Context()
    if not isinstance(data, dict):
        raise error("контекст должен быть словарём с ключами client, student, lesson…", path, line)
    values: dict[str, Any] = {}
    for key, value in data.items():
        where = line_of(data, key, line)
        if key not in CONTEXT_KEYS:
            close = close_matches(str(key), CONTEXT_KEYS, n=1)
            hint = f" (может быть, {close[0]!r}?)" if close else f" (ключи: {', '.join(CONTEXT_KEYS)})"
            raise error(f"неизвестный ключ контекста {key!r}{hint}", path, where)
        if value is None:
            continue
        if key in PERSON_KEYS or key == "disable":
            values[key] = _strings(value, key, path, where, error)
        elif key in ("lesson", "today") and _sexagesimal(value) is not None:
            number, time = _sexagesimal(value)
            raise error(
                f"{key} {number} — число: время без кавычек, например {time}, YAML читает как минуты "
                f"({time.replace(':', '×60+')} = {number}); возьмите время в кавычки: {key}: \"{time}\"", path, where)
        elif key == "lesson":
            lessons = []
            for text in _strings(value, key, path, where, error):
                lesson = parse_lesson(text)
                if lesson is None:
                    raise error(
                        f"lesson {text!r}: нужно \"ГГГГ-ММ-ДД ЧЧ:ММ\", \"ГГГГ-ММ-ДД\" или \"ЧЧ:ММ\"", path, where
                    )
                lessons.append(lesson)
            values[key] = tuple(lessons)
        elif key == "today":
            lesson = parse_lesson(str(value))
            if lesson is None or lesson.date is None or lesson.time is not None:
                raise error(f"today {value!r}: нужна дата \"ГГГГ-ММ-ДД\"", path, where)
            values[key] = lesson.date
        elif key == "mode":
            if value not in MODES:
                raise error(f"mode {value!r}: допустимы {', '.join(MODES)}", path, where)
            values[key] = value
        elif key == "client_message":
            if not isinstance(value, str):
                raise error("client_message должен быть текстом", path, where)
            values[key] = value
    return Context(**values)


def _sexagesimal(value: Any) -> tuple[int, str] | None:
    """(1110, "18:30") when ``value`` (or an item of it) is what YAML 1.1 makes of an unquoted
    18:30, a number that can be an hour and minutes; None otherwise."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, int) and not isinstance(item, bool) and 60 <= item < 24 * 60:
            return item, f"{item // 60}:{item % 60:02d}"
    return None


def _strings(value: Any, key: str, path: str, line: int | None, error: type[ReplylintError]) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    result = []
    for item in items:
        if isinstance(item, (dict, list)) or item is None:
            raise error(f"{key}: нужен текст или список текстов", path, line)
        text = str(item).strip()
        if text:
            result.append(text)
    return tuple(result)


def load_context_file(path: str) -> Context:
    """Read ``--context FILE``: YAML (JSON is YAML too)."""
    from .read import read_text
    from .yamlio import load_yaml

    text = read_text(path)
    data = load_yaml(text, path, error=ConfigError)
    return context_from_mapping(data, path, error=ConfigError)
