"""What in a draft is not the operator's prose.

Real replies carry links, e-mail addresses, file paths, code, quoted words (the client's, an error
message, a button's label), lines quoted with ``>``, @mentions, order and ticket numbers, text in
another language pasted from an official answer, and lines addressed to a colleague. None of it is
the operator speaking to the client, so rules do not judge it: its words are not words of a
sentence (analyse.py marks them), and no finding starts inside it (engine.py), unless a rule says
it reads everything (``reads: all``: a placeholder left in a link is still a placeholder).

Every expression here runs in linear time: character classes bounded by the closing mark, no
nested quantifiers, and a cheap substring test before each search.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .lazyre import lazy_compile

# Kinds of stretches that are not prose, as reported in ``Other.kind``.
KINDS = ("code", "quote", "url", "email", "path", "mention", "number", "foreign", "colleague")


@dataclass(frozen=True, slots=True)
class Other:
    """A stretch of the text [start, end) that is not the operator's prose."""

    start: int
    end: int
    kind: str


# An emoji as trackers and chats write it in text: ":relaxed:", ":+1:" (its colons open no cause)
_SHORTCODE = lazy_compile(r"(?<![\w:]):(?:[a-z][a-z0-9_+-]{1,30}|[+-]1):(?![\w:])")
_INLINE_CODE = lazy_compile(r"`[^`\n]+`")
_QUOTE_LINE = lazy_compile(r"^[ \t]*>[^\n]*", re.M)
# The closing mark ends the class, so every opening mark is scanned once: no backtracking.
_QUOTES = lazy_compile(r"«[^«»]{1,1000}»|\"[^\"\n]{1,400}\"|“[^“”\n]{1,400}”|„[^„“”\n]{1,400}[“”]")
_URL = lazy_compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"«»`]+", re.I)
_TLD = r"\.(?:ru|com|org|net|io|ua|by|kz|me|info|dev|app|su|рф)(?![\w-])"
_DOMAIN = lazy_compile(r"(?<![\w@.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*" + _TLD + r"(?:/[^\s<>\"«»`]*)?", re.I)
# (each starts where its run of characters starts: a long run is then read once, not once per character)
_EMAIL = lazy_compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MENTION = lazy_compile(r"(?<![\w@/])@\w[\w-]*(?:\.[\w-]+)*")  # "@ivan", "@anton-qa", "@Марина"
_HTML_TAG = lazy_compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]{0,200})?/?>")
_PATH = lazy_compile(r"(?<![\w/\\])(?:[A-Za-z]:\\|~/|\.{1,2}/|/(?=[A-Za-z_]))[\w.\-/\\]+")
_EXTENSION = r"\.(?:txt|pdf|docx?|xlsx?|csv|png|jpe?g|gif|log|exe|msi|apk|zip|rar|json|ya?ml|js|ts|py|html?|css|xml|ini|cfg)\b"
_FILE = lazy_compile(r"(?<![\w-])[\w-]+" + _EXTENSION, re.I)
# What every match of _DOMAIN, _FILE and _LONG_NUMBER holds, searched for first: each begins with
# a point or a digit, which re finds without trying a lookbehind at every character (a tenth of
# the time on a draft that has none).
_HAS_TLD = lazy_compile(_TLD, re.I)
_HAS_EXTENSION = lazy_compile(_EXTENSION, re.I)
# "№ 0-496409172", "#499", and bare runs of seven or more digits ("заявка 11350837"); times and
# dates ("18:30", "24.11.2026", "2026-11-24") are prose: the time checks read them.
_TICKET = lazy_compile(r"(?:№|#)\s?[\w-]*\d[\w-]*")
_DIGITS = r"\d[\d-]{5,}\d"
_LONG_NUMBER = lazy_compile(r"(?<![\w.:/,-])" + _DIGITS + r"(?![\w.:/,]|-\w)")
_HAS_DIGITS = lazy_compile(_DIGITS)
_DATE_LIKE = lazy_compile(r"\d{4}-\d{2}-\d{2}$")
# Letters of Ukrainian and Belarusian that Russian does not have: a pasted official answer.
_FOREIGN_LETTER = lazy_compile(r"[іїєґўІЇЄҐЎ]")
_SEGMENT = lazy_compile(r"[^.!?;:\n]+")
_WORD = lazy_compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_TRAILING = ".,;:!?)]}'\""
# What a line said to the client has: a greeting, thanks, or «вы» (a colleague is told «ты»).
_TO_CLIENT = lazy_compile(r"\b(?:здравствуйте|добрый|доброе|доброй|привет\w*|спасибо|благодар\w*|вы|вас|вам|вами|ваш\w*)\b", re.I)


# An imperative on «вы» ("попробуйте", "пришлите", "поставьте"): what a client is asked to do.
_VY_IMPERATIVE = lazy_compile(r"\b\w+(?:ите|йте|ьте)\b", re.I)


def not_prose(text: str, colleagues: Iterable[str] = ()) -> list[Other]:
    """The stretches of ``text`` that are not prose, sorted and without overlaps (an earlier kind of
    the search order wins: a link inside a quote is part of the quote)."""
    found: list[Other] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str) -> None:
        """Take [start, end) unless it cuts into a stretch already taken; one that holds stretches
        whole takes them in («Почему нельзя вызывать `connect()`», a quoted line with `code`)."""
        if end <= start:
            return
        inside = []
        for k, (s, e) in enumerate(taken):
            if s < end and start < e:
                if not (start <= s and e <= end):
                    return
                inside.append(k)
        for k in reversed(inside):
            del taken[k], found[k]
        taken.append((start, end))
        found.append(Other(start, end, kind))

    if "```" in text or "~~~" in text:
        for start, end in _fences(text):
            add(start, end, "code")
    if "`" in text:
        for m in _INLINE_CODE.finditer(text):
            add(m.start(), m.end(), "code")
    if ">" in text:
        for m in _QUOTE_LINE.finditer(text):
            add(m.start(), m.end(), "quote")
    if "@" in text:
        for start, end in _colleague_lines(text, colleagues):
            add(start, end, "colleague")
    if "://" in text or "www." in text.lower():
        for m in _URL.finditer(text):
            add(m.start(), _trim(text, m.start(), m.end()), "url")
    if "@" in text:
        for m in _EMAIL.finditer(text):
            add(m.start(), m.end(), "email")
    if any(q in text for q in '«"“„'):
        for m in _QUOTES.finditer(text):
            add(m.start(), m.end(), "quote")
    if "." in text:
        if _HAS_TLD.search(text):
            for m in _DOMAIN.finditer(text):
                add(m.start(), _trim(text, m.start(), m.end()), "url")
        if _HAS_EXTENSION.search(text):
            for m in _FILE.finditer(text):
                add(m.start(), m.end(), "path")
    if "/" in text or "\\" in text:
        for m in _PATH.finditer(text):
            if len(m.group()) > 2:
                add(m.start(), _trim(text, m.start(), m.end()), "path")
    if "<" in text:
        for m in _HTML_TAG.finditer(text):
            add(m.start(), m.end(), "code")
    if ":" in text:
        for m in _SHORTCODE.finditer(text):
            add(m.start(), m.end(), "code")
    if "@" in text:
        for m in _MENTION.finditer(text):
            add(m.start(), m.end(), "mention")
    if "№" in text or "#" in text:
        for m in _TICKET.finditer(text):
            add(m.start(), m.end(), "number")
    if _HAS_DIGITS.search(text):
        for m in _LONG_NUMBER.finditer(text):
            if not _DATE_LIKE.match(m.group()) and sum(c.isdigit() for c in m.group()) >= 7:
                add(m.start(), m.end(), "number")
    if _FOREIGN_LETTER.search(text):
        for start, end in _foreign(text):
            add(start, end, "foreign")
    found.sort(key=lambda o: o.start)
    return found


def _trim(text: str, start: int, end: int) -> int:
    """A link ends before the punctuation that closes the sentence or a bracket it sits in."""
    while end > start and text[end - 1] in _TRAILING:
        if text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end):
            break  # a bracket of the link itself: https://ru.wikipedia.org/wiki/Foo_(bar)
        end -= 1
    return end


def _fences(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks (``` or ~~~ lines); one left open runs to the end, as Markdown reads it."""
    spans = []
    pos = 0
    opened: tuple[int, str] | None = None
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip(" \t")
        fence = stripped[:3] if stripped[:3] in ("```", "~~~") else None
        if opened is None and fence:
            opened = (pos, fence)
        elif opened is not None and fence == opened[1]:
            spans.append((opened[0], pos + len(line.rstrip("\r\n"))))
            opened = None
        pos += len(line)
    if opened is not None:
        spans.append((opened[0], len(text)))
    return spans


def _colleague_lines(text: str, colleagues: Iterable[str]) -> list[tuple[int, int]]:
    """Lines that open with an @mention of someone other than the reply's addressee.

    In a tracker or a team chat the reply's first @mention is the person it answers; a later line
    that opens with another @mention and says nothing a client is told (a greeting, thanks, «вы»:
    «@ivan глянь логи») is said to a colleague. So is a first line that opens with an @mention and
    says such a thing when a later line speaks to the client («@d.smirnov посмотри биллинг» before
    «Валентина, добрый день!»), and one after the lines that answered the client that asks nothing
    on «вы» («Спасибо за отчёт! …» then «@m.orlov глянь, почему…»). A mention of a colleague the
    context names (teacher, names) is one wherever it stands.
    """
    known = {c.casefold().lstrip("@") for c in colleagues if c}
    lines = []
    pos = 0
    for line in text.splitlines(keepends=True):
        lines.append((pos, line))
        pos += len(line)
    greets_later = [False] * len(lines)
    seen = False
    for k in range(len(lines) - 1, -1, -1):
        greets_later[k] = seen
        seen = seen or bool(_TO_CLIENT.search(lines[k][1]))
    greeted_before = [False] * len(lines)
    seen = False
    for k in range(len(lines)):
        greeted_before[k] = seen
        seen = seen or bool(_TO_CLIENT.search(lines[k][1]))
    spans = []
    first: str | None = None
    for k, (pos, line) in enumerate(lines):
        body = line.strip()
        m = _MENTION.match(body)
        if m:
            who = m.group()[1:].casefold()
            says = body[m.end():].strip(" ,:") != ""
            to_colleague = who in known or (
                not _TO_CLIENT.search(body)
                and (
                    (first is not None and who != first)
                    or (first is None and says and greets_later[k])
                    # after the client was answered, a line to someone that tells them nothing on
                    # «вы» ("Спасибо за отчёт! …\n@m.orlov глянь, почему…")
                    or (first is None and says and greeted_before[k] and not _VY_IMPERATIVE.search(body))
                )
            )
            if to_colleague:
                start = pos + line.index(m.group())
                spans.append((start, pos + len(line.rstrip("\r\n"))))
            elif first is None:
                first = who
        elif first is None and "@" in body:
            m = _MENTION.search(body)
            if m:
                first = m.group()[1:].casefold()
    return spans


def _foreign(text: str) -> list[tuple[int, int]]:
    """Stretches between sentence marks where a third or more of the words, and at least two, are
    written with letters Russian has not: a Ukrainian or Belarusian text pasted into the reply."""
    spans = []
    for m in _SEGMENT.finditer(text):
        words = _WORD.findall(m.group())
        foreign = sum(1 for w in words if _FOREIGN_LETTER.search(w))
        if foreign >= 2 and foreign * 3 >= len(words):
            lead = len(m.group()) - len(m.group().lstrip())
            spans.append((m.start() + lead, m.end()))
    return spans
