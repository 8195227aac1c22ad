"""The team's configuration, ``.replylint.yaml``: found in the current folder or the nearest one above.

    rules: [team-rules/]            # extra rule files or folders (relative to this file)
    disable: [emoji-mismatch]
    enable: [some-opt-in-rule]
    severity: {long-sentence: info}
    options: {long-sentence: {max_words: 30}}
    fail_on: error                  # error | warning | info | never
    include: ["*.txt", "*.md"]      # what a folder is searched for
    exclude: ["drafts/old/**"]      # files and folders left out (see exclude.py)
    modes:                          # a mode per path glob
      - files: "macros/**"
        mode: template
    placeholders: ['\\$\\w+\\$']    # extra placeholder syntaxes (regular expressions)
    report:                         # `replylint report`: column mapping of exports (see qa/settings.py)
      columns: {text: message}

A wrong key or value stops the run naming the file, line and key, with the close valid keys.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .context import MODES
from .errors import ConfigError, close_matches
from .read import DEFAULT_GLOBS, read_text
from .rule import SEVERITIES
from .yamlio import line_of, load_yaml

CONFIG_NAME = ".replylint.yaml"
FAIL_LEVELS = ("error", "warning", "info", "never")
KEYS = ("rules", "disable", "enable", "severity", "options", "fail_on", "include", "exclude", "modes", "placeholders", "report")


@dataclass
class Config:
    """A team's configuration (.replylint.yaml), with the defaults for what it leaves out."""

    path: str | None = None
    rules: list[Path] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    enable: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    fail_on: str = "error"
    include: tuple[str, ...] = DEFAULT_GLOBS
    exclude: list[str] = field(default_factory=list)  # globs relative to the config's folder
    modes: list[tuple[str, str]] = field(default_factory=list)  # (glob, mode)
    placeholders: list[str] = field(default_factory=list)
    lines: dict[Any, int] = field(default_factory=dict)  # where each key (or (key, item)) was set, for later errors
    report: Any = None  # `replylint report`'s settings (qa.settings.ReportSettings), when the config has them

    def mode_for(self, path: str) -> str | None:
        """The mode the config gives this path, if any glob matches it."""
        candidates = {path, path.replace("\\", "/")}
        try:
            candidates.add(Path(path).resolve().relative_to(Path(self.path).resolve().parent).as_posix() if self.path else path)
        except ValueError:
            pass
        for glob, mode in self.modes:
            # fnmatch's "*" also crosses "/", so "macros/**" covers every file below macros/.
            if any(fnmatch.fnmatch(c, glob) for c in candidates):
                return mode
        return None


def find_config(start: Path | None = None) -> Path | None:
    try:
        folder = (start or Path.cwd()).resolve()
    except FileNotFoundError:
        raise ConfigError("текущей папки больше нет, и .replylint.yaml искать негде: перейдите в существующую "
                          "папку (или укажите конфиг через --config)") from None
    for candidate in (folder, *folder.parents):
        path = candidate / CONFIG_NAME
        if path.is_file():
            return path
    return None


def load_config(path: str | None = None, search: bool = True) -> Config:
    """Load ``path``, or the nearest .replylint.yaml when ``search``; a default Config when none."""
    if path is None:
        found = find_config() if search else None
        if found is None:
            return Config()
        path = _shown(found)
    text = read_text(path)
    data = load_yaml(text, path, error=ConfigError)
    return config_from_mapping(data, path)


def _shown(path: Path) -> str:
    """The found config as messages name it: relative to the current folder (../.replylint.yaml)."""
    import os

    try:
        return os.path.relpath(path)
    except (ValueError, OSError):  # another drive; no current folder
        return str(path)


def _fail(message: str, path: str, data: Any, key: Any) -> ConfigError:
    return ConfigError(message, path, line_of(data, key, 1))


def config_from_mapping(data: Any, path: str) -> Config:
    if data is None:
        return Config(path=path)
    if not isinstance(data, dict):
        raise ConfigError("конфигурация — словарь с ключами rules, disable, severity…", path, 1)
    config = Config(path=path)
    base = Path(path).resolve().parent
    for key, value in data.items():
        config.lines[key] = line_of(data, key, 1) or 1
        if key not in KEYS:
            close = close_matches(str(key), KEYS, n=2)
            hint = f" (может быть, {' или '.join(repr(c) for c in close)}?)" if close else f" (ключи: {', '.join(KEYS)})"
            raise _fail(f"неизвестный ключ {key!r}{hint}", path, data, key)
        if key in ("rules", "disable", "enable", "include", "exclude", "placeholders"):
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise _fail(f"{key}: нужен список текстов", path, data, key)
            if isinstance(value, list):
                for i, item in enumerate(items):
                    config.lines.setdefault((key, item), line_of(value, i, config.lines[key]))
            if key == "rules":
                config.rules = [(base / i) for i in items]
                for item, rule_path in zip(items, config.rules):
                    if not rule_path.exists():
                        raise ConfigError(f"rules: нет файла или папки правил {item!r} (пути считаются от папки этого файла)", path, config.lines.get((key, item), config.lines[key]))
            elif key == "include" and not items:
                raise _fail("include: нужен хотя бы один шаблон имени, например '*.txt'", path, data, key)
            elif key == "include":
                config.include = tuple(items)
            elif key == "placeholders":
                from .errors import RuleError
                from .saferegex import team_regex

                for i, pattern in enumerate(items):
                    where = line_of(value, i, config.lines[key]) if isinstance(value, list) else config.lines[key]
                    try:
                        team_regex(pattern, 0, path, where, "выражение")
                    except RuleError as exc:
                        raise ConfigError(f"placeholders: {exc.message}", path, where) from None
                config.placeholders = items
            else:
                setattr(config, key, items)
        elif key == "severity":
            if not isinstance(value, dict):
                raise _fail("severity: словарь id правила: error, warning или info", path, data, key)
            for rule, level in value.items():
                config.lines[(key, rule)] = line_of(value, rule, config.lines[key])
                if level not in SEVERITIES:
                    raise ConfigError(f"severity {level!r} для {rule!r}: допустимы {', '.join(SEVERITIES)}", path, line_of(value, rule, config.lines[key]))
            config.severity = dict(value)
        elif key == "options":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise _fail("options: словарь id правила: {параметр: значение}", path, data, key)
            for rule, opts in value.items():
                config.lines[(key, rule)] = line_of(value, rule, config.lines[key])
                for name in opts:
                    config.lines[(key, rule, name)] = line_of(opts, name, config.lines[(key, rule)])
            config.options = {k: dict(v) for k, v in value.items()}
        elif key == "fail_on":
            if value not in FAIL_LEVELS:
                raise _fail(f"fail_on {value!r}: допустимы {', '.join(FAIL_LEVELS)}", path, data, key)
            config.fail_on = value
        elif key == "modes":
            if not isinstance(value, list):
                raise _fail("modes: список из {files: ШАБЛОН, mode: draft|template}", path, data, key)
            for i, item in enumerate(value):
                where = line_of(value, i, config.lines[key])
                if isinstance(item, dict):
                    for extra in set(item) - {"files", "mode"}:
                        close = close_matches(str(extra), ("files", "mode"), n=1)
                        hint = f" (может быть, {close[0]!r}?)" if close else ""
                        raise ConfigError(f"modes: неизвестный ключ {extra!r}{hint}; у каждого элемента есть 'files' и 'mode'", path, line_of(item, extra, where))
                if not isinstance(item, dict) or set(item) != {"files", "mode"}:
                    raise ConfigError("у каждого элемента modes должны быть ровно 'files' и 'mode'", path, where)
                if item["mode"] not in MODES:
                    raise ConfigError(f"mode {item['mode']!r}: допустимы {', '.join(MODES)}", path, where)
                glob = str(item["files"])
                config.modes.append((glob[2:] if glob.startswith("./") else glob, item["mode"]))
        elif key == "report":
            from .qa.settings import settings_from_mapping  # small: no report machinery is loaded

            config.report = settings_from_mapping(value, path, config.lines[key])
    return config


def unknown_rule_message(rule_id: str, ids) -> str:
    """"нет правила 'x'; может быть, …?" — one wording wherever an id is named."""
    close = close_matches(rule_id, list(ids), n=3)
    hint = f"; может быть, {', '.join(close)}?" if close else " (все id: replylint rules --all)"
    return f"нет правила {rule_id!r}{hint}"


def check_against_rules(config: Config, by_id: dict) -> None:
    """Every rule id the config names must exist, and every option must be one the rule has, of
    the same type: a typo should not silently do nothing."""
    named = [("disable", i) for i in config.disable] + [("enable", i) for i in config.enable]
    named += [("severity", i) for i in config.severity] + [("options", i) for i in config.options]
    for key, rule_id in named:
        if rule_id not in by_id:
            where = config.lines.get((key, rule_id), config.lines.get(key))
            raise ConfigError(f"{key}: {unknown_rule_message(str(rule_id), by_id)}", config.path, where)
    for rule_id, opts in config.options.items():
        known = by_id[rule_id].options
        for name, value in opts.items():
            where = config.lines.get(("options", rule_id, name), config.lines.get("options"))
            if name not in known:
                close = close_matches(str(name), list(known), n=2)
                if close:
                    hint = f" (может быть, {' или '.join(repr(c) for c in close)}?)"
                elif known:
                    hint = f" (его параметры: {', '.join(known)})"
                else:
                    hint = " (параметров у него нет)"
                raise ConfigError(f"options: у правила {rule_id!r} нет параметра {name!r}{hint}", config.path, where)
            default = known[name]
            if default is not None and not _same_type(default, value):
                raise ConfigError(
                    f"options: {rule_id}.{name} должен быть {_type_name(default)}, а не {value!r}", config.path, where
                )


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    if isinstance(default, str):
        return isinstance(value, str)
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    if isinstance(default, dict):
        return isinstance(value, dict)
    return True


def _type_name(default: Any) -> str:
    if isinstance(default, bool):
        return "true или false"
    if isinstance(default, (int, float)):
        return "числом"
    if isinstance(default, str):
        return "текстом"
    if isinstance(default, (list, tuple)):
        return "списком"
    if isinstance(default, dict):
        return "словарём"
    return type(default).__name__
