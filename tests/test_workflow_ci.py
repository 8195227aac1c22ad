"""The CI engineer: folders, macro collections, SARIF, GitHub annotations, statistics, pre-commit
(README: "For CI: macro templates")."""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

from conftest import REPLYLINT, REPO
from test_workflow_helpers import CLEAN, REFUSAL, TEAM_RULES, digest, one_line_error, team_config, write, write_team_rules


def report(proc) -> dict:
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    return json.loads(proc.stdout)


def at(file_text: str, d: dict) -> str:
    """The file's text from a diagnostic's line and column on."""
    return file_text.split("\n")[d["line"] - 1][d["column"] - 1 :]


# --- folders ------------------------------------------------------------------------------------


def test_folders_are_searched_recursively_in_a_stable_order(replylint, tmp_path):
    for name in ("b/z.txt", "a.md", "b/a/y.txt", "c.txt", "b/x.md", ".hidden/h.txt", "notes.rtf", "b/.secret.txt"):
        write(tmp_path / "macros" / name, REFUSAL)
    proc = replylint("check", "macros", "--format", "json", cwd=tmp_path)
    paths = [f["path"] for f in report(proc)["files"]]
    # sorted by path, folder by folder; hidden files and folders and other suffixes left out
    assert paths == ["macros/a.md", "macros/b/a/y.txt", "macros/b/x.md", "macros/b/z.txt", "macros/c.txt"]
    again = [f["path"] for f in report(replylint("check", "macros", "--format", "json", cwd=tmp_path))["files"]]
    assert again == paths
    # files named on the command line come in the order given, whatever their suffix
    write(tmp_path / "one.rtf", CLEAN)
    proc = replylint("check", "macros/c.txt", "one.rtf", "macros/a.md", "--format", "json", cwd=tmp_path)
    assert [f["path"] for f in report(proc)["files"]] == ["macros/c.txt", "one.rtf", "macros/a.md"]


def test_a_folder_with_nothing_to_check_is_warned_about(replylint, tmp_path):
    write(tmp_path / "macros" / "a.rtf", REFUSAL)
    proc = replylint("check", "macros", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stderr == "replylint: предупреждение: macros: в папке нет файлов *.txt, *.md\n"
    assert proc.stdout.strip() == "Проверено: 0 файлов, замечаний нет."


def test_missing_folder(replylint, tmp_path):
    one_line_error(replylint("check", "nowhere/", cwd=tmp_path), "nowhere", "нет такого файла или папки")


# --- macro collections --------------------------------------------------------------------------

YAML_COLLECTION = """\
# our macros
- id: refund
  title: Возврат
  text: |
    Здравствуйте, {{name}}!
    Вернуть деньги не получится.
- id: folded
  body: >
    Здравствуйте!
    Сменить преподавателя
    не получится.
- name: plain
  content: Увы, сменить
    преподавателя не получится.
- id: single
  text: 'Это ''важно'': сменить преподавателя не получится.'
- id: double
  text: "Увы,\\tсменить преподавателя не получится.\\nХорошего дня!"
- id: escaped
  text: "Увы, сменить преподавателя \\u043d\\u0435 получится."
- title: Без номера
  text: Спасибо, что написали нам.
"""


def test_yaml_collection_is_checked_template_by_template(replylint, tmp_path):
    team_config(tmp_path)
    path = write(tmp_path / "macros.yaml", YAML_COLLECTION)
    proc = replylint("check", "macros.yaml", "--format", "json", cwd=tmp_path)
    files = report(proc)["files"]
    assert [f["path"] for f in files] == [
        "macros.yaml#refund", "macros.yaml#folded", "macros.yaml#plain", "macros.yaml#single",
        "macros.yaml#double", "macros.yaml#escaped", "macros.yaml#Без номера",
    ]
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    for f in files[:5]:
        d = next(d for d in f["diagnostics"] if d["rule"] == "team-cannot")
        assert d["match"] == "не получится", f["path"]
        assert at(text, d).startswith("не получится"), (f["path"], d)
        # start/end are offsets into the collection file too
        assert text[d["start"] : d["end"]] == "не получится"
        assert (d["end_line"], d["end_column"]) == (d["line"], d["column"] + len("не получится"))
    assert lines[files[0]["diagnostics"][0]["line"] - 1].strip() == "Вернуть деньги не получится."
    # an escape: the finding starts at the escape itself
    d = next(d for d in files[5]["diagnostics"] if d["rule"] == "team-cannot")
    assert at(text, d).startswith("\\u043d\\u0435 получится")
    assert d["match"] == "не получится"
    assert files[6]["diagnostics"] == []


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_yaml_collection_with_crlf_and_a_block_with_more_indentation(replylint, tmp_path, newline):
    team_config(tmp_path)
    source = "- id: a\n  text: |2\n     Здравствуйте!\n      Сменить преподавателя не получится.\n"
    source += "- id: b\n  text: >-\n    Здравствуйте!\n\n    Сменить\n    преподавателя   не получится.\n"
    path = tmp_path / "m.yml"
    path.write_bytes(source.replace("\n", newline).encode("utf-8"))
    text = path.read_bytes().decode("utf-8")
    files = report(replylint("check", "m.yml", "--format", "json", cwd=tmp_path))["files"]
    assert len(files) == 2
    for f in files:
        d = next(d for d in f["diagnostics"] if d["rule"] == "team-cannot")
        assert at(text, d).startswith("не получится"), f["path"]


def test_json_collection_with_escapes(replylint, tmp_path):
    team_config(tmp_path)
    items = [
        {"id": 1, "title": "Отказ", "text": "Привет!\nСменить преподавателя не получится."},
        {"name": "escaped", "body": "Увы, сменить преподавателя не получится. 😊"},
    ]
    raw = json.dumps(items, ensure_ascii=False, indent=1)
    raw = raw.replace("не получится. 😊", "\\u043d\\u0435 получится. \\ud83d\\ude0a")
    path = write(tmp_path / "macros.json", raw)
    files = report(replylint("check", "macros.json", "--format", "json", cwd=tmp_path))["files"]
    assert [f["path"] for f in files] == ["macros.json#1", "macros.json#escaped"]
    text = path.read_text(encoding="utf-8")
    d0 = next(d for d in files[0]["diagnostics"] if d["rule"] == "team-cannot")
    assert at(text, d0).startswith("не получится")  # after a \n escape, still on the string's line
    d1 = next(d for d in files[1]["diagnostics"] if d["rule"] == "team-cannot")
    assert at(text, d1).startswith("\\u043d\\u0435 получится")
    assert d1["match"] == "не получится"


def test_zendesk_export(replylint, tmp_path):
    team_config(tmp_path)
    export = {
        "macros": [
            {
                "id": 360001,
                "title": "Отказ",
                "actions": [
                    {"field": "status", "value": "solved"},
                    {"field": "comment_value_html", "value": "<p>Здравствуйте!</p><p>Сменить&nbsp;преподавателя не получится.</p>"},
                ],
            },
            {"id": 360002, "title": "Текст", "actions": [{"field": "comment_value", "value": ["channel:all", "Сменить преподавателя не получится."]}]},
            {"id": 360003, "title": "Только статус", "actions": [{"field": "status", "value": "open"}]},
        ],
        "count": 3,
    }
    path = write(tmp_path / "zendesk.json", json.dumps(export, ensure_ascii=False, indent=2))
    files = report(replylint("check", "zendesk.json", "--format", "json", cwd=tmp_path))["files"]
    assert [f["path"] for f in files] == ["zendesk.json#360001", "zendesk.json#360002", "zendesk.json#360003"]
    text = path.read_text(encoding="utf-8")
    for f in files[:2]:
        d = next(d for d in f["diagnostics"] if d["rule"] == "team-cannot")
        assert at(text, d).startswith("не получится"), f["path"]
    assert files[2]["diagnostics"] == []


def test_collections_are_templates_unless_the_mode_says_otherwise(replylint, tmp_path):
    team = write_team_rules(tmp_path / "team")
    write(team / "team-banana.yaml", TEAM_RULES["team-banana.yaml"].replace("kind: existence", "modes: [template]\nkind: existence"))
    write(tmp_path / "m.yaml", "- id: a\n  text: Купите банан.\n")
    write(tmp_path / "d.txt", "Купите банан.\n")
    rules = lambda *a: [d["rule"] for f in report(replylint("check", *a, "--rules", "team", "--format", "json", cwd=tmp_path))["files"] for d in f["diagnostics"]]  # noqa: E731
    assert rules("m.yaml") == ["team-banana"]
    assert rules("d.txt") == []
    assert rules("m.yaml", "--mode", "draft") == []
    write(tmp_path / ".replylint.yaml", 'modes:\n  - files: "*.yaml"\n    mode: draft\n')
    assert rules("m.yaml") == []


def test_collections_in_folders_when_include_names_them(replylint, tmp_path):
    write(tmp_path / "macros" / "a.txt", REFUSAL)
    write(tmp_path / "macros" / "sub" / "b.yaml", "- id: x\n  text: Сменить преподавателя не получится.\n")
    paths = lambda: [f["path"] for f in report(replylint("check", "macros", "--format", "json", cwd=tmp_path))["files"]]  # noqa: E731
    assert paths() == ["macros/a.txt"]
    write(tmp_path / ".replylint.yaml", 'include: ["*.txt", "*.yaml"]\n')
    assert paths() == ["macros/a.txt", "macros/sub/b.yaml#x"]


def test_text_report_shows_the_collection_line(replylint, tmp_path):
    team_config(tmp_path)
    write(tmp_path / "macros.yaml", YAML_COLLECTION)
    proc = replylint("check", "macros.yaml", cwd=tmp_path)
    assert proc.returncode == 1
    assert "macros.yaml#refund:6:20: error team-cannot Отказ: «не получится»." in proc.stdout
    assert "    6 |     Вернуть деньги не получится." in proc.stdout


@pytest.mark.parametrize(
    "name, text, where, what",
    [
        ("m.yaml", "- id: a\n  text: ok\n- id: b\n  text: [oops\n", "m.yaml:", "YAML не читается"),
        ("m.yaml", "- id: a\n  text: ok\n- id: b\n  title: no text here\n", "m.yaml:3:", "нет ни text"),
        ("m.yaml", "- id: a\n  text: 42\n", "m.yaml:2:", "'text' должен быть текстом"),
        ("m.yaml", "just a line of text\n", "m.yaml:1:", "не коллекция макросов"),
        ("m.yaml", "- id: a\n  text: ok\n- plain string\n", "m.yaml:3:", "словарь с id"),
        ("m.json", '[\n {"id": 1, "text": "ok"},\n {"id": 2 "text": "x"}\n]\n', "m.json:3:", "JSON не читается"),
        ("m.json", '{"macros": {"id": 1}}', "m.json:1:", "списком"),
        ("m.json", '[{"id": 1, "actions": [{"field": "comment_value", "value": 5}]}]', "m.json:1:", "comment_value"),
    ],
)
def test_a_broken_collection_is_named_and_the_other_files_are_still_checked(replylint, tmp_path, name, text, where, what):
    write(tmp_path / name, text)
    write(tmp_path / "ok.txt", CLEAN)
    one_line_error(replylint("check", name, cwd=tmp_path), where, what)
    proc = replylint("check", "ok.txt", name, "--format", "json", cwd=tmp_path)
    assert proc.returncode == 2 and where in proc.stderr and what in proc.stderr
    assert [f["path"] for f in json.loads(proc.stdout)["files"]] == ["ok.txt"]


def test_collections_are_never_modified(replylint, tmp_path):
    write(tmp_path / "macros.yaml", YAML_COLLECTION)
    write(tmp_path / "z.json", '[{"id": 1, "text": "Сменить преподавателя \\u043d\\u0435 получится."}]')
    before = digest(tmp_path)
    for fmt in ("text", "json", "sarif", "github"):
        assert replylint("check", "macros.yaml", "z.json", "--format", fmt, cwd=tmp_path).returncode == 1
    assert digest(tmp_path) == before


# --- SARIF --------------------------------------------------------------------------------------


def test_sarif_is_valid_against_the_sarif_2_1_0_schema(replylint, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    write_team_rules(tmp_path / "team")
    write(tmp_path / "drafts" / "a.txt", "---\nclient: Анна\n---\n" + REFUSAL + "Купите банан и дыню.\n")
    write(tmp_path / "drafts" / "clean.txt", CLEAN)
    write(tmp_path / "macros.yaml", YAML_COLLECTION)
    proc = replylint("check", "drafts", "macros.yaml", "--rules", "team", "--format", "sarif", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    log = json.loads(proc.stdout)
    jsonschema.validators.validator_for(schema)(schema).validate(log)

    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "replylint" and driver["version"] and driver["informationUri"].startswith("https://")
    in_force = replylint("rules", "--rules", "team", cwd=tmp_path).stdout.split("\n")
    ids = [line.split()[0] for line in in_force if line.strip()]  # one line a rule, the id first
    assert [r["id"] for r in driver["rules"]] == ids
    for r in driver["rules"]:
        assert r["name"] and r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
    results = run["results"]
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["team-cannot"] == "error"
    assert levels["team-banana"] == "warning"
    assert levels["team-melon"] == "note"
    first = next(r for r in results if r["ruleId"] == "team-cannot")
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "drafts/a.txt"
    assert (loc["region"]["startLine"], loc["region"]["startColumn"]) == (4, 23)
    assert (loc["region"]["endLine"], loc["region"]["endColumn"]) == (4, 35)
    assert driver["rules"][first["ruleIndex"]]["id"] == "team-cannot"
    template = next(r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "macros.yaml")
    assert template["locations"][0]["physicalLocation"]["region"]["startLine"] == 6


def test_sarif_with_no_findings_is_valid(replylint, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    write(tmp_path / "a.txt", CLEAN)
    proc = replylint("check", "a.txt", "--format", "sarif", cwd=tmp_path)
    assert proc.returncode == 0
    log = json.loads(proc.stdout)
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert log["runs"][0]["results"] == []


# --- GitHub annotations -------------------------------------------------------------------------


def test_github_workflow_commands(replylint, tmp_path):
    team = write_team_rules(tmp_path / "team")
    write(team / "team-pct.yaml", TEAM_RULES["team-banana.yaml"].replace("id: team-banana", "id: team-pct").replace(
        'message: "Не пишите «{match}»."', 'message: "100% не «{match}»:\\nвторая строка, 50%"'))
    write(tmp_path / "a,b:c.txt", "Купите банан и дыню.\n")
    write(tmp_path / "d.txt", REFUSAL)
    proc = replylint("check", "d.txt", "a,b:c.txt", "--rules", "team", "--disable", "team-banana", "--format", "github", cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert "::error file=d.txt,line=1,col=23,endLine=1,endColumn=35,title=team-cannot::Отказ: «не получится»." in lines
    assert "::warning file=a%2Cb%3Ac.txt,line=1,col=8,endLine=1,endColumn=13,title=team-pct::100%25 не «банан»:%0Aвторая строка, 50%25" in lines
    assert any(line.startswith("::notice file=a%2Cb%3Ac.txt,line=1,col=16,") and "title=team-melon::" in line for line in lines)
    assert all(line.startswith("::") for line in lines)


def test_github_annotations_for_a_collection_point_at_the_file(replylint, tmp_path):
    team_config(tmp_path)
    write(tmp_path / "macros.yaml", YAML_COLLECTION)
    lines = replylint("check", "macros.yaml", "--format", "github", cwd=tmp_path).stdout.splitlines()
    line = next(line for line in lines if "title=team-cannot" in line)
    assert line.startswith("::error file=macros.yaml,line=6,col=20,")
    assert "[macros.yaml#refund]" in line


# --- statistics ---------------------------------------------------------------------------------


def test_statistics_after_the_report(replylint, tmp_path):
    write_team_rules(tmp_path / "team")
    write(tmp_path / "a.txt", "Купите банан. Купите ещё банан. Купите дыню.\n")
    proc = replylint("check", "a.txt", "--rules", "team", "--statistics", "--fail-on", "never", cwd=tmp_path)
    assert proc.returncode == 0
    lines = proc.stdout.rstrip("\n").splitlines()
    assert lines[-3].startswith("Проверено: 1 файл;")
    assert re.match(r"^2\s+team-banana\s+warning\s+a banana, for tests$", lines[-2])
    assert re.match(r"^1\s+team-melon\s+info\s+a melon, for tests$", lines[-1])
    # machine-readable formats keep stdout clean: the statistics go to stderr
    proc = replylint("check", "a.txt", "--rules", "team", "--statistics", "--format", "json", cwd=tmp_path)
    json.loads(proc.stdout)
    assert "team-banana" in proc.stderr


# --- pre-commit ---------------------------------------------------------------------------------


def test_pre_commit_hook_entry_runs_on_sample_files(tmp_path):
    import subprocess

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "replylint")
    assert hook["language"] == "python"
    assert hook["entry"].split()[:2] == ["replylint", "check"]
    staged = {
        "macros/good.txt": CLEAN,
        "macros/bad.md": REFUSAL,
        "README.rst": REFUSAL,  # not matched by `files`
        "data.json": "[]",
    }
    for name, text in staged.items():
        write(tmp_path / name, text)
    team_config(tmp_path)
    matched = sorted(name for name in staged if re.search(hook["files"], name))
    assert matched == ["macros/bad.md", "macros/good.txt"]
    command = shlex.split(hook["entry"])
    command[0] = str(REPLYLINT)
    before = digest(tmp_path)
    proc = subprocess.run([*command, *hook.get("args", []), *matched], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr  # the commit is refused
    assert "macros/bad.md:1:23: error team-cannot " in proc.stdout
    assert "macros/good.txt" not in proc.stdout.split("Проверено")[0]
    clean = subprocess.run([*command, "macros/good.txt"], cwd=tmp_path, capture_output=True, text=True)
    assert clean.returncode == 0
    assert digest(tmp_path) == before


def test_other_collection_shapes(replylint, tmp_path):
    team_config(tmp_path)
    write(tmp_path / "map.yaml", "welcome: Здравствуйте!\nrefusal: Сменить преподавателя не получится.\n")
    write(tmp_path / "one.yml", "id: single\ntext: Сменить преподавателя не получится.\n")
    write(tmp_path / "noid.json", '[{"text": "Здравствуйте!"}, {"body": "Сменить преподавателя не получится."}]')
    files = report(replylint("check", "map.yaml", "one.yml", "noid.json", "--format", "json", cwd=tmp_path))["files"]
    assert [f["path"] for f in files] == ["map.yaml#welcome", "map.yaml#refusal", "one.yml#single", "noid.json#1", "noid.json#2"]
    assert [bool(f["diagnostics"]) for f in files] == [False, True, True, False, True]
    assert files[1]["diagnostics"][0]["line"] == 2


def test_a_bad_rule_file_stops_check_with_file_and_line(replylint, tmp_path):
    write(tmp_path / "team" / "r.yaml", TEAM_RULES["team-banana.yaml"].replace("kind: existence", "kind: existance"))
    write(tmp_path / "a.txt", CLEAN)
    one_line_error(replylint("check", "a.txt", "--rules", "team", cwd=tmp_path), "r.yaml:", "existance")
    write(tmp_path / "team" / "r.yaml", TEAM_RULES["team-banana.yaml"].replace("  - банан", "  - бананообразныйщ"))
    one_line_error(replylint("check", "a.txt", "--rules", "team", cwd=tmp_path), "r.yaml:", "бананообразныйщ")


def test_github_annotation_over_two_lines_has_no_columns(replylint, tmp_path):
    rule = TEAM_RULES["team-banana.yaml"].replace("id: team-banana", "id: team-buy").replace("  - банан", "  - купить банан")
    write(tmp_path / "team" / "r.yaml", rule)
    write(tmp_path / "a.txt", "Купите\nбанан.\n")
    proc = replylint("check", "a.txt", "--rules", "team", "--format", "github", cwd=tmp_path)
    assert proc.stdout == "::warning file=a.txt,line=1,endLine=2,title=team-buy::Не пишите «Купите%0Aбанан».\n"


def test_a_yaml_value_that_does_not_fit_its_tag_is_a_broken_file(replylint, tmp_path):
    write(tmp_path / "m.yaml", "- id: a\n  text: !!bool maybe\n")
    one_line_error(replylint("check", "m.yaml", cwd=tmp_path), "m.yaml", "YAML не читается")
    write(tmp_path / "d.txt", "---\nclient: !!int Анна\n---\nТекст\n")
    one_line_error(replylint("check", "d.txt", cwd=tmp_path), "d.txt", "YAML не читается")
