"""blame-colleague, the one built-in rule that is a Python check: colleague + fault in one clause, a
cause word before a colleague, a deflection, and the context's teacher names as colleagues."""
from __future__ import annotations

import pytest

import replylint


def marks(text: str, context: dict | None = None) -> list[tuple[str, str]]:
    return [(d.match, d.severity) for d in replylint.lint(text, context) if d.rule == "blame-colleague"]


@pytest.mark.parametrize(
    "text, match",
    [
        ("Урок сорвался, потому что преподаватель проспал.", "преподаватель проспал"),
        ("Это бухгалтерия неправильно провела платёж.", "бухгалтерия неправильно"),
        ("Менеджер, к сожалению, забыл отправить вам чек.", "Менеджер, к сожалению, забыл"),
        ("Урок перенесли по вине куратора.", "по вине куратора"),
        ("Урок сорвался из-за нашего нового преподавателя.", "из-за нашего нового преподавателя"),
        ("Это не наша вина, платёж задержал банк.", "не наша вина"),
        ("Мы тут ни при чём.", "Мы тут ни при чём"),
    ],
)
def test_blame_is_an_error_marking_the_words(text, match):
    assert (match, "error") in marks(text)


@pytest.mark.parametrize(
    "text",
    [
        "Преподаватель не виноват — это наша ошибка, простите.",
        "Преподаватель ни в чём не виноват: это мы забыли поставить урок.",
        "Преподаватель заболела, поэтому урок переносим на пятницу.",
        "Преподаватель подготовил задания на неделю.",
        "Урок перенесли из-за болезни преподавателя.",
        "Вчера мы не отправили преподавателю расписание, поэтому урок не состоялся.",
        "Это от нас не зависит: банк зачисляет деньги до 3 дней.",
    ],
)
def test_no_blame(text):
    assert marks(text) == []


def test_the_context_teacher_is_a_colleague_in_any_case_form():
    ctx = {"teacher": "Мария Петровна", "client": "Анна"}
    assert marks("Анна, Мария Петровна забыла про урок.", ctx) == [("Мария Петровна забыла", "error")]
    assert marks("Анна, урок сорвался по вине Марии Петровны.", ctx) == [("по вине Марии Петровны", "error")]
    assert marks("Анна, Мария Петровна прислала домашнее задание.", ctx) == []
    # without the context, a first name alone is just a name; with a patronymic, it is how a reply
    # speaks of a colleague (the client is "вы"), unless it is the client's own name
    assert marks("Мария забыла про урок.") == []
    assert marks("Мария Петровна забыла про урок.") == [("Мария Петровна забыла", "error")]
    assert marks("Мария Петровна забыла про урок.", {"client": "Мария Петровна"}) == []


def test_owning_the_mistake_next_to_it_lowers_the_finding_to_info():
    assert marks("Преподаватель опоздал на урок — это наша ошибка. Проведём урок бесплатно.") == [
        ("Преподаватель опоздал", "info")
    ]
