"""`replylint check` as a user and a script see it: the contract's JSON, positions into the file as
it is on disk, text output, exit status."""
from __future__ import annotations

import json

import replylint
from replylint.engine import Linter

DRAFT = "---\nclient: Анна\nstudent: Миша\n---\nАнна, добрый день!\nСменить преподавателя не получится. Хорошего дня!\n"


def test_json_has_the_contract_shape_and_positions_count_front_matter(replylint, tmp_path):
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    proc = replylint("check", "--format", "json", "draft.txt", cwd=tmp_path)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["version"] == 1
    assert report["summary"] == {"files": 1, "errors": 2, "warnings": 0, "infos": 0}
    (entry,) = report["files"]
    assert entry["path"] == "draft.txt"
    rules = sorted(d["rule"] for d in entry["diagnostics"])
    assert rules == ["refusal-no-alternative", "refusal-no-reason"]
    d = entry["diagnostics"][0]
    assert set(d) == {"rule", "severity", "message", "line", "column", "end_line", "end_column", "start", "end", "match", "suggestions"}
    assert d["match"] == "не получится"
    assert DRAFT[d["start"] : d["end"]] == "не получится"
    assert (d["line"], d["column"], d["end_line"], d["end_column"]) == (6, 23, 6, 35)
    assert d["severity"] == "error" and d["suggestions"] == []


def test_positions_count_code_points_not_bytes(tmp_path):
    text = "😊 Сменить тариф не получится.\n"
    (d,) = [x for x in replylint.lint(text) if x.rule == "refusal-no-reason"]
    assert text[d.start : d.end] == "не получится"
    assert d.column == d.start + 1


def test_substitution_gives_the_replacement_as_a_suggestion(replylint, tmp_path):
    (tmp_path / "d.txt").write_text("Просим произвести оплату до пятницы.\n", encoding="utf-8")
    proc = replylint("check", "--format", "json", "d.txt", cwd=tmp_path)
    (d,) = json.loads(proc.stdout)["files"][0]["diagnostics"]
    assert d["rule"] == "bureaucratese" and d["severity"] == "info"
    assert d["match"] == "произвести оплату" and d["suggestions"] == ["оплатить"]
    assert proc.returncode == 0  # info does not fail the run by default


def test_text_output_marks_the_words_in_their_line(replylint, tmp_path):
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    proc = replylint("check", "draft.txt", cwd=tmp_path)
    lines = proc.stdout.splitlines()
    assert "draft.txt:6:23: error refusal-no-alternative" in proc.stdout
    i = next(i for i, l in enumerate(lines) if "Сменить преподавателя" in l)
    caret_line = lines[i + 1]
    assert caret_line.index("^") == lines[i].index("не получится")
    assert caret_line.count("^") == len("не получится")
    assert lines[-1].startswith("Проверено: 1 файл; 2 ошибки")
    assert "\x1b[" not in proc.stdout  # piped: no colour


def test_a_clean_draft_exits_0_and_says_so(replylint, tmp_path):
    (tmp_path / "ok.txt").write_text("Спасибо, деньги вернутся за 5 дней.\n", encoding="utf-8")
    proc = replylint("check", "ok.txt", cwd=tmp_path)
    assert proc.returncode == 0
    assert "замечаний нет" in proc.stdout


def test_fail_on_sets_the_exit_status(replylint, tmp_path):
    (tmp_path / "d.txt").write_text("Просим произвести оплату.\n", encoding="utf-8")
    assert replylint("check", "d.txt", cwd=tmp_path).returncode == 0
    assert replylint("check", "--fail-on", "info", "d.txt", cwd=tmp_path).returncode == 1
    (tmp_path / "e.txt").write_text("Сменить тариф не получится.\n", encoding="utf-8")
    assert replylint("check", "--fail-on", "never", "e.txt", cwd=tmp_path).returncode == 0


def test_options_win_over_front_matter(tmp_path):
    linter = Linter()
    diags = linter.check_text(DRAFT, context={"client": "Ольга"})
    assert all(d.rule for d in diags)  # context merges without error
    from replylint.read import parse_source

    source = parse_source(DRAFT, "d.txt")
    assert source.context.client == ("Анна",)
    merged = source.context.merged(__import__("replylint.context", fromlist=["Context"]).Context(client=("Ольга",)))
    assert merged.client == ("Ольга",) and merged.student == ("Миша",)


def test_stdin_is_read_with_dash(replylint, tmp_path):
    proc = replylint("check", "--format", "json", "-", stdin="Сменить тариф не получится.\n", cwd=tmp_path)
    report = json.loads(proc.stdout)
    assert report["files"][0]["path"] == "-"
    assert proc.returncode == 1


def test_front_matter_disable_switches_rules_off_for_that_file(replylint, tmp_path):
    (tmp_path / "d.txt").write_text("---\ndisable: [refusal-no-reason]\n---\nСменить тариф не получится.\n", encoding="utf-8")
    proc = replylint("check", "--format", "json", "d.txt", cwd=tmp_path)
    rules = {d["rule"] for d in json.loads(proc.stdout)["files"][0]["diagnostics"]}
    assert "refusal-no-reason" not in rules and "refusal-no-alternative" in rules


def test_the_python_api_is_the_same_engine():
    diags = replylint.lint("Сменить преподавателя не получится.")
    assert {d.rule for d in diags} >= {"refusal-no-reason", "refusal-no-alternative"}
    assert diags[0].to_dict()["match"] == "не получится"
