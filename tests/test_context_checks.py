"""The context rules as a user meets them: through replylint.lint and the `replylint` command."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
import yaml

import replylint

from conftest import SHARED, run_replylint

CONTEXT_RULES = {
    "name-mismatch", "time-mismatch", "unfilled-placeholder", "template-hardcoded-name",
    "template-hardcoded-time", "formality-mismatch", "emoji-mismatch", "too-brief",
}
TEMPLATE_RULES = {"unfilled-placeholder", "template-hardcoded-name", "template-hardcoded-time"}


def found(text: str, context: dict | None = None, rule: str | None = None) -> list[replylint.Diagnostic]:
    return [d for d in replylint.lint(text, context) if rule is None or d.rule == rule]


def marks(text: str, context: dict | None, rule: str) -> list[str]:
    return [d.match for d in found(text, context, rule)]


# --- name-mismatch --------------------------------------------------------------------------


def test_a_wrong_client_name_is_an_error_naming_the_expected_people():
    ctx = {"client": "Татьяна", "student": "Ваня"}
    [d] = found("Елена, здравствуйте! Напоминаем: урок Вани 1 декабря в 17:00.", ctx, "name-mismatch")
    assert d.severity == "error" and d.match == "Елена"
    assert "Татьяна" in d.message and "Ваня" in d.message


@pytest.mark.parametrize(
    "student, text",
    [
        ("Михаил", "Мише понравился урок."),
        ("Михаил", "Передайте Мишеньке, что всё получилось."),
        ("Миша", "Михаилу понравился урок."),
        ("Екатерина", "Задание для Кати уже в кабинете."),
        ("Алексей", "План для Лёши готов."),
        ("Алёна", "Алена, добрый день!"),
        ("Иван", "Урок Вани в четверг."),
    ],
)
def test_case_forms_yo_and_diminutives_match(student, text):
    assert marks(text, {"student": student}, "name-mismatch") == []


def test_name_mismatch_suggests_the_context_names_in_the_same_case():
    ctx = {"client": "Татьяна", "student": "Ваня"}
    by_match = {d.match: d.suggestions for d in found("Елена, добрый день! Урок Пети в четверг.", ctx, "name-mismatch")}
    assert by_match == {"Елена": ["Татьяна", "Ваня"], "Пети": ["Вани", "Татьяны"]}
    [d] = found("Передали Анне Ивановне.", {"teacher": "Мария Петровна"}, "name-mismatch")
    assert d.suggestions == ["Марии Петровне"]


def test_a_wrong_patronymic_is_caught():
    ctx = {"teacher": "Мария Петровна"}
    assert marks("Марии Петровне передали ваш отзыв.", ctx, "name-mismatch") == []
    assert marks("Мария Ивановна передала ваш отзыв.", ctx, "name-mismatch") == ["Мария Ивановна"]


def test_self_introduction_and_signature_are_not_mismatches():
    text = "Роман, добрый день! Меня зовут Алина, я ваш куратор.\n\nС уважением,\nАлина"
    assert marks(text, {"client": "Роман"}, "name-mismatch") == []
    assert marks("Роман, добрый день! Всё готово.\n\nВалерия", {"client": "Роман"}, "name-mismatch") == []


@pytest.mark.parametrize(
    "intro",
    ["Меня зовут Алина.", "Я Алина, ваш куратор.", "На связи куратор Алина.", "Это ваш новый куратор Алина.",
     "С вами на связи Алина."],
)
def test_ways_an_operator_introduces_themself(intro):
    assert marks(f"Ольга, здравствуйте! {intro} Чем помочь?", {"client": "Ольга"}, "name-mismatch") == []


def test_a_team_adds_its_own_diminutives_in_the_config(tmp_path):
    config = tmp_path / ".replylint.yaml"
    config.write_text("options:\n  name-mismatch:\n    diminutives: {Всеволод: [Сева]}\n", encoding="utf-8")
    text = "Сева, привет! Передай Севе, что урок в силе."
    ctx = {"student": "Всеволод"}
    assert [d.match for d in found(text, ctx, "name-mismatch")] == ["Сева", "Севе"]
    assert [d for d in replylint.lint(text, ctx, config=str(config)) if d.rule == "name-mismatch"] == []


def test_a_name_the_client_wrote_is_part_of_the_conversation():
    ctx = {"client": "Ольга", "client_message": "Забирать Мишу будет бабушка Нина."}
    assert marks("Ольга, хорошо, бабушку Нину предупредим.", ctx, "name-mismatch") == []
    assert marks("Ольга, хорошо, бабушку Веру предупредим.", ctx, "name-mismatch") == ["Веру"]


def test_silent_without_people_in_context():
    assert marks("Елена, здравствуйте! Урок Пети в среду.", None, "name-mismatch") == []
    assert marks("Елена, здравствуйте! Урок Пети в среду.", {"lesson": "18:00"}, "name-mismatch") == []


def test_places_brands_and_sentence_starts_are_not_names():
    ctx = {"client": "Ирина"}
    text = (
        "Ирина, здравствуйте! Занятия в Москве и Казани проходят на Баумана, оплата через Сбербанк. "
        "Вера в себя — половина успеха. Роман с продолжением читать интереснее."
    )
    assert marks(text, ctx, "name-mismatch") == []


def test_a_name_typed_in_lower_case_in_an_address():
    ctx = {"client": "Татьяна"}
    assert marks("елена, добрый день! урок в силе.", ctx, "name-mismatch") == ["елена"]
    assert marks("здравствуйте, елена! урок в силе.", ctx, "name-mismatch") == ["елена"]
    assert marks("татьяна, добрый день! урок в силе.", ctx, "name-mismatch") == []
    assert marks("конечно, добрый день! урок в силе.", ctx, "name-mismatch") == []


def test_replies_with_their_punctuation_stripped():
    # some chat exports lose every comma and full stop
    ctx = {"client": "Олег"}
    assert marks("Олег здравствуйте По нашим данным салон работает Пн Вс 10 00 20 00", ctx, "name-mismatch") == []
    assert marks("Денис здравствуйте По нашим данным салон работает", ctx, "name-mismatch") == ["Денис"]


def test_diminutives_file_is_data_with_a_hundred_names_and_ships_in_the_package():
    data = yaml.safe_load(resources.files("replylint").joinpath("data/diminutives.yaml").read_text("utf-8"))
    full_names = [name for section in data.values() for name in section]
    assert len(full_names) >= 100
    assert "Михаил" in data["male"] and "Миша" in data["male"]["Михаил"]


def test_diminutives_file_is_in_the_wheel(tmp_path):
    import subprocess
    import sys
    import zipfile

    repo = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(repo)],
        capture_output=True, text=True, timeout=300,
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot build the wheel here: {proc.stderr[-300:]}")
    [wheel] = tmp_path.glob("replylint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "replylint/data/diminutives.yaml" in names


# --- time-mismatch --------------------------------------------------------------------------

LESSON = {"client": "Татьяна", "student": "Ваня", "lesson": "2026-12-01 17:00"}


@pytest.mark.parametrize(
    "text, wrong",
    [
        ("Напоминаем: урок Вани 1 декабря в 16:00.", "16:00"),
        ("Напоминаем: урок Вани 2 декабря в 17:00.", "2 декабря"),
        ("Напоминаем: урок Вани 01.12 в 16.00.", "16.00"),
        ("Ждём Ваню на занятии в среду.", "среду"),
        ("Урок Вани 1 декабря в шесть вечера.", "шесть вечера"),
    ],
)
def test_a_wrong_lesson_time_is_marked_and_the_message_gives_the_context_value(text, wrong):
    [d] = found(text, LESSON, "time-mismatch")
    assert d.match == wrong
    assert "1 декабря" in d.message and "17:00" in d.message


def test_time_mismatch_suggests_the_lesson_value_as_the_draft_wrote_it():
    ctx = {**LESSON, "today": "2026-11-29"}
    got = {d.match: d.suggestions for d in found("Урок Вани 02.12 в 16.00.", ctx, "time-mismatch")}
    assert got == {"02.12": ["01.12"], "16.00": ["17.00"]}
    got = {d.match: d.suggestions for d in found("Урок Вани сегодня, в среду, в 16:00.", ctx, "time-mismatch")}
    assert got == {"сегодня": ["послезавтра"], "среду": ["вторник"], "16:00": ["17:00"]}


@pytest.mark.parametrize(
    "text",
    [
        "Напоминаем: урок Вани во вторник, 1 декабря, в 17:00.",
        "Урок Вани 1 декабря в 5 вечера.",
        "Если захотите перенести урок, напишите до 12:00 понедельника.",
        "Уточню у преподавателя и отвечу к 15:00.",
        "Можем перенести урок на 18:00 того же дня.",
        "Предлагаю 27 ноября в 17:00, подойдёт?",
        "Мы работаем с 9:00 до 21:00, деньги за урок вернули в 12:40.",
        "За 2 часа до урока пришлём ссылку.",
    ],
)
def test_deadlines_offers_hours_and_durations_are_not_compared(text):
    assert marks(text, LESSON, "time-mismatch") == []


def test_today_and_tomorrow_are_compared_only_with_today_in_context():
    text = "Напоминаем: урок Вани сегодня в 17:00."
    assert marks(text, LESSON, "time-mismatch") == []
    assert marks(text, {**LESSON, "today": "2026-11-30"}, "time-mismatch") == ["сегодня"]
    assert marks(text.replace("сегодня", "завтра"), {**LESSON, "today": "2026-11-30"}, "time-mismatch") == []


def test_a_bare_hour_as_chats_write_it():
    ctx = {"lesson": "2026-12-01 18:00"}
    assert marks("Урок 1 декабря в 6, как обычно.", ctx, "time-mismatch") == []
    assert marks("Урок 1 декабря в 5.", ctx, "time-mismatch") == ["5"]
    assert marks("Урок в 2, 3 и 4 модулях разный.", ctx, "time-mismatch") == []
    assert marks("Урок в 5 классе проходит иначе.", ctx, "time-mismatch") == []


def test_half_past_and_the_evening_written_as_morning():
    ctx = {"lesson": "2026-12-01 18:30"}
    assert marks("Урок в половине седьмого.", ctx, "time-mismatch") == []
    assert marks("Урок в 6.30, как обычно.", ctx, "time-mismatch") == []
    assert marks("Урок в половине восьмого.", ctx, "time-mismatch") == ["половине восьмого"]
    assert marks("Урок в 6:30 утра.", ctx, "time-mismatch") == ["6:30"]


def test_a_short_line_with_only_the_time_continues_the_lesson_sentence():
    ctx = {"lesson": "2026-11-24 18:00"}
    assert marks("Напоминаем о занятии во вторник.\nВремя: 17:00", ctx, "time-mismatch") == ["17:00"]
    assert marks("Урок прошёл отлично. Оплата прошла в 12:40.", ctx, "time-mismatch") == []
    assert marks("Можем перенести урок. Например, на 17:00.", ctx, "time-mismatch") == []


def test_a_day_of_the_month_alone():
    ctx = {"lesson": "2026-11-24 18:00"}
    assert marks("Урок 24-го в 18:00.", ctx, "time-mismatch") == []
    [d] = found("Урок 25-го в 18:00.", ctx, "time-mismatch")
    assert d.match == "25-го" and d.suggestions == ["24-го"]
    assert marks("Оплатить нужно до 25 числа.", ctx, "time-mismatch") == []


def test_any_of_several_lessons_matches():
    ctx = {"lesson": ["2026-11-24 18:30", "2026-11-26 18:30"]}
    assert marks("Урок в четверг в 18:30.", ctx, "time-mismatch") == []
    assert marks("Урок в пятницу в 18:30.", ctx, "time-mismatch") == ["пятницу"]


# --- placeholders and templates -------------------------------------------------------------


@pytest.mark.parametrize(
    "placeholder",
    ["{{ name }}", "{% if paid %}", "{client_name}", "%{ticket.number}", "%%NAME%%", "%NAME%", "[ИМЯ]",
     "[имя клиента]", "<ИМЯ КЛИЕНТА>", "XX:XX", "ЧЧ:ММ", "(имя ребёнка)", "<<имя>>", "*имя*", "#{name}", "ИМЯ"],
)
def test_each_placeholder_syntax_is_unfilled_in_a_draft_and_fine_in_a_template(placeholder):
    text = f"Здравствуйте! Ваш урок: {placeholder}."
    assert marks(text, None, "unfilled-placeholder") == [placeholder]
    assert not [d for d in found(text, {"mode": "template"}) if d.rule in TEMPLATE_RULES]


@pytest.mark.parametrize(
    "text",
    [
        "Скидка 10% на второй курс и 20% на третий (см. условия [1]).",
        "Сообщите ваше ФИО и номер телефона.",
        "Урок (время по Москве) в 18:00.",
        "Помните: ВРЕМЯ — ДЕНЬГИ.",
        "Вот ссылка: [нажмите здесь](https://example.com).",
        "Стоимость — 1 200 ₽ {при оплате абонемента за год}.",
    ],
)
def test_prose_is_not_a_placeholder(text):
    assert marks(text, None, "unfilled-placeholder") == []


def test_template_mode_marks_literal_names_and_lesson_times_but_not_hours_or_deadlines():
    text = "Здравствуйте, Ольга! Урок {student} перенесён на пятницу, 15:00. Мы на связи с 9:00 до 21:00, напишите до 12:00."
    got = {(d.rule, d.match) for d in found(text, {"mode": "template"}) if d.rule in TEMPLATE_RULES}
    assert got == {
        ("template-hardcoded-name", "Ольга"),
        ("template-hardcoded-time", "пятницу"),
        ("template-hardcoded-time", "15:00"),
    }


def _real_templates() -> list[tuple[str, str]]:
    folder = SHARED / "real"
    items = []
    for name in ("osticket", "django-helpdesk", "hesk", "chatwoot"):
        for path in folder.glob(f"{name}*.jsonl"):
            for i, line in enumerate(path.read_text("utf-8").splitlines()):
                if line.strip():
                    items.append((f"{path.name}:{i + 1}", json.loads(line)["text"]))
    return items


REAL = _real_templates()


@pytest.mark.skipif(not REAL, reason="../shared/real is not here")
@pytest.mark.parametrize("where, text", REAL, ids=[w for w, _ in REAL])
def test_real_helpdesk_templates(where, text):
    from replylint.checks.placeholders import placeholder_spans

    as_template = [d for d in found(text, {"mode": "template"}) if d.rule in TEMPLATE_RULES]
    assert as_template == [], f"{where}: {[(d.rule, d.match) for d in as_template]}"
    as_draft = {d.rule for d in found(text)}
    has_placeholder = any(mark in text for mark in ("{{", "{%", "%{", "%%"))
    assert ("unfilled-placeholder" in as_draft) == has_placeholder, where
    assert bool(placeholder_spans(text)) == has_placeholder


def test_config_placeholders_extend_the_syntaxes(tmp_path):
    (tmp_path / ".replylint.yaml").write_text("placeholders: ['\\$\\$\\w+\\$\\$']\n", encoding="utf-8")
    (tmp_path / "draft.txt").write_text("Здравствуйте, $$CLIENT$$! Оплату получили.\n", encoding="utf-8")
    plain = run_replylint("check", "draft.txt", "--format", "json", "--config", str(tmp_path / "none.yaml"), cwd=tmp_path)
    proc = run_replylint("check", "draft.txt", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    diags = json.loads(proc.stdout)["files"][0]["diagnostics"]
    assert [(d["rule"], d["match"]) for d in diags if d["rule"] == "unfilled-placeholder"] == [
        ("unfilled-placeholder", "$$CLIENT$$")
    ]
    if plain.returncode in (0, 1):
        assert "unfilled-placeholder" not in plain.stdout


# --- register, emoji, brevity ---------------------------------------------------------------


def test_vy_and_ty_mixed_marks_the_slip():
    assert marks("Добрый день! Вы записаны на пробный урок. Если передумаешь, просто напиши.", None,
                 "formality-mismatch") == ["передумаешь", "напиши"]
    assert marks("Добрый день! Вы записаны. Если передумаете, напишите.", None, "formality-mismatch") == []


def test_informal_reply_to_formal_client_but_not_to_a_child():
    formal = {"client_message": "Добрый вечер. Подскажите, пожалуйста, сколько стоит абонемент?"}
    child = {"client_message": "привет!! а можно задания скинуть? 🙏"}
    assert marks("Привет! Абонемент стоит 9 600 ₽.", formal, "formality-mismatch") == ["Привет"]
    assert marks("Привет! Конечно, скидываю задания 😊", child, "formality-mismatch") == []


def test_emoji_only_when_the_client_wrote_none():
    text = "Обязательно передадим преподавателю 🙂"
    assert marks(text, {"client_message": "Урок прошёл хорошо, спасибо."}, "emoji-mismatch") == ["🙂"]
    assert marks(text, {"client_message": "Урок прошёл хорошо, спасибо 😊"}, "emoji-mismatch") == []
    assert marks(text, {"client_message": "Урок прошёл хорошо, спасибо)"}, "emoji-mismatch") == []
    assert marks(text, None, "emoji-mismatch") == []
    [d] = found(text, {"client_message": "Спасибо."}, "emoji-mismatch")
    assert d.severity == "info"


def test_text_smileys_count_and_brackets_do_not():
    plain = {"client_message": "Когда вернут деньги?"}
    assert marks("Вернём сегодня :)", plain, "emoji-mismatch") == [":)"]
    assert marks("Вернём сегодня))", plain, "emoji-mismatch") == ["))"]
    assert marks("Вернём сегодня (обычно за час).", plain, "emoji-mismatch") == []
    assert marks("Вернём сегодня 🙂", {"client_message": "Когда вернут деньги?!)"}, "emoji-mismatch") == []


LONG = (
    "Добрый день. Пишу уже второй раз. Вчера ребёнок час ждал преподавателя, урок так и не начался, "
    "никто не предупредил. Деньги за урок списаны. Объясните, пожалуйста, что произошло и что вы "
    "собираетесь делать."
)


def test_too_brief_and_its_thresholds_in_the_config(tmp_path):
    assert marks("Хорошо, разберёмся.", {"client_message": LONG}, "too-brief") == ["Хорошо, разберёмся."]
    assert marks("Хорошо, разберёмся.", {"client_message": "Можно перенести урок?"}, "too-brief") == []
    config = tmp_path / "c.yaml"
    config.write_text("options: {too-brief: {max_reply_words: 1, max_ratio: 0}}\n", encoding="utf-8")
    diags = replylint.lint("Хорошо, разберёмся.", {"client_message": LONG}, config=str(config))
    assert "too-brief" not in {d.rule for d in diags}


# --- the command line -----------------------------------------------------------------------


def test_cli_context_options_and_front_matter(tmp_path):
    draft = tmp_path / "reply.txt"
    draft.write_text(
        "---\nclient: Татьяна\nlesson: \"2026-12-01 17:00\"\n---\nЕлена, здравствуйте! Напоминаем: урок 1 декабря в 16:00.\n",
        encoding="utf-8",
    )
    proc = run_replylint("check", str(draft), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    diags = json.loads(proc.stdout)["files"][0]["diagnostics"]
    got = {(d["rule"], d["match"], d["line"]) for d in diags if d["rule"] in CONTEXT_RULES}
    assert got == {("name-mismatch", "Елена", 5), ("time-mismatch", "16:00", 5)}
    # options win over front matter
    proc = run_replylint("check", str(draft), "--format", "json", "--client", "Елена", "--lesson", "2026-12-01 16:00")
    assert proc.returncode == 0, proc.stdout


def test_cli_template_mode_on_a_macro_folder(tmp_path):
    macros = tmp_path / "macros"
    macros.mkdir()
    (macros / "ok.txt").write_text("Здравствуйте, {{ client }}! Урок перенесён на {{ date }}.\n", encoding="utf-8")
    (macros / "bad.txt").write_text("Здравствуйте, Ольга! Урок перенесён на пятницу, 15:00.\n", encoding="utf-8")
    proc = run_replylint("check", "--mode", "template", str(macros), "--format", "json")
    assert proc.returncode == 1
    by_file = {Path(f["path"]).name: {d["rule"] for d in f["diagnostics"]} for f in json.loads(proc.stdout)["files"]}
    assert by_file["ok.txt"] & TEMPLATE_RULES == set()
    assert by_file["bad.txt"] >= {"template-hardcoded-name", "template-hardcoded-time"}


def test_explain_names_the_principle():
    proc = run_replylint("explain", "name-mismatch")
    assert proc.returncode == 0
    assert "Решаем раз и навсегда" in proc.stdout


# --- what a check needs of the context ------------------------------------------------------


def test_a_check_skipped_without_its_context_finds_nothing_without_it():
    """checks.NEEDS lets the engine skip (and not import) a check whose context fields are all
    missing; run directly on every corpus draft with those fields taken out, it finds nothing."""
    from replylint.analyse import analyse
    from replylint.checks import NEEDS, load_check
    from replylint.checks.names import ROLE_WORDS
    from replylint.context import context_from_mapping
    from replylint.engine import Linter
    from replylint.rule import Draft

    assert set(NEEDS["name-mismatch"]) == set(ROLE_WORDS)
    linter = Linter()
    cases = [c for f in sorted(Path(__file__).parent.glob("*/*.yaml")) if f.parent.name in ("corpus", "heldout")
             for c in yaml.safe_load(f.read_text(encoding="utf-8"))]
    with_fields = 0
    for name, fields in NEEDS.items():
        rule = next(r for r in linter.rules if getattr(r.matcher, "name", None) == name)
        check, options = load_check(name), linter._options_for(rule)
        for case in cases:
            context = dict(case.get("context") or {})
            with_fields += any([context.pop(field, None) for field in fields])
            draft = Draft(text=case["draft"], analysis=analyse(case["draft"]),
                          context=context_from_mapping(context, "<test>"), mode="draft")
            assert check(draft, options) == [], (name, case["id"])
    assert with_fields > 100  # cases whose findings came from those fields
