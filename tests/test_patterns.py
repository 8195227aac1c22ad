"""The pattern language: lemmas, exact forms, alternatives, grammemes, skips, negation, unless."""
from __future__ import annotations

import pytest

from replylint.analyse import analyse
from replylint.errors import RuleError
from replylint.patterns import compile_pattern


def matches(pattern, text: str) -> list[str]:
    p = compile_pattern(pattern, "test.yaml", 1)
    a = analyse(text)
    return [text[m.start : m.end] for m in p.find(a)]


def test_a_phrase_matches_every_inflection_by_lemma():
    assert matches("не получится", "К сожалению, не получилось.") == ["не получилось"]
    assert matches("вернуть деньги", "Мы вернём деньги завтра, а вчера вернули деньгами.") == [
        "вернём деньги",
        "вернули деньгами",
    ]


def test_yo_and_e_are_the_same_letter():
    assert matches("перенесём", "Перенесем урок на пятницу.") == ["Перенесем"]


def test_exact_form_matches_only_that_form():
    assert matches("=срочно", "Срочно! Срочный вопрос.") == ["Срочно"]


def test_alternatives_in_one_slot():
    assert matches("вернуть|возвратить деньги", "Возвратим деньги.") == ["Возвратим деньги"]


def test_grammemes_restrict_the_word():
    assert matches("мочь<1per>", "Мы можем. Вы можете.") == ["можем"]
    assert matches("<UPPER -Abbr>", "СРОЧНО сдайте ЕГЭ") == ["СРОЧНО"]


def test_skip_allows_words_in_between_but_no_more_than_said():
    assert matches("вернуть ... деньги", "Вернём вам все деньги.") == ["Вернём вам все деньги"]
    assert matches("вернуть ...1 деньги", "Вернём вам все деньги.") == []


def test_optional_slot():
    assert matches("очень? важный", "Это важно. Это очень важно.") == ["важно", "очень важно"]


def test_punctuation_between_words_is_ignored_unless_asked_for():
    assert matches("вы сами", "Вы, сами понимаете") == ["Вы, сами"]
    assert matches("получится :", "Не получится: окна заняты") == ["получится:"]


def test_negated_false_skips_words_under_ne_or_ni():
    pattern = {"phrase": "виноватый", "negated": False}
    assert matches(pattern, "Преподаватель не виноват.") == []
    assert matches(pattern, "Вы ни в чём не виноваты.") == []
    assert matches(pattern, "Преподаватель виноват.") == ["виноват"]


def test_negation_reaches_past_possessives():
    assert matches({"phrase": "вина", "negated": False}, "Это не наша вина.") == []
    assert matches({"phrase": "вина", "negated": True}, "Это не наша вина.") == ["вина"]


def test_unless_cancels_in_the_same_sentence_only():
    pattern = {"phrase": "не получится", "unless": ["если"]}
    assert matches(pattern, "Если не получится, напишите.") == []
    assert matches(pattern, "Если что, пишите. Не получится.") == ["Не получится"]


def test_regex_pattern_matches_raw_text():
    assert matches({"regex": "!{2,}"}, "Срочно!!! Ок!") == ["!!!"]


@pytest.mark.parametrize(
    "pattern, message",
    [
        ("получицца", "нет в словаре"),
        ("<VERBB>", "неизвестная граммема"),
        ("получиться<NOUN>", "никогда не совпадёт"),
        ("...", "нет обязательного слова"),
        ({"regex": "("}, "ошибка в регулярном выражении"),
        ({"phrase": "мочь", "negated": "maybe"}, "'negated': true или false"),
        ({"phrase": "мочь", "colour": "red"}, "неизвестный ключ шаблона"),
    ],
)
def test_a_pattern_that_can_never_match_is_refused_at_load(pattern, message):
    with pytest.raises(RuleError) as err:
        compile_pattern(pattern, "rules/x.yaml", 7)
    assert message in str(err.value)
    assert str(err.value).startswith("rules/x.yaml:7: ")


def test_the_trigger_index_only_skips_patterns_that_could_not_match(monkeypatch):
    """Ruling patterns out by their trigger words is a shortcut: every finding on the corpus drafts
    is the same with the index as with every pattern tried."""
    import yaml

    from replylint import patterns
    from replylint.engine import Linter
    from conftest import REPO

    cases = yaml.safe_load((REPO / "tests" / "corpus" / "rules.yaml").read_text(encoding="utf-8"))
    drafts = [c["draft"] for c in cases[::3]]
    linter = Linter()

    def findings():
        return [[(d.rule, d.start, d.end) for d in linter.check_text(text)] for text in drafts]

    indexed = findings()
    assert patterns._LISTS, "the rules' pattern lists were indexed"
    assert any(indexed), "the sample has findings to compare"
    # every pattern of every list "always viable": nothing is ruled out
    monkeypatch.setattr(patterns, "_LISTS", {})
    monkeypatch.setattr(patterns, "_list_index", lambda ps: (ps, {}, frozenset(), list(range(len(ps)))))
    assert findings() == indexed


def test_the_trigger_index_rules_out_a_pattern_whose_words_are_absent():
    from replylint.patterns import viable

    money, regex = compile_pattern("вернуть деньги", "test.yaml", 1), compile_pattern({"regex": "!!+"}, "test.yaml", 1)
    both = [money, regex]
    assert viable(both, analyse("Урок перенесли на пятницу.")) == [regex]  # a regex is never ruled out
    assert viable(both, analyse("Деньги вернём завтра.")) == [money, regex]


def test_a_pattern_comes_back_from_the_rules_cache_whole():
    """The rules cache stores patterns, slots and their alternatives: every field must come back,
    what a slot works out from its alternatives included (a field left out made every cached rule
    fail at its first draft)."""
    import pickle
    from dataclasses import fields

    from replylint.engine import Linter
    from replylint.patterns import Pattern, patterns_in

    seen = 0
    for rule in Linter().rules:
        for pattern in patterns_in(rule.matcher):
            again = pickle.loads(pickle.dumps(pattern))
            assert all(getattr(again, f.name) == getattr(pattern, f.name) for f in fields(Pattern) if f.name != "regex"), pattern.source
            for slot, slot_again in zip(pattern.slots, again.slots):
                assert (slot_again.plain, slot_again.lemma_set, slot_again.form_set) == (slot.plain, slot.lemma_set, slot.form_set)
            seen += 1
    assert seen > 500
