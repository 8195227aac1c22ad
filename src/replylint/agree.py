"""The grammar of fixes: putting a replacement in the form of the words it replaces.

A safe fix must leave the sentence grammatical, so a replacement takes the case and number of the
word it replaces ("для Саши" → "для Маши"), a verb its person, tense, number and gender ("произвели
оплату" → "оплатили"), an adjective its noun's case, number and gender ("данной услуги" → "этой
услуги"), and the first letter keeps its capital. A preposition in front follows the new word ("во
вторник" → "в среду", "о Маше" → "об Анне").

Every function here answers None when it is not sure (two readings that give different forms, a
word pymorphy3 cannot inflect): the caller then offers no fix, or only an unsafe one. The rules'
suggestions stay as they are; this module only decides what a fix may write.
"""
from __future__ import annotations

import re
from typing import Iterable

from .analyse import Analysis, Token
from .morph import raw_parses
from .lazyre import lazy_compile
from .rule import Edit

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# The cases a preposition governs (the common ones; a preposition not listed narrows nothing).
PREPOSITION_CASES: dict[str, frozenset[str]] = {
    **{p: frozenset({"gent"}) for p in (
        "у", "для", "от", "ото", "без", "безо", "до", "из", "изо", "около", "после", "кроме", "вместо",
        "возле", "среди", "против", "ради", "мимо", "из-за", "из-под", "вокруг", "насчёт", "насчет",
        "напротив", "вроде", "вдоль", "внутри", "позади")},
    **{p: frozenset({"datv"}) for p in ("к", "ко", "благодаря", "согласно", "навстречу", "вопреки")},
    **{p: frozenset({"accs"}) for p in ("про", "через", "сквозь")},
    **{p: frozenset({"ablt"}) for p in ("над", "надо", "перед", "передо", "между")},
    **{p: frozenset({"loct"}) for p in ("при",)},
    "о": frozenset({"loct", "accs"}), "об": frozenset({"loct", "accs"}), "обо": frozenset({"loct", "accs"}),
    "в": frozenset({"accs", "loct"}), "во": frozenset({"accs", "loct"}),
    "на": frozenset({"accs", "loct"}), "за": frozenset({"accs", "ablt"}), "под": frozenset({"accs", "ablt"}),
    "с": frozenset({"ablt", "gent"}), "со": frozenset({"ablt", "gent"}), "по": frozenset({"datv", "loct", "accs"}),
}
_VERB_POS = frozenset({"VERB", "INFN", "GRND"})
_NOMINAL_POS = frozenset({"NOUN", "ADJF", "PRTF", "NPRO", "NUMR"})
_WORD_BEFORE = lazy_compile(r"(?<![А-Яа-яЁё-])([А-Яа-яЁё-]+)[ \t\u00a0]+$")  # (from a word's start: linear)


# ---------------------------------------------------------------------------------------------
# Letters


def match_case(original: str, text: str) -> str:
    """``text`` with the capitals of ``original``: all capitals stay all capitals ("СРЕДУ"), a
    capital first letter stays one ("В настоящее время" → "Сейчас"), lower case leaves ``text`` as
    it is (a replacement may carry its own capitals: names)."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return text.upper()
    if original[:1].isupper():
        return text[:1].upper() + text[1:]
    return text


def at_sentence_start(analysis: Analysis, token: Token) -> bool:
    """Whether no word of its sentence comes before the token (quotes and dashes aside)."""
    sentence = analysis.sentences[token.sentence]
    return not any(t.is_word for t in analysis.tokens[sentence.first : token.index])


# ---------------------------------------------------------------------------------------------
# Prepositions


def word_before(text: str, offset: int) -> tuple[int, str] | None:
    """The word right before ``offset`` with only spaces between (its start, the word)."""
    m = _WORD_BEFORE.search(text, max(0, offset - 40), offset)
    return (m.start(1), m.group(1)) if m else None


def preposition_edit(text: str, offset: int, new_word: str) -> Edit | None:
    """The edit that makes the preposition before ``offset`` fit ``new_word`` ("во вторник" → "в
    среду", "о Маше" → "об Анне", "с Машей" → "со Светой"), or None when it fits already."""
    found = word_before(text, offset)
    if found is None:
        return None
    start, prep = found
    low = prep.lower()
    first = new_word.lower()
    if low in ("в", "во"):
        want = "во" if re.match(r"[вф][^аеёиоуыэюя]", first) else "в"
    elif low in ("с", "со"):
        want = "со" if re.match(r"[сзшж][^аеёиоуыэюя]", first) else "с"
    elif low in ("к", "ко"):
        want = "ко" if re.match(r"(?:вт|вс|мн)", first) else "к"
    elif low in ("о", "об"):
        want = "об" if re.match(r"[аиоуыэ]", first) else "о"
    else:
        return None
    if want == low:
        return None
    return Edit(start, start + len(prep), match_case(prep, want))


def narrow_cases(cases: set[str], text: str, offset: int, analysis: Analysis | None = None, index: int | None = None) -> set[str]:
    """The cases a word at ``offset`` can stand in, given the preposition before it: a locative needs
    one ("о Мише"), a preposition allows only its own cases ("для Саши": genitive). With no
    preposition, a noun before makes a genitive ("урок Максима") and a verb an accusative
    ("поздравьте Максима")."""
    found = word_before(text, offset)
    prep = found[1].lower() if found else None
    if prep in PREPOSITION_CASES:
        narrowed = cases & PREPOSITION_CASES[prep]
        return narrowed or cases
    cases = cases - {"loct"}
    if {"gent", "accs"} <= cases and analysis is not None and index is not None:
        before = next((t for t in reversed(analysis.tokens[:index]) if t.sentence == analysis.tokens[index].sentence), None)
        if before is not None and before.is_word and before.parses:
            pos = {g for p in before.parses for g in p.grammemes} & {"NOUN", "VERB", "INFN"}
            if pos == {"NOUN"}:
                cases = cases - {"accs"}
            elif pos and "NOUN" not in pos:
                cases = cases - {"gent"}
    return cases


# ---------------------------------------------------------------------------------------------
# Inflecting


def inflect(word: str, grammemes: Iterable[str], pos: Iterable[str] = ("NOUN",), prefer: Iterable[str] = ()) -> str | None:
    """``word`` put in ``grammemes`` (from the parse of its part of speech, preferring ``prefer``:
    a surname's gender), in the capitals of ``word``; None when pymorphy3 cannot."""
    pos = set(pos)
    parses = [p for p in raw_parses(word) if pos & set(p.tag.grammemes)]
    prefer = set(prefer)
    parses.sort(key=lambda p: (not prefer <= set(p.tag.grammemes), "Fixd" in p.tag))
    for parse in parses[:1]:
        form = parse.inflect(set(grammemes))
        if form is not None:
            return match_case(word, form.word) if word[:1].isupper() else form.word
    return None


def noun_readings(token: Token, neighbours: Iterable[Token] = ()) -> set[tuple[str, str]]:
    """(case, number) readings of a noun, kept to those its adjectives agree with ("денежные средства":
    nominative or accusative plural, not the genitive singular "средства")."""
    readings = {(c, n) for p in token.parses if "NOUN" in p.grammemes for c in CASES for n in ("sing", "plur")
                if c in p.grammemes and n in p.grammemes}
    for other in neighbours:
        theirs = {(c, n) for p in other.parses if p.grammemes & {"ADJF", "PRTF"} for c in CASES for n in ("sing", "plur")
                  if c in p.grammemes and n in p.grammemes}
        if readings & theirs:
            readings &= theirs
    return readings


def one(forms: Iterable[str | None]) -> str | None:
    """The one form all readings agree on, or None."""
    found = set(forms)
    return found.pop() if len(found) == 1 and None not in found else None


def verb_like(replacement: str, source: Token) -> str | None:
    """A verb ``replacement`` in the form of the verb it replaces: "оплатить" for "произвели" is
    "оплатили", for "произведите" "оплатите". A perfective verb has no present: it takes the future
    ("представляется" → "получится"). Participles change the sentence's build: None."""
    forms = []
    for p in source.parses:
        g = p.grammemes
        if not g & _VERB_POS:
            continue
        if "GRND" in g:
            wanted = {"GRND"} | (g & {"past", "pres"})
        elif "INFN" in g:
            wanted = {"INFN"}
        else:
            wanted = {"VERB"} | (g & {"indc", "impr", "past", "pres", "futr", "1per", "2per", "3per", "sing", "plur",
                                      "masc", "femn", "neut", "excl", "incl"})
        forms.append(_verb_form(replacement, wanted))
    return one(forms) if forms else None


def _verb_form(word: str, wanted: set[str]) -> str | None:
    parse = next((p for p in raw_parses(word) if p.tag.POS in ("INFN", "VERB")), None)
    if parse is None:
        return None
    if "pres" in wanted and "perf" in parse.tag:
        wanted = (wanted - {"pres"}) | {"futr"}
    if "futr" in wanted and "impf" in parse.tag:
        return None  # "оплатим" → "оплачиваем"? a change of aspect is not ours to make
    form = parse.inflect(wanted)
    return form.word if form is not None else None


def adjective_like(replacement: str, source: Token, noun: Token | None) -> str | None:
    """An adjective (or pronoun such as "этот") in the form of the adjective it replaces, which must
    agree with the noun after it: "данной услуги" → "этой услуги". No noun that agrees, no form:
    "проверить данные" is the noun "данные", not the adjective."""
    if noun is None:
        return None
    nouns = {(c, n, gender, animacy) for p in noun.parses if "NOUN" in p.grammemes
             for c in CASES if c in p.grammemes for n in ("sing", "plur") if n in p.grammemes
             for gender in (p.grammemes & {"masc", "femn", "neut"}) or {"plur"}
             for animacy in (p.grammemes & {"anim", "inan"}) or {None}}
    forms = []
    for p in source.parses:
        g = p.grammemes
        if "ADJF" not in g:
            continue
        case = next((c for c in CASES if c in g), None)
        number = "plur" if "plur" in g else "sing"
        gender = next((x for x in ("masc", "femn", "neut") if x in g), None)
        animacy = next(iter(g & {"anim", "inan"}), None)
        if not any(c == case and n == number and (number == "plur" or gen == gender) and (animacy is None or anim in (None, animacy))
                   for c, n, gen, anim in nouns):
            continue
        wanted = {case, number} | ({gender} if gender and number == "sing" else set()) | (g & {"anim", "inan"})
        forms.append(inflect(replacement, wanted, ("ADJF",)))
    return one(forms) if forms else None


def noun_like(replacement: str, head: Token, neighbours: Iterable[Token]) -> str | None:
    """A noun in the case (and, unless it has only one, the number) of the noun it replaces."""
    readings = noun_readings(head, neighbours)
    if not readings:
        return None
    target = next((p for p in raw_parses(replacement) if p.tag.POS == "NOUN"), None)
    if target is None:
        return None
    fixed_number = {"Pltm", "Sgtm"} & set(target.tag.grammemes)
    written_plural = "plur" in target.tag  # "деньги": a replacement written in the plural stays plural
    forms = []
    for case, number in readings:
        form = target.inflect({case} if fixed_number else {case, "plur" if written_plural else number})
        forms.append(form.word if form else None)
    return one(forms)


def governs_genitive(token: Token | None) -> bool:
    """Whether a word can be a genitive complement ("оплату урока"): then a verb that replaces the
    noun before it would need the complement in another case."""
    return token is not None and any(p.grammemes & _NOMINAL_POS and "gent" in p.grammemes for p in token.parses)


def agreeing_replacement(analysis: Analysis, first: int, last: int, replacement: str) -> str | None:
    """``replacement`` for the words ``tokens[first..last]``, in their form, or None when it cannot
    be made to fit: a verb phrase becomes a verb of the same person, tense, number and gender
    (unless a genitive follows, which the new verb would govern differently: "произвести оплату
    урока"); a noun takes its head's case, a pronoun-adjective its noun's; any other replacement
    ("сейчас", "потому что", "по очереди") is written as it is. Capitals follow the first word."""
    tokens = analysis.tokens
    words = [t for t in tokens[first : last + 1] if t.is_word]
    if not words:
        return None
    after = next((t for t in tokens[last + 1 :] if t.sentence == words[-1].sentence), None)
    after_word = after if after is not None and after.is_word else None
    parts = replacement.split()
    heads = [i for i, w in enumerate(parts) if any(p.tag.POS in ("INFN", "VERB") for p in raw_parses(w)[:1])]
    verbs = [t for t in words if any(p.grammemes & _VERB_POS for p in t.parses)]
    if heads:
        if not verbs:
            return None  # "осуществлён", "произведена": a participle, the sentence would need rebuilding
        if governs_genitive(after_word):
            return None
        if after_word is not None and after_word.form == "за" and parts[heads[0]].startswith("оплат"):
            return None  # "оплату за декабрь" is not "оплатить за декабрь" (one pays "за", but "оплачивает" what)
        i = heads[0]
        form = verb_like(parts[i], verbs[0])
        if form is None:
            return None
        text = " ".join([*parts[:i], form, *parts[i + 1 :]])
    elif len(parts) == 1 and any(p.tag.POS == "NOUN" for p in raw_parses(parts[0])[:1]):
        nouns = [t for t in words if any("NOUN" in p.grammemes for p in t.parses)]
        if not nouns:
            return None
        head = nouns[0]
        others = [t for t in words if t is not head]
        form = noun_like(parts[0], head, others)
        if form is None or not _keeps_agreement(analysis, head, others, parts[0], last):
            return None
        text = form
    elif len(parts) == 1 and any("ADJF" in p.tag for p in raw_parses(parts[0])[:1]):
        before = tokens[first - 1] if first > 0 and tokens[first - 1].sentence == words[0].sentence else None
        if before is not None and any("ADJF" in p.grammemes and "Apro" not in p.grammemes for p in before.parses[:1]):
            return None  # "личные данные": an adjective before it, so it is the noun
        noun = after_word
        form = adjective_like(parts[0], words[0], noun)
        if form is None:
            return None
        text = form
    else:
        text = replacement
    return match_case(words[0].text, text)


def _keeps_agreement(analysis: Analysis, head: Token, others: list[Token], replacement: str, last: int) -> bool:
    """A new noun of another gender or number as a subject would break the verb that agrees with it
    ("Осуществление возврата было задержано" → "Возврат было задержано"): only a noun in an oblique
    case, or one whose sentence has no past verb, short adjective or participle after it, is safe."""
    target = next((p for p in raw_parses(replacement) if p.tag.POS == "NOUN"), None)
    if target is None:
        return False
    readings = noun_readings(head, others)
    if not any(case == "nomn" for case, _ in readings):
        return True  # not a subject: nothing agrees with it
    if {number for _, number in readings} == {"plur"}:
        old = {"plur"}
    else:
        old = {g for p in head.parses if "NOUN" in p.grammemes for g in p.grammemes & {"masc", "femn", "neut"}}
    new = {"plur"} if {"Pltm", "plur"} & set(target.tag.grammemes) else set(target.tag.grammemes) & {"masc", "femn", "neut"}
    if old == new:
        return True
    sentence = analysis.sentences[head.sentence]
    for t in analysis.tokens[last + 1 : sentence.stop]:
        for p in t.parses[:1]:
            if p.grammemes & {"PRTS", "ADJS"} or ("VERB" in p.grammemes and "past" in p.grammemes):
                return False
    return True


def lower_case(analysis: Analysis, first: int, last: int) -> str:
    """Words in capitals written in lower case ("СРОЧНО оплатите" → "Срочно оплатите", "НЕ НАДО" →
    "не надо"): a capital stays at a sentence's start, names get theirs ("МИШЕ" → "Мише"), and
    abbreviations keep their capitals ("ЕГЭ")."""
    tokens = analysis.tokens
    text = analysis.text
    start = tokens[first].start
    out = []
    at = start
    for t in tokens[first : last + 1]:
        out.append(text[at : t.start])
        word = t.text
        if "UPPER" in t.flags and "Dict" in t.flags and not any("Abbr" in p.grammemes for p in t.parses):
            grammemes = {g for p in t.parses[:1] for g in p.grammemes}
            if grammemes & {"Name", "Surn", "Patr", "Geox", "Orgn"}:
                word = word[:1] + word[1:].lower()
            elif t.index == first and at_sentence_start(analysis, t):
                word = word[:1] + word[1:].lower()
            else:
                word = word.lower()
        out.append(word)
        at = t.end
    return "".join(out)
