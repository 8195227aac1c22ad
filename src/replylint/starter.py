"""``replylint init``: a commented starter ``.replylint.yaml`` and one example team rule.

The files load as they are written (a test runs ``replylint check`` and ``replylint test-rules`` on
them), and nothing that already exists is overwritten.
"""
from __future__ import annotations

from pathlib import Path

from .errors import ReplylintError

CONFIG = """\
# replylint configuration: found in this folder or any folder below it.
# Every key is optional; a wrong key or value stops the run naming this file and line.

# Extra rule files or folders, relative to this file. `replylint test-rules team-rules/` runs their examples.
rules: [team-rules/]

# Rules switched off for the whole team (all ids: `replylint rules --all`).
disable: []

# Opt-in rules switched on.
enable: []

# Another severity for a rule: error | warning | info.
severity: {}
#   emoji-mismatch: warning

# Rule options (each rule's file and `replylint explain ID` say which it has).
options:
  long-sentence: {max_words: 30}

# What fails a run (exit status 1): error | warning | info | never. `--fail-on` wins over it.
fail_on: error

# What a folder is searched for. Add "*.yaml" or "*.json" to check macro collections in folders.
include: ["*.txt", "*.md"]

# Files and folders left out: a name at any depth ("build", "*.bak.txt") or a path from this
# file's folder ("drafts/old/**"). In a git work tree, files git ignores are left out anyway.
exclude: []

# A mode per path glob, relative to this file: `template` for macro templates, where placeholders
# are expected and literal names and lesson times are not.
modes:
  - files: "macros/**"
    mode: template

# Your templates' own placeholder syntaxes, as regular expressions, besides {{name}}, {name},
# [ИМЯ], <ИМЯ КЛИЕНТА> and %NAME%.
placeholders: []
#   - '\\$[A-Z_]+\\$'
"""

TEAM_RULE = """\
# A team rule: one YAML file per rule. `replylint test-rules team-rules/` runs its examples;
# `replylint explain no-weekend-promise` shows it. The README's "Writing a rule" has every field.
# principle: the team's own principle; source: the document or link it is written in (optional).
id: no-weekend-promise
severity: warning
message: "Не обещайте «{match}»: по выходным поддержка не работает, назовите рабочий день."
description: обещание перезвонить или ответить в выходные
principle:
  name: Прозрачность
  source: Регламент поддержки, раздел «График работы»
explain: |
  Поддержка работает по будням. Обещание перезвонить или ответить в субботу или воскресенье
  клиент запомнит, а выполнить его будет некому. Назовите рабочий день и время.
kind: existence
patterns:
  - перезвонить|ответить|написать ... в субботу|воскресенье|выходные
examples:
  flag:
    - Перезвоним вам в субботу.
    - text: Ответим в воскресенье, как только всё проверим.
      match: Ответим в воскресенье
  pass:
    - Перезвоним в понедельник до 12:00.
    - В субботу уроков нет, ближайший — в понедельник в 18:30.
"""

FILES = ((".replylint.yaml", CONFIG), ("team-rules/no-weekend-promise.yaml", TEAM_RULE))


def write_starter(folder: Path) -> list[Path]:
    """Write the starter files into ``folder``; refuse (exit 2) if any of them exists."""
    targets = [(folder / name, text) for name, text in FILES]
    existing = [path for path, _ in targets if path.exists()]
    if existing:
        names = ", ".join(str(p) for p in existing)
        raise ReplylintError(f"{names}: уже есть; init не пишет поверх существующих файлов, ничего не записано")
    if not folder.is_dir():
        raise ReplylintError("нет такой папки", str(folder))
    written = []
    for path, text in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as f:
            f.write(text)
        written.append(path)
    return written
