"""The team lead: .replylint.yaml, team rule folders, front matter disable, test-rules and init
(README: "For team leads")."""
from __future__ import annotations

import json

from test_workflow_helpers import REFUSAL, TEAM_RULES, digest, one_line_error, write, write_team_rules


def rules_found(proc) -> list[str]:
    assert proc.returncode in (0, 1), proc.stderr
    return [d["rule"] for f in json.loads(proc.stdout)["files"] for d in f["diagnostics"]]


# --- finding the config -------------------------------------------------------------------------


def test_config_in_a_folder_above_applies_with_paths_relative_to_it(replylint, tmp_path):
    write_team_rules(tmp_path / "team-rules")
    write(tmp_path / ".replylint.yaml", "rules: [team-rules/]\nfail_on: warning\n")
    sub = tmp_path / "drafts" / "today"
    write(sub / "a.txt", "Купите банан.\n")
    proc = replylint("check", "a.txt", cwd=sub)
    assert proc.returncode == 1, proc.stdout + proc.stderr  # fail_on: warning from the config
    assert "a.txt:1:8: warning team-banana" in proc.stdout
    # --fail-on wins over the config
    assert replylint("check", "a.txt", "--fail-on", "error", cwd=sub).returncode == 0


def test_config_option_names_a_file_elsewhere(replylint, tmp_path):
    write_team_rules(tmp_path / "conf" / "rules")
    write(tmp_path / "conf" / "team.yaml", "rules: [rules]\ndisable: [team-melon]\n")
    write(tmp_path / "work" / "a.txt", "Купите банан и дыню.\n")
    found = rules_found(replylint("check", "a.txt", "--config", "../conf/team.yaml", "--format", "json", cwd=tmp_path / "work"))
    assert found == ["team-banana"]


def test_missing_config_file(replylint, tmp_path):
    write(tmp_path / "a.txt", "Текст.\n")
    one_line_error(replylint("check", "a.txt", "--config", "nope.yaml", cwd=tmp_path), "nope.yaml", "нет такого файла")


def test_rules_option_adds_a_folder_and_enable_switches_an_opt_in_rule_on(replylint, tmp_path):
    team = write_team_rules(tmp_path / "team")
    write(team / "team-melon.yaml", TEAM_RULES["team-melon.yaml"].replace("kind: existence", "enabled: false\nkind: existence"))
    write(tmp_path / "a.txt", "Купите банан и дыню.\n")
    assert rules_found(replylint("check", "a.txt", "--rules", "team", "--format", "json", cwd=tmp_path)) == ["team-banana"]
    both = rules_found(replylint("check", "a.txt", "--rules", "team", "--enable", "team-melon", "--format", "json", cwd=tmp_path))
    assert both == ["team-banana", "team-melon"]
    write(tmp_path / ".replylint.yaml", "rules: [team]\nenable: [team-melon]\n")
    assert rules_found(replylint("check", "a.txt", "--format", "json", cwd=tmp_path)) == ["team-banana", "team-melon"]


def test_disable_severity_and_options(replylint, tmp_path):
    write_team_rules(tmp_path / "team-rules")
    long = "Мы проверили вашу заявку и посмотрели историю платежей за последние три месяца и увидели что один платёж действительно прошёл дважды но второй банк ещё не подтвердил.\n"
    write(tmp_path / "a.txt", "Купите банан и дыню.\n" + long)
    write(
        tmp_path / ".replylint.yaml",
        "rules: [team-rules/]\n"
        "disable: [team-melon]\n"
        "severity: {team-banana: error}\n"
        "options:\n  long-sentence: {max_words: 10}\n",
    )
    proc = replylint("check", "a.txt", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1
    diags = json.loads(proc.stdout)["files"][0]["diagnostics"]
    by_rule = {d["rule"]: d for d in diags}
    assert "team-melon" not in by_rule
    assert by_rule["team-banana"]["severity"] == "error"
    assert "long-sentence" in by_rule  # 27 words > 10
    # --disable on the command line too
    assert "team-banana" not in rules_found(replylint("check", "a.txt", "--disable", "team-banana", "--format", "json", cwd=tmp_path))


def test_modes_per_glob_relative_to_the_config(replylint, tmp_path):
    team = write_team_rules(tmp_path / "team-rules")
    write(team / "team-banana.yaml", TEAM_RULES["team-banana.yaml"].replace("kind: existence", "modes: [template]\nkind: existence"))
    write(tmp_path / ".replylint.yaml", 'rules: [team-rules/]\nmodes:\n  - files: "./macros/**"\n    mode: template\n')
    write(tmp_path / "macros" / "deep" / "m.txt", "Купите банан.\n")
    write(tmp_path / "drafts" / "d.txt", "Купите банан.\n")
    proc = replylint("check", "macros", "drafts", "--format", "json", cwd=tmp_path)
    files = {f["path"]: [d["rule"] for d in f["diagnostics"]] for f in json.loads(proc.stdout)["files"]}
    assert files == {"macros/deep/m.txt": ["team-banana"], "drafts/d.txt": []}
    # the same from a subfolder: globs are relative to the config's folder
    proc = replylint("check", "m.txt", "--format", "json", cwd=tmp_path / "macros" / "deep")
    assert rules_found(proc) == ["team-banana"]
    # --mode wins over the config
    assert rules_found(replylint("check", "drafts/d.txt", "--mode", "template", "--format", "json", cwd=tmp_path)) == ["team-banana"]


def test_include_globs(replylint, tmp_path):
    write(tmp_path / ".replylint.yaml", 'include: ["*.draft"]\n')
    write(tmp_path / "in" / "a.draft", REFUSAL)
    write(tmp_path / "in" / "b.txt", REFUSAL)
    proc = replylint("check", "in", "--format", "json", cwd=tmp_path)
    assert [f["path"] for f in json.loads(proc.stdout)["files"]] == ["in/a.draft"]


def test_config_placeholders_reach_the_placeholder_rule(replylint, tmp_path):
    write(tmp_path / "d.txt", "Здравствуйте, $CLIENT$! Спасибо, что написали нам.\n")
    assert "unfilled-placeholder" not in rules_found(replylint("check", "d.txt", "--format", "json", cwd=tmp_path))
    write(tmp_path / ".replylint.yaml", "placeholders: ['\\$[A-Z_]+\\$']\n")
    proc = replylint("check", "d.txt", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1
    d = json.loads(proc.stdout)["files"][0]["diagnostics"][0]
    assert (d["rule"], d["match"]) == ("unfilled-placeholder", "$CLIENT$")
    # in a template the placeholder is where it belongs
    assert "unfilled-placeholder" not in rules_found(replylint("check", "d.txt", "--mode", "template", "--format", "json", cwd=tmp_path))


def test_placeholders_must_be_regular_expressions(replylint, tmp_path):
    write(tmp_path / ".replylint.yaml", "placeholders:\n  - '\\$[A-Z]+\\$'\n  - '(['\n")
    write(tmp_path / "a.txt", "Текст.\n")
    one_line_error(replylint("check", "a.txt", cwd=tmp_path), ".replylint.yaml:3:", "placeholders")
    write(tmp_path / ".replylint.yaml", "placeholders:\n  - '\\$[A-Z]+\\$'\n")
    assert replylint("check", "a.txt", cwd=tmp_path).returncode == 0


# --- a wrong key or value: exit 2 with the file, the line and the close valid keys ---------------


def _bad_config(replylint, tmp_path, text):
    write(tmp_path / ".replylint.yaml", text)
    write(tmp_path / "a.txt", "Текст.\n")
    return replylint("check", "a.txt", cwd=tmp_path)


def test_unknown_key_suggests_the_close_one(replylint, tmp_path):
    proc = _bad_config(replylint, tmp_path, "fail_on: error\ndisabel: [long-sentence]\n")
    one_line_error(proc, ".replylint.yaml:2:", "'disabel'", "'disable'")


def test_unknown_rule_id_in_severity_names_its_line(replylint, tmp_path):
    proc = _bad_config(replylint, tmp_path, "severity:\n  long-sentence: info\n  long-sentense: info\n")
    one_line_error(proc, ".replylint.yaml:3:", "'long-sentense'", "long-sentence")


def test_unknown_rule_id_in_disable(replylint, tmp_path):
    proc = _bad_config(replylint, tmp_path, "disable:\n  - long-sentence\n  - refusal-no-reasn\n")
    one_line_error(proc, ".replylint.yaml:3:", "'refusal-no-reasn'", "refusal-no-reason")


def test_bad_values(replylint, tmp_path):
    one_line_error(_bad_config(replylint, tmp_path, "fail_on: sometimes\n"), ".replylint.yaml:1:", "fail_on", "never")
    one_line_error(_bad_config(replylint, tmp_path, "x: 1\nseverity: {long-sentence: loud}\n"), ".replylint.yaml:1:", "'x'")
    one_line_error(_bad_config(replylint, tmp_path, "severity: {long-sentence: loud}\n"), ".replylint.yaml:1:", "'loud'")
    one_line_error(_bad_config(replylint, tmp_path, "modes:\n  - files: a/**\n    mode: draftt\n"), ".replylint.yaml:2:", "draftt")
    one_line_error(_bad_config(replylint, tmp_path, "modes:\n  - file: a/**\n    mode: template\n"), ".replylint.yaml:2:", "'file'", "'files'")
    one_line_error(_bad_config(replylint, tmp_path, "modes:\n  - files: a/**\n"), ".replylint.yaml:2:", "'files' и 'mode'")
    one_line_error(_bad_config(replylint, tmp_path, "rules: 3\n"), ".replylint.yaml:1:", "rules")
    one_line_error(_bad_config(replylint, tmp_path, "fail_on: error\nrules:\n  - nowhere/\n"), ".replylint.yaml:3:", "nowhere", "нет файла или папки правил")
    one_line_error(_bad_config(replylint, tmp_path, "include: []\n"), ".replylint.yaml:1:", "include")
    one_line_error(_bad_config(replylint, tmp_path, "disable: [a\n"), ".replylint.yaml:", "YAML не читается")


def test_bad_options(replylint, tmp_path):
    proc = _bad_config(replylint, tmp_path, "options:\n  long-sentence:\n    max_wrds: 20\n")
    one_line_error(proc, ".replylint.yaml:3:", "max_wrds", "max_words")
    proc = _bad_config(replylint, tmp_path, "options:\n  long-sentence:\n    max_words: many\n")
    one_line_error(proc, ".replylint.yaml:3:", "max_words", "числом")


# --- per-file disable in front matter ------------------------------------------------------------


def test_front_matter_disable(replylint, tmp_path):
    write(tmp_path / "a.txt", "---\ndisable: [refusal-no-reason]\n---\n" + REFUSAL)
    found = rules_found(replylint("check", "a.txt", "--format", "json", cwd=tmp_path))
    assert "refusal-no-reason" not in found and "refusal-no-alternative" in found
    write(tmp_path / "b.txt", "---\nclient: Анна\ndisable: [refusal-no-reasn]\n---\n" + REFUSAL)
    one_line_error(replylint("check", "b.txt", cwd=tmp_path), "b.txt:3:", "refusal-no-reasn", "refusal-no-reason")


# --- test-rules ---------------------------------------------------------------------------------


def test_test_rules_on_a_team_folder(replylint, tmp_path):
    write_team_rules(tmp_path / "team")
    proc = replylint("test-rules", "team", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("Проверено: 3 правила, 6 примеров; прошли проверку: 6, не прошли: 0.")


def test_test_rules_names_each_failing_example(replylint, tmp_path):
    team = write_team_rules(tmp_path / "team")
    text = TEAM_RULES["team-banana.yaml"].replace("    - Купите яблоко.", "    - Купите яблоко.\n    - Бананы кончились.")
    text = text.replace("    - Купите банан.", "    - Купите банан.\n    - Купите грушу.")
    write(team / "team-banana.yaml", text)
    proc = replylint("test-rules", "team", cwd=tmp_path)
    assert proc.returncode == 1
    fails = [line for line in proc.stdout.splitlines() if line.startswith("НЕ ПРОШЁЛ")]
    assert len(fails) == 2, proc.stdout
    flag = next(line for line in fails if "грушу" in line)
    assert "team-banana.yaml:" in flag and "team-banana" in flag and "ожидалось замечание" in flag and "замечания нет" in flag
    passing = next(line for line in fails if "Бананы" in line)
    assert "ожидалось без замечаний" in passing and "Бананы" in passing
    assert "не прошли: 2." in proc.stdout


def test_test_rules_bad_rule_file_names_file_and_line(replylint, tmp_path):
    write(tmp_path / "team" / "r.yaml", TEAM_RULES["team-banana.yaml"].replace("severity: warning", "severity: loud"))
    proc = replylint("test-rules", "team", cwd=tmp_path)
    one_line_error(proc, "r.yaml:2", "severity")


def test_test_rules_without_a_path_runs_the_builtin_rules(replylint, tmp_path):
    """(Whether they all pass is tests/test_rule_examples.py's business.)"""
    import re

    proc = replylint("test-rules", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    count = int(re.search(r"^Проверено: (\d+) правил", proc.stdout, re.M).group(1))
    assert count >= 5
    assert count == len([line for line in replylint("rules", "--all", cwd=tmp_path).stdout.splitlines() if line.strip()])


# --- init ---------------------------------------------------------------------------------------


def test_init_writes_a_config_and_a_team_rule_that_work(replylint, tmp_path):
    proc = replylint("init", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    config = (tmp_path / ".replylint.yaml").read_text(encoding="utf-8")
    assert config.count("#") > 10  # commented
    assert (tmp_path / "team-rules" / "no-weekend-promise.yaml").is_file()
    proc = replylint("test-rules", "team-rules", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "не прошли: 0." in proc.stdout
    write(tmp_path / "macros" / "m.txt", "Здравствуйте, {{name}}! Перезвоним вам в субботу.\n")
    proc = replylint("check", "macros", "--format", "json", cwd=tmp_path)
    assert "no-weekend-promise" in rules_found(proc)
    assert "no-weekend-promise" in replylint("rules", cwd=tmp_path).stdout


def test_init_refuses_to_overwrite(replylint, tmp_path):
    write(tmp_path / ".replylint.yaml", "fail_on: warning\n")
    before = digest(tmp_path)
    proc = replylint("init", cwd=tmp_path)
    one_line_error(proc, ".replylint.yaml", "уже есть")
    assert digest(tmp_path) == before
    assert not (tmp_path / "team-rules").exists()


def test_an_error_in_a_config_above_names_it_from_here(replylint, tmp_path):
    write(tmp_path / ".replylint.yaml", "fail_on: error\nseverty: {}\n")
    write(tmp_path / "drafts" / "today" / "a.txt", "Текст.\n")
    proc = replylint("check", "a.txt", cwd=tmp_path / "drafts" / "today")
    one_line_error(proc, "../../.replylint.yaml:2:", "'severty'", "'severity'")
