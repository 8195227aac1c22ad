"""Template placeholders: the fields a helpdesk fills in before a message goes out.

The built-in syntaxes are those of real helpdesks and of hand-written team macros:

    {{ name }}  {% if … %}  {# … #}     Jinja, Django (django-helpdesk), Zendesk, Intercom
    %{ticket.number}                    osTicket, Chatwoot
    %%SUBJECT%%                         HESK
    %NAME%  {name}  ${name}             home-grown macros
    [ИМЯ]  [имя клиента]                square brackets around capitals or a field word
    <ИМЯ КЛИЕНТА>  <<имя>>              angle brackets around capitals or a field word
    ИМЯ  (имя ребёнка)  *имя*           a field word in capitals, in round brackets or in stars
    XX:XX  ХХ.ХХ  ЧЧ:ММ  ДД.ММ          a blank time or date

A team adds its own with the config's ``placeholders:`` (regular expressions); the engine passes them
to every check as the option ``extra_placeholders``.

unfilled-placeholder (draft mode): any placeholder left in a draft is an error, since the client would
read it as it is.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

from ..lazyre import lazy_compile
from ..rule import Draft, Finding

# Words that make a bracketed text a field to fill rather than an aside.
_FIELD_WORDS = (
    r"имя|фио|фамилия|отчество|клиент\w*|ученик\w*|ребен\w*|ребён\w*|преподавател\w*|куратор\w*|оператор\w*"
    r"|дата|дату|время|день|час|сумма|сумму|номер|ссылка|ссылку|телефон|почта|адрес|курс|предмет|название"
    r"|name|date|time|day|client|customer|user|agent|amount|number|link|url|email|phone|company|subject"
)
_WHOSE = r"клиента|ребенка|ребёнка|ученика|ученицы|преподавателя|урока|занятия|куратора|оператора|родителя|дата|время|фамилия"
_CAPS = r"[A-ZА-ЯЁ][A-ZА-ЯЁ0-9_]*(?:[ _.\-][A-ZА-ЯЁ0-9_]+)*"

# Each syntax with the characters one of which any match of it contains: a draft is matched only
# against the syntaxes it can contain, so a short draft does not pay for compiling them all.
_SYNTAXES: tuple[tuple[str, str], ...] = (
    # (no "{" inside: a run of "{{{{…" without a closing "}}" is then read in linear time)
    ("{", r"\{\{[^{\n]*?\}\}"),  # {{ name }}
    ("{", r"\{%[^{\n]*?%\}"),  # {% if … %}
    ("{", r"\{#[^{\n]*?#\}"),  # {# comment #}
    ("{", r"%\{[^{}\n]+\}"),  # %{ticket.number}
    ("{", r"\$\{[^{}\n]+\}"),  # ${name}
    ("%", r"%%[A-Za-zА-Яа-яЁё0-9_.]+%%"),  # %%SUBJECT%%
    # %NAME%, but not an environment variable that opens a path: "%AppData%\FET Loader\logs.log"
    ("%", r"(?<![%\w])%[A-Za-zА-Яа-яЁё_][\w.]*%(?![%\w\\/])"),  # %NAME%
    ("{", r"(?<![{%$])\{\s*[A-Za-zА-Яа-яЁё_][\w.\- ]{0,40}?\s*\}(?!\})"),  # {name}
    ("[", r"\[\s*" + _CAPS + r"\s*\]"),  # [ИМЯ]
    ("[", r"(?i:\[[^\[\]\n]{0,30}?\b(?:" + _FIELD_WORDS + r")\b[^\[\]\n]{0,30}\])(?!\()"),  # [имя клиента]
    ("<", r"<\s*" + _CAPS + r"(?:\s+" + _CAPS + r")*\s*>"),  # <ИМЯ КЛИЕНТА>
    ("<", r"(?i:<[^<>\n]{0,30}?\b(?:" + _FIELD_WORDS + r")\b[^<>\n]{0,30}>)"),  # <имя клиента>
    (":.", r"(?<![\w:.])(?:[XxХх]{1,2}|_{1,2}|\?{1,2})[:.](?:[XxХх]{2}|_{2}|\?{2})(?![\w:]|\.\w)"),  # XX:XX
    (":.", r"\b(?:ЧЧ|чч|HH|hh)[:.](?:ММ|мм|MM|mm)\b"),  # ЧЧ:ММ
    ("./", r"\b(?:ДД|дд|DD|dd)[./](?:ММ|мм|MM|mm)(?:[./](?:ГГГГ|гггг|ГГ|гг|YYYY|yyyy|YY|yy))?\b"),  # ДД.ММ
    ("_", r"_{3,}"),  # ___ a blank to fill
    ("{", r"#\{[^{}\n]+\}"),  # #{name}
    ("<", r"<<[^<>\n]+>>"),  # <<имя>>
    ("ИДВNFCDT", r"(?<![\w])(?:ИМЯ|ДАТА|ВРЕМЯ|NAME|FIRST_NAME|CLIENT_NAME|DATE|TIME)"
    r"(?:[ _](?:КЛИЕНТА|РЕБЁНКА|РЕБЕНКА|УЧЕНИКА|ПРЕПОДАВАТЕЛЯ|УРОКА|ЗАНЯТИЯ))?(?![\w])"),  # a bare ИМЯ
    ("(", r"(?i:\(\s*(?:имя|фио|дата|дату|время|name|date|time)(?:\s+(?:и\s+)?(?:" + _WHOSE + r")){0,2}\s*\))"),  # (имя ребёнка)
    ("*", r"(?i:\*(?:имя|фио|дата|время|name|date|time)[^*\n]{0,20}\*)"),  # *имя*
)
BUILTIN: tuple[str, ...] = tuple(pattern for _, pattern in _SYNTAXES)
_TRIGGERS = frozenset(c for needs, _ in _SYNTAXES for c in needs)


@lru_cache(maxsize=1024)
def _by_characters(present: frozenset[str]) -> tuple[int, ...]:
    """The syntaxes a text with these trigger characters can contain."""
    return tuple(i for i, (needs, _) in enumerate(_SYNTAXES) if any(c in present for c in needs))


def _possible(text: str) -> tuple[int, ...]:
    """The syntaxes ``text`` can contain: by their literals ("ЧЧ", "{{", "(имя", read off each
    pattern once by prefilter.py) where they have them, else by their characters."""
    from ..prefilter import literals

    folded = None
    out = []
    for i in _by_characters(_TRIGGERS.intersection(text)):
        found = literals(_SYNTAXES[i][1])
        if found is None:
            out.append(i)
            continue
        strings, fold = found
        if fold and folded is None:
            folded = text.casefold()
        haystack = folded if fold else text
        if any(s in haystack for s in strings):
            out.append(i)
    return tuple(out)

# A {name} with a space inside it is a placeholder only if it reads like a field, not like prose.
_PROSE_IN_BRACES = lazy_compile(r"^\{\s*[а-яё]+(?:\s+[а-яё]+){2,}\s*\}$")


_BARE = lazy_compile(r"^[A-ZА-ЯЁ_ ]+$")
_SHOUTED = lazy_compile(r"\b[A-ZА-ЯЁ]{2,}\b")
_FIELD_CAPS = frozenset(
    "ИМЯ ФИО ДАТА ВРЕМЯ ОТЧЕСТВО ФАМИЛИЯ NAME DATE TIME КЛИЕНТА РЕБЁНКА РЕБЕНКА УЧЕНИКА ПРЕПОДАВАТЕЛЯ УРОКА ЗАНЯТИЯ".split()
)


@lru_cache(maxsize=256)
def _compiled(syntaxes: tuple[int, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{BUILTIN[i]})" for i in syntaxes))


def placeholder_spans(text: str, extra: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Where the placeholders are in ``text``: (start, end) pairs, sorted and not overlapping."""
    # Leaving out the syntaxes that cannot match here changes nothing else: the others still
    # compete in the same order. A team's own syntaxes (time-bounded, see saferegex.py) are
    # searched for on their own, their matches merged with the built-in ones.
    possible = _possible(text)
    if not possible and not extra:
        return []
    matches = list(_compiled(possible).finditer(text)) if possible else []
    if extra:
        from ..saferegex import config_regex

        matches += [m for p in extra for m in config_regex(p).finditer(text)]
        matches.sort(key=lambda m: (m.start(), -m.end()))
    spans: list[tuple[int, int]] = []
    for m in matches:
        if m.end() == m.start() or _PROSE_IN_BRACES.match(m.group()):
            continue
        if m.group()[0] in "<[" and re.search(r"://|=[\"']|^<\s*/?[a-z]+[\s>]", m.group()):
            continue  # an HTML tag or a link, not a field: <a href="https://…/link">
        around = text[max(0, m.start() - 25) : m.start()] + " " + text[m.end() : m.end() + 25]
        if _BARE.match(m.group()) and any(w not in _FIELD_CAPS for w in _SHOUTED.findall(around)):
            continue  # a capitalised field word among other capitals is shouting, not a field: "ВРЕМЯ — ДЕНЬГИ"
        if spans and m.start() < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], m.end()))
        else:
            spans.append((m.start(), m.end()))
    return spans


def extra_patterns(options: dict[str, Any]) -> tuple[str, ...]:
    """The rule's own ``placeholders`` option and the config's (passed by the engine as
    ``extra_placeholders``)."""
    found: list[str] = []
    for key in ("placeholders", "extra_placeholders"):
        value = options.get(key) or ()
        found.extend([value] if isinstance(value, str) else value)
    return tuple(str(v) for v in found)


def spans_for(draft: Draft, options: dict[str, Any]) -> list[tuple[int, int]]:
    """The draft's placeholders, found once per draft: the names, times and placeholder checks all
    ask (callers only read the list)."""
    key = ("placeholders", extra_patterns(options))
    found = draft.analysis.memo.get(key)
    if found is None:
        found = draft.analysis.memo[key] = placeholder_spans(draft.text, key[1])
    return found


def unfilled_placeholder(draft: Draft, options: dict[str, Any]) -> list[Finding]:
    return [Finding(start, end) for start, end in spans_for(draft, options)]
