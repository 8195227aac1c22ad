"""Analyse a draft: razdel tokens and sentences with character offsets, pymorphy3 parses per word,
and negation marks. Every rule reads the same :class:`Analysis`, built once per draft."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from . import morph
from .morph import Parse, fold, word_cache
from .lazyre import lazy_compile
from .prose import Other, not_prose
from .tokens import tokenize

# Words that put the next content word under negation.
NEGATORS = frozenset({"не", "ни"})
# Parts of speech that negation passes over on its way to the word it negates:
# "ни в чём не виноваты", "не нашей вине", "не очень".
_NEGATION_PASSES = frozenset({"PREP", "NPRO", "PRCL", "CONJ", "Apro"})
_NEGATION_REACH = 3

# Per-word caches are bounded so a long-running service stays within its memory: ~40,000 distinct
# words (a support team's working vocabulary) take about 100 MB with the parses they keep; words
# longer than morph.LONGEST_CACHED_WORD are not kept at all.
_WORDS_CACHED = 40_000

_LETTER = re.compile(r"[^\W\d_]")
_WORDISH = re.compile(r"\w")
_LATIN = re.compile(r"[A-Za-z]")
_BLANK_LINE = lazy_compile(r"\n[ \t]*\n")
# A numbered point on a line of its own answers its own question ("1. … 2. Интеграции в планах нет."),
# as a paragraph does; bullets often list what is offered under a refusal, so they part nothing.
# (Shared: the name check reads a word after "4." as the first of its line.)
NUMBERED_POINT = lazy_compile(r"\d{1,2}[.)](?=\s|$)")
_SENTENCE_END = lazy_compile(r"[.!?…:;]\s*$")
# razdel spends tens of microseconds on every mark of a run of punctuation ("!!!!…", "}}}}…", a
# 1 MB line of dots would take a minute), so a run longer than any real one ("?!!", "...", a "-----"
# rule) is not given to it: it is a sentence and a token of its own, found here in linear time.
_LONGEST_RUN = 24
_LONG_RUN = re.compile(r"(?:[^\w\s]|_){%d,}" % (_LONGEST_RUN + 1))


@dataclass(slots=True)
class Token:
    """A razdel token of the draft, with what the rules read of it."""

    text: str
    start: int  # character offsets into Analysis.text
    end: int
    index: int  # position in Analysis.tokens
    sentence: int  # index into Analysis.sentences
    form: str  # folded (lower case, ё→е) text
    is_word: bool  # a word or number (anything with a letter or digit), not punctuation or emoji
    parses: tuple[Parse, ...] = ()
    flags: frozenset[str] = frozenset()  # UPPER, Title, Lower, NUMB, LATN, PNCT, Short: shape; Dict: a dictionary word
    negated: bool = False  # under "не"/"ни"
    lemmas: frozenset[str] = frozenset()  # its parses' lemmas; for a word without parses, its form
    tags: frozenset[str] = frozenset()  # every grammeme of every parse, and the shape flags
    prose: bool = True  # False inside a link, code, a quote, a mention… (prose.py): not a word of the reply


@dataclass(slots=True)
class Sentence:
    """A sentence of the draft and the tokens it spans."""

    start: int
    end: int
    first: int  # index of its first token
    stop: int  # index after its last token
    text: str
    paragraph: int = 0  # parted by a blank line or a numbered point on a new line: a multi-point reply's topics


@dataclass(slots=True)
class Analysis:
    """A draft's tokens, sentences and word index: what every rule reads."""

    text: str
    tokens: list[Token]
    sentences: list[Sentence]
    lemma_set: set[str] = field(default_factory=set)  # every lemma and form in the draft, for fast rule skipping
    # lemma, form, or punctuation mark -> indices of the tokens that have it
    lemma_index: dict[str, list[int]] = field(default_factory=dict)
    memo: dict = field(default_factory=dict)  # per-draft results shared by the rules (pattern matches)
    other: list[Other] = field(default_factory=list)  # what is not prose (prose.py), sorted
    # per paragraph (Sentence.paragraph): its first and last sentence, and whether it is a numbered point
    paragraphs: list[tuple[int, int, bool]] = field(default_factory=list)

    def in_other(self, offset: int) -> Other | None:
        """The stretch that is not prose holding ``offset``, if any."""
        other = self.other
        if not other:
            return None
        i = bisect.bisect_right(self._other_starts(), offset) - 1
        return other[i] if i >= 0 and other[i].end > offset else None

    def _other_starts(self) -> list[int]:
        starts = self.memo.get("other starts")
        if starts is None:
            starts = self.memo["other starts"] = [o.start for o in self.other]
        return starts

    def with_grammeme(self, grammeme: str) -> list[int]:
        """Indices of the words with this grammeme or shape flag in some parse. Looked up only when
        a pattern asks, and then remembered: most grammemes are never asked for, so they are not
        indexed for every word up front."""
        key = "<" + grammeme
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = [t.index for t in self.tokens if grammeme in t.tags]  # (punctuation has none)
        return found

    def with_grammemes(self, grammemes: frozenset[str]) -> list[int]:
        """Indices of the words with all of these grammemes or shape flags (each in some parse):
        the words a pattern slot that requires them can start at (and the punctuation among the
        rarest one's, as :meth:`with_grammeme` gives it). One scan of the draft for the rarest
        grammeme, then a look at each of its words: <UPPER,Dict> reads the few words in capitals,
        not every dictionary word."""
        found = self.memo.get(grammemes)
        if found is None:
            rarest = min(grammemes, key=lambda g: (_COMMONNESS.get(g, 0), g))
            tokens = self.tokens
            found = self.memo[grammemes] = [
                i for i in self.with_grammeme(rarest) if grammemes <= tokens[i].tags or not tokens[i].is_word
            ]
        return found

    def sentence_tokens(self, index: int) -> list[Token]:
        s = self.sentences[index]
        return self.tokens[s.first : s.stop]

    def words(self, sentence: int | None = None) -> list[Token]:
        tokens = self.tokens if sentence is None else self.sentence_tokens(sentence)
        return [t for t in tokens if t.is_word]


# The grammemes and flags most words of replies have, most common first (share of the words of
# real and written replies: Dict 94%, Lower 84%, sing 46% … ablt 5%); any other is rarer.
_COMMON_FIRST = (
    "Dict Lower sing NOUN Short inan nomn accs masc plur gent femn Title neut VERB PREP indc ADJF tran "
    "CONJ impf perf anim loct ADVB datv intr NPRO PRCL Qual pres Apro past 1per ablt"
).split()
_COMMONNESS = {g: len(_COMMON_FIRST) - i for i, g in enumerate(_COMMON_FIRST)}


def _shape_flags(text: str) -> frozenset[str]:
    flags = set()
    letters = _LETTER.findall(text)
    if not _WORDISH.search(text):
        flags.add("PNCT")
    elif letters:
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            flags.add("UPPER")
        elif letters[0].isupper() and text[0].isupper():
            flags.add("Title")
        elif all(c.islower() for c in letters):
            flags.add("Lower")
        if _LATIN.search(text):
            flags.add("LATN")
        if len(letters) <= 3:
            flags.add("Short")
    if any(c.isdigit() for c in text) and not letters:
        flags.add("NUMB")
    return frozenset(flags)


def _sentence_spans(text: str, other: list[Other]) -> list[tuple[int, int]]:
    """Sentences by razdel, also split at line breaks that end a thought, and after a link that a
    capitalised word or a line break follows.

    Chat replies put a greeting, a signature or a list item on a line of their own without a full
    stop; a line break ends a sentence unless the line runs on into a lowercase continuation.
    Operators paste a link and go on with the next sentence with no full stop between
    ("…в веб-версии: https://studio.example.ru/ Для этого нажмите…").
    """
    from razdel import sentenize

    spans: list[tuple[int, int]] = []
    # a long run of marks has no space in it: a draft whose every piece between spaces is shorter
    # has none, and is not searched for them (str.split parts at the spaces \s stands for)
    runs = max(map(len, text.split()), default=0) > _LONGEST_RUN
    for block_start, block_end in _blocks(text):
        for start, end in _between_runs(text, block_start, block_end) if runs else ((block_start, block_end),):
            if runs and _LONG_RUN.fullmatch(text, start, end):
                spans.append((start, end))
                continue
            for s in sentenize(text[start:end]):
                if s.text.strip():
                    spans.extend(_unpunctuated(text, start + s.start, start + s.stop))
    links = [o.end for o in other if o.kind in ("url", "path", "email")]
    if not links:
        return spans
    split: list[tuple[int, int]] = []
    for start, end in spans:
        lo = bisect.bisect_right(links, start)
        for cut in links[lo : bisect.bisect_left(links, end)]:
            after = cut
            while after < end and text[after] in " \t\r\n":
                after += 1
            # a link that ends its line ends its sentence too ("…issues/152\nдумаю, что…")
            if after > cut and after < end and (text[after].isupper() or "\n" in text[cut:after]):
                split.append((start, cut))
                start = after
        split.append((start, end))
    return split


# A stretch this long with no punctuation mark at all has lost it (a chat client, an export that
# strips it): its sentences are guessed from capitals instead.
_UNPUNCTUATED_WORDS = 20
_BEFORE_CAPITAL = lazy_compile(r"(?<=\w) +(?=[А-ЯЁ](?:[а-яё]| ))")
_PUNCTUATION = lazy_compile(r"[.,;:!?…—()]")


def _unpunctuated(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence [start, end), or, when it is a long run with no punctuation inside, its pieces
    cut before each capitalised word ("…здравствуйте Чтобы обменять…"). A name in the middle of a sentence cuts it too: short pieces are what this guess
    is for (no rule should call such a run one long sentence)."""
    piece = text[start:end]
    if piece.count(" ") < _UNPUNCTUATED_WORDS or _PUNCTUATION.search(piece.rstrip(".!?… \n")):
        return [(start, end)]
    spans = []
    last = start
    for m in _BEFORE_CAPITAL.finditer(piece):
        spans.append((last, start + m.start()))
        last = start + m.end()
    spans.append((last, end))
    return spans


def _between_runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut into the long runs of marks and the pieces between them."""
    pieces: list[tuple[int, int]] = []
    for run in _LONG_RUN.finditer(text, start, end):
        if run.start() > start:
            pieces.append((start, run.start()))
        pieces.append(run.span())
        start = run.end()
    if start < end:
        pieces.append((start, end))
    return pieces


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(text, start, stop) of each token of the sentence text[start:end], offsets into ``text``; a
    long run of marks is one token (razdel's rules are slow on it)."""
    if _LONG_RUN.fullmatch(text, start, end):
        return [(text[start:end], start, end)]
    return tokenize(text, start, end)


def _blocks(text: str) -> list[tuple[int, int]]:
    blocks: list[tuple[int, int]] = []
    start = 0
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        end = pos + len(line)
        nxt = lines[i + 1].lstrip() if i + 1 < len(lines) else ""
        runs_on = (
            line.strip()
            and nxt
            and not _SENTENCE_END.search(line)
            and (nxt[0].islower() or nxt[0].isdigit())
            and not NUMBERED_POINT.match(nxt)  # "2. …" on the next line is the list's next point
        )
        if not runs_on:
            if text[start:end].strip():
                blocks.append((start, end))
            start = end + 1
        pos = end + 1
    return blocks


@word_cache(maxsize=_WORDS_CACHED)
def _word(text: str) -> tuple[str, bool, frozenset[str], tuple[Parse, ...], tuple[str, ...], frozenset[str], frozenset[str]]:
    """Everything about a token that depends only on its text, worked out once per distinct word:
    folded form, word or not, shape flags, parses, its keys in the draft's index, its lemmas, and
    its tags (every grammeme and flag)."""
    flags = _shape_flags(text)
    form = fold(text)
    if "PNCT" in flags:
        return form, False, flags, (), (text,), frozenset({form}), flags  # punctuation is indexed by itself
    parses = morph.parses(text) if "NUMB" not in flags else ()
    if parses and morph.is_known(text):
        flags = flags | {"Dict"}  # a dictionary word, not a guess: "СРОЧНО", not "МФЦ"
    lemmas = frozenset(p.lemma for p in parses) or frozenset({form})
    tags = flags.union(*(p.grammemes for p in parses))
    return form, True, flags, parses, tuple(lemmas | {form}), lemmas, tags


_OTHER_FLAGS = frozenset({"OTHER"})


def analyse(text: str, colleagues: tuple[str, ...] = ()) -> Analysis:
    """Tokens, sentences, parses and negation of ``text``; ``colleagues`` are names an @mention
    line may address (prose.py)."""
    other = not_prose(text, colleagues)
    other_starts = [o.start for o in other]
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    lemma_index: dict[str, list[int]] = {}
    get = lemma_index.get
    for s_index, (s_start, s_end) in enumerate(_sentence_spans(text, other)):
        first = len(tokens)
        for word, start, end in _tokens(text, s_start, s_end):
            index = len(tokens)
            if other and _inside(other, other_starts, start, end):
                # a word of a link, a quote, code…: kept for positions, but no rule reads it
                tokens.append(Token(word, start, end, index, s_index, fold(word), False, (), _OTHER_FLAGS,
                                    False, frozenset(), frozenset(), False))
                continue
            form, is_word, flags, parses, keys, lemmas, tags = _word(word)
            tokens.append(Token(word, start, end, index, s_index, form, is_word,
                                parses, flags, False, lemmas, tags))
            for key in keys:  # (no setdefault: it would build a list for every key of every token)
                found = get(key)
                if found is None:
                    lemma_index[key] = [index]
                else:
                    found.append(index)
        paragraph = 0
        if sentences:
            gap = text[sentences[-1].end : s_start]
            parted = (gap.count("\n") >= 2 and _BLANK_LINE.search(gap)) or ("\n" in gap and NUMBERED_POINT.match(text, s_start))
            paragraph = sentences[-1].paragraph + (1 if parted else 0)
        sentences.append(Sentence(s_start, s_end, first, len(tokens), text[s_start:s_end], paragraph))
    _mark_negation(tokens)
    return Analysis(text=text, tokens=tokens, sentences=sentences, lemma_set=set(lemma_index),
                    lemma_index=lemma_index, other=other, paragraphs=_paragraphs(sentences))


def _paragraphs(sentences: list[Sentence]) -> list[tuple[int, int, bool]]:
    """Each paragraph's first and last sentence, and whether it is a numbered point."""
    found: list[tuple[int, int, bool]] = []
    for i, sentence in enumerate(sentences):
        if sentence.paragraph == len(found):
            found.append((i, i, bool(NUMBERED_POINT.match(sentence.text))))
        else:
            first, _, point = found[-1]
            found[-1] = (first, i, point)
    return found


def _inside(other: list[Other], starts: list[int], start: int, end: int) -> bool:
    """Whether the token [start, end) shares a character with a stretch that is not prose."""
    i = bisect.bisect_left(starts, end) - 1
    return i >= 0 and other[i].end > start


def _mark_negation(tokens: list[Token]) -> None:
    for i, tok in enumerate(tokens):
        if tok.form not in NEGATORS:
            continue
        reach = 0
        for j in range(i + 1, len(tokens)):
            nxt = tokens[j]
            if not nxt.is_word or nxt.sentence != tok.sentence or reach >= _NEGATION_REACH:
                break
            if nxt.form in NEGATORS:
                break
            nxt.negated = True
            reach += 1
            passes = any(p.grammemes & _NEGATION_PASSES for p in nxt.parses)
            if not passes:
                break
