"""Person names in a draft, compared with the people of the conversation.

Finding names. A word is a person's name when pymorphy3 can read it as a first name, surname or
patronymic (the Name, Surn, Patr grammemes) and its capital letter and place say so:

- in the middle of a sentence, a capitalised word read as a first name or patronymic ("урок Миши",
  "Здравствуйте, Анна Сергеевна!"), unless places or companies outweigh that reading ("в Москве",
  "Яндекс"); a word read only as a surname counts only in a full name or an address ("Пушкина",
  "Дед Мороз", "на Баумана" are not people here); a word the dictionary does not know only when
  addressed ("Здравствуйте, Айгуль");
- at the start of a sentence, where every word has a capital, only when the place itself says it
  is a name: an address ("Анна, добрый день", "Анна!"), a patronymic or surname after it
  ("Светлана Андреевна подготовила…"), or a name among the word's likeliest readings ("Миша
  сегодня…"); "Вера в успех" and "Роман с продолжением" are not names;
- in lower case, only where nothing but an address can stand ("елена, добрый день").

Neighbouring name words make one name ("Мария Петровна Иванова").

Comparing. A name in the draft is one of the context's people when each of its words matches a word
of that person's name: by lemma and every case form ("Мише", "Мишу"); with ё read as е; and with
common diminutives matching their full names (Михаил ↔ Миша, Екатерина ↔ Катя), from the data file
``replylint/data/diminutives.yaml`` and the rule's option ``diminutives``. A part the context does
not give is not compared: "Ольга Николаевна" is the client "Ольга".

Not mismatches: the operator introducing themself ("меня зовут Валерия", "я Алина, ваш куратор"),
the signature ("С уважением, Алина", or a last line with only a name), and a name the client wrote
in their own message (client_message).

name-mismatch (draft mode): a name that is none of the context's people; silent when the context
names no one. template-hardcoded-name (template mode): any literal name, which belongs in a
placeholder (the operator's own name, if the context gives it, excepted).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..analyse import NUMBERED_POINT, Token
from ..morph import fold, is_known, raw_parses, word_cache
from ..lazyre import lazy_compile
from ..agree import inflect, narrow_cases, preposition_edit
from ..rule import Draft, Edit, Finding, Fix
from ..spans import Spans
from .placeholders import spans_for

NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
_NOT_PERSON = frozenset({"Geox", "Orgn", "Trad"})
# A capitalised word mid-sentence is a name only if its name readings carry this much of the score.
MIN_NAME_SCORE = 0.04
_CYRILLIC_TITLE = lazy_compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")

# Words that start a greeting, after which a name is an address.
GREETINGS = frozenset(
    {"здравствуйте", "здравствуй", "привет", "добрый", "доброе", "доброй", "день", "вечер", "утро",
     "приветствую", "уважаемый", "уважаемая", "дорогой", "дорогая", "hello", "hi"}
)
# Sentences (or lines) that open a signature: what follows names the sender.
_SIGNATURE_OPENERS = lazy_compile(
    r"^\W*(?:с\s+уважением|с\s+наилучшими|искренне|"
    r"best\s+regards|regards|ваш[а]?\s+(?:куратор|менеджер|оператор|специалист|поддержка))",
    re.IGNORECASE,
)
# "меня зовут Алина", "я — Алина", "с вами Алина", "на связи Алина", "это Алина из школы"
_SELF_INTRO = lazy_compile(
    r"(?:\bменя\s+зовут|\bмо[её]\s+имя|\bя\s*[—–-]|^\W*я|\bс\s+вами|\bна\s+связи|^\W*это|^\W*пишу\s+вам)"
    r"(?:\s*[,—–-]?\s*(?:ваш[аи]?\s+)?(?:нов\w+\s+)?(?:куратор|менеджер|оператор|специалист|администратор|"
    r"координатор|консультант|сотрудник)\w*(?:\s+школы)?)?\s*[,:—–-]?\s*$",
    re.IGNORECASE,
)

ROLE_WORDS = {
    "client": "клиент",
    "student": "ученик",
    "teacher": "преподаватель",
    "operator": "оператор",
    "names": "",
}


# ---------------------------------------------------------------------------------------------
# The diminutives file


@lru_cache(maxsize=1)
def diminutive_groups() -> dict[str, frozenset[int]]:
    """Each folded full name and diminutive → the ids of the name groups it belongs to (cached
    between runs like the rules: parsing the YAML costs a pre-send hook more than the check)."""
    from pathlib import Path

    from ..cache import cached

    file = Path(__file__).resolve().parent.parent / "data" / "diminutives.yaml"
    return cached("diminutives", [file], lambda: _read_diminutives(file),
                  lambda v: isinstance(v, dict) and all(isinstance(g, frozenset) for g in v.values()))


def _read_diminutives(file) -> dict[str, frozenset[int]]:
    import yaml

    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    groups: dict[str, set[int]] = {}
    gid = 0
    for section in data.values():
        for full, forms in (section or {}).items():
            gid += 1
            for name in [full, *(forms or [])]:
                groups.setdefault(fold(str(name)), set()).add(gid)
    return {k: frozenset(v) for k, v in groups.items()}


# ---------------------------------------------------------------------------------------------
# Words


@dataclass(frozen=True)
class NameWord:
    """What a word could be as a name: its lemmas and its diminutive groups."""

    form: str
    lemmas: frozenset[str]
    groups: frozenset[int]
    known: bool
    kind: str = "Name"  # Name, Surn or Patr: what the word most likely is as a name
    forms: frozenset[str] = frozenset()  # every case form of its name readings


@word_cache(maxsize=20_000)
def name_readings(word: str) -> tuple[float, bool, bool, frozenset[str]]:
    """(share of the score that reads the word as a name, top reading is a name, top reading is a
    place or company, the name lemmas)."""
    parses = raw_parses(word)
    if not parses:
        return 0.0, False, False, frozenset()
    total = sum(p.score for p in parses) or 1.0
    score = place = 0.0
    lemmas = set()
    for p in parses:
        if NAME_GRAMMEMES & set(p.tag.grammemes):
            score += p.score
            lemmas.add(fold(p.normal_form))
        elif _NOT_PERSON & set(p.tag.grammemes):
            place += p.score
    top = set(parses[0].tag.grammemes)
    # "Ване" is a lake's locative as often as Ваня's dative: a place only when places outweigh names
    return score / total, bool(NAME_GRAMMEMES & top) or score > place, place > score, frozenset(lemmas)


@word_cache(maxsize=20_000)
def name_word(word: str) -> NameWord:
    form = fold(word)
    _, _, _, lemmas = name_readings(word.capitalize())
    keys = set(lemmas) | {form}
    groups: set[int] = set()
    table = diminutive_groups()
    for k in keys:
        groups |= table.get(k, frozenset())
    weights = {"Name": 0.0, "Surn": 0.0, "Patr": 0.0}
    for p in raw_parses(word.capitalize()):
        for g in NAME_GRAMMEMES & set(p.tag.grammemes):
            weights[g] += p.score
    kind = "Name" if groups or not any(weights.values()) else max(weights, key=weights.get)
    forms = {form}
    for p in raw_parses(word.capitalize()):
        if NAME_GRAMMEMES & set(p.tag.grammemes) and "Fixd" not in p.tag:
            forms.update(fold(f.word) for f in p.lexeme)
    # "Марие", "Алие": the common misspelling of the dative of names in -ия
    forms.update(f[:-2] + "ие" for f in list(forms) if f.endswith("ии") and form.endswith("ия"))
    return NameWord(form, frozenset(keys), frozenset(groups), is_known(form), kind, frozenset(forms))


def same_name(a: NameWord, b: NameWord, extra: tuple[frozenset[str], ...] = ()) -> bool:
    if a.lemmas & b.lemmas or a.groups & b.groups or a.form in b.forms or b.form in a.forms:
        return True
    if any(group & a.lemmas and group & b.lemmas for group in extra):
        return True  # the team's own forms (the option ``diminutives``)
    # Names the dictionary does not know are guessed, and guesses differ between case forms:
    # compare their stems instead ("Айгуль" / "Айгулю").
    if not (a.known and b.known):
        stem = min(len(a.form), len(b.form)) - 2
        return stem >= 3 and a.form[:stem] == b.form[:stem]
    return False


# ---------------------------------------------------------------------------------------------
# Finding names in a draft


@dataclass
class NameSpan:
    """A run of words that names a person in the draft."""

    tokens: list[Token]
    start: int
    end: int
    accepted: bool = False  # the operator's self-introduction or signature

    @property
    def words(self) -> list[NameWord]:
        return [name_word(t.text) for t in self.tokens]


# Words after which a surname names a street, a station or a school: "на Баумана", "имени Пушкина".
_PLACE_BEFORE = lazy_compile(
    r"(?:\b(?:улиц[аеуы]|ул|проспект\w*|пр-т|пр|площад\w*|пл|переул\w*|пер|бульвар\w*|б-р|шоссе|"
    r"набережн\w*|наб|метро|м|станци\w*|имени|им)\.?\s*)$",
    re.IGNORECASE,
)


def _is_place(draft: Draft, tok: Token) -> bool:
    before = draft.text[max(0, tok.start - 20) : tok.start]
    if _PLACE_BEFORE.search(before):
        return True
    # "на Баумана": a word read only as a surname, right after "на", is a street.
    if re.search(r"\bна\s+$", before, re.IGNORECASE):
        parses = raw_parses(tok.text)
        named = [p for p in parses if NAME_GRAMMEMES & set(p.tag.grammemes)]
        return bool(named) and all("Surn" in p.tag and "Name" not in p.tag for p in named)
    return False


_LOWER_WORD = lazy_compile(r"^[а-яё]{3,}$")
_GREETING_NEXT = frozenset({"здравствуйте", "добрый", "доброе", "доброго", "привет", "приветствую"})


def _lowercase_address(words: list[Token], i: int) -> bool:
    """A name typed in lower case, where only an address can stand: "анна, добрый день",
    "здравствуйте, анна!". Only a word whose likeliest reading is a first name counts."""
    tok = words[i]
    if not _LOWER_WORD.match(tok.text):
        return False
    before = [t.form for t in words[max(0, i - 2) : i]]  # only the neighbours: this runs word by word
    after = [t.form for t in words[i + 1 : i + 3]]
    addressed = before[-2:] == ["здравствуйте", ","] or before[-2:] == ["привет", ","]
    # the first word of its sentence (tested last: it is the one test that looks further back)
    opens = len(after) == 2 and after[0] == "," and after[1] in _GREETING_NEXT and all(not t.is_word for t in words[:i])
    if not (addressed or opens):
        return False
    parses = raw_parses(tok.text)
    return bool(parses) and "Name" in parses[0].tag and _given_share(tok.text.capitalize()) >= 0.5


def _is_candidate(tok: Token) -> bool:
    return tok.is_word and bool(_CYRILLIC_TITLE.match(tok.text)) and len(tok.text) >= 2


@word_cache(maxsize=20_000)
def _place_share(word: str) -> float:
    parses = raw_parses(word)
    total = sum(p.score for p in parses) or 1.0
    return sum(p.score for p in parses if _NOT_PERSON & set(p.tag.grammemes) and not NAME_GRAMMEMES & set(p.tag.grammemes)) / total


_PLACE_PREPOSITIONS = frozenset({"в", "во", "из", "на"})


@word_cache(maxsize=20_000)
def _known_given_name(word: str) -> bool:
    """Whether a reading of the word is a given name of the diminutives table ("Вани" is Ваня,
    though the dictionary also reads it as a place and trusts that more)."""
    groups = diminutive_groups()
    return any(fold(p.normal_form) in groups for p in raw_parses(word) if "Name" in p.tag)


@word_cache(maxsize=20_000)
def _given_share(word: str) -> float:
    """The share of the score that reads the word as a first name or patronymic (not a surname)."""
    parses = raw_parses(word)
    total = sum(p.score for p in parses) or 1.0
    return sum(p.score for p in parses if {"Name", "Patr"} & set(p.tag.grammemes)) / total


def _looks_like_name(words: list[Token], i: int, first: bool) -> bool:
    """Whether the capitalised word ``words[i]`` is a person's name where it stands."""
    tok = words[i]
    share, top_is_name, top_is_place, _ = name_readings(tok.text)
    if share == 0.0:
        return False
    nxt = words[i + 1] if i + 1 < len(words) else None
    prev = [t.form for t in words[max(0, i - 3) : i]]
    # addressed: "Здравствуйте, Анна!", "Добрый день, Айгуль", "Уважаемая Иванова"
    addressed = bool(prev) and (prev[-1] in GREETINGS or (prev[-1] == "," and len(prev) > 1 and prev[-2] in GREETINGS))
    # "Анна, добрый день", or a name that is a whole sentence: "Анна! Добрый день."
    alone = nxt is not None and nxt.text in ("!", "…") and all(not t.is_word for t in words[i + 1 :])
    vocative = first and nxt is not None and (nxt.text == "," or alone)
    followed = False
    if nxt is not None and nxt.start - tok.end <= 1 and _is_candidate(nxt):
        n_share, n_top, n_place, _ = name_readings(nxt.text)
        followed = n_top and not n_place  # "Светлана Андреевна", "Иванова Светлана"
    if not is_known(tok.text):
        # a word the dictionary does not know ("Тинькофф") is a name only where it is addressed
        return addressed or vocative or followed
    if share < MIN_NAME_SCORE:
        return False  # a name reading the dictionary hardly believes in: "По нашим данным"
    given = _given_share(tok.text)
    if not first:
        # a place first, unless a given name of the diminutives table that does not follow
        # "в"/"из"/"на": "для Вани" is Ваня, "в Вани" is the town
        if top_is_place and (not _known_given_name(tok.text) or (prev and prev[-1] in _PLACE_PREPOSITIONS)):
            return False
        if given >= MIN_NAME_SCORE:
            return True
        # read only as a surname ("Пушкина", "Дед Мороз"): a name only as part of one or addressed
        return addressed or followed
    # At the start of a sentence, the capital says nothing: the place must.
    if vocative and share >= MIN_NAME_SCORE:
        return True  # an address: "Анна, добрый день"
    if followed:
        return True
    # the likeliest reading is a name and names carry most of the score ("Миша сегодня…"), or the
    # only other readings are places ("Айдар молодец": also a river)
    parses = raw_parses(tok.text)
    best_name = max((p.score for p in parses if NAME_GRAMMEMES & set(p.tag.grammemes)), default=0.0)
    if best_name < parses[0].score - 1e-9:  # a name reading must be among the likeliest ("Ира": also "ир")
        return False
    return given >= 0.5 or (given >= 0.3 and share + _place_share(tok.text) >= 0.9)


def find_names(draft: Draft, options: dict[str, Any]) -> list[NameSpan]:
    analysis = draft.analysis
    holes = Spans(spans_for(draft, options))
    text = draft.text
    spans: list[NameSpan] = []
    signature_from: int | None = None
    for s_index, sentence in enumerate(analysis.sentences):
        if signature_from is None and _SIGNATURE_OPENERS.match(sentence.text):
            signature_from = sentence.start
        words = [t for t in analysis.sentence_tokens(s_index)]
        current: NameSpan | None = None
        first_word = next((t for t in words if t.is_word), None)
        for i, tok in enumerate(words):
            if holes.overlaps(tok.start, tok.end):
                current = None
                continue
            if not _is_candidate(tok):
                if _lowercase_address(words, i):  # "анна, добрый день", typed in a hurry
                    spans.append(NameSpan([tok], tok.start, tok.end))
                current = None
                continue
            # A word right after a quote mark or at a line's start opens a new "sentence".
            prev = words[i - 1] if i > 0 else None
            first = tok is first_word or (prev is not None and prev.text in "«\"„“(") or _line_start(text, tok.start)
            joined = current is not None and tok.start - current.end <= 1
            if joined and name_word(tok.text).kind == "Name" and any(w.kind == "Name" for w in current.words):
                joined = False  # one person has one first name: "за Полиной Ольгу Николаевну" is two people
            if joined and name_readings(tok.text)[0] > 0 and not name_readings(tok.text)[2]:
                current.tokens.append(tok)
                current.end = tok.end
                continue
            if _looks_like_name(words, i, first and not joined) and not _is_place(draft, tok):
                current = NameSpan([tok], tok.start, tok.end)
                spans.append(current)
            else:
                current = None
    _accept_operator(draft, spans, signature_from)
    return spans


def _line_start(text: str, offset: int) -> bool:
    """Whether only a list's marker stands before ``offset`` on its line ("- ", "• ", "4. ", "2) ")."""
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset].strip(" \t-–—•*>")
    return not before or bool(NUMBERED_POINT.fullmatch(before))


def _accept_operator(draft: Draft, spans: list[NameSpan], signature_from: int | None) -> None:
    """Mark the operator's self-introduction and signature, and every other use of those names."""
    text = draft.text
    own: list[NameSpan] = []
    for span in spans:
        line_start = text.rfind("\n", 0, span.start) + 1
        before = text[line_start : span.start]
        sentence_before = re.split(r"[.!?…]", before)[-1]
        if _SELF_INTRO.search(sentence_before):
            own.append(span)
        elif signature_from is not None and span.start >= signature_from:
            own.append(span)
        elif _alone_on_last_line(text, span):
            own.append(span)
    for span in own:
        span.accepted = True
    for span in spans:
        if not span.accepted and any(_covers(o, span) for o in own):
            span.accepted = True


def _alone_on_last_line(text: str, span: NameSpan) -> bool:
    """A signature with no opener: the draft's last line is only the name (and perhaps a role)."""
    rest = text[span.end :].strip()
    if rest and not re.fullmatch(r"[\s,.\-–—()]*(?:[а-яё]+[\s,.\-–—()]*){0,3}", rest, re.IGNORECASE):
        return False
    line_start = text.rfind("\n", 0, span.start) + 1
    head = text[line_start : span.start].strip(" \t-–—,")
    return line_start > 0 and text[:line_start].strip() != "" and len(head.split()) <= 2 and not re.search(r"[!?]", head)


def _covers(own: NameSpan, span: NameSpan) -> bool:
    return all(any(same_name(w, o) for o in own.words) for w in span.words)


# ---------------------------------------------------------------------------------------------
# The context's people


def people(draft: Draft, keys: tuple[str, ...] = tuple(ROLE_WORDS)) -> list[tuple[str, str, list[NameWord]]]:
    """(role, name as written, its words) for each person the context names."""
    result = []
    for key in keys:
        for person in getattr(draft.context, key):
            words = [name_word(w) for w in re.findall(r"[А-Яа-яЁёA-Za-z-]+", person)]
            if words:
                result.append((key, person, words))
    return result


def matches_person(span: NameSpan, person_words: list[NameWord], extra: tuple[frozenset[str], ...] = ()) -> bool:
    """Whether the name in the draft is this person. A part the context does not give is not
    compared: "Ольга Николаевна" is the client "Ольга", but not the client "Ольга Петровна"."""
    matched = 0
    for w in span.words:
        if any(same_name(w, p, extra) for p in person_words):
            matched += 1
        elif any(p.kind == w.kind for p in person_words):
            return False
    return matched > 0


def expected_names(draft: Draft) -> str:
    parts = []
    for role, person, _ in people(draft):
        if role == "operator":
            continue
        label = ROLE_WORDS[role]
        parts.append(f"{person} ({label})" if label else person)
    return ", ".join(parts) or ", ".join(draft.context.operator)


def name_mismatch(draft: Draft, options: dict[str, Any]) -> list[Finding]:
    persons = people(draft)
    if not persons:
        return []
    expected = expected_names(draft)
    # Names the client wrote themself belong to this conversation too ("забирать будет бабушка Нина").
    known = [words for _, _, words in persons] + _client_message_names(draft, options)
    extra = extra_diminutives(options)
    spans = find_names(draft, options)
    wrong = []
    for span in spans:
        if span.accepted:
            continue
        if any(matches_person(span, words, extra) for words in known):
            continue
        kinds = {p.kind for words in known for p in words}
        if not any(w.kind in kinds for w in span.words):
            continue  # a first name when the context gives only surnames: nothing to compare
        wrong.append(span)
    meant = {id(span): meant_person(span, draft, persons) for span in wrong}
    findings = []
    for span in wrong:
        suggestions = suggest(span, draft)
        fix = name_fix(span, draft, meant[id(span)], spans, wrong, meant, extra)
        if fix is not None:
            text = fix.edits[-1].text
            suggestions = [text, *[s for s in suggestions if s != text]][:3]
        findings.append(Finding(span.start, span.end, values={"expected": expected}, suggestions=suggestions, fix=fix))
    return findings


# ---------------------------------------------------------------------------------------------
# Fixes: the one person of the context whose name was meant, in the case of the word replaced


def _is_address(span: NameSpan, draft: Draft) -> bool:
    """"Елена, здравствуйте", "Добрый день, Елена": a name the reply is addressed with."""
    line_start = draft.text.rfind("\n", 0, span.start) + 1
    before = re.split(r"[.!?…]", draft.text[line_start : span.start])[-1].strip(" ,—–-").lower()
    if not re.search(r"\w", before):  # nothing but marks or an emoji before it
        after = draft.text[span.end : span.end + 3].lstrip(" ")
        return after[:1] in (",", "!")
    return bool(re.search(r"(?:здравствуйте|привет|день|вечер|утро|уважаем\w+|дорог\w+)$", before))


_ROLE_BEFORE = lazy_compile(
    r"(?:преподавател\w*|учител\w*|педагог\w*|репетитор\w*|методист\w*|куратор\w*|менеджер\w*|"
    r"администратор\w*|тренер\w*|наставник\w*|специалист\w*|коллег\w*|сотрудни\w*|ассистент\w*)\s*[,:—–-]?\s*$",
    re.IGNORECASE,
)


def _gender(words: list[NameWord], nominative: bool = False) -> str | None:
    """masc or femn, from the first name-like word whose readings agree; None when unsure ("Саша").
    ``nominative``: the context's names are written in the nominative ("Алия" is not Алий's genitive)."""
    for w in words:
        found = {g for p in raw_parses(w.form.capitalize()) if NAME_GRAMMEMES & set(p.tag.grammemes)
                 and (not nominative or p.tag.case == "nomn")
                 for g in set(p.tag.grammemes) & {"masc", "femn", "ms-f"}}
        if found:
            return found.pop() if len(found) == 1 and "ms-f" not in found else None
    return None


def meant_person(span: NameSpan, draft: Draft, persons) -> tuple[list, bool]:
    """(the people the wrong name may stand for, whether the place names only one of them for sure).

    An address is the client. A name in the body is not the client (the reply speaks to them as
    «вы»): it is the student, a colleague or another named person; after a role word
    ("методист Ольга") a colleague. The candidates must have the parts the draft wrote (a
    patronymic for "Ольга Владимировна"), and a bare first name is a child before an adult known by
    name and patronymic. A gender the draft's name shows must be theirs: "Айдар молодец" is not
    Алия (the sentence around it agrees with Айдар)."""
    if _is_address(span, draft):
        roles: tuple[str, ...] = ("client",)
    elif _ROLE_BEFORE.search(draft.text[max(0, span.start - 40) : span.start]):
        roles = ("teacher", "names")
    else:
        roles = ("student", "teacher", "names")
    candidates = [(role, person, words) for role, person, words in persons if role in roles]
    kinds = {w.kind for w in span.words}
    candidates = [c for c in candidates if kinds <= {w.kind for w in c[2]}]
    if "Patr" not in kinds:
        children = [c for c in candidates if not any(w.kind == "Patr" for w in c[2])]
        candidates = children or candidates
    gender = _gender(span.words)
    if gender is not None:
        candidates = [c for c in candidates if _gender(c[2], nominative=True) in (None, gender)]
    return candidates, len(candidates) == 1


def _readings(span: NameSpan) -> set[tuple[str, str]]:
    """The (case, number) the draft's name can be in: shared by its words, singular first."""
    shared: set[tuple[str, str]] | None = None
    for tok in span.tokens:
        parses = [p for p in raw_parses(tok.text) if NAME_GRAMMEMES & set(p.tag.grammemes) and p.tag.case]
        if any("Fixd" not in p.tag for p in parses):
            parses = [p for p in parses if "Fixd" not in p.tag]  # "Анне": Анна's dative, not a name of its own
        mine = {(p.tag.case, p.tag.number or "sing") for p in parses}
        shared = mine if shared is None else shared & mine
    shared = shared or set()
    if any(n == "sing" for _, n in shared):
        shared = {(c, n) for c, n in shared if n == "sing"}  # "Пети": Петя's genitive, not "the Petyas"
    return shared


def _person_form(words: list[str], kinds: list[str], person_words: list[NameWord], case: str, number: str, gender: str | None) -> str | None:
    out = []
    for kind in kinds:
        source = next((w for w, nw in zip(words, person_words) if nw.kind == kind), None)
        if source is None:
            return None
        if case == "nomn" and number == "sing":
            out.append(source)
            continue
        prefer = {gender} if gender in ("masc", "femn") and kind != "Name" else set()
        form = inflect(source, {case, number}, ("NOUN",), prefer)
        if form is None:
            return None
        out.append(form)
    return " ".join(out)


def name_fix(span: NameSpan, draft: Draft, meant: tuple[list, bool], spans: list[NameSpan], wrong: list[NameSpan],
             all_meant: dict, extra) -> Fix | None:
    """Replace the wrong name with the person meant, in the case and number of the draft's word. Safe
    when the place names one person for sure, that person is not already named elsewhere in the draft
    ("для Маши (и для её брата Пети)": Петя is someone else) and no other wrong name points to them."""
    candidates, sure = meant
    if not candidates:
        return None
    role, person, person_words = candidates[0]
    raw_words = re.findall(r"[А-Яа-яЁёA-Za-z-]+", person)
    if len(raw_words) != len(person_words):
        return None
    kinds = [w.kind for w in span.words]
    if len(set(kinds)) != len(kinds):
        return None
    readings = _readings(span)
    cases = narrow_cases({c for c, _ in readings}, draft.text, span.start, draft.analysis, span.tokens[0].index)
    gender = _gender(person_words, nominative=True)
    forms = {_person_form(raw_words, kinds, person_words, c, n, gender) for c, n in readings if c in cases}
    if len(forms) != 1 or None in forms:
        return None
    text = forms.pop()
    if span.tokens[0].text.isupper() and len(span.tokens[0].text) > 1:
        text = text.upper()
    safe = sure
    if safe and any(matches_person(other, person_words, extra) for other in spans if other not in wrong):
        safe = False  # the person is named already: the wrong name is probably someone else
    if safe:
        for other in wrong:
            theirs = all_meant[id(other)][0]
            if other is not span and theirs and theirs[0][1] == person and not _same_words(other, span):
                safe = False  # two different wrong names for one person: which is which?
    edits = [Edit(span.start, span.end, text)]
    before = preposition_edit(draft.text, span.start, text)
    if before is not None:
        edits.insert(0, before)
    return Fix(safe, tuple(edits))


def _same_words(a: NameSpan, b: NameSpan) -> bool:
    return all(any(same_name(x, y) for y in b.words) for x in a.words)


def _case_of(word: str) -> str | None:
    named = [p for p in raw_parses(word) if NAME_GRAMMEMES & set(p.tag.grammemes) and p.tag.case]
    named.sort(key=lambda p: "Fixd" in p.tag)  # "Анне" is the dative of Анна before it is a name of its own
    if not named:
        return None
    return "datv" if named[0].tag.case == "loct" else named[0].tag.case


def inflect_name(name: str, case: str | None) -> str:
    """A context person's name put in the case the draft used: "Татьяна" → "Татьяне"."""
    if case is None or case == "nomn":
        return name
    out = []
    for word in name.split():
        parses = [p for p in raw_parses(word) if NAME_GRAMMEMES & set(p.tag.grammemes)]
        form = parses[0].inflect({case}) if parses else None
        out.append(form.word.capitalize() if form else word)
    return " ".join(out)


def suggest(span: NameSpan, draft: Draft) -> list[str]:
    """The context's people (not the operator), in the case of the name the draft used."""
    case = _case_of(span.tokens[0].text)
    # An address ("Елена, здравствуйте", "Добрый день, Елена") is most likely the client; a name in
    # the body ("урок Пети") the student, teacher or others first.
    line_start = draft.text.rfind("\n", 0, span.start) + 1
    before = re.split(r"[.!?…]", draft.text[line_start : span.start])[-1].strip(" ,—–-").lower()
    address = before == "" or bool(re.search(r"(?:здравствуйте|привет|день|вечер|утро|уважаем\w+|дорог\w+)$", before))
    order = ("client", "student", "teacher", "names") if address else ("student", "teacher", "names", "client")
    found = []
    for role, person, _ in people(draft, order):
        text = inflect_name(person, case)
        if text not in found:
            found.append(text)
    return found[:3]


def extra_diminutives(options: dict[str, Any]) -> tuple[frozenset[str], ...]:
    """The option ``diminutives: {Full name: [forms…]}``: a team's names beyond the data file."""
    value = options.get("diminutives") or {}
    if not isinstance(value, dict):
        return ()
    groups = []
    for full, forms in value.items():
        names = [full, *(forms if isinstance(forms, list) else [forms])]
        group: set[str] = set()
        for name in names:
            group |= name_word(str(name)).lemmas
        groups.append(frozenset(group))
    return tuple(groups)


def _client_message_names(draft: Draft, options: dict[str, Any]) -> list[list[NameWord]]:
    message = draft.context.client_message
    if not message:
        return []
    from ..context import Context
    from .register import analysed

    theirs = Draft(text=message, analysis=analysed(message), context=Context())
    return [span.words for span in find_names(theirs, options)]


def template_hardcoded_name(draft: Draft, options: dict[str, Any]) -> list[Finding]:
    operators = [words for _, _, words in people(draft, ("operator",))]
    findings = []
    for span in find_names(draft, options):
        if any(matches_person(span, words) for words in operators):
            continue
        findings.append(Finding(span.start, span.end))
    return findings
