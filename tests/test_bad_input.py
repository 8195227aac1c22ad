"""Bad input stops the run with one line naming the file (and line), exit status 2, no traceback,
and nothing on stdout: no half-written report."""
from __future__ import annotations


import pytest


def assert_one_line_error(proc, *fragments: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_missing_file(replylint, tmp_path):
    assert_one_line_error(replylint("check", "nope.txt", cwd=tmp_path), "nope.txt", "нет такого файла")


def test_binary_file(replylint, tmp_path):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_one_line_error(replylint("check", "photo.txt", cwd=tmp_path), "photo.txt", "двоичный файл")


def test_non_utf8_file_names_the_line(replylint, tmp_path):
    (tmp_path / "cp1251.txt").write_bytes("Привет\nДобрый день\n".encode("utf-8") + "Ваш урок".encode("cp1251"))
    assert_one_line_error(replylint("check", "cp1251.txt", cwd=tmp_path), "cp1251.txt:3:", "не текст UTF-8", "похоже на cp1251")


def test_broken_front_matter_names_the_line(replylint, tmp_path):
    (tmp_path / "d.txt").write_text("---\nclient: Анна\nlesson: [oops\n---\nТекст\n", encoding="utf-8")
    proc = replylint("check", "d.txt", cwd=tmp_path)
    assert_one_line_error(proc, "d.txt:", "YAML не читается")


def test_unclosed_front_matter(replylint, tmp_path):
    (tmp_path / "d.txt").write_text("---\nclient: Анна\nТекст без конца\n", encoding="utf-8")
    assert_one_line_error(replylint("check", "d.txt", cwd=tmp_path), "d.txt:1:", "не закрыт")


def test_unknown_front_matter_key_suggests_the_close_one(replylint, tmp_path):
    (tmp_path / "d.txt").write_text("---\nclient: Анна\nstudnet: Миша\n---\nТекст\n", encoding="utf-8")
    assert_one_line_error(replylint("check", "d.txt", cwd=tmp_path), "d.txt:3:", "'studnet'", "'student'")


def test_bad_lesson_value(replylint, tmp_path):
    (tmp_path / "d.txt").write_text('---\nlesson: "завтра вечером"\n---\nТекст\n', encoding="utf-8")
    assert_one_line_error(replylint("check", "d.txt", cwd=tmp_path), "d.txt:2:", "lesson")


def test_one_bad_file_among_good_ones_is_named_and_the_others_are_reported(replylint, tmp_path):
    """The contract's partial run: the unreadable file on stderr with a hint, every other file
    checked and reported, exit 2 whatever the findings."""
    (tmp_path / "a.txt").write_text("Сменить преподавателя не получится.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "c.txt").write_bytes("Здравствуйте!\nВаш урок перенесён на завтра.\n".encode("cp1251"))
    (tmp_path / "d.txt").write_text("Спасибо, деньги вернутся за 5 дней.\n", encoding="utf-8")
    proc = replylint("check", "a.txt", "b.txt", "c.txt", "d.txt", "nope.txt", cwd=tmp_path)
    assert proc.returncode == 2
    errors = proc.stderr.splitlines()
    assert errors == [
        "replylint: b.txt: двоичный файл, а не текст UTF-8",
        "replylint: c.txt:1: не текст UTF-8 (байт 0xc7); похоже на cp1251: перекодируйте в UTF-8",
        "replylint: nope.txt: нет такого файла или папки",
    ]
    assert "a.txt:1:23: error refusal-no-reason" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "Проверено: 2 файла; 2 ошибки, 0 предупреждений, 0 советов (не проверено: 3 файла)."
    # the same in a folder, checked in parallel, in JSON
    (tmp_path / "nope.txt").write_bytes(b"\xff\xfe\x00\x00")
    proc = replylint("check", ".", "--jobs", "2", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 3
    import json

    assert [f["path"] for f in json.loads(proc.stdout)["files"]] == ["a.txt", "d.txt"]


RULE_HEADER = """\
id: my-rule
severity: warning
message: "Не пишите «{match}»."
principle: {name: Прозрачность, source: 000_a60251a68827976a.txt}
explain: Потому что.
kind: existence
"""
EXAMPLES = """\
examples:
  flag: [Срочно оплатите.]
  pass: [Оплатите до пятницы.]
"""


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        (RULE_HEADER + "patterns: [срочно]\n" + EXAMPLES + "colour: red\n", 11, "неизвестный ключ 'colour'"),
        (RULE_HEADER.replace("kind: existence", "kind: existance") + "patterns: [срочно]\n" + EXAMPLES, 6, "неизвестный вид правила (kind) 'existance' (может быть, 'existence'?)"),
        (RULE_HEADER + EXAMPLES, 1, "нет обязательного ключа 'patterns'"),
        (RULE_HEADER + "patterns: [срочнаааа]\n" + EXAMPLES, 7, "нет в словаре"),
        (RULE_HEADER + "patterns:\n  - срочно\n  - мочь<VERBB>\n" + EXAMPLES, 9, "неизвестная граммема"),
        (RULE_HEADER.replace("severity: warning", "severity: fatal") + "patterns: [срочно]\n" + EXAMPLES, 2, "severity 'fatal'"),
        (RULE_HEADER + "patterns: [срочно]\nexamples:\n  flag: [Срочно.]\n", 8, "хотя бы один пример 'pass'"),
        (RULE_HEADER + "patterns: [срочно\n" + EXAMPLES, 8, "YAML не читается"),
    ],
)
def test_a_bad_rule_file_is_named_with_its_line(replylint, tmp_path, body, line, fragment):
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "my-rule.yaml").write_text(body, encoding="utf-8")
    (tmp_path / "d.txt").write_text("Текст.\n", encoding="utf-8")
    proc = replylint("check", "--rules", "team", "d.txt", cwd=tmp_path)
    assert_one_line_error(proc, f"my-rule.yaml:{line}:", fragment)


def test_a_duplicate_rule_id_names_both_files(replylint, tmp_path):
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "dup.yaml").write_text(
        RULE_HEADER.replace("my-rule", "long-sentence") + "patterns: [срочно]\n" + EXAMPLES, encoding="utf-8"
    )
    (tmp_path / "d.txt").write_text("Текст.\n", encoding="utf-8")
    proc = replylint("check", "--rules", "team", "d.txt", cwd=tmp_path)
    assert_one_line_error(proc, "dup.yaml:1:", "id 'long-sentence' уже занят", "long-sentence.yaml")


def test_an_unknown_rule_id_in_options_suggests_close_ids(replylint, tmp_path):
    (tmp_path / "d.txt").write_text("Текст.\n", encoding="utf-8")
    proc = replylint("check", "--disable", "long-sentense", "d.txt", cwd=tmp_path)
    assert_one_line_error(proc, "нет правила 'long-sentense'", "long-sentence")


def test_input_files_are_never_modified(replylint, tmp_path):
    draft = tmp_path / "d.txt"
    content = "---\nclient: Анна\n---\nПросим произвести оплату. Сменить тариф не получится.\n"
    draft.write_text(content, encoding="utf-8")
    before = draft.stat().st_mtime_ns
    replylint("check", "d.txt", cwd=tmp_path)
    assert draft.read_text(encoding="utf-8") == content
    assert draft.stat().st_mtime_ns == before
