"""The client's register: «вы» or «ты», emoji, and how much to write back.

formality-mismatch: a draft that mixes «вы» and «ты» (pronouns, possessives, verb forms such as
"напишите" / "напиши", greetings "Здравствуйте" / "Привет"): the markers of the rarer form are marked.
Also a draft less formal than the client: the client wrote on «вы» or greeted formally ("Добрый
вечер", "Подскажите, пожалуйста") and the draft says «ты», "Привет" or chat slang ("ок", "скину").
A client who wrote a plain message of some length with no casual mark (no «ты», slang, "привет",
emoji, "??", drawn-out letters or lower-case start) is a stranger to be answered on «вы»: «ты» forms
to them are marked, a friendly "Привет" is not.
A child who writes "привет" and gets "Привет!" back is answered in their own register, which is
right. Words in quotes (a button
label, a quoted message) are not the operator's address.

emoji-mismatch: emoji in the draft when the client's message has none (emoji are recognised by the
``emoji`` library, which follows the Unicode emoji data; text smileys ":)" and "))" count too);
silent when the context has no client_message.

too-brief: a reply of a few words (``max_reply_words``), or of a sentence or two under ``max_ratio`` of
the client's length, to a long client message (``min_client_words``, or ``min_client_sentences``
sentences).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..analyse import Analysis, analyse
from ..morph import fold, is_known, raw_parses, word_cache
from ..lazyre import lazy_compile
from ..rule import Draft, Finding
from ..spans import Spans

VY_FORMS = frozenset({"вы", "вас", "вам", "вами"})
TY_FORMS = frozenset({"ты", "тебя", "тебе", "тобой", "тобою"})
FORMAL_GREETING = lazy_compile(
    r"\b(?:здравствуйте|добрый\s+(?:день|вечер)|доброе\s+утро|доброй\s+ночи|доброго\s+(?:дня|времени)|"
    r"уважаем\w+)\b",
    re.IGNORECASE,
)
INFORMAL_GREETINGS = frozenset({"привет", "приветик", "приветики", "хай", "здарова", "прив", "салют", "здравствуй"})
# Chat slang: fine with a client who writes so, too casual for one who writes formally.
SLANG = frozenset(
    {"ок", "окей", "оке", "окс", "норм", "нормас", "спс", "пасиб", "пасибки", "щас", "ща", "инфа", "инфу",
     "скину", "скинем", "скинуть", "кину", "кинем", "кинуть", "пжл", "пжлст", "плиз", "чё", "че", "ага", "угу",
     "неа", "ваще", "лол", "кст", "имхо"}
)
# Acknowledgements: slang, but alone ("Ок, спасибо за обращение") real replies to formal clients use
# them without anyone reading it as a change of register (two blind corpora, one of real replies).
ACKNOWLEDGEMENTS = frozenset({"ок", "окей", "оке", "окс", "ага", "угу"})
_WORD = lazy_compile(r"^[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*$")
# (a quote cannot open inside itself: a run of "««««" without a "»" is read in linear time)
_QUOTED = lazy_compile(r"«[^«»]*»|\"[^\"\n]*\"|“[^“”]*”|„[^„“”]*[“”]")


@dataclass
class Marker:
    """A word that addresses the reader on «вы» or on «ты»."""

    start: int
    end: int
    register: str  # "vy" or "ty"
    text: str


# A verb form counts for «вы» or «ты» only when most of its readings say so: "пришли" is as much the
# past of "прийти" as the imperative of "прислать".
MIN_VERB_SHARE = 0.6


def _verb_register(word: str) -> str | None:
    parses = raw_parses(word)
    total = sum(p.score for p in parses) or 1.0
    shares = {"vy": 0.0, "ty": 0.0}
    for p in parses:
        g = p.tag.grammemes
        if "VERB" not in g or not ({"2per", "impr"} & g) or ("impr" in g and "incl" in g):
            continue  # "давайте сделаем": speaker and reader together
        if "plur" in g:
            shares["vy"] += p.score
        elif "sing" in g:
            shares["ty"] += p.score
    best = max(shares, key=shares.get)
    return best if shares[best] / total >= MIN_VERB_SHARE else None


@word_cache(maxsize=40_000)
def _address(text: str) -> str | None:
    """What a word says of the address on its own, worked out once per distinct word: "vy", "ty",
    "greeting" (ty when it opens a sentence), "verb vy"/"verb ty" (when the verb is not a name or
    a label, see markers), or None."""
    if not _WORD.match(text):
        return None
    form = fold(text)
    if form in VY_FORMS:
        return "vy"
    if form in TY_FORMS:
        return "ty"
    if form in INFORMAL_GREETINGS:
        return "greeting"
    if form == "здравствуйте":
        return "vy"
    # the word as the analysis looked it up (pymorphy3 reads any case alike), so no second look-up
    parses = raw_parses(text)
    lemma = fold(parses[0].normal_form) if parses else form
    if lemma == "ваш":
        return "vy"
    if lemma == "твой":
        return "ty"
    # a word the dictionary does not know is only guessed to be a verb ("хуавей", a brand, guessed
    # as the imperative of "хуавеять"): a guess says nothing of the address
    verb = _verb_register(text) if is_known(text) else None
    return f"verb {verb}" if verb else None


def markers(analysis: Analysis) -> list[Marker]:
    """Every word that addresses the reader on «вы» or on «ты»."""
    text = analysis.text
    quoted = _quoted(analysis)
    tokens = analysis.tokens
    found = []
    for index in _candidates(analysis):
        tok = tokens[index]
        address = _address(tok.text)
        if address is None or (quoted is not None and quoted.contains(tok.start)):
            continue
        if address == "greeting" or address.startswith("verb "):
            previous = _previous_word(tokens, index)
            opens = previous is None or previous.sentence != tok.sentence
            if address == "greeting":
                if not (opens or previous.form in {"и", "всем"}):  # type: ignore[union-attr]
                    continue  # "Привет!" opening a sentence, not "передайте привет"
                address = "ty"
            else:
                if not (opens or "Lower" in tok.flags):
                    continue  # "Бросай курить", "СМ": a name or a label
                if len(tok.text) <= 3 and (text.startswith(".", tok.end) or _after_number(tokens, index)):
                    continue  # "см.", "ср.", "5 см": an abbreviation or a unit, addressed to no one
                address = address[5:]
        found.append(Marker(tok.start, tok.end, address, tok.text))
    return found


# The words _address can say something of: these forms, these lemmas, and verbs in the second
# person or the imperative. Only they are looked at, through the draft's index.
_ADDRESS_KEYS = tuple(VY_FORMS | TY_FORMS | INFORMAL_GREETINGS | {"здравствуйте", "ваш", "твой"})


def _candidates(analysis: Analysis) -> list[int]:
    index = analysis.lemma_index
    found: set[int] = set()
    for key in _ADDRESS_KEYS:
        hits = index.get(key)
        if hits:
            found.update(hits)
    found.update(analysis.with_grammeme("2per"))
    found.update(analysis.with_grammeme("impr"))
    return sorted(found)


def _after_number(tokens: list, index: int) -> bool:
    return index > 0 and tokens[index - 1].text[-1:].isdigit()


def _previous_word(tokens: list, index: int):
    for i in range(index - 1, -1, -1):
        if tokens[i].is_word:
            return tokens[i]
    return None


def _has_quotes(text: str) -> bool:
    return any(q in text for q in '«"“„')


@word_cache(maxsize=64, longest=5_000)
def analysed(message: str) -> Analysis:
    """The client's message, analysed once for every check that reads it (and kept for the next
    drafts of the conversation, unless it is over 5,000 characters: the cache stays small)."""
    return analyse(message)


# A client who has written this many words without «ты» or any casual mark has set a neutral
# register: a stranger is not answered on «ты» unless they started it (a friendly "Привет" is fine).
NEUTRAL_WORDS = 12
# Casual marks of a message: letters drawn out ("привееет"), "??" or "!!", emoji, a lower-case start
# of the message or of a paragraph.
_CASUAL_MARKS = lazy_compile(r"([а-яёa-z])\1\1|[?!]{2,}|\A\s*[а-яё]|\n[ \t]*\n[ \t]*[а-яё]")  # (linear: no \s* after a repeatable start)


def _client_register(message: str) -> str:
    """"formal" (wrote on «вы» or greeted formally), "neutral" (a plain message of some length with
    no casual mark) or "casual"."""
    analysis = analysed(message)
    found = markers(analysis)
    if any(m.register == "ty" for m in found) or _slang(analysis):
        return "casual"
    casual_marks = bool(_CASUAL_MARKS.search(message)) or bool(emoji_spans(message))
    if FORMAL_GREETING.search(message) or any(m.register == "vy" for m in found):
        # «вы» in a message typed casually ("для магазинов делал - всё работает") asks for «вы»,
        # not for a formal register: "норм" in the answer is fine, «ты» is not
        return "neutral" if casual_marks and not FORMAL_GREETING.search(message) else "formal"
    if len(analysis.words()) < NEUTRAL_WORDS or casual_marks:
        return "casual"
    return "neutral"


def formality_mismatch(draft: Draft, options: dict[str, Any]) -> list[Finding]:
    found = markers(draft.analysis)
    vy = [m for m in found if m.register == "vy"]
    ty = [m for m in found if m.register == "ty"]
    # A formal greeting ("Добрый день!") weighs for «вы»; on a tie the «ты» forms are the slip.
    # (Weighed only when there is a «ты» form to weigh against: most drafts have none.)
    weight = _vy_weight(draft.text, vy, ty) if ty else 0
    if weight:
        minority = ty if len(ty) <= weight else vy
        advice = "выберите одно обращение — «вы» или «ты» — и держитесь его до конца ответа"
        return [Finding(m.start, m.end, values={"advice": advice}) for m in minority]
    message = draft.context.client_message
    if not ty and not message:
        return []
    register = _client_register(message) if message else "casual"
    if register == "formal":
        casual = ty + _slang(draft.analysis)
        if all(fold(m.text) in ACKNOWLEDGEMENTS for m in casual):
            return []  # a bare "Ок, прекрасно" acknowledges; it does not change the register
        advice = "клиент пишет на «вы» и официально — ответьте так же"
        return [Finding(m.start, m.end, values={"advice": advice}) for m in sorted(casual, key=lambda m: m.start)]
    if register == "neutral":
        addressed = [m for m in ty if fold(m.text) not in INFORMAL_GREETINGS]
        advice = "клиент не переходил на «ты» — обращайтесь на «вы»"
        # a hint, not a warning: the contract's mismatch is «ты» to a client on «вы»; one who wrote
        # neither set no register (real reviewers differ here)
        return [Finding(m.start, m.end, severity="info", values={"advice": advice}) for m in addressed]
    return []


def _vy_weight(text: str, vy: list[Marker], ty: list[Marker]) -> int:
    """How much the draft speaks on «вы»: its «вы» forms, and its formal greetings unless it also
    greets informally."""
    informal_greeting = any(fold(m.text) in INFORMAL_GREETINGS for m in ty)
    return len(vy) + (0 if informal_greeting else len(FORMAL_GREETING.findall(text)))


def _slang(analysis: Analysis) -> list[Marker]:
    quoted = _quoted(analysis)
    found = sorted(i for form in SLANG.intersection(analysis.lemma_index) for i in analysis.lemma_index[form])
    tokens = analysis.tokens
    return [
        Marker(t.start, t.end, "ty", t.text)
        for t in map(tokens.__getitem__, found)
        if t.form in SLANG and (quoted is None or not quoted.contains(t.start))
    ]


def _quoted(analysis: Analysis) -> Spans | None:
    """The quoted stretches of the text (quoting the client is not addressing them), once per text."""
    if "quoted" not in analysis.memo:
        text = analysis.text
        analysis.memo["quoted"] = Spans((m.start(), m.end()) for m in _QUOTED.finditer(text)) if _has_quotes(text) else None
    return analysis.memo["quoted"]


# ---------------------------------------------------------------------------------------------
# Emoji

# Text smileys: ":)", ":-D", ";)", "=(", "xD"; brackets are handled apart (see _bracket_smileys).
_SMILEY = lazy_compile(r"[:;=][-']?[)(DPpРДд3*]+(?!\w)|(?<![\w(])[xXхХ]D(?!\w)")
# Single code points the emoji data lists but that are plain text marks: © ® ™ ‼ ℹ digits and #.
_TEXT_SYMBOL = 0x2190


def _bracket_smileys(text: str, loose: bool) -> list[tuple[int, int]]:
    """The Russian smiley: closing brackets that close nothing ("спасибо))", "до завтра)").

    A run of ")" is a smiley when it has more brackets than are open; a single one only ``loose``ly
    (the client's side), since a lone stray bracket in a draft is more often a typo."""
    spans = []
    depth = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            j = i
            while j < len(text) and text[j] == ")":
                j += 1
            run = j - i
            extra = run - depth
            depth = max(0, depth - run)
            if extra >= 2 or (extra == 1 and loose):
                before = text[max(0, i - 1) : i]
                if not (run == 1 and before.isdigit()):  # "1) первый пункт"
                    spans.append((j - extra, j))
            i = j
            continue
        i += 1
    return spans


def emoji_spans(text: str, smileys: bool = True, loose: bool = False) -> list[tuple[int, int]]:
    """Emoji in ``text``; with ``smileys`` also text smileys. ``loose`` counts a lone ")" that closes
    nothing as a smiley, as many Russian writers use it (used on the client's side only)."""
    import emoji

    spans = []
    for item in emoji.emoji_list(text):
        s, e = item["match_start"], item["match_end"]
        chars = item["emoji"]
        if len(chars) == 1 and ord(chars) < _TEXT_SYMBOL:
            continue
        spans.append((s, e))
    if smileys:
        found = [(m.start(), m.end()) for m in _SMILEY.finditer(text)] + _bracket_smileys(text, loose)
        for s, e in found:
            if not any(a < e and s < b for a, b in spans):
                spans.append((s, e))
    return sorted(spans)


def emoji_mismatch(draft: Draft, options: dict[str, Any]) -> list[Finding]:
    message = draft.context.client_message
    if not message or not message.strip() or emoji_spans(message, loose=True):
        return []
    return [Finding(s, e) for s, e in emoji_spans(draft.text)]


# ---------------------------------------------------------------------------------------------
# Brevity


def _count_words(analysis: Analysis) -> int:
    return sum(1 for t in analysis.tokens if t.is_word and "NUMB" not in t.flags)


def too_brief(draft: Draft, options: dict[str, Any]) -> list[Finding]:
    message = draft.context.client_message
    if not message:
        return []
    client = analysed(message)
    client_words = _count_words(client)
    long_client = client_words >= int(options.get("min_client_words", 30)) or (
        len(client.sentences) >= int(options.get("min_client_sentences", 4))
        and client_words >= int(options.get("min_client_words", 30)) // 2
    )
    reply_words = _count_words(draft.analysis)
    few_words = reply_words <= int(options.get("max_reply_words", 8))
    # a line or two to a message many times longer is brief too
    short_for_it = len(draft.analysis.sentences) <= 2 and reply_words <= client_words * float(options.get("max_ratio", 0.2))
    if not long_client or not (few_words or short_for_it):
        return []
    text = draft.text
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    if end <= start:
        return []
    return [Finding(start, end, values={"words": reply_words, "client_words": client_words})]
