"""Dates and times in a draft, and which of them state the scheduled lesson.

Finding them. Clock times ("18:30", "18.30", "в 6 вечера", "в шесть вечера", "в 18 часов", "в
половине седьмого", "в полдень", a bare "в 6" as chats write it), dates ("24 ноября", "24.11",
"24.11.2026", "25-го"), weekdays ("во вторник", "в пт") and, when the context gives ``today``,
"сегодня", "завтра", "послезавтра". An hour with no morning or evening ("в 6", "в 6:30") may be
either. Pieces that stand together ("во вторник, 1 декабря, в 17:00") make one mention.
Durations ("за 2 часа", "в течение 1 часа") are not times.

Telling what a mention is, from the words around it in its sentence:

- a range: working hours and the like, "с 9:00 до 21:00", "с понедельника по пятницу", "10:00–18:00";
- a deadline: "напишите до 12:00", "отвечу к 15:00", "не позднее пятницы";
- an offered new slot: an offer, a reschedule or a changed time before it ("можем перенести на
  18:00", "предлагаю 27 ноября", "теперь урок в 19:00"), alternatives ("в 10:00 или в 12:00"), or a
  question ("подойдёт ли пятница в 17:00?");
- something else, not compared: a refusal or correction in its clause ("провести урок в 17:00 не
  получится"), a past event ("деньги вернули в 12:40"), a message we send ("ссылку пришлём в
  17:50"), another time zone ("в 20:30 по вашему"), a start date ("с 1 декабря");
- the lesson: the sentence speaks of the lesson ("урок", "занятие", "подключайтесь", "ждём",
  "напоминаем", "начнётся", "увидимся"…).

time-mismatch (draft mode): a lesson mention whose date, weekday or time differs from every lesson of
the context; the message names the context's lesson and the suggestion gives its value as the draft
wrote the wrong one. template-hardcoded-time (template mode): a literal date or time of a lesson or
a slot, which belongs in a placeholder; working hours, deadlines and durations are fine.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..context import Lesson
from ..lazyre import lazy_compile
from ..morph import fold
from ..agree import match_case, narrow_cases, preposition_edit
from ..rule import Draft, Edit, Finding, Fix
from ..spans import Spans
from .placeholders import spans_for

MONTH_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                  "сентября", "октября", "ноября", "декабря")
WEEKDAYS = ("понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень")
WEEKDAY_NAMES = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
HOUR_WORDS = {
    "час": 1, "один": 1, "одного": 1, "два": 2, "двух": 2, "три": 3, "трёх": 3, "трех": 3,
    "четыре": 4, "четырёх": 4, "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6,
    "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10,
    "десяти": 10, "одиннадцать": 11, "одиннадцати": 11, "двенадцать": 12, "двенадцати": 12,
}
RELATIVE = {"сегодня": 0, "сегодняшн": 0, "завтра": 1, "завтрашн": 1, "послезавтра": 2}

_PREP = r"(?:в|во|к|до|с|со|после|около|на|от)"
_HOUR_WORD = "|".join(sorted(HOUR_WORDS, key=len, reverse=True))

_CLOCK = lazy_compile(r"(?<![\d.:,/])([01]?\d|2[0-3])([:.])([0-5]\d)(?![\d])(?![.:/]\d)")
_NUM_DATE = lazy_compile(r"(?<![\d.:,/])(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?(?![\d])(?![.:/]\d)")
_WORD_DATE = lazy_compile(
    r"(?<![\d])(\d{1,2})(?:-?го)?\s+(" + "|".join(MONTH_GENITIVE) + r")(?:\s+(\d{4})(?:\s*(?:года|г\.?))?)?",
    re.IGNORECASE,
)
# "в 18-30", "к 9-00": a dash for a colon, only after a preposition ("18-30 лет" is an age range)
_DASH_CLOCK = lazy_compile(r"\b(?:в|к|до|после|около|на)\s+([01]?\d|2[0-3])-([0-5]\d)(?![\d-])", re.IGNORECASE)
# a day of the month with no month: "25-го", "на 25-е", "25 числа"
_DAY_ONLY = lazy_compile(r"(?<![\d.:/])(\d{1,2})(?:-?(?:го|е)(?:\s+числа)?|\s+числа)(?![\w])", re.IGNORECASE)
_PERIOD_TIME = lazy_compile(
    r"\b" + _PREP + r"\s+(\d{1,2}|" + _HOUR_WORD + r")(?:\s+(?:часов|часа|час|ч\.?))?\s+(утра|дня|вечера|ночи)\b",
    re.IGNORECASE,
)
_HOUR_TIME = lazy_compile(
    r"\b" + _PREP + r"\s+(\d{1,2}|" + _HOUR_WORD + r")\s+(?:часов|часа|час|ч\.?)(?!\s*(?:утра|дня|вечера|ночи))(?=\W|$)",
    re.IGNORECASE,
)
# a bare hour, as chats write it: "урок завтра в 6", "в 18, как обычно"
_BARE_HOUR = lazy_compile(r"\b(?:в|к|до|после|около)\s+(\d{1,2})(?!\s*,\s*\d)(?=\s*(?:[.,!?;)]|\s[—–-]\s|$|\s+(?:и|или|а|как|по\s+москв\w*)\b))", re.IGNORECASE)
ORDINAL_GENITIVE = {
    "первого": 1, "второго": 2, "третьего": 3, "четвертого": 4, "четвёртого": 4, "пятого": 5, "шестого": 6,
    "седьмого": 7, "восьмого": 8, "девятого": 9, "десятого": 10, "одиннадцатого": 11, "двенадцатого": 12,
}
# "в половине седьмого", "в полседьмого": half past the hour before
_HALF_PAST = lazy_compile(
    r"\b(?:в|к|до|после|около)\s+(?:половине\s+|пол-?)(" + "|".join(ORDINAL_GENITIVE) + r")(?:\s+(утра|дня|вечера|ночи))?\b",
    re.IGNORECASE,
)
_NOON = lazy_compile(r"\b(?:в|к|до|после|около)\s+(полдень|полночь)\b", re.IGNORECASE)
WEEKDAY_ABBR = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
# "в пт", "во вт": abbreviations only after «в»/«во», where "ср." cannot mean «сравни»
_WEEKDAY_ABBR = lazy_compile(r"\bв[о]?\s+(" + "|".join(WEEKDAY_ABBR) + r")\b\.?", re.IGNORECASE)
_WEEKDAY = lazy_compile(r"\b(" + "|".join(WEEKDAYS) + r")[а-яё]*", re.IGNORECASE)
_RELATIVE = lazy_compile(r"\b(послезавтра|сегодняшн[а-яё]*|завтрашн[а-яё]*|сегодня|завтра)\b", re.IGNORECASE)

# What may stand between the pieces of one mention: "во вторник, 1 декабря, в 17:00".
# (no two quantifiers that can take the same spaces side by side: a long gap is read in linear time)
_GLUE = lazy_compile(r"^[\s,()—–-]*(?:(?:в|во|года|г\.)[\s,()—–-]*)?$", re.IGNORECASE)
_CHOICE_GAP = lazy_compile(r"^\s*(?:,\s*)?(?:или|либо)\s*(?:(?:в|во|на|к)\s*)?$", re.IGNORECASE)
_RANGE_GAP = lazy_compile(r"^\s*(?:[-–—]|до|по)\s*$", re.IGNORECASE)
_DEADLINE_BEFORE = lazy_compile(r"(?:\bдо|\bк|\bне\s+позднее|\bне\s+позже|\bв\s+течение|\bдо\s+конца)\s*$", re.IGNORECASE)
_RANGE_BEFORE = lazy_compile(r"(?:\bс|\bсо|\bот)\s*$", re.IGNORECASE)

# A message we will send or the client will get: its time is not the lesson's.
_MESSAGE_CUES = lazy_compile(
    r"\b(?:пришл[её]м|пришлю|пришлет|отправ(?:им|лю|ит)|напомн(?:им|ю)|напиш(?:ем|у|ет)|позвон(?:им|ю|ит)|свяж(?:емся|усь|ется)|"
    r"ответ(?:им|ит)|прид[её]т|придут|получите|сообщ(?:им|у)|перезвон)",
    re.IGNORECASE,
)
# Cues, as word stems (lower case, ё as е): what the sentence is about.
_LESSON_CUES = lazy_compile(
    r"\b(?:урок|заняти|заниматься|занимаемся|встреч|консультаци|лекци|вебинар|тренировк|сеанс|пробн|подключ|начнет|начнут|"
    r"начинает|начало|состоит|состоя|ждем|ждут|ждать|жду|напомина|напомню|подтвержда|подтверди|запланирован|"
    r"назначен|расписани|стоит\s+урок|ваш\w*\s+время|увидимся|встречаемся)",
    re.IGNORECASE,
)
_OFFER_CUES = lazy_compile(
    r"\b(?:предлага|предлож|с?можем|с?могу|с?может|с?могут|могли\s+бы|перен[её]с|переноси|перенест|подойд|подходит|удобн|"
    r"свобод|освобод|окн|вариант|давайте|хотите|готов[аы]?\s|есть\s+время|получится\s+ли|запишу|записать|"
    r"поставить|поставим|поставлю|выбрать|выберите|провед[её]м|проведу|восстанов|компенс|назначим|назначу|"
    r"запишем|организуем|бесплатн|дополнительн|отработ|нов\w*\s+(?:время|урок|заняти|дат)|"
    r"помен|измен|сдвин|перев[её]л|перевел|теперь|вместо)",
    re.IGNORECASE,
)


@dataclass
class Piece:
    """A date, weekday or time of day written in the draft."""

    start: int
    end: int
    date: tuple[int | None, int, int] | None = None  # (year or None, month, day)
    weekday: int | None = None  # 0 = Monday
    time: tuple[int, int] | None = None
    half_day: bool = False  # an hour with no morning/evening: 6 may be 6:00 or 18:00
    relative: int | None = None  # days from today


@dataclass
class Mention:
    """The pieces that together say one moment, and what that moment is for."""

    pieces: list[Piece] = field(default_factory=list)
    kind: str = "other"  # lesson | offer | deadline | range | other

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end


# ---------------------------------------------------------------------------------------------
# Finding the pieces


def _clock_or_date(text: str, m: re.Match) -> str:
    """Whether "12.11" is a time or a date."""
    if m.group(2) == ":":
        return "time"
    a, b = int(m.group(1)), int(m.group(3))
    before = text[max(0, m.start() - 8) : m.start()].lower()
    if not 1 <= b <= 12:
        return "time"
    if re.search(r"\b(?:в|во|к|около|после)\s*$", before):
        return "time"
    return "date" if 1 <= a <= 31 else "time"


def find_pieces(text: str, today_known: bool) -> list[Piece]:
    pieces: list[Piece] = []
    taken = Spans()

    def add(piece: Piece) -> None:
        if taken.add(piece.start, piece.end):
            pieces.append(piece)

    for m in _WORD_DATE.finditer(text):
        day = int(m.group(1))
        month = MONTH_GENITIVE.index(m.group(2).lower()) + 1
        year = int(m.group(3)) if m.group(3) else None
        if 1 <= day <= 31:
            add(Piece(m.start(), m.end(), date=(year, month, day)))
    for m in _DASH_CLOCK.finditer(text):
        hour = int(m.group(1))
        add(Piece(m.start(1), m.end(), time=(hour, int(m.group(2))), half_day=hour < 12))
    for m in _DAY_ONLY.finditer(text):
        day = int(m.group(1))
        if 1 <= day <= 31:
            add(Piece(m.start(), m.end(), date=(None, 0, day)))  # month 0: not said
    for m in _CLOCK.finditer(text):
        if _clock_or_date(text, m) == "time":
            hour = int(m.group(1))
            # chats write "в 6:30" for the evening too; "06:30" or "6:30 утра" is the morning
            loose = hour < 12 and not m.group(1).startswith("0") and not re.match(r"\s*утра", text[m.end() : m.end() + 8])
            add(Piece(m.start(), m.end(), time=(hour, int(m.group(3))), half_day=loose))
    for m in _NUM_DATE.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        year = m.group(3)
        if 1 <= day <= 31 and 1 <= month <= 12:
            y = (2000 + int(year) if len(year) == 2 else int(year)) if year else None
            add(Piece(m.start(), m.end(), date=(y, month, day)))
    for m in _PERIOD_TIME.finditer(text):
        hour = _hour(m.group(1))
        period = m.group(2).lower()
        if hour is None or hour > 23:
            continue
        if period in ("дня", "вечера") and hour < 12:
            hour += 12
        elif period == "ночи" and hour == 12:
            hour = 0
        add(Piece(m.start(1), m.end(), time=(hour, 0)))
    for m in _HOUR_TIME.finditer(text):
        hour = _hour(m.group(1))
        if hour is None or hour > 23:
            continue
        add(Piece(m.start(1), m.end(), time=(hour, 0), half_day=hour <= 12))
    for m in _HALF_PAST.finditer(text):
        hour = ORDINAL_GENITIVE[m.group(1).lower()] - 1
        period = (m.group(2) or "").lower()
        if period in ("дня", "вечера") and hour < 12:
            hour += 12
        add(Piece(m.start() + m.group().lower().index(" ") + 1, m.end(), time=(hour % 24, 30), half_day=not period))
    for m in _BARE_HOUR.finditer(text):
        hour = int(m.group(1))
        if 1 <= hour <= 23 and not re.match(r"[.,]\d", text[m.end() : m.end() + 2]):
            add(Piece(m.start(1), m.end(1), time=(hour, 0), half_day=hour <= 12))
    for m in _NOON.finditer(text):
        add(Piece(m.start(1), m.end(), time=(12, 0) if m.group(1).lower() == "полдень" else (0, 0)))
    for m in _WEEKDAY.finditer(text):
        stem = m.group(1).lower()
        if stem == "сред" and not _weekday_place(text, m):
            continue  # "внешней среды", "в среде разработки": the other среда
        add(Piece(m.start(), m.end(), weekday=WEEKDAYS.index(stem)))
    for m in _WEEKDAY_ABBR.finditer(text):
        add(Piece(m.start(1), m.end(), weekday=WEEKDAY_ABBR.index(m.group(1).lower())))
    if today_known:
        for m in _RELATIVE.finditer(text):
            word = fold(m.group(1))
            offset = next(v for k, v in RELATIVE.items() if word.startswith(k))
            add(Piece(m.start(), m.end(), relative=offset))
    pieces.sort(key=lambda p: p.start)
    return pieces


_WEEKDAY_BEFORE = lazy_compile(
    r"(?:^|[,:;—–(-]|\b(?:в|во|на|до|по|к|с|со|от|эт\w+|следующ\w+|ближайш\w+|кажд\w+|прошл\w+))\s*$",
    re.IGNORECASE,
)


def _weekday_place(text: str, m: re.Match) -> bool:
    """Whether an ambiguous weekday word ("среда") stands where a day is named."""
    word = m.group().lower()
    if word.startswith("сред") and word not in ("среда", "среду", "среды", "среде", "средам", "средами", "средах"):
        return False  # "средний", "средство"
    before = text[max(0, m.start() - 20) : m.start()]
    after = text[m.end() : m.end() + 8]
    return bool(_WEEKDAY_BEFORE.search(before) or re.match(r"\s*,?\s*(?:в\s*)?\d", after))


def _hour(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return HOUR_WORDS.get(word.lower())


# ---------------------------------------------------------------------------------------------
# Grouping and telling them apart


def find_mentions(draft: Draft, options: dict[str, Any]) -> list[Mention]:
    text = draft.text
    holes = Spans(spans_for(draft, options))
    mentions: list[Mention] = []
    previous = ""
    for sentence in draft.analysis.sentences:
        s_text = sentence.text
        pieces = [
            Piece(**{**p.__dict__, "start": p.start + sentence.start, "end": p.end + sentence.start})
            for p in find_pieces(s_text, draft.context.today is not None)
        ]
        pieces = [p for p in pieces if not holes.overlaps(p.start, p.end)]
        group: list[Mention] = []
        for p in pieces:
            if group and _GLUE.match(text[group[-1].end : p.start]) and not _RANGE_GAP.match(text[group[-1].end : p.start]):
                group[-1].pieces.append(p)
            else:
                group.append(Mention([p]))
        for i, m in enumerate(group):
            m.kind = _classify(draft, sentence.start, sentence.end, m, group[i - 1] if i else None, group[i + 1] if i + 1 < len(group) else None)
            # "Напоминаем о занятии завтра. Время: 17:00." — a short line that only gives the time
            # continues the sentence before it
            if (
                m.kind == "other"
                and len(s_text.split()) <= 4
                and not _has_verb(draft, sentence.first, sentence.stop)
                and _LESSON_CUES.search(fold(previous))
                and not _OFFER_CUES.search(fold(previous))
            ):
                m.kind = "lesson"
        mentions.extend(group)
        previous = s_text
    return mentions


def _has_verb(draft: Draft, first: int, stop: int) -> bool:
    verbs = {"VERB", "INFN", "PRTS", "PRTF", "GRND"}
    return any(t.parses and verbs & t.parses[0].grammemes for t in draft.analysis.tokens[first:stop])


def _classify(draft: Draft, s_start: int, s_end: int, m: Mention, prev: Mention | None, nxt: Mention | None) -> str:
    text = draft.text
    before = text[s_start : m.start]
    folded_before = fold(before)
    sentence = fold(text[s_start:s_end])
    # ranges: "с 9:00 до 21:00", "10:00–18:00", "с понедельника по пятницу"
    if nxt is not None and _RANGE_GAP.match(text[m.end : nxt.start]):
        return "range"
    if prev is not None and _RANGE_GAP.match(text[prev.end : m.start]):
        return "range"
    if re.search(r"(?:по|до)\s+(?:будн|выходн|праздн)", sentence):
        if _RANGE_BEFORE.search(folded_before):
            return "range"
    if re.search(r"\bпо\s*$", folded_before) and m.pieces[0].weekday is not None and text[m.start : m.end].lower().endswith("ам"):
        return "lesson" if _LESSON_CUES.search(sentence) else "other"  # "по вторникам": a recurring day
    # alternatives are offers: "в 10:00 или в 12:00", "среда либо четверг"
    for a, b in ((prev, m), (m, nxt)):
        if a is not None and b is not None and _CHOICE_GAP.match(text[a.end : b.start]):
            return "offer"
    first = m.pieces[0]
    if first.date is not None and re.search(r"(?:\bс|\bсо|начиная\s+с)\s*$", folded_before):
        return "other"  # "с 1 декабря уроки по новому расписанию": since when, not the lesson
    if _DEADLINE_BEFORE.search(folded_before):
        if not (re.search(r"\bк\s*$", folded_before) and re.search(r"подключ|приход|приезж", folded_before)):
            return "deadline"
    clause = re.split(r"[;:—–]|\s-\s|,\s*(?:а|но|если|когда|или)\b", folded_before)[-1]
    if _OFFER_CUES.search(clause) or _OFFER_CUES.search(folded_before[-60:]) and not _LESSON_CUES.search(clause):
        return "offer"
    own = _own_clause(text, m, s_start, s_end).lower()
    if sentence.rstrip().endswith("?") and not _CLAUSE_BREAK.search(text[m.end : s_end]):
        return "offer"  # "подойдёт ли пятница в 17:00?"
    if re.search(r"\b(?:не|нет|нельзя|невозможно)\b", own):
        return "other"  # a refusal or a correction about a time is not the lesson confirmed
    if re.match(r"\s*\)?\s*по\s+(?:вашему|местному|твоему|их|его|ее|её)\b", text[m.end : m.end + 30], re.IGNORECASE):
        return "other"  # the same time in another time zone: "(в 20:30 по вашему)"
    if re.search(r"\b(?:пораньше|заранее|заблаговременно)\b", sentence):
        return "other"  # "подключитесь заранее, в 18:20": not the lesson's start
    if _past_event(draft, m, s_start, s_end) and not (_LESSON_CUES.search(sentence) and _on_a_lesson_day(draft, m)):
        return "other"  # "деньги вернули в 12:40": something that happened, not the lesson
    after = re.split(r"[,;:—–.!?]|\s-\s", fold(text[m.end : s_end]))[0]
    if _MESSAGE_CUES.search(clause) or _MESSAGE_CUES.search(after):
        return "other"  # "ссылку пришлём в 17:50", "напомним в 17:00": a message, not the lesson
    if _LESSON_CUES.search(sentence):
        return "lesson"
    return "other"


_CLAUSE_BREAK = lazy_compile(r"[,;:—–()]|\s-\s")


def _first_token(tokens: list, offset: int) -> int:
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid].start < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _own_clause(text: str, m: Mention, s_start: int, s_end: int) -> str:
    """The clause the mention stands in, within its sentence."""
    left = max((b.end() for b in _CLAUSE_BREAK.finditer(text, s_start, m.start)), default=s_start)
    nxt = _CLAUSE_BREAK.search(text, m.end, s_end)
    return text[left : nxt.start() if nxt else s_end]


def _on_a_lesson_day(draft: Draft, m: Mention) -> bool:
    """Whether the mention names the date of one of the context's lessons: "урок в субботу, 5 декабря,
    в 11:30 отменила" tells of that lesson, though in the past tense."""
    dates = {lesson.date[1:] for lesson in draft.context.lesson if lesson.date}
    return any(piece.date is not None and piece.date[1:] in dates for piece in m.pieces)


def _past_event(draft: Draft, m: Mention, s_start: int, s_end: int) -> bool:
    """Whether the clause around the mention tells of something done, in the past tense."""
    text = draft.text
    left = max((b.end() for b in _CLAUSE_BREAK.finditer(text, s_start, m.start)), default=s_start)
    nxt = _CLAUSE_BREAK.search(text, m.end, s_end)
    right = nxt.start() if nxt else s_end
    tokens = draft.analysis.tokens
    for tok in tokens[_first_token(tokens, left) :]:
        if tok.start >= right:
            break
        if tok.is_word and tok.parses:
            if any("VERB" in p.grammemes and "past" in p.grammemes for p in tok.parses[:1]):
                return True
    return False


# ---------------------------------------------------------------------------------------------
# Comparing with the context's lessons


def _day(date: tuple[int, int, int] | None) -> dt.date | None:
    """A calendar date, or None for one that does not exist ("2026-02-30" passes the context's format check)."""
    try:
        return dt.date(*date) if date else None
    except ValueError:
        return None


def _weekday(date: tuple[int, int, int]) -> int | None:
    day = _day(date)
    return day.weekday() if day else None


def _differs(piece: Piece, lesson: Lesson, today: tuple[int, int, int] | None) -> bool | None:
    """True if the piece contradicts the lesson, False if it agrees, None if they cannot be compared."""
    if piece.time is not None:
        if lesson.time is None:
            return None
        h, mnt = piece.time
        lh, lm = lesson.time
        if piece.half_day:
            return not (h % 12 == lh % 12 and mnt == lm)
        return (h, mnt) != (lh, lm)
    if lesson.date is None:
        return None
    if piece.date is not None:
        year, month, day = piece.date
        if month == 0:
            return day != lesson.date[2]
        return (month, day) != lesson.date[1:] or (year is not None and year != lesson.date[0])
    if piece.weekday is not None:
        weekday = _weekday(lesson.date)
        return None if weekday is None else piece.weekday != weekday
    if piece.relative is not None and today is not None:
        start, lesson_day = _day(today), _day(lesson.date)
        if start is None or lesson_day is None:
            return None
        return start + dt.timedelta(days=piece.relative) != lesson_day
    return None


def describe(lesson: Lesson) -> str:
    parts = []
    if lesson.date is not None:
        _, month, day = lesson.date
        weekday = _weekday(lesson.date)
        parts.append(f"{day} {MONTH_GENITIVE[month - 1]}" + (f" ({WEEKDAY_NAMES[weekday]})" if weekday is not None else ""))
    if lesson.time is not None:
        parts.append(f"в {lesson.time[0]}:{lesson.time[1]:02d}")
    return " ".join(parts) or lesson.text


def time_mismatch(draft: Draft, options: dict[str, Any]) -> list[Finding]:
    lessons = draft.context.lesson
    if not lessons:
        return []
    expected = "; ".join(describe(lesson) for lesson in lessons)
    findings = []
    for mention in find_mentions(draft, options):
        if mention.kind != "lesson":
            continue
        best: list[Piece] | None = None
        closest: Lesson | None = None
        agrees = False
        for lesson in lessons:
            results = [(p, _differs(p, lesson, draft.context.today)) for p in mention.pieces]
            compared = [(p, r) for p, r in results if r is not None]
            if not compared:
                continue
            wrong = [p for p, r in compared if r]
            if not wrong:
                agrees = True
                break
            if best is None or len(wrong) < len(best):
                best, closest = wrong, lesson
        if agrees or best is None or closest is None:
            continue
        for piece in best:
            fix = lesson_fix(draft, piece, closest, safe=len(lessons) == 1)
            suggestions = [fix.edits[-1].text] if fix is not None else []
            findings.append(Finding(piece.start, piece.end, values={"expected": expected}, suggestions=suggestions, fix=fix))
    return findings


def lesson_fix(draft: Draft, piece: Piece, lesson: Lesson, safe: bool) -> Fix | None:
    """The lesson's value written where the wrong one stands, in the draft's own format ("в 6 вечера"
    → "в 7 вечера", "25.11" → "24.11", "во вторник" → "в среду"). Safe when the context has one
    lesson: with several, the closest is a guess."""
    written = draft.text[piece.start : piece.end]
    text = _suggestion(written, piece, lesson, draft.context.today, draft)
    if text is None or text == written:
        return None
    text = match_case(written, text)
    edits = [Edit(piece.start, piece.end, text)]
    if piece.weekday is not None:
        before = preposition_edit(draft.text, piece.start, text)
        if before is not None:
            edits.insert(0, before)
    return Fix(safe, tuple(edits))


_PERIODS = ((4, 12, "утра"), (12, 17, "дня"), (17, 24, "вечера"), (0, 4, "ночи"))


def _hours_word(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "час"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "часа"
    return "часов"


def _time_text(written: str, piece: Piece, h: int, m: int) -> str:
    """A clock time in the way the draft wrote the wrong one."""
    low = written.lower()
    clock = re.fullmatch(r"(\d{1,2})([:.\-])\d{2}", written)
    if clock:
        hour = f"{h:02d}" if len(clock.group(1)) == 2 and clock.group(1).startswith("0") else str(h)
        return f"{hour}{clock.group(2)}{m:02d}"
    h12 = h % 12 or 12
    period = re.search(r"(утра|дня|вечера|ночи)$", low)
    if period:  # "6 вечера" → "7 вечера", "6:30 вечера"
        name = next(p for a, b, p in _PERIODS if a <= h < b)
        hours = " " + _hours_word(h12) if re.search(r"\bчас", low) else ""
        return (f"{h12}{hours}" if m == 0 else f"{h12}:{m:02d}") + f" {name}"
    if low.startswith("половин") or low.startswith("пол"):
        if m == 30:
            ordinal = next(k for k, v in ORDINAL_GENITIVE.items() if v == h12 % 12 + 1 and "ё" not in k)
            return f"половине {ordinal}"
        return f"{h}:{m:02d}"
    if re.search(r"\bчас", low):  # "18 часов"
        return f"{h} {_hours_word(h)}" if m == 0 else f"{h}:{m:02d}"
    if re.fullmatch(r"\d{1,2}", written):  # a bare hour, "в 6": the draft's 12 or 24 hours
        hour = h if int(written) > 12 else h12
        return str(hour) if m == 0 else f"{hour}:{m:02d}"
    return f"{h}:{m:02d}"


def _suggestion(written: str, piece: Piece, lesson: Lesson, today: tuple[int, int, int] | None = None, draft: Draft | None = None) -> str | None:
    """The lesson's value, written the way the draft wrote the wrong one."""
    if piece.time is not None and lesson.time is not None:
        return _time_text(written, piece, *lesson.time)
    if lesson.date is None:
        return None
    year, month, day = lesson.date
    if piece.date is not None:
        if piece.date[1] == 0:  # "25-го" → "24-го"
            return re.sub(r"^\d{1,2}", str(day), written)
        if re.match(r"\d{1,2}[./]", written):
            sep = "/" if "/" in written else "."
            text = f"{day:02d}{sep}{month:02d}" if written[1] not in "./" else f"{day}{sep}{month:02d}"
            return text + (f"{sep}{year}" if piece.date[0] is not None else "")
        return f"{day} {MONTH_GENITIVE[month - 1]}" + (f" {year}" if piece.date[0] is not None else "")
    if piece.weekday is not None:
        weekday = _weekday(lesson.date)
        if weekday is None:
            return None
        if written.rstrip(".").lower() in WEEKDAY_ABBR:
            return WEEKDAY_ABBR[weekday] + ("." if written.endswith(".") else "")
        return _weekday_form(WEEKDAY_NAMES[weekday], written, piece, draft)
    if piece.relative is not None and today is not None:
        start, lesson_day = _day(today), _day(lesson.date)
        if start is None or lesson_day is None:
            return None
        offset = (lesson_day - start).days
        if 0 <= offset <= 2:
            return ("сегодня", "завтра", "послезавтра")[offset]
    return f"{day} {MONTH_GENITIVE[month - 1]}"


def _weekday_form(name: str, written: str, piece: Piece, draft: Draft | None) -> str | None:
    """The weekday in the case the draft's word stands in: "в среду" → "в четверг", "в воскресенье"
    → "в субботу" (after "в", an accusative), "к пятнице" → "к четвергу"."""
    from ..morph import raw_parses

    cases = {p.tag.case for p in raw_parses(written) if "NOUN" in p.tag and p.tag.case}
    if draft is not None:
        before = draft.text[max(0, piece.start - 4) : piece.start].lower()
        if re.search(r"\bв[о]?\s+$", before):
            cases &= {"accs"}  # a day "when": "в воскресенье" is an accusative, not a locative
        else:
            cases = narrow_cases(cases, draft.text, piece.start)
    parse = next((p for p in raw_parses(name) if "NOUN" in p.tag), None)
    if parse is None:
        return None
    number = "plur" if any("plur" in p.tag for p in raw_parses(written) if "NOUN" in p.tag) and not any(
        "sing" in p.tag for p in raw_parses(written) if "NOUN" in p.tag) else "sing"
    forms = {f.word for f in (parse.inflect({c, number}) for c in cases) if f is not None}
    if len(forms) != 1:
        return None
    word = forms.pop()
    return word.capitalize() if written[:1].isupper() else word


def template_hardcoded_time(draft: Draft, options: dict[str, Any]) -> list[Finding]:
    findings = []
    for mention in find_mentions(draft, options):
        if mention.kind in ("lesson", "offer"):
            for piece in mention.pieces:
                if piece.relative is None:
                    findings.append(Finding(piece.start, piece.end))
    return findings
