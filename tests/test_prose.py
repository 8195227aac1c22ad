"""What the rules read: links, code, quotes, @mentions, numbers and lines to a colleague are not the
operator's prose (the contract's "What the rules read"). Each test checks a draft as a user would and
asserts what is, or is not, reported."""
from __future__ import annotations

import pytest

from replylint.analyse import analyse
from replylint.engine import Linter
from replylint.prose import not_prose

LINTER = Linter()


def rules_of(text: str, **context) -> set[str]:
    return {d.rule for d in LINTER.check_text(text, context or None)}


def test_a_quoted_error_message_is_not_a_refusal():
    text = 'Ошибка «Операция запрещена» появляется, когда банк блокирует карту. Разблокируйте её в приложении банка.'
    assert not rules_of(text) & {"refusal-no-reason", "refusal-no-alternative"}
    # the same words said by the operator are a refusal
    assert "refusal-no-reason" in rules_of("Операция запрещена.")


@pytest.mark.parametrize("quoted", ['"Операция запрещена"', "`Операция запрещена`", "„Операция запрещена“"])
def test_every_kind_of_quote_and_code_is_left_alone(quoted):
    assert not rules_of(f"Вы видите сообщение {quoted}? Пришлите скриншот, пожалуйста.") & {"refusal-no-reason", "refusal-no-alternative"}


def test_a_line_quoted_with_gt_is_the_clients_not_ours():
    text = "> СРОЧНО!!! верните деньги\nДеньги вернём на карту до пятницы."
    assert "shouting" not in rules_of(text)


def test_a_fenced_code_block_is_not_prose():
    text = "Запустите так:\n```\nreplylint check --fail-on NEVER !!!\n```\nЕсли что-то пойдёт не так, пришлите вывод."
    assert "shouting" not in rules_of(text)


def test_link_words_do_not_make_a_sentence_long():
    url = "https://support.example.ru/articles/settings/streaming/encoder/advanced-options-for-obs-and-vmix?utm_source=chat&utm_medium=reply"
    text = f"Подробнее о настройках в статье {url} — там описано, как выбрать битрейт и задержку."
    assert "long-sentence" not in rules_of(text)
    assert analyse(text).in_other(text.index("support")).kind == "url"


def test_a_sentence_that_goes_on_after_a_link_is_a_new_sentence():
    text = ("Это можно сделать только в веб-версии Студии: https://studio.example.ru/ Для этого нажмите на иконку "
            "профиля в правом верхнем углу и выберите канал, которым хотите управлять, а затем откройте настройки доступа.")
    sentences = [s.text for s in analyse(text).sentences]
    assert any(s.startswith("Для этого") for s in sentences)
    assert "long-sentence" not in rules_of(text)


def test_a_long_sentence_that_starts_with_a_mention_is_marked_on_its_words():
    words = " ".join(["слово"] * 35)
    text = f"@someone {words}."
    [d] = [d for d in LINTER.check_text(text) if d.rule == "long-sentence"]
    assert d.match.startswith("слово")


def test_a_line_to_a_colleague_is_not_said_to_the_client():
    text = "@client_user Здравствуйте! Разбираемся с вашей заявкой, ответим сегодня до 17:00.\n@ivan глянь логи, ты же вчера деплоил"
    assert "formality-mismatch" not in rules_of(text)
    kinds = {o.kind for o in not_prose(text)}
    assert "colleague" in kinds


def test_a_colleague_the_context_names_is_one_on_any_line():
    text = "@maria проверь расписание Пети.\nЗдравствуйте! Урок в пятницу в 18:00."
    assert {o.kind for o in not_prose(text, ["maria"])} >= {"colleague"}


def test_names_in_an_email_or_a_mention_are_not_names():
    assert "name-mismatch" not in rules_of("Напишите на elena.petrova@example.ru, Анна.", client="Анна")
    assert "name-mismatch" not in rules_of("@Elena_Ivanova Анна, здравствуйте! Урок в пятницу.", client="Анна")


def test_an_order_number_is_not_a_lesson_time():
    text = "Заявка № 0-496409172 и номер 11350837 в работе, урок в 18:30 в силе."
    assert "time-mismatch" not in rules_of(text, lesson="18:30")
    kinds = [o.kind for o in not_prose(text)]
    assert kinds.count("number") == 2


def test_dates_and_times_stay_prose():
    text = "Урок 2026-11-24 в 18:30, оплата до 24.11.2026."
    assert not not_prose(text)


def test_a_pasted_ukrainian_answer_is_not_our_russian_prose():
    text = ("Ваша заявка закрыта с комментарием органа: Якщо субсидія для відшкодування витрат призначається у I "
            "кварталі року, середньомісячний сукупний дохід визначається за перші три квартали попереднього року.")
    assert "foreign" in {o.kind for o in not_prose(text)}
    assert "long-sentence" not in rules_of(text)


def test_a_placeholder_in_a_link_is_still_unfilled():
    assert "unfilled-placeholder" in rules_of("Оплатите по ссылке https://pay.example.ru/{{order_id}} до пятницы.")


def test_a_placeholder_is_not_shouting():
    assert "shouting" not in rules_of("Урок перенесли на ДД.ММ, время прежнее.")


def test_a_phrase_does_not_run_across_a_quote():
    # "не" and "можем" are on two sides of a quoted label: no refusal is said
    text = 'Мы не «Можем вернуть» называем эту кнопку, а «Вернуть деньги».'
    assert not rules_of(text) & {"refusal-no-reason", "refusal-no-alternative"}


def test_unbalanced_quotes_do_not_swallow_the_reply():
    text = 'Спасибо за вопрос про "перенос. Перенести урок не получится. Хорошего дня!'
    assert {"refusal-no-reason", "refusal-no-alternative"} <= rules_of(text)


def test_an_emoji_shortcode_opens_no_cause():
    """":relaxed:" is an emoji as trackers write it: its colon does not start the reason of a refusal."""
    assert "refusal-no-reason" in rules_of("Администрация высказалась против :relaxed:")
    assert [o.kind for o in not_prose("Спасибо :+1: и 18:30:00")] == ["code"]


def test_a_link_that_ends_its_line_ends_its_sentence():
    text = ("Вчера от имени вашей компании писал человек с другим ником, https://github.com/example/api/issues/152\n"
            "думаю, что стоит убедиться, что у вас нет проблем с параллельной разработкой, если это были не вы")
    assert len(analyse(text).sentences) == 2
    assert "long-sentence" not in rules_of(text)
