"""The habits users bring from ruff, Vale and eslint, through the installed console script:
--min-severity/--quiet, --output-file, --exclude and exclude:, .gitignore, baselines, readable
excerpts of long lines, and a summary that counts files and templates apart."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from test_workflow_helpers import REFUSAL, digest, one_line_error, write

BUREAUCRATIC = "Просим произвести оплату до пятницы.\n"  # one tip (bureaucratese, info)


def summary_line(proc) -> str:
    return next(line for line in proc.stdout.splitlines() if line.startswith("Проверено: "))


def paths(proc) -> list[str]:
    return [f["path"] for f in json.loads(proc.stdout)["files"]]


def rules_found(proc) -> list[str]:
    return [d["rule"] for f in json.loads(proc.stdout)["files"] for d in f["diagnostics"]]


def test_min_severity_hides_what_is_below_and_fail_on_still_counts_it(replylint, tmp_path):
    write(tmp_path / "a.txt", REFUSAL)
    write(tmp_path / "b.txt", BUREAUCRATIC)
    shown = replylint("check", ".", "--min-severity", "warning", cwd=tmp_path)
    assert shown.returncode == 1 and "bureaucratese" not in shown.stdout and "refusal-no-reason" in shown.stdout
    assert summary_line(shown) == "Проверено: 2 файла; 2 ошибки, 0 предупреждений, 0 советов (скрыто ниже --min-severity: 1)."
    # a hidden tip still fails the run when --fail-on asks for tips
    tips_fail = replylint("check", "b.txt", "--min-severity", "error", "--fail-on", "info", "--format", "json", cwd=tmp_path)
    assert tips_fail.returncode == 1 and rules_found(tips_fail) == []
    # --quiet is eslint's: errors only
    quiet = replylint("check", ".", "-q", "--format", "json", cwd=tmp_path)
    assert sorted(rules_found(quiet)) == ["refusal-no-alternative", "refusal-no-reason"]


def test_output_file_gets_the_report_and_stdout_stays_empty(replylint, tmp_path):
    write(tmp_path / "macros" / "a.txt", REFUSAL)
    proc = replylint("check", "macros", "--format", "sarif", "--output-file", "report.sarif", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == ""
    assert json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    text = replylint("check", ".", "-o", "report.txt", "--statistics", cwd=tmp_path)
    report = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert text.stdout == "" and "macros/a.txt:1:23: error" in report and "refusal-no-reason" in report.splitlines()[-1]
    assert "\x1b[" not in report
    # the report is never checked as a draft by the next run, nor is the baseline
    again = replylint("check", ".", "-o", "report.txt", cwd=tmp_path)
    assert "report.txt:" not in (tmp_path / "report.txt").read_text(encoding="utf-8") and again.returncode == 1
    one_line_error(replylint("check", "macros", "-o", "no/such/folder/r.txt", cwd=tmp_path), "no/such/folder/r.txt", "не удаётся записать отчёт")


def test_exclude_on_the_command_line_and_in_the_config(replylint, tmp_path):
    for name in ("macros/a.txt", "macros/old/b.txt", "build/c.txt", "macros/d.bak.txt", "macros/e.txt"):
        write(tmp_path / name, REFUSAL)
    everything = replylint("check", ".", "--format", "json", cwd=tmp_path)
    assert len(paths(everything)) == 5
    proc = replylint("check", ".", "--exclude", "build", "--exclude", "*.bak.txt", "--exclude", "macros/old/", "--format", "json", cwd=tmp_path)
    assert paths(proc) == ["macros/a.txt", "macros/e.txt"]
    # exclude: in the config is relative to the config's folder, also from a folder below it
    write(tmp_path / ".replylint.yaml", "exclude: [build/**, 'macros/old', '*.bak.txt']\n")
    below = replylint("check", ".", "--format", "json", cwd=tmp_path / "macros")
    assert paths(below) == ["a.txt", "e.txt"]
    # files named one by one (pre-commit, editors) are left out too
    named = replylint("check", "macros/a.txt", "macros/d.bak.txt", "build/c.txt", "--format", "json", cwd=tmp_path)
    assert paths(named) == ["macros/a.txt"]
    write(tmp_path / ".replylint.yaml", "exclude: build\nexlude: [x]\n")
    one_line_error(replylint("check", ".", cwd=tmp_path), ".replylint.yaml:2:", "'exlude'", "'exclude'")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (the .ci/run machine has it)")
def test_files_git_ignores_are_skipped_in_a_work_tree(replylint, tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path / ".gitignore", "build/\n*.tmp.txt\n")
    for name in ("macros/a.txt", "build/b.txt", "macros/c.tmp.txt"):
        write(tmp_path / name, REFUSAL)
    proc = replylint("check", ".", "--format", "json", cwd=tmp_path)
    assert paths(proc) == ["macros/a.txt"], proc.stderr
    assert paths(replylint("check", "macros", "--format", "json", cwd=tmp_path)) == ["macros/a.txt"]
    # a file named on the command line is checked even when git ignores it
    assert paths(replylint("check", "build/b.txt", "--format", "json", cwd=tmp_path)) == ["build/b.txt"]
    # outside a work tree, nothing is asked of git
    (tmp_path / ".git").rename(tmp_path / "git-was-here")
    assert len(paths(replylint("check", ".", "--format", "json", cwd=tmp_path))) == 3


def test_without_git_a_work_tree_is_checked_whole_with_a_warning(replylint, tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", "build/\n")
    write(tmp_path / "build" / "b.txt", REFUSAL)
    env = {"PATH": "/nonexistent", "HOME": str(tmp_path)}
    proc = replylint("check", ".", "--format", "json", cwd=tmp_path, env=env)
    assert paths(proc) == ["build/b.txt"]
    assert proc.stderr.startswith("replylint: предупреждение: .: папка в рабочей копии git, но git не установлен")


def test_a_baseline_keeps_old_findings_quiet_and_shows_new_ones(replylint, tmp_path):
    write(tmp_path / "macros" / "a.txt", "Здравствуйте!\n" + REFUSAL)
    write(tmp_path / "macros" / "b.txt", BUREAUCRATIC)
    write(tmp_path / "macros" / "set.yaml", "- id: late\n  text: Вернуть деньги не получится.\n")
    written = replylint("check", "macros", "macros/set.yaml", "--write-baseline", "replylint-baseline.json", cwd=tmp_path)
    assert written.returncode == 0 and written.stdout == ""
    assert written.stderr == "replylint: replylint-baseline.json: записано замечаний: 5\n"
    baseline = json.loads((tmp_path / "replylint-baseline.json").read_text(encoding="utf-8"))
    assert baseline["version"] == 1
    assert {"file": "macros/a.txt", "rule": "refusal-no-reason", "match": "не получится", "count": 1} in baseline["findings"]
    assert any(f["file"] == "macros/set.yaml#late" for f in baseline["findings"])
    before = digest(tmp_path / "macros")
    quiet = replylint("check", "macros", "macros/set.yaml", "--baseline", "replylint-baseline.json", cwd=tmp_path)
    assert quiet.returncode == 0, quiet.stdout
    assert summary_line(quiet) == "Проверено: 3 файла (1 шаблон в 1 коллекции), замечаний нет (из базового списка: 5)."
    assert digest(tmp_path / "macros") == before
    # edits elsewhere in a file do not bring its findings back; the same words once more are new
    write(tmp_path / "macros" / "a.txt", "Добрый вечер!\nСпасибо за вопрос.\n\n" + REFUSAL + "И ещё: сменить время не получится.\n")
    proc = replylint("check", "macros", "--baseline", "replylint-baseline.json", "--format", "json", cwd=tmp_path)
    found = [(d["rule"], d["line"]) for f in json.loads(proc.stdout)["files"] for d in f["diagnostics"]]
    assert proc.returncode == 1 and found and all(line == 5 for _, line in found), found
    # from another folder, with the baseline named by another path: the same files
    other = replylint("check", ".", "--baseline", "../replylint-baseline.json", "--format", "json", cwd=tmp_path / "macros")
    assert len(rules_found(other)) == len(found)
    write(tmp_path / "broken.json", '{"findings": 3}')
    one_line_error(replylint("check", "macros", "--baseline", "broken.json", cwd=tmp_path), "broken.json:1:", "findings")
    one_line_error(replylint("check", "macros", "--baseline", "nope.json", cwd=tmp_path), "nope.json", "нет такого файла")


def test_a_long_line_is_trimmed_around_each_finding(replylint, tmp_path):
    sentence = "Просим произвести оплату, в целях ускорения осуществить перевод. "
    write(tmp_path / "long.txt", sentence * 20 + "\n")
    proc = replylint("check", "long.txt", "--no-color", cwd=tmp_path)
    lines = proc.stdout.splitlines()
    assert summary_line(proc) == "Проверено: 1 файл; 0 ошибок, 0 предупреждений, 60 советов."
    excerpts = [(line, lines[i + 1]) for i, line in enumerate(lines) if line.startswith("    1 | ")]
    assert len(excerpts) == 60
    for line, marks in excerpts:
        assert len(line) <= 110
        marked = line[marks.index("^") : marks.rindex("^") + 1]
        assert marked in sentence
    middle = excerpts[30][0]
    assert middle.startswith("    1 | …") and middle.endswith("…")
    assert len(proc.stdout) < 30_000  # each finding no longer reprints the 1,300-character line


def test_the_summary_counts_files_and_templates_apart(replylint, tmp_path):
    write(tmp_path / "a.txt", "Спасибо, деньги вернутся за 5 дней.\n")
    write(tmp_path / "b.txt", "Спасибо!\n")
    write(tmp_path / "m1.yaml", "- id: x\n  text: Спасибо!\n- id: y\n  text: Спасибо!\n")
    write(tmp_path / "m2.yaml", "".join(f"- id: t{i}\n  text: Спасибо!\n" for i in range(7)))
    proc = replylint("check", "a.txt", "b.txt", "m1.yaml", "m2.yaml", cwd=tmp_path)
    assert proc.stdout.strip() == "Проверено: 4 файла (9 шаблонов в 2 коллекциях), замечаний нет."
    one = replylint("check", "m1.yaml", cwd=tmp_path)
    assert one.stdout.strip() == "Проверено: 1 файл (2 шаблона), замечаний нет."
    summary = json.loads(replylint("check", "a.txt", "m2.yaml", "--format", "json", cwd=tmp_path).stdout)["summary"]
    assert summary == {"files": 2, "templates": 7, "errors": 0, "warnings": 0, "infos": 0}


def test_a_team_rule_cites_its_own_document_or_none(replylint, tmp_path):
    rule = """\
id: no-weekend
severity: warning
message: "Не обещайте «{match}»."
description: обещание на выходные
principle: {principle}
explain: Поддержка работает по будням.
kind: existence
patterns: [в субботу]
examples:
  flag: [Перезвоним в субботу.]
  pass: [Перезвоним в понедельник.]
"""
    for principle in ("{name: Прозрачность, source: 'https://wiki.example.org/support#weekends'}", "Прозрачность", "{name: Прозрачность}"):
        write(tmp_path / "team" / "no-weekend.yaml", rule.replace("{principle}", principle))
        proc = replylint("explain", "no-weekend", "--rules", "team", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert "Принцип: Прозрачность" in proc.stdout
    assert "Принцип: Прозрачность\n" in proc.stdout
    write(tmp_path / "team" / "no-weekend.yaml", rule.replace("{principle}", "{source: регламент}"))
    error = one_line_error(replylint("test-rules", "team", cwd=tmp_path), "no-weekend.yaml:5:", "principle: нужно имя принципа")
    assert "principle: {name: Прозрачность, source:" in error
    write(tmp_path / "team" / "no-weekend.yaml", rule.replace("principle: {principle}\n", ""))
    one_line_error(replylint("test-rules", "team", cwd=tmp_path), "no-weekend.yaml:1:", "нет обязательного ключа 'principle'", "name: Прозрачность")
