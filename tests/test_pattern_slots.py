"""How a phrase is cut into slots: grammemes glued to a word or to another alternative stay in the slot."""
from __future__ import annotations

import pytest

from replylint.analyse import analyse
from replylint.patterns import compile_pattern


@pytest.mark.parametrize(
    "pattern, text",
    [
        ("в район <NUMB>|обед", "Отпишусь в районе обеда."),  # grammemes first, a word after the bar
        ("в район обед|<NUMB>", "Отпишусь в районе 14."),
        ("подумать<1per futr>", "Подумаю и отвечу."),  # a space inside <…> after a word
        ("<UPPER,Dict,-Abbr> <UPPER>?", "Это СРОЧНО."),  # an optional grammeme slot
        ("<UPPER,Dict,-Abbr> <UPPER>?", "НЕ НАДО так."),
    ],
)
def test_slot_matches(pattern, text):
    assert compile_pattern(pattern, "test", 1).find(analyse(text))


def test_dict_flag_tells_words_from_abbreviations():
    p = compile_pattern("<UPPER,Dict,-Abbr,-Name>", "test", 1)  # "ИНН" also reads as a name
    assert not p.find(analyse("Пришлите ИНН, СНИЛС и справку из МФЦ для ЕГЭ."))
