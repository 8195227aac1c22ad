"""The literal prefilter of regular expressions: a shortcut that must never hide a match."""
from __future__ import annotations

import re

import yaml

from replylint.engine import Linter
from replylint.patterns import patterns_in
from replylint.prefilter import literals, may_match

from conftest import REPO


def test_literals_come_from_the_mandatory_parts_only():
    assert literals(r"(?<![\d.,])100 ?(?:%|процент)") == (("100",), False)
    assert literals(r"https?://|www\.") == (("http", "www."), False)
    assert literals(r"\w+-(?:отдел|служба)", re.IGNORECASE) == (("отдел", "служба"), True)
    assert literals(r"[!?]{2,}") == (("!!", "!?", "?!", "??"), False)
    assert literals(r"срок|\w+") is None  # one branch without literals: no prefilter
    assert literals(r"(?:очень )?важно") == (("важно",), False)  # the optional part is not required
    assert literals(r"\w+") is None and literals(r"a?b") is None


def test_a_draft_without_the_literals_is_not_searched_and_one_with_them_is():
    url = re.compile(r"https?://|www\.|\b[\w-]+\.(?:ru|com)/")
    assert not may_match(url, "Урок перенесли на пятницу.")
    assert may_match(url, "Ссылка: www.example.org")
    swearing = re.compile(r"(?i)(?<![а-яё])(?:бля|сук[аи])")
    assert may_match(swearing, "СУКА!") and not may_match(swearing, "Спасибо!")


def test_no_regex_of_the_rules_loses_a_match_on_the_corpus_drafts():
    linter = Linter()
    regexes = set()
    for pattern in patterns_in([r.matcher for r in linter.rules]):
        if pattern.regex is not None:
            regexes.add(pattern.regex)
        for slot in pattern.slots:
            regexes.update(a.regex for a in slot.alternatives if a.regex is not None)
    regexes |= {re.compile(p, re.IGNORECASE) for p in (r"СРОК\w*", r"[её]б[а-я]+", r"ДО\s+\d+")}
    drafts = []
    for corpus in sorted((REPO / "tests" / "corpus").glob("*.yaml")):
        drafts += [c["draft"] for c in yaml.safe_load(corpus.read_text(encoding="utf-8"))]
    drafts += ["ВЫ ЧТО, НЕ ЧИТАЛИ?!!", "До 18:00 ЁБ", "сроки СРОКОВ", "Срок — ДО   5"]
    checked = 0
    for regex in regexes:
        for draft in drafts:
            if regex.search(draft):
                assert may_match(regex, draft), (regex.pattern, draft)
                checked += 1
    assert checked > 20
