"""Reading helpdesk exports into :class:`Message` rows: CSV, JSONL, and Zendesk's ticket export.

**CSV** (``.csv``, ``.tsv``): a header line, one message a row; columns ``conversation``, ``time``,
``author``, ``role``, ``text`` and optionally ``client_name`` (other names mapped by
:mod:`settings`). The delimiter is guessed from the header line (``,``, ``;`` or tab) unless given.
UTF-8, with or without the byte order mark that spreadsheet programs write.

**JSONL** (``.jsonl``, ``.ndjson``, or ``.json`` holding one object a line): one message a line,
the same fields as keys; a ``.json`` file holding one array of such objects is read the same way.

**Zendesk** (``.json``, ``.jsonl``, ``.ndjson``), recognised by its tickets carrying ``comments``:

- the API's shape, one JSON document ``{"tickets": [{"id": …, "requester_id": …, "comments":
  [...]}, …], "users": [...]}``: tickets with their comments (as ``GET /api/v2/tickets/{id}/comments``
  gives them, put under each ticket) and the users side-loaded (``include=users``), each user with
  ``id``, ``name`` and ``role`` (``end-user``, ``agent``, ``admin``);
- the Admin Center's full JSON export: one ticket a line, each with its ``comments``, and the
  requester, submitter and assignee as objects with their ``name`` where the export has them.

A comment has ``author_id``, ``body`` (or ``plain_body``, or ``html_body``), ``public`` and
``created_at``. Private comments (``public: false``) are internal notes: neither replies nor the
client's words, so they are left out. A comment's author is an agent when the side-loaded user's
role says so (``agent``, ``admin``), the client when it is an ``end-user`` or, with no users to ask,
the ticket's requester; any other author is taken for an agent. The client's name is the
requester's, when it reads as a name (not an e-mail address or a phone number).

A row that cannot be used (a missing field, a time that is not ISO 8601, an unknown role) is
reported through ``problem(where, message)`` and skipped; a file that cannot be read at all raises
:class:`~replylint.errors.InputError` naming it.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

from ..errors import InputError
from ..read import MAX_EXPORT_BYTES, read_text
from .settings import FIELDS, REQUIRED, ReportSettings

CSV_SUFFIXES = (".csv", ".tsv")
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
SUFFIXES = CSV_SUFFIXES + JSON_SUFFIXES

Problem = Callable[[str, str], None]  # (where, message)


@dataclass(frozen=True)
class Message:
    conversation: str
    time: datetime  # the wall-clock time as the export writes it (weeks are counted on it)
    instant: datetime  # for ordering: UTC when the export gives an offset, else the time itself
    author: str
    role: str  # "agent" or "client"
    text: str
    client_name: str
    where: str  # "export.csv:17", shown in messages and in the report


def expand_exports(paths: Iterable[str]) -> list[str]:
    """Files as given; folders searched (recursively, in a stable order) for export files."""
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                raise InputError(f"в папке нет выгрузок ({', '.join('*' + s for s in SUFFIXES)})", raw)
            found.extend(str(p) for p in files)
        elif path.exists():
            found.append(raw)
        else:
            raise InputError("нет такого файла или папки", raw)
    return found


def read_export(path: str, settings: ReportSettings, problem: Problem) -> list[Message]:
    text = read_text(path, MAX_EXPORT_BYTES)  # an archive, not a draft: the drafts' 1 MiB does not apply
    if path.lower().endswith(CSV_SUFFIXES):
        return _read_csv(path, text, settings, problem)
    return _read_json(path, text, settings, problem)


# ----------------------------------------------------------------------------------------- time

def parse_time(value: Any) -> tuple[datetime, datetime] | None:
    """(wall clock, instant) of an ISO 8601 time: "2026-11-02T10:15:00", "…Z", "…+03:00", "2026-11-02 10:15"."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text[-1:] in "zZ":  # Python 3.10's fromisoformat does not read "Z"
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment, moment
    return moment.replace(tzinfo=None), moment.astimezone(timezone.utc).replace(tzinfo=None)


def _bad_time(value: Any) -> str:
    return f"время {value!r} не в формате ISO 8601 (например, 2026-11-02T10:15:00)"


# ------------------------------------------------------------------------------------------ rows

def _message(row: dict[str, Any], settings: ReportSettings, where: str, problem: Problem) -> Message | None:
    """One message from a row whose keys are already the fields; None (and a problem) when it is bad."""
    missing = [f for f in REQUIRED if row.get(f) in (None, "")]
    role_value = row.get("role")
    if "role" not in missing and not isinstance(role_value, str):
        problem(where, f"роль {role_value!r} не текст")
        return None
    role = settings.role_of(role_value) if "role" not in missing else None
    if "role" not in missing and role is None:
        problem(where, f"неизвестная роль {role_value!r}: нужна agent или client "
                       "(другие значения задаются в report.roles в .replylint.yaml)")
        return None
    if role == "ignore":
        return None
    text = row.get("text")
    if text is not None and not isinstance(text, str):
        problem(where, f"текст сообщения не строка: {text!r}")
        return None
    if "text" in missing:
        if "conversation" not in missing and "time" not in missing:
            return None  # an attachment or a sticker: nothing to read, nothing wrong
    author = row.get("author")
    author = "" if author is None else str(author).strip()
    if role == "agent" and not author:
        missing.append("author")
    if missing:
        problem(where, "пустое поле " + ", ".join(settings.columns[f] for f in missing))
        return None
    times = parse_time(row.get("time"))
    if times is None:
        problem(where, _bad_time(row.get("time")))
        return None
    client_name = row.get("client_name")
    return Message(
        conversation=str(row["conversation"]).strip(),
        time=times[0],
        instant=times[1],
        author=author,
        role=role,  # type: ignore[arg-type]
        text=str(text).replace("\r\n", "\n").replace("\r", "\n"),
        client_name="" if client_name is None else str(client_name).strip(),
        where=where,
    )


def _fields_of(record: dict[str, Any], settings: ReportSettings) -> dict[str, Any]:
    return {f: record.get(settings.columns[f]) for f in FIELDS}


def _missing_columns(columns: Iterable[str], settings: ReportSettings) -> list[str]:
    present = set(columns)
    return [settings.columns[f] for f in REQUIRED + ("author",) if settings.columns[f] not in present]


def _columns_error(missing: list[str], present: list[str], path: str, line: int | None) -> InputError:
    shown = ", ".join(present[:12]) + (", …" if len(present) > 12 else "")
    return InputError(
        f"нет столбцов {', '.join(missing)} (есть: {shown or 'ничего'}); сопоставьте их: "
        f"--column ПОЛЕ=СТОЛБЕЦ или report.columns в .replylint.yaml", path, line)


# ------------------------------------------------------------------------------------------- CSV

def _delimiter(header: str, settings: ReportSettings, path: str) -> str:
    if settings.delimiter:
        return settings.delimiter
    if path.lower().endswith(".tsv"):
        return "\t"
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _read_csv(path: str, text: str, settings: ReportSettings, problem: Problem) -> list[Message]:
    header = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header, settings, path))
    try:
        names = [n.strip() for n in next(reader)]
    except StopIteration:
        raise InputError("пустой файл: нет строки заголовка", path) from None
    except csv.Error as exc:
        raise InputError(f"не читается как CSV: {exc}", path, 1) from None
    missing = _missing_columns(names, settings)
    if missing:
        raise _columns_error(missing, names, path, 1)
    messages: list[Message] = []
    line = reader.line_num
    while True:
        start = line + 1  # the record's first line (a quoted text may span several)
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problem(f"{path}:{start}", f"не читается как CSV: {exc}")
            break  # csv cannot go on past a broken quote
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(names):
            problem(f"{path}:{start}", f"{len(values)} значений при {len(names)} столбцах заголовка")
            continue
        record = dict(zip(names, values))
        message = _message(_fields_of(record, settings), settings, f"{path}:{start}", problem)
        if message is not None:
            messages.append(message)
    return messages


# ------------------------------------------------------------------------------------------ JSON

def _read_json(path: str, text: str, settings: ReportSettings, problem: Problem) -> list[Message]:
    stripped = text.strip()
    if not stripped:
        raise InputError("пустой файл", path)
    try:
        document: Any = json.loads(stripped)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data" and not path.lower().endswith((".jsonl", ".ndjson")):
            raise InputError(f"не JSON: {exc.msg}", path, exc.lineno) from None
        lines = []  # one object a line
        for number, raw in enumerate(text.split("\n"), start=1):
            if raw.strip():
                try:
                    lines.append((f"{path}:{number}", json.loads(raw)))
                except json.JSONDecodeError as line_exc:
                    problem(f"{path}:{number}", f"не JSON: {line_exc.msg}")
        return _records(lines, path, settings, problem)
    if isinstance(document, dict) and isinstance(document.get("tickets"), list):
        users = _users(document.get("users"))
        return [m for i, t in enumerate(document["tickets"]) for m in _ticket(t, users, path, i + 1, problem)]
    if isinstance(document, dict) and "comments" in document:  # one ticket
        return _ticket(document, _users(document.get("users")), path, 1, problem)
    if isinstance(document, list):
        return _records([(f"{path} (элемент {i + 1})", item) for i, item in enumerate(document)], path, settings, problem)
    if isinstance(document, dict):  # a JSONL file of one line
        return _records([(f"{path}:1", document)], path, settings, problem)
    raise InputError("нужен JSON-объект или массив объектов", path)


def _records(items: list[tuple[str, Any]], path: str, settings: ReportSettings, problem: Problem) -> list[Message]:
    """Rows of a JSONL file (or of a JSON array): messages, or Zendesk tickets of a full JSON export."""
    keys: set[str] = set()
    for _, item in items:
        if isinstance(item, dict) and "comments" not in item:
            keys.update(item)
    missing = _missing_columns(keys, settings)
    if keys and missing:  # a wrong mapping is one error for the file, not one per row
        raise _columns_error(missing, sorted(keys), path, None)
    messages: list[Message] = []
    for number, (where, item) in enumerate(items, start=1):
        if not isinstance(item, dict):
            problem(where, "нужен JSON-объект с полями сообщения")
        elif "comments" in item:  # Zendesk's full JSON export: a ticket a line
            messages.extend(_ticket(item, _users(None), where, number, problem))
        else:
            message = _message(_fields_of(item, settings), settings, where, problem)
            if message is not None:
                messages.append(message)
    return messages


# --------------------------------------------------------------------------------------- Zendesk

_NAME = re.compile(r"[^\W\d_]+(?:[-' ][^\W\d_]+){0,3}")
_TAG = re.compile(r"<[^>]+>")


def looks_like_name(text: str) -> bool:
    """"Анна Смирнова" is a name; "anna@example.com", "+7 900 …", "Клиент 4711" are not."""
    return bool(_NAME.fullmatch(text.strip())) and text.strip()[:1].isupper()


def _users(items: Any) -> dict[Any, dict]:
    return {u["id"]: u for u in items or () if isinstance(u, dict) and "id" in u}


def _person(ticket: dict, key: str, users: dict) -> dict:
    """The ticket's requester/assignee/submitter: a side-loaded user, or the ticket's own object."""
    value = ticket.get(key)
    person = dict(value) if isinstance(value, dict) else {}
    person_id = ticket.get(f"{key}_id", person.get("id"))
    if person_id is not None:
        person["id"] = person_id
        person = {**person, **users.get(person_id, {})}
    return person


def _ticket(ticket: Any, users: dict, base: str, number: int, problem: Problem) -> list[Message]:
    """The public comments of one ticket; ``base`` is the file (or "file:line"), ``number`` the ticket's place in it."""
    if not isinstance(ticket, dict) or not isinstance(ticket.get("comments"), list):
        problem(f"{base} (тикет № {number})", "тикет без списка comments")
        return []
    ticket_id = ticket.get("id")
    conversation = str(ticket_id) if ticket_id is not None else f"{base}#{number}"
    label = f"тикет {ticket_id}" if ticket_id is not None else f"тикет № {number}"
    requester = _person(ticket, "requester", users)
    people = {p["id"]: p for p in (_person(ticket, k, users) for k in ("submitter", "assignee")) if "id" in p}
    if "id" in requester:
        people[requester["id"]] = requester
    client_name = str(requester.get("name") or "").strip()
    client_name = client_name if looks_like_name(client_name) else ""
    messages: list[Message] = []
    for position, comment in enumerate(ticket["comments"], start=1):
        at = f"{base} ({label}, комментарий {position})"
        if not isinstance(comment, dict):
            problem(at, "комментарий не JSON-объект")
            continue
        if comment.get("public") is False:
            continue  # an internal note
        body = comment.get("body") or comment.get("plain_body")
        if not body and comment.get("html_body"):
            body = _TAG.sub(" ", str(comment["html_body"]))
        if not body or not str(body).strip():
            continue
        times = parse_time(comment.get("created_at"))
        if times is None:
            problem(at, _bad_time(comment.get("created_at")) if comment.get("created_at") else "нет created_at")
            continue
        author_id = comment.get("author_id")
        author = {**people.get(author_id, {}), **users.get(author_id, {})}
        role = str(author.get("role") or "").casefold()
        if role in ("agent", "admin"):
            kind = "agent"
        elif role == "end-user" or (not role and author_id is not None and author_id == requester.get("id")):
            kind = "client"
        else:
            kind = "agent"
        name = str(author.get("name") or "").strip() or f"агент {author_id}"
        messages.append(Message(conversation, times[0], times[1], name, kind,
                                str(body).replace("\r\n", "\n"), client_name, at))
    return messages
