"""How an export's columns and role names are read: defaults, the config's ``report:`` section, options.

    report:
      columns: {conversation: chat_id, time: created_at, author: agent, role: sender, text: message}
      roles: {agent: [оператор], client: [покупатель], ignore: [бот]}
      delimiter: ";"          # CSV only; guessed from the header line (",", ";" or tab) when not set
      names: false            # operators' names in the report (otherwise "Оператор 1", "Оператор 2", …)

Options win over the config: ``--column FIELD=NAME`` (repeatable), ``--delimiter``, ``--names``.
Role values are compared without case; the defaults below are what helpdesks commonly write.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError, close_matches
from ..yamlio import line_of

FIELDS = ("conversation", "time", "author", "role", "text", "client_name")
REQUIRED = ("conversation", "time", "role", "text")  # author: required on agents' rows only
ROLE_KINDS = ("agent", "client", "ignore")
DEFAULT_ROLES: dict[str, frozenset[str]] = {
    "agent": frozenset({"agent", "operator", "support", "staff", "admin", "оператор", "агент", "сотрудник", "поддержка"}),
    "client": frozenset({"client", "customer", "user", "end-user", "end_user", "requester", "visitor",
                         "клиент", "пользователь", "посетитель"}),
    # bots, system lines and internal notes are neither replies nor what the client wrote
    "ignore": frozenset({"bot", "system", "note", "internal", "бот", "система", "заметка"}),
}
KEYS = ("columns", "roles", "delimiter", "names")


@dataclass(frozen=True)
class ReportSettings:
    columns: dict[str, str] = field(default_factory=lambda: {f: f for f in FIELDS})
    roles: dict[str, frozenset[str]] = field(default_factory=lambda: dict(DEFAULT_ROLES))
    delimiter: str | None = None
    names: bool = False

    def role_of(self, value: str) -> str | None:
        """agent, client, ignore, or None for a value the settings do not know."""
        folded = value.strip().casefold()
        for kind in ROLE_KINDS:
            if folded in self.roles[kind]:
                return kind
        return None

    def with_options(self, columns: dict[str, str], delimiter: str | None, names: bool | None) -> "ReportSettings":
        return ReportSettings(
            columns={**self.columns, **columns},
            roles=self.roles,
            delimiter=delimiter if delimiter is not None else self.delimiter,
            names=self.names if names is None else names,
        )


def parse_column_option(text: str) -> tuple[str, str]:
    """``--column FIELD=NAME``; a ConfigError (one line) for anything else."""
    name, eq, column = text.partition("=")
    name, column = name.strip(), column.strip()
    if not eq or not column:
        raise ConfigError(f"--column {text!r}: нужно ПОЛЕ=СТОЛБЕЦ, например --column text=message")
    _check_field(name, f"--column {text!r}", None, None)
    return name, column


def _unknown(what: str, name: Any, choices: tuple[str, ...], path: str | None, line: int | None) -> ConfigError:
    """"report: неизвестный ключ 'colums' (может быть, 'columns'?)", naming the file and line."""
    close = close_matches(str(name), choices, n=1)
    hint = f" (может быть, {close[0]!r}?)" if close else f" (можно: {', '.join(choices)})"
    return ConfigError(f"{what} {name!r}{hint}", path, line)


def _check_field(name: Any, where: str, path: str | None, line: int | None) -> None:
    if name not in FIELDS:
        raise _unknown(f"{where}: неизвестное поле", name, FIELDS, path, line)


def check_delimiter(value: Any, path: str | None = None, line: int | None = None) -> str:
    if value == "\\t" or value == "tab":
        return "\t"
    if not isinstance(value, str) or len(value) != 1 or value in "\"\r\n":
        raise ConfigError(f"разделитель {value!r} должен быть одним символом, например \";\" или \"tab\"", path, line)
    return value


def settings_from_mapping(data: Any, path: str, line: int) -> ReportSettings:
    """The config's ``report:`` section; a wrong key or value names the file and line."""
    if data is None:
        return ReportSettings()
    if not isinstance(data, dict):
        raise ConfigError("report: нужен словарь с ключами " + ", ".join(KEYS), path, line)
    settings = ReportSettings()
    columns, roles = dict(settings.columns), dict(settings.roles)
    named: dict[str, set[str]] = {kind: set() for kind in ROLE_KINDS}  # the values the config gives
    delimiter, names = None, False
    for key, value in data.items():
        where = line_of(data, key, line)
        if key not in KEYS:
            raise _unknown("report: неизвестный ключ", key, KEYS, path, where)
        if key == "columns":
            if not isinstance(value, dict):
                raise ConfigError("report.columns: нужен словарь ПОЛЕ: СТОЛБЕЦ, например {text: message}", path, where)
            for name, column in value.items():
                at = line_of(value, name, where)
                _check_field(name, "report.columns", path, at)
                if not isinstance(column, (str, int)) or isinstance(column, bool) or not str(column).strip():
                    raise ConfigError(f"report.columns.{name}: нужно имя столбца, а не {column!r}", path, at)
                columns[name] = str(column).strip()
        elif key == "roles":
            if not isinstance(value, dict):
                raise ConfigError("report.roles: нужен словарь, например {agent: [оператор], client: [покупатель]}", path, where)
            for kind, values in value.items():
                at = line_of(value, kind, where)
                if kind not in ROLE_KINDS:
                    raise _unknown("report.roles: неизвестная роль", kind, ROLE_KINDS, path, at)
                items = [values] if isinstance(values, str) else values
                if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
                    raise ConfigError(f"report.roles.{kind}: нужен список значений столбца role", path, at)
                named[kind] |= {i.strip().casefold() for i in items}
        elif key == "delimiter":
            delimiter = check_delimiter(value, path, where)
        elif key == "names":
            if not isinstance(value, bool):
                raise ConfigError(f"report.names: нужно true или false, а не {value!r}", path, where)
            names = value
    clash = [v for kind in ROLE_KINDS for other in ROLE_KINDS if kind < other for v in named[kind] & named[other]]
    if clash:
        raise ConfigError(f"report.roles: значение {sorted(clash)[0]!r} названо двумя ролями", path, line_of(data, "roles", line))
    given = set().union(*named.values())
    # a value the config names belongs to that role only ("user" may mean an agent in some tools)
    roles = {kind: (roles[kind] - given) | named[kind] for kind in ROLE_KINDS}
    return ReportSettings(columns=columns, roles=roles, delimiter=delimiter, names=names)
