"""Fixes: what each rule offers to write (both ways: a grammatical safe fix, and no safe fix where
the replacement would be a guess or break the sentence), and `check --fix`/`--diff` on drafts and
macro collections, as a user runs them."""
from __future__ import annotations

import json
import os
import stat

import pytest

from replylint.engine import Linter
from replylint.errors import InputError, RuleError
from replylint.fixes import apply_edits, choose, fix_collection, fix_draft, fix_file
from replylint.rule import Edit

LINTER = Linter()


def fixes(text: str, context: dict | None = None, rule: str | None = None) -> list[tuple[str, str, bool]]:
    """(matched words, the text with that finding's fix made, safe) for each finding with a fix."""
    out = []
    for d in LINTER.check_text(text, context):
        if d.fix is not None and (rule is None or d.rule == rule):
            out.append((d.match, apply_edits(text, d.fix.edits), d.fix.safe))
    return out


def safe_result(text: str, context: dict | None, rule: str) -> str | None:
    found = [after for _, after, safe in fixes(text, context, rule) if safe]
    assert len(found) <= 1
    return found[0] if found else None


# ---------------------------------------------------------------------------------------------
# name-mismatch: the one person meant, in the case and number of the word replaced


@pytest.mark.parametrize(
    "context, text, fixed",
    [
        ({"client": "Наталья", "student": "Маша"}, "Наталья, добрый день! Задание для Саши уже загрузили.",
         "Наталья, добрый день! Задание для Маши уже загрузили."),  # genitive
        ({"client": "Марина", "student": "Егор"}, "Марина, добрый день! Передайте, пожалуйста, Ване, что урок завтра.",
         "Марина, добрый день! Передайте, пожалуйста, Егору, что урок завтра."),  # dative
        ({"client": "Ольга", "student": "Миша"}, "Предупредим, что после урока Колю заберёт бабушка.",
         "Предупредим, что после урока Мишу заберёт бабушка."),  # accusative
        ({"teacher": "Елена Сергеевна", "student": "Тимофей"}, "Урок Тимофея с Екатериной Сергеевной переносится.",
         "Урок Тимофея с Еленой Сергеевной переносится."),  # instrumental, with the patronymic
        ({"teacher": "Мария Петровна"}, "Передали Анне Ивановне.", "Передали Марии Петровне."),
        ({"client": "Марина"}, "Ирина, добрый вечер!", "Марина, добрый вечер!"),  # an address is the client
        ({"client": "Марина Алексеевна", "student": "Егор"}, "Светлана Алексеевна, добрый день!", "Марина Алексеевна, добрый день!"),
        ({"student": "Игорь"}, "Напишу о Пете завтра.", "Напишу об Игоре завтра."),  # locative, and «о» → «об»
        ({"student": "Стёпа"}, "Поговорим с Петей.", "Поговорим со Стёпой."),
        ({"client": "Анна", "student": "Кирилл"}, "Напоминаю, что у Максима завтра урок.", "Напоминаю, что у Кирилла завтра урок."),
    ],
)
def test_name_fix_puts_the_person_in_the_words_case(context, text, fixed):
    assert safe_result(text, context, "name-mismatch") == fixed


@pytest.mark.parametrize(
    "context, text",
    [
        ({"client": "Марат", "student": "Алия"}, "Марат, добрый вечер! Айдар молодец."),  # «Айдар молодец» is not Алия
        ({"client": "Анна", "student": "Маша"}, "Анна, задание для Маши (и для её брата Пети тоже) готово."),  # Маша is named already
        ({"client": "Анна", "student": "Маша"}, "Анна, к Маше на урок придёт методист Ольга."),  # a colleague, not the student
        ({"client": "Светлана", "student": "Вова"}, "Светлана, преподаватель Ирина Львовна отметила успехи."),
        ({"client": "Наталья", "student": "Вероника", "teacher": "Наталья Сергеевна"},
         "Наталья, Вика стала читать увереннее. А вот с домашкой у Насти есть сложности."),  # two wrong names for one girl
        ({"client": "Ирина"}, "Ирина, здравствуйте! Так что Вадику точно всё удастся."),  # nobody else in the context
    ],
)
def test_no_safe_name_fix_where_the_person_is_a_guess(context, text):
    assert safe_result(text, context, "name-mismatch") is None
    assert any(d.rule == "name-mismatch" for d in LINTER.check_text(text, context))  # still reported


# ---------------------------------------------------------------------------------------------
# time-mismatch: the lesson's own value, in the draft's format


LESSON = {"lesson": "2026-11-24 18:30", "today": "2026-11-23"}  # a Tuesday


@pytest.mark.parametrize(
    "text, fixed",
    [
        ("Напоминаем: урок в 19:00.", "Напоминаем: урок в 18:30."),
        ("Напоминаем: урок в 19.00.", "Напоминаем: урок в 18.30."),
        ("Подтверждаем занятие в 6 вечера.", "Подтверждаем занятие в 6:30 вечера."),
        ("Подтверждаем урок 25.11 в 18:30.", "Подтверждаем урок 24.11 в 18:30."),
        ("Ждём вас на уроке 25 ноября.", "Ждём вас на уроке 24 ноября."),
        ("Напоминаем: урок в среду в 18:30.", "Напоминаем: урок во вторник в 18:30."),  # «в» → «во»
        ("Ждём вас на уроке в воскресенье в 18:30.", "Ждём вас на уроке во вторник в 18:30."),
        ("Сегодня в 18:30 урок, всё в силе.", "Завтра в 18:30 урок, всё в силе."),  # capital kept
    ],
)
def test_time_fix_writes_the_lesson_as_the_draft_wrote_it(text, fixed):
    got = LINTER.check_text(text, LESSON)
    fixes_ = [d.fix for d in got if d.rule == "time-mismatch"]
    assert fixes_ and all(f.safe for f in fixes_)
    assert apply_edits(text, [e for f in fixes_ for e in f.edits]) == fixed


def test_a_weekday_after_v_takes_the_accusative():
    text = "Ждём вас на уроке во вторник в 18:30."
    [d] = [d for d in LINTER.check_text(text, {"lesson": "2026-11-29 18:30"}) if d.rule == "time-mismatch"]
    assert apply_edits(text, d.fix.edits) == "Ждём вас на уроке в воскресенье в 18:30."


def test_with_two_lessons_the_time_fix_is_not_safe():
    [d] = [d for d in LINTER.check_text("Напоминаем: урок в 19:00.", {"lesson": ["18:30", "20:00"]}) if d.rule == "time-mismatch"]
    assert d.fix is not None and not d.fix.safe


# ---------------------------------------------------------------------------------------------
# bureaucratese: a plain phrase that agrees with the sentence; shouting: lower case


@pytest.mark.parametrize(
    "text, fixed",
    [
        ("Просим вас произвести оплату до пятницы.", "Просим вас оплатить до пятницы."),
        ("Вы уже произвели оплату картой.", "Вы уже оплатили картой."),  # plural past
        ("Он произвёл оплату вчера.", "Он оплатил вчера."),  # masculine past
        ("Она произвела оплату вчера.", "Она оплатила вчера."),  # feminine past
        ("Произведите оплату до пятницы.", "Оплатите до пятницы."),  # imperative, capital kept
        ("Изменить дату не представляется возможным.", "Изменить дату не получится."),
        ("Изменить дату не представлялось возможным.", "Изменить дату не получилось."),
        ("Возврат денежных средств занимает 10 дней.", "Возврат денег занимает 10 дней."),
        ("Денежные средства будут зачислены завтра.", "Деньги будут зачислены завтра."),
        ("Стоимость данной услуги 500 рублей.", "Стоимость этой услуги 500 рублей."),
        ("В настоящее время заявка в работе.", "Сейчас заявка в работе."),
        ("Ответ поступит в порядке очереди.", "Ответ поступит по очереди."),
        ("Для осуществления возврата нужно заявление.", "Для возврата нужно заявление."),
    ],
)
def test_bureaucratese_fix_agrees_with_the_sentence(text, fixed):
    assert safe_result(text, None, "bureaucratese") == fixed


@pytest.mark.parametrize(
    "text",
    [
        "В рамках акции даём скидку.",  # «в акции» would break the phrase
        "Просим произвести оплату следующего месяца.",  # «оплатить следующего месяца»
        "Просим произвести оплату за декабрь.",  # «оплатить за декабрь»
        "Осуществление возврата было задержано.",  # «Возврат было задержано»
        "В целях безопасности мы не храним данные карт.",
        "Возврат будет осуществлён за 10 дней.",  # a participle
    ],
)
def test_no_safe_bureaucratese_fix_that_would_break_the_sentence(text):
    assert safe_result(text, None, "bureaucratese") is None
    assert any(d.rule == "bureaucratese" for d in LINTER.check_text(text))


@pytest.mark.parametrize("text", ["Мы не передаём данные третьим лицам.", "Пришлите ваши данные для входа.", "Данные карты мы не храним."])
def test_the_noun_dannye_is_not_bureaucratese(text):
    """«данные» (data) is a noun, not the participle «данный» (this): no finding, so no fix either."""
    assert not [d for d in LINTER.check_text(text) if d.rule == "bureaucratese"]


def test_a_replacement_keeps_the_capital_of_what_it_replaces(tmp_path):
    rule = tmp_path / "plain.yaml"
    rule.write_text(
        "id: plain\nseverity: info\nmessage: \"«{match}» → «{suggestion}»\"\n"
        "principle: {name: Ясность, source: 000_a60251a68827976a.txt}\nexplain: Проще.\nkind: substitution\n"
        "swap:\n  ваш запрос: ваш вопрос\n"
        "examples:\n  flag: [Ваш запрос принят.]\n  pass: [Ваш вопрос принят.]\n", encoding="utf-8")
    linter = Linter(extra_rules=[rule], builtin=False)
    [d] = linter.check_text("Ваш запрос принят, ответим сегодня.")
    assert d.suggestions == ["Ваш вопрос"] and "«Ваш вопрос»" in d.message and d.fix is None  # no fix: not listed under fix


@pytest.mark.parametrize(
    "text, fixed",
    [
        ("СРОЧНО оплатите урок.", "Срочно оплатите урок."),
        ("Я же написала: НЕ НАДО переносить урок.", "Я же написала: не надо переносить урок."),
        ("ПОЗВОНИТЕ МИШЕ СРОЧНО", "Позвоните Мише срочно"),  # a name keeps its capital
        ("Ждём вас!!!", "Ждём вас!"),
    ],
)
def test_shouting_fix_is_lower_case(text, fixed):
    got = [d.fix for d in LINTER.check_text(text) if d.rule == "shouting"]
    assert got and all(f.safe for f in got)
    assert apply_edits(text, [e for f in got for e in f.edits]) == fixed


def test_a_rule_file_names_only_phrases_it_has(tmp_path):
    rule = tmp_path / "plain.yaml"
    rule.write_text(
        "id: plain\nseverity: info\nmessage: x\nprinciple: {name: Ясность, source: s.txt}\nexplain: Проще.\n"
        "kind: substitution\nswap:\n  ваш запрос: ваш вопрос\nfix:\n  safe: [ваш запросик]\n"
        "examples:\n  flag: [Ваш запрос принят.]\n  pass: [Ваш вопрос принят.]\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"'ваш запросик' нет среди фраз 'swap' \(может быть, 'ваш запрос'\?\)") as err:
        Linter(extra_rules=[rule], builtin=False)
    assert err.value.line == 10


# ---------------------------------------------------------------------------------------------
# Applying


def test_overlapping_fixes_wait_for_the_next_round():
    from replylint.rule import Diagnostic, Fix

    def diag(start, end, text):
        return Diagnostic("r", "info", "m", 1, start + 1, 1, end + 1, start, end, "", fix=Fix(True, (Edit(start, end, text),)))

    chosen = choose([diag(0, 5, "a"), diag(3, 8, "b"), diag(9, 10, "c")])
    assert [f.edits[0].text for f in chosen] == ["a", "c"]
    with pytest.raises(ValueError):
        apply_edits("0123456789", [Edit(0, 5, "a"), Edit(3, 8, "b")])


def test_fix_draft_leaves_front_matter_and_other_bytes_alone():
    text = ('---\r\nclient: Анна Сергеевна   # the client\r\nstudent: Миша\r\nlesson: "2026-11-24 18:30"\r\n---\r\n'
            "Елена, добрый день! 🙂 Напоминаем: урок Пети во вторник в 19:00.\r\nПросим произвести оплату до пятницы!!!\r\n")
    fixed = fix_draft(LINTER, text, "d.txt")
    assert fixed.after == text.replace("Елена", "Анна").replace("Пети", "Миши").replace("19:00", "18:30").replace(
        "произвести оплату", "оплатить").replace("!!!", "!")
    left = {d.rule for d in fixed.results[0].diagnostics}
    assert not left & {"name-mismatch", "time-mismatch", "bureaucratese", "shouting"}


def test_unsafe_fixes_only_when_asked():
    text = "Напоминаем: урок в 19:00."
    context = {"lesson": ["18:30", "20:00"]}
    from replylint.context import context_from_mapping

    ctx = context_from_mapping(context, "<test>")
    assert fix_draft(LINTER, text, "d.txt", ctx).after == text
    assert fix_draft(LINTER, text, "d.txt", ctx, unsafe=True).after == "Напоминаем: урок в 18:30."


# ---------------------------------------------------------------------------------------------
# Macro collections: every untouched byte stays


YAML = (
    "# Team macros: keep the order\r\n"
    "macros:\r\n"
    "  - id: reminder   # sent the day before\r\n"
    "    title: Напоминание\r\n"
    "    text: \"ВНИМАНИЕ! Урок {{lesson_date}}. Ждём вас!!! \\u041e\\u043f\\u043b\\u0430\\u0442\\u0438\\u0442\\u0435 вовремя.\"\r\n"
    "  - id: refund\r\n"
    "    text: |\r\n"
    "      Денежные средства вернём за 10 дней.\r\n"
    "      Спасибо, что написали!!\r\n"
    "  - id: quote\r\n"
    "    text: 'В настоящее время it''s ''ok'''\r\n"
    "  - id: plain\r\n"
    "    text: Произведите оплату до пятницы # not part of the text\r\n"
)


def test_a_yaml_collection_is_fixed_in_place(tmp_path):
    path = tmp_path / "macros.yaml"
    path.write_bytes(YAML.encode("utf-8"))
    fixed = fix_file(LINTER, str(path))
    expected = (YAML.replace("ВНИМАНИЕ", "Внимание").replace("вас!!!", "вас!").replace("Денежные средства", "Деньги")
                .replace("написали!!", "написали!").replace("В настоящее время", "Сейчас").replace("Произведите оплату", "Оплатите"))
    assert path.read_bytes() == expected.encode("utf-8")
    assert fixed.applied == 6
    assert not any(d.fix is not None and d.fix.safe for r in fixed.results for d in r.diagnostics)


def test_a_zendesk_export_keeps_its_escapes(tmp_path):
    export = {"macros": [{"id": 1, "title": "Оплата", "actions": [
        {"field": "comment_value_html", "value": "<p>В настоящее время &amp; ВНИМАНИЕ</p>"}]},
        {"id": 2, "title": "Кнопка", "actions": [{"field": "comment_value", "value": "Ждём вас!!! \"Кнопка\""}]}], "count": 2}
    path = tmp_path / "export.json"
    text = json.dumps(export, indent=2)  # ensure_ascii: every Cyrillic letter is a \u escape
    path.write_text(text, encoding="utf-8")
    fix_file(LINTER, str(path), mode="draft")
    after = path.read_text(encoding="utf-8")
    assert json.loads(after)["macros"][0]["actions"][0]["value"] == "<p>Сейчас &amp; внимание</p>"
    assert json.loads(after)["macros"][1]["actions"][0]["value"] == "Ждём вас! \"Кнопка\""
    assert after.isascii()  # written as escapes, like the rest of the file
    assert after == text.replace(json.dumps("В настоящее время")[1:-1], json.dumps("Сейчас")[1:-1]).replace(
        json.dumps("ВНИМАНИЕ")[1:-1], json.dumps("внимание")[1:-1]).replace("!!!", "!")


def test_a_fix_that_cannot_be_written_back_is_left(tmp_path):
    # a YAML plain scalar folded over lines cannot take «: » in the middle: nothing is written
    text = "a: В настоящее время все\n  ок\n"
    fixed = fix_collection(LINTER, text, "m.yaml", mode=None)
    assert fixed.after in (text, "a: Сейчас все\n  ок\n")
    assert fix_collection(LINTER, "a: 'x'\n", "m.yaml").after == "a: 'x'\n"


# ---------------------------------------------------------------------------------------------
# Files on disk


def test_a_file_changed_since_it_was_read_is_not_written(tmp_path, monkeypatch):
    path = tmp_path / "d.txt"
    path.write_text("Просим произвести оплату до пятницы.\n", encoding="utf-8")
    import replylint.fixes as fixes_module

    real = fixes_module.fix_draft

    def meanwhile(*args, **kwargs):
        result = real(*args, **kwargs)
        path.write_text("Оператор дописал ответ.\n", encoding="utf-8")  # saved in the editor meanwhile
        return result

    monkeypatch.setattr(fixes_module, "fix_draft", meanwhile)
    with pytest.raises(InputError, match="изменился на диске после чтения; не записан"):
        fix_file(LINTER, str(path))
    assert path.read_text(encoding="utf-8") == "Оператор дописал ответ.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["d.txt"]  # no temporary file left behind


def test_writing_keeps_permissions_and_the_byte_order_mark(tmp_path):
    path = tmp_path / "d.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Просим произвести оплату до пятницы.\n".encode("utf-8"))
    os.chmod(path, 0o640)
    fix_file(LINTER, str(path))
    assert path.read_bytes() == b"\xef\xbb\xbf" + "Просим оплатить до пятницы.\n".encode("utf-8")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


DRAFT = ('---\nclient: Анна Сергеевна\nstudent: Миша\nlesson: "2026-11-24 18:30"\n---\n'
         "Анна Сергеевна, добрый день! Напоминаем: урок Пети во вторник в 19:00.\n")


def test_check_diff_then_fix(replylint, tmp_path):
    """The issue's done-when: --diff shows the inflected name and the lesson's time and changes
    nothing; --fix then leaves none of those findings."""
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    diff = replylint("check", "--diff", "draft.txt", cwd=tmp_path)
    assert diff.stdout == (
        "--- a/draft.txt\n+++ b/draft.txt\n@@ -3,4 +3,4 @@\n student: Миша\n lesson: \"2026-11-24 18:30\"\n ---\n"
        "-Анна Сергеевна, добрый день! Напоминаем: урок Пети во вторник в 19:00.\n"
        "+Анна Сергеевна, добрый день! Напоминаем: урок Миши во вторник в 18:30.\n")
    assert diff.returncode == 0  # what would be left: nothing at error level
    assert (tmp_path / "draft.txt").read_text(encoding="utf-8") == DRAFT
    assert "Можно исправить: 2 (файлов: 1)." in diff.stderr

    before = replylint("check", "draft.txt", cwd=tmp_path)
    assert before.returncode == 1 and "Исправимо автоматически: 2 — replylint check --fix" in before.stdout
    fixed = replylint("check", "--fix", "--format", "json", "draft.txt", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert json.loads(fixed.stdout)["files"][0]["diagnostics"] == []
    assert (tmp_path / "draft.txt").read_text(encoding="utf-8") == DRAFT.replace("Пети", "Миши").replace("19:00", "18:30")
    assert "Исправлено: 2 (файлов: 1)." in fixed.stderr


def test_check_fix_on_stdin_writes_the_fixed_draft(replylint):
    proc = replylint("check", "-", "--fix", "--client", "Анна", "--no-color", stdin="Елена, добрый день! Просим произвести оплату.\n")
    assert proc.stdout == "Анна, добрый день! Просим оплатить.\n"
    assert "замечаний нет" in proc.stderr and proc.returncode == 0


def test_json_and_sarif_carry_the_fix(replylint, tmp_path):
    import jsonschema

    from conftest import REPO

    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    report = json.loads(replylint("check", "--format", "json", "examples/wrong-name.txt", cwd=REPO).stdout)
    name = next(d for d in report["files"][0]["diagnostics"] if d["rule"] == "name-mismatch")
    assert name["fix"] == {"safe": True, "edits": [{"start": name["start"], "end": name["end"], "text": "Миши"}]}
    assert all("fix" not in d for d in report["files"][0]["diagnostics"] if d["rule"] not in ("name-mismatch", "time-mismatch"))
    sarif = json.loads(replylint("check", "--format", "sarif", "draft.txt", cwd=tmp_path).stdout)
    schema = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema)
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "name-mismatch")
    [change] = result["fixes"][0]["artifactChanges"]
    assert change["replacements"] == [{"deletedRegion": {"charOffset": name["start"], "charLength": 4}, "insertedContent": {"text": "Миши"}}]


def test_the_readme_diff_is_what_check_diff_prints(replylint, tmp_path):
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = readme.split("## Fixes", 1)[1].split("$ replylint check --diff examples/wrong-name.txt\n", 1)[1].split("```", 1)[0]
    assert (REPO / "examples" / "wrong-name.txt").read_text(encoding="utf-8") == DRAFT  # the README's example
    assert replylint("check", "--diff", "examples/wrong-name.txt", cwd=REPO).stdout == shown
    report = json.loads(replylint("check", "--format", "json", "examples/wrong-name.txt", cwd=REPO).stdout)
    fix = next(d["fix"] for d in report["files"][0]["diagnostics"] if d["rule"] == "name-mismatch")
    assert f'"fix": {json.dumps(fix, ensure_ascii=False)}' in readme
