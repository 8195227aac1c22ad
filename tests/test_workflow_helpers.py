"""Shared pieces of the workflow tests (tests/test_workflow_*.py): sample drafts and a small team
rule folder whose rules have known severities, so the tests do not depend on how the built-in rules
are tuned. (No tests here; the name keeps the workflow tests' files together.)"""
from __future__ import annotations

import hashlib
from pathlib import Path

REFUSAL = "Сменить преподавателя не получится.\n"  # built-in: refusal-no-reason, refusal-no-alternative (errors)
CLEAN = "Здравствуйте! Спасибо, что написали нам. Хорошего дня!\n"

TEAM_RULES = {
    "team-banana.yaml": """\
id: team-banana
severity: warning
message: "Не пишите «{match}»."
description: a banana, for tests
principle: {name: Тест, source: 000_a60251a68827976a.txt}
explain: |
  Правило для тестов.
kind: existence
patterns:
  - банан
examples:
  flag:
    - Купите банан.
  pass:
    - Купите яблоко.
""",
    "team-melon.yaml": """\
id: team-melon
severity: info
message: "Про «{match}» можно не писать."
description: a melon, for tests
principle: {name: Тест, source: 000_a60251a68827976a.txt}
explain: |
  Правило для тестов.
kind: existence
patterns:
  - дыня
examples:
  flag:
    - Купите дыню.
  pass:
    - Купите яблоко.
""",
    "team-cannot.yaml": """\
id: team-cannot
severity: error
message: "Отказ: «{match}»."
description: a refusal, for tests (the built-in refusal rules are tuned elsewhere)
principle: {name: Тест, source: 000_a60251a68827976a.txt}
explain: |
  Правило для тестов.
kind: existence
patterns:
  - не получиться
examples:
  flag:
    - Сменить преподавателя не получится.
  pass:
    - Сменить преподавателя получится.
""",
}


def team_config(folder: Path) -> Path:
    """A .replylint.yaml in ``folder`` that adds the test team rules (in ``folder/team-rules``)."""
    write_team_rules(folder / "team-rules")
    return write(folder / ".replylint.yaml", "rules: [team-rules/]\n")


def write_team_rules(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in TEAM_RULES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes and its mtime: to show nothing changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() + f"@{p.stat().st_mtime_ns}"
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def one_line_error(proc, *fragments: str) -> str:
    """The run stopped: exit 2, nothing on stdout, one line on stderr with every fragment, no traceback."""
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]
