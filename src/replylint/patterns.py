"""Token patterns: the small language rule files use to say what to look for.

A pattern is a phrase, written the way a team lead would write it, one slot per word:

    не получится            each word matches any of its inflections (by lemma): "не получилось"
    =срочно                 "=" asks for this exact form only
    вернуть|возвратить      "|" separates alternatives for one slot
    <NOUN>  мочь<1per>      pymorphy3 grammemes a word must have; "-Abbr" says it must not
    <UPPER> <Title> <NUMB>  the word's shape: all capitals, capitalised, a number
    <Dict>                  a word the dictionary knows (not a guess): <UPPER Dict> is "СРОЧНО", not "МФЦ"
    <Short>                 a word of one to three letters: a lone "ПО" or "ИД" in capitals is an abbreviation
    *                       any one word
    ...  ...5               skip up to 3 (or 5) words
    вообще?  ,?             "?" makes a slot optional (a word's or a punctuation mark's)
    /\\d+%/                 a regular expression for one token's text
    :  —                    punctuation matches itself; otherwise punctuation between words is ignored
    ^                       the start of a clause (of the sentence, or after a punctuation mark):
                            "^ может быть ," is the parenthetical hedge, not "такое может быть, если…"

The long form is a mapping, for when a phrase needs conditions:

    - phrase: виноват
      negated: false          # only where the words are not under "не"/"ни"
      unless: [не виноват]    # cancelled by any of these in the same sentence ("@list" too)
      unless:                 # ... or further, and only before the match:
        - phrase: пришлите
          scope: previous     # sentence | previous | next | neighbours | nearby | draft
          before: true
    - regex: "!{2,}"         # raw text, for symbols that are not words
    - "@refusal"              # every pattern of the shared word list lists/refusal.yaml

Patterns are compiled once, validated against the dictionary: a word pymorphy3 does not know, a
grammeme it does not have, or a word with grammemes none of its forms carry can never match, and is
reported with the rule file's line.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from . import morph
from .analyse import Analysis, Token
from .errors import RuleError
from .lazyre import lazy_compile
from .morph import fold
from .prefilter import may_match
from .yamlio import line_of

# Shape flags set by the analyser, usable wherever grammemes are.
SHAPE_FLAGS = frozenset({"UPPER", "Title", "Lower", "NUMB", "LATN", "PNCT", "Dict", "Short"})
DEFAULT_SKIP = 3
# Bounds on what a rule file may ask, so no pattern can make matching slow: a phrase of at most
# MAX_SLOTS slots, a skip of at most MAX_SKIP words. A pattern whose skips and optional slots can
# be combined in more than MEMO_FROM ways remembers, per sentence, where its rest cannot match, so
# its work is bounded by slots × words × skip instead of growing with the number of combinations.
MAX_SLOTS = 60
MAX_SKIP = 20
MEMO_FROM = 256

# One slot per piece: a /regex/, or words and <grammemes> glued together ("мочь<1per>",
# "<NUMB>|обед", "<UPPER>?"), a <...> keeping its inner spaces ("<ADJS -Qual>").
_SLOT_SPLIT = lazy_compile(r"/(?:\\.|[^/])+/|(?:<[^>]*>|[^\s<])+|\S+")
_PUNCT_ONLY = lazy_compile(r"^(?![*=<]|\.\.\.|…)[^\w\s]+$")
_SKIP = lazy_compile(r"^(?:\.\.\.|…)(\d+)?$")
_NEEDS_EXACT = lazy_compile(r"[0-9A-Za-z]")


# What the rules cache holds (Alternative, Slot, Pattern) are plain dataclasses, without __slots__:
# pickle loads an object with a __dict__ in C (a new object, its dict filled in), where a slotted
# one costs a Python call per object; the compiled rules hold ~4,000 of them, and a pre-send hook
# loads them at every start (24 ms with slots and reducers, 8 ms without). Equal sets of words or
# grammemes are made one object when an object is built (_shared), so a pickle stores each once.


@dataclass(frozen=True)
class Alternative:
    """One way a word slot can be filled."""

    lemmas: frozenset[str] | None = None  # any inflection of these
    form: str | None = None  # exactly this (folded) form
    regex: re.Pattern | None = None  # the token's text matches
    require: frozenset[str] = frozenset()  # grammemes or shape flags the word must have
    forbid: frozenset[str] = frozenset()  # ... and must not have

    def __post_init__(self) -> None:
        for name in ("lemmas", "require", "forbid"):
            object.__setattr__(self, name, _shared(getattr(self, name)))

    def matches(self, token: Token) -> bool:
        if not token.is_word:
            return False
        if self.form is not None and token.form != self.form:
            return False
        if self.regex is not None and not self.regex.fullmatch(token.text):
            return False
        if self.lemmas is None and not self.require and not self.forbid:
            return True
        if not token.parses:  # numbers, unknown symbols: only their form and shape count
            if self.lemmas is not None and token.form not in self.lemmas:
                return False
            return self.require <= token.flags and not (self.forbid & token.flags)
        for parse in token.parses:
            if self.lemmas is not None and parse.lemma not in self.lemmas:
                continue
            grammemes = parse.grammemes | token.flags
            if self.require <= grammemes and not (self.forbid & grammemes):
                return True
        return False


@dataclass(frozen=True)
class Slot:
    """One piece of a phrase: a word with its alternatives, a skip, a punctuation mark or ``^``."""

    alternatives: tuple[Alternative, ...] = ()
    optional: bool = False
    skip: int = 0  # a skip slot: up to this many words
    punct: frozenset[str] | None = None  # a punctuation slot: one of these tokens
    anchor: bool = False  # "^": the start of a clause; takes no token

    # Worked out from the alternatives: when every one is a plain word (a lemma or an exact form,
    # no grammemes, no regex), a token matches by one set test instead of a call per alternative.
    plain: bool = field(default=False, init=False, compare=False)
    lemma_set: frozenset[str] = field(default=frozenset(), init=False, compare=False)
    form_set: frozenset[str] = field(default=frozenset(), init=False, compare=False)

    def __post_init__(self) -> None:
        alts = self.alternatives
        object.__setattr__(self, "punct", _shared(self.punct))
        if alts and all(a.regex is None and not a.require and not a.forbid and (a.lemmas is None) != (a.form is None) for a in alts):
            object.__setattr__(self, "plain", True)
            object.__setattr__(self, "lemma_set", _shared(frozenset().union(*(a.lemmas for a in alts if a.lemmas is not None))))
            object.__setattr__(self, "form_set", _shared(frozenset(a.form for a in alts if a.form is not None)))

    def accepts(self, token: Token) -> bool:
        """Whether the word token fills this (word) slot."""
        if self.plain:
            return token.is_word and (not self.lemma_set.isdisjoint(token.lemmas) or token.form in self.form_set)
        return any(a.matches(token) for a in self.alternatives)

    @property
    def is_skip(self) -> bool:
        return self.skip > 0


# Equal sets of words or grammemes, one object each in the rules cache: of the ~9,000 sets the
# compiled rules hold, ~1,700 differ (5,000 are empty), and a pickle stores a shared object once,
# so the cache loads faster at every start.
_SHARED_SETS: dict[frozenset, frozenset] = {}


def _shared(value: frozenset | None) -> frozenset | None:
    return value if value is None else _SHARED_SETS.setdefault(value, value)


@dataclass(slots=True)
class Match:
    """Where a pattern matched: characters and tokens."""

    start: int  # character offsets into the analysed text
    end: int
    sentence: int
    first_token: int
    last_token: int
    pattern: "Pattern"

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass
class Pattern:
    """A compiled pattern: a phrase's slots or a regular expression, with its conditions."""

    source: str  # as written in the rule file, for messages
    slots: tuple[Slot, ...] = ()
    regex: re.Pattern | None = None
    negated: bool | None = None  # None: either; False: not under negation; True: only under it
    unless: tuple["Pattern", ...] = ()
    extra: dict = field(default_factory=dict)  # kind-specific keys (suggest, severity, message…)
    required_words: tuple[frozenset[str], ...] = ()  # each set must meet the draft's lemmas
    branchy: bool = False  # its skips and optional slots combine in more than MEMO_FROM ways

    # How to find the words a match can start at in the draft's index: per alternative of the
    # first slot (and of the next ones while slots are optional), lemmas/forms (any of them) or
    # grammemes (all of them); None: look everywhere.
    start_keys: tuple[tuple[str, frozenset[str]], ...] | None = None

    def __post_init__(self) -> None:
        self.required_words = tuple(_shared(w) for w in self.required_words)

    def could_match(self, analysis: Analysis) -> bool:
        """A cheap test on the draft's lemma set that rules out most patterns before matching."""
        lemmas = analysis.lemma_set
        for words in self.required_words:
            if words.isdisjoint(lemmas):
                return False
        return True

    def find(self, analysis: Analysis, sentences: range | None = None) -> list[Match]:
        """All non-overlapping matches, leftmost first, that survive ``negated`` and ``unless``.

        The whole draft is matched once per pattern and remembered in the analysis, so rules that
        ask again for one sentence or its neighbours (conditional scopes, ``unless``) cost nothing.
        """
        memo = analysis.memo.get(id(self))
        if memo is None:
            memo = _NO_MATCHES
            if self.regex is not None or self.could_match(analysis):
                found = [m for m in self._find_all(analysis) if self._accept(analysis, m)]
                if found:
                    memo = (found, [m.sentence for m in found])
            analysis.memo[id(self)] = memo
        found, sentence_of = memo
        if sentences is None or not found:
            return found
        # matches come in sentence order: cut the range out by bisection, not by a scan
        lo = bisect.bisect_left(sentence_of, sentences.start)
        hi = bisect.bisect_left(sentence_of, sentences.stop)
        return found[lo:hi]

    def _find_all(self, analysis: Analysis) -> Iterator[Match]:
        if self.regex is not None and not _in_text(self.regex, analysis):
            return  # most drafts have no URL, no swearing, no "!!!": one look at the text says so
        if self.start_keys is None:
            for slot in self.slots:
                # a required slot of /regex/ words needs one of them somewhere in the text
                if not slot.optional and slot.alternatives and all(a.regex is not None for a in slot.alternatives):
                    if not any(_in_text(a.regex, analysis) for a in slot.alternatives):
                        return
            for s_index in range(len(analysis.sentences)):
                yield from self._find_in_sentence(analysis, s_index)
            return
        # Start only at the words that can begin a match, found through the draft's index.
        index = analysis.lemma_index
        candidates: set[int] = set()
        for how, keys in self.start_keys:
            if how == "any":
                for key in keys:
                    candidates.update(index.get(key, ()))
            else:  # "all": the words with every one of these grammemes
                candidates.update(analysis.with_grammemes(keys))
        starts = sorted(candidates)
        tokens = analysis.tokens
        resume = 0
        failed, failed_in = None, -1
        for i in starts:
            if i < resume:
                continue  # inside the previous match: matches do not overlap
            s_index = tokens[i].sentence
            if self.branchy and s_index != failed_in:
                failed, failed_in = set(), s_index
            end = _match_slots(self.slots, 0, tokens, i, analysis.sentences[s_index].stop, failed)
            if end is not None and end > i:
                yield Match(tokens[i].start, tokens[end - 1].end, s_index, i, end - 1, self)
                resume = end

    def _accept(self, analysis: Analysis, m: Match) -> bool:
        if self.negated is not None:
            words = [t for t in analysis.tokens[m.first_token : m.last_token + 1] if t.is_word]
            under = any(t.negated for t in words)
            if under != self.negated:
                return False
        return not any(cancels(u, analysis, m) for u in self.unless)

    def _find_in_sentence(self, analysis: Analysis, s_index: int) -> Iterator[Match]:
        sentence = analysis.sentences[s_index]
        if self.regex is not None:
            for rm in self.regex.finditer(sentence.text):
                if rm.end() == rm.start():
                    continue
                start, end = sentence.start + rm.start(), sentence.start + rm.end()
                # the tokens it overlaps, by bisection (a long sentence with many matches stays linear)
                starts, ends = _token_edges(analysis)
                first = bisect.bisect_right(ends, start, sentence.first, sentence.stop)
                last = bisect.bisect_left(starts, end, sentence.first, sentence.stop) - 1
                if first <= last:
                    yield Match(start, end, s_index, first, last, self)
            return
        tokens = analysis.tokens
        failed = set() if self.branchy else None
        i = sentence.first
        while i < sentence.stop:
            if not tokens[i].is_word and not (self.slots and self.slots[0].punct):
                i += 1
                continue
            end = _match_slots(self.slots, 0, tokens, i, sentence.stop, failed)
            if end is not None and end > i:
                last = end - 1
                yield Match(tokens[i].start, tokens[last].end, s_index, i, last, self)
                i = end
            else:
                i += 1


def _token_edges(analysis: Analysis) -> tuple[list[int], list[int]]:
    """The tokens' start and end offsets, in order, worked out once per analysis."""
    edges = analysis.memo.get("token edges")
    if edges is None:
        edges = analysis.memo["token edges"] = ([t.start for t in analysis.tokens], [t.end for t in analysis.tokens])
    return edges


# Where an ``unless`` pattern (or a required one) is looked for around sentence s of n: the first and
# last sentence of each scope.
SCOPES = ("sentence", "neighbours", "next", "previous", "nearby", "draft")
UNLESS_KEYS = frozenset({"scope", "before"})


def scope_range(scope: str, s: int, analysis: Analysis) -> range:
    """The sentences a scope covers around sentence ``s``. ``sentence``, ``neighbours``, ``next``
    and ``previous`` stay in the sentence's paragraph: after a blank line a multi-point reply turns
    to its next point. ``nearby`` stays in it backwards only: what is offered often follows in a
    paragraph of its own ("…не будем.\n\nЧто можно сделать: …"), while what went before in another
    paragraph answered something else. ``draft`` is the whole reply, except for a sentence in a
    numbered point: then only its point."""
    n = len(analysis.sentences)
    lo, hi = {
        "sentence": (s, s),
        "neighbours": (s - 1, s + 1),
        "next": (s, s + 1),
        "previous": (s - 1, s),
        "nearby": (s - 1, s + 2),  # a refusal, its reason, then what is offered
        "draft": (0, n - 1),
    }[scope]
    first, last, point = analysis.paragraphs[analysis.sentences[s].paragraph]
    if scope == "draft":
        # a numbered point answers its own question: the rest of the reply is not its answer
        # ("1. … выберите XLSX. 2. Интеграции в планах нет.")
        return range(first, last + 1) if point else range(0, n)
    lo, hi = max(lo, first), min(hi, n - 1)
    if scope != "nearby":
        hi = min(hi, last)
    return range(max(lo, 0), hi + 1)


def cancels(pattern: "Pattern", analysis: Analysis, m: Match) -> bool:
    """Whether an ``unless`` pattern is found where it cancels the match ``m``: in m's sentence, or
    in its own ``scope``, and with ``before: true`` only before m."""
    found = pattern.find(analysis, scope_range(pattern.extra.get("scope", "sentence"), m.sentence, analysis))
    if pattern.extra.get("before"):
        return any(f.last_token < m.first_token for f in found)
    return bool(found)


def _in_text(regex: re.Pattern, analysis: Analysis) -> bool:
    """Whether the regex matches somewhere in the draft: a substring test of its literals first
    (prefilter.py), the search only when they are there."""
    folded = analysis.memo.get("casefolded")
    if folded is None:
        folded = analysis.memo["casefolded"] = analysis.text.casefold()
    return may_match(regex, analysis.text, folded) and regex.search(analysis.text) is not None


# What find() remembers for a pattern that matches nowhere in the draft (callers only read it).
_NO_MATCHES: tuple[tuple, list] = ((), [])

# ---------------------------------------------------------------------------------------------
# Which patterns a draft can match at all


# The most frequent words of replies: a pattern is filed under a rarer word when it has one.
_COMMON = frozenset(
    "не ни в во на и а но с со к ко по о об за у из от до для что как так это этот тот весь вы ваш мы "
    "наш я мой он она они его её их быть мочь можно уже еще ещё бы ли же же то если".split()
)


def _trigger(required: tuple[frozenset[str], ...]) -> frozenset[str]:
    """The one of a pattern's required word sets it is filed under (see viable)."""
    return min(required, key=lambda words: (bool(words & _COMMON), len(words)))


def viable(patterns: list[Pattern], analysis: Analysis) -> list[Pattern]:
    """``patterns`` without those the draft rules out, in their order.

    A pattern needs every one of its ``required_words`` sets to meet the draft's lemmas, so it is
    filed under one of them (its trigger), and a draft without any of that set's words rules it out
    without a call. Patterns without required words (a regex, grammemes only) always stay. A list
    of patterns (a rule's, a word list) gets this small index on first use, so picking its viable
    patterns costs in proportion to the draft's words found in it, not to the list's length.
    """
    entry = _LISTS.get(id(patterns))
    if entry is None or entry[0] is not patterns:
        entry = _LISTS[id(patterns)] = _list_index(patterns)
    _, by_word, words, always = entry
    hits = words & analysis.lemma_set  # two sets: CPython walks the smaller one
    if not always and len(hits) <= 1:
        return [patterns[i] for i in by_word[next(iter(hits))]] if hits else []
    found = set(always)
    for word in hits:
        found.update(by_word[word])
    return [patterns[i] for i in sorted(found)]


# id(list) -> (the list, word -> positions of its patterns filed under that word, those words,
# positions of the patterns that are always viable)
_ListIndex = tuple[list[Pattern], dict[str, list[int]], frozenset[str], list[int]]
_LISTS: dict[int, _ListIndex] = {}


def _list_index(patterns: list[Pattern]) -> _ListIndex:
    by_word: dict[str, list[int]] = {}
    always: list[int] = []
    for i, p in enumerate(patterns):
        if p.regex is not None or not p.required_words:
            always.append(i)
        else:
            for word in _trigger(p.required_words):
                by_word.setdefault(word, []).append(i)
    return patterns, by_word, frozenset(by_word), always


def patterns_in(obj: Any) -> Iterator[Pattern]:
    """Every Pattern held by a compiled rule (its kind's fields, lists, groups)."""
    if isinstance(obj, Pattern):
        yield obj
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            yield from patterns_in(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from patterns_in(item)
    elif hasattr(obj, "__dataclass_fields__"):
        for name in obj.__dataclass_fields__:
            yield from patterns_in(getattr(obj, name))


def _match_slots(
    slots: tuple[Slot, ...], k: int, tokens: list[Token], i: int, stop: int, failed: set[int] | None = None
) -> int | None:
    """Match slots[k:] from token i; the index after the last token used, or None.

    ``failed``: for a branchy pattern, the (k, i) states of this sentence already known not to
    match (as ``k * (len(tokens) + 1) + i``), so that no state is tried twice."""
    if k == len(slots):
        return i
    if failed is not None:
        state = k * (len(tokens) + 1) + i
        if state in failed:
            return None
        found = _match_slot(slots, k, tokens, i, stop, failed)
        if found is None:
            failed.add(state)
        return found
    return _match_slot(slots, k, tokens, i, stop, failed)


def _match_slot(slots: tuple[Slot, ...], k: int, tokens: list[Token], i: int, stop: int, failed: set[int] | None) -> int | None:
    slot = slots[k]
    if slot.anchor:
        return _match_slots(slots, k + 1, tokens, i, stop, failed) if _clause_starts(tokens, i, stop) else None
    if slot.punct is not None:
        if i < stop and tokens[i].prose and tokens[i].text in slot.punct:
            return _match_slots(slots, k + 1, tokens, i + 1, stop, failed)
        return _match_slots(slots, k + 1, tokens, i, stop, failed) if slot.optional else None
    if slot.skip:  # a skip slot
        j = i
        for taken in range(slot.skip + 1):  # shortest skip first: the tightest match
            rest = _match_slots(slots, k + 1, tokens, j, stop, failed)
            if rest is not None:
                return rest
            j = _next_word(tokens, j, stop)
            if j is None:
                return None
            j += 1
        return None
    j = i  # the next word (phrases pass over punctuation between words, not over a link or a quote)
    while j < stop and not tokens[j].is_word:
        j = j + 1 if tokens[j].prose else stop
    if j < stop and slot.accepts(tokens[j]):
        rest = _match_slots(slots, k + 1, tokens, j + 1, stop, failed)
        if rest is not None:
            return rest
    if slot.optional:
        return _match_slots(slots, k + 1, tokens, i, stop, failed)
    return None


def _clause_starts(tokens: list[Token], i: int, stop: int) -> bool:
    """Whether the next word at or after i opens a clause: nothing of its sentence stands before
    it, or a punctuation mark does."""
    j = _next_word(tokens, i, stop)
    if j is None:
        return False
    if j == 0 or tokens[j - 1].sentence != tokens[j].sentence:
        return True
    before = tokens[j - 1]
    return before.prose and "PNCT" in before.flags


def _next_word(tokens: list[Token], i: int, stop: int) -> int | None:
    """The first word token at or after i, skipping punctuation (which phrases ignore); None at
    something that is not prose (a link, a quote), which a phrase does not run across."""
    while i < stop:
        if tokens[i].is_word:
            return i
        if not tokens[i].prose:
            return None
        i += 1
    return None


# ---------------------------------------------------------------------------------------------
# Compiling patterns from rule files


PATTERN_KEYS = {"phrase", "regex", "negated", "unless"}


def compile_pattern(raw: Any, path: str, line: int | None, extra_keys: frozenset[str] = frozenset()) -> Pattern:
    """Compile one pattern as written in a rule file (a string or a mapping)."""
    if isinstance(raw, str):
        return _compile_phrase(raw, path, line)
    if not isinstance(raw, dict):
        raise RuleError(f"шаблон — фраза или словарь с 'phrase', а не {raw!r}", path, line)
    line = line_of(raw, "phrase", line) or line
    unknown = set(raw) - PATTERN_KEYS - extra_keys
    if unknown:
        allowed = ", ".join(sorted(PATTERN_KEYS | extra_keys))
        raise RuleError(f"неизвестный ключ шаблона {sorted(unknown)[0]!r} (допустимы: {allowed})", path, line_of(raw, sorted(unknown)[0], line))
    if ("phrase" in raw) == ("regex" in raw):
        raise RuleError("у шаблона должен быть ровно один из ключей 'phrase' или 'regex'", path, line)
    if "phrase" in raw:
        if not isinstance(raw["phrase"], str):
            raise RuleError("'phrase' должен быть текстом", path, line)
        if raw["phrase"].startswith("@"):
            raise RuleError(f"список слов {raw['phrase']!r} не принимает здесь 'negated' и 'unless': напишите их у его шаблонов", path, line)
        pattern = _compile_phrase(raw["phrase"], path, line)
    else:
        source = str(raw["regex"])
        pattern = Pattern(source=source, regex=compile_regex(source, 0, path, line_of(raw, "regex", line)))
    negated = raw.get("negated")
    if negated is not None and not isinstance(negated, bool):
        raise RuleError("'negated': true или false", path, line_of(raw, "negated", line))
    pattern.negated = negated
    unless = raw.get("unless", [])
    if isinstance(unless, str):
        unless = [unless]
    pattern.unless = tuple(compile_unless(unless, path, line_of(raw, "unless", line))) if unless else ()  # "@list" works here too
    pattern.extra = {k: raw[k] for k in raw if k in extra_keys}
    _check_extra(pattern.extra, raw, path, line)
    return pattern


def compile_unless(raw: Any, path: str, line: int | None) -> list[Pattern]:
    """Cancelling patterns: each may name its ``scope`` and ask to stand ``before`` the match."""
    patterns = compile_patterns(raw, path, line, UNLESS_KEYS)
    for i, pattern in enumerate(patterns):
        where = line_of(raw, i, line) if isinstance(raw, list) else line
        if pattern.extra.get("scope", "sentence") not in SCOPES:
            raise RuleError(f"scope {pattern.extra['scope']!r}: допустимы {', '.join(SCOPES)}", path, where)
        if not isinstance(pattern.extra.get("before", False), bool):
            raise RuleError("'before': true или false", path, where)
    return patterns


def _check_extra(extra: dict, raw: dict, path: str, line: int | None) -> None:
    """A pattern's own severity, message and suggestions, checked when the rule loads."""
    from .rule import SEVERITIES, message_problem

    if "severity" in extra and extra["severity"] not in SEVERITIES:
        raise RuleError(f"severity {extra['severity']!r}: допустимы {', '.join(SEVERITIES)}", path, line_of(raw, "severity", line))
    if "message" in extra:
        message = extra["message"]
        problem = "нужен непустой текст" if not isinstance(message, str) or not message.strip() else message_problem(message)
        if problem:
            raise RuleError(f"message: {problem}", path, line_of(raw, "message", line))
    if "suggest" in extra:
        suggest = extra["suggest"]
        items = [suggest] if isinstance(suggest, str) else suggest
        if not isinstance(items, list) or not all(isinstance(s, (str, int, float)) and not isinstance(s, bool) for s in items):
            raise RuleError("'suggest' — текст или список текстов", path, line_of(raw, "suggest", line))


def compile_patterns(raw: Any, path: str, line: int | None, extra_keys: frozenset[str] = frozenset()) -> list[Pattern]:
    """Compile a list of patterns; an item "@name" brings in the shared word list lists/name.yaml."""
    if isinstance(raw, (str, dict)):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise RuleError("нужен непустой список шаблонов", path, line)
    out: list[Pattern] = []
    for i, item in enumerate(raw):
        where = line_of(raw, i, line)
        if isinstance(item, str) and item.startswith("@"):
            out.extend(_word_list(item[1:].strip(), path, where))
        elif isinstance(item, dict) and isinstance(item.get("phrase"), str) and item["phrase"].startswith("@"):
            out.extend(_word_list_with(item, path, where, extra_keys))
        else:
            out.append(compile_pattern(item, path, where, extra_keys))
    return out


def _word_list_with(item: dict, path: str, line: int | None, extra_keys: frozenset[str]) -> list[Pattern]:
    """``{phrase: "@list", scope: …}``: every pattern of the word list, with the keys of the mapping
    (a scope, ``before``, a severity…) added to each. ``negated`` and ``unless`` belong to the list's
    own patterns, so they cannot be added here."""
    keys = set(item) - {"phrase"}
    unknown = keys - extra_keys
    if unknown:
        allowed = ", ".join(sorted(extra_keys)) or "none"
        raise RuleError(f"список слов {item['phrase']!r} принимает здесь только ключи {allowed} (а не {sorted(unknown)[0]!r})", path, line)
    extra = {k: item[k] for k in keys}
    from dataclasses import replace

    return [replace(p, extra={**p.extra, **extra}) for p in _word_list(item["phrase"][1:].strip(), path, line)]


LISTS_FOLDER = "lists"


def _word_list(name: str, path: str, line: int | None) -> list[Pattern]:
    """A shared list of patterns (say, every way to refuse), kept in a ``lists/`` folder beside the
    rule file or among the built-in rules, so several rules use one vocabulary."""
    from pathlib import Path

    from .loader import builtin_rules_dir

    for folder in (Path(path).parent / LISTS_FOLDER, builtin_rules_dir() / LISTS_FOLDER):
        file = folder / f"{name}.yaml"
        if file.is_file():
            return _load_word_list(str(file))
    raise RuleError(f"нет списка слов {name!r} (искали {LISTS_FOLDER}/{name}.yaml рядом с правилом и среди встроенных)", path, line)


_list_cache: dict[str, list[Pattern]] = {}


def remember_word_lists(lists: dict[str, list[Pattern]]) -> None:
    """Word lists already compiled (loaded with the rules from their cache), by file."""
    for file, patterns in lists.items():
        _list_cache.setdefault(file, patterns)


def _load_word_list(file: str) -> list[Pattern]:
    if file not in _list_cache:
        from pathlib import Path

        from .cache import cached

        _list_cache[file] = cached("list", [Path(file)], lambda: _compile_word_list(file),
                                   lambda v: isinstance(v, list) and all(isinstance(p, Pattern) for p in v))
    return _list_cache[file]


def _compile_word_list(file: str) -> list[Pattern]:
    from .read import read_text
    from .yamlio import load_yaml

    data = load_yaml(read_text(file), file, error=RuleError)
    if not isinstance(data, dict) or set(data) - {"description", "patterns"} or "patterns" not in data:
        raise RuleError("список слов — словарь с 'patterns' (и, если нужно, 'description')", file, 1)
    return compile_patterns(data["patterns"], file, line_of(data, "patterns"))


def _compile_phrase(text: str, path: str, line: int | None) -> Pattern:
    pieces = _SLOT_SPLIT.findall(text.strip())
    if not pieces:
        raise RuleError("пустой шаблон", path, line)
    if len(pieces) > MAX_SLOTS:
        raise RuleError(f"в шаблоне {len(pieces):,} слов: допустимо не больше {MAX_SLOTS} (напишите фразу, "
                        "в которой проблема, а не всё предложение)", path, line)
    slots = tuple(_compile_slot(p, text, path, line) for p in pieces)
    if all(s.is_skip or s.optional or s.anchor for s in slots):
        raise RuleError(f"в шаблоне {text!r} нет обязательного слова: он совпал бы где угодно", path, line)
    required = tuple(
        frozenset().union(*(a.lemmas or {a.form} for a in s.alternatives))
        for s in slots
        if s.alternatives and not s.optional
        and all((a.lemmas is not None or a.form is not None) and a.regex is None for a in s.alternatives)
    )
    combinations = 1
    for s in slots:
        combinations *= s.skip + 1 if s.skip else 2 if s.optional else 1
    return Pattern(source=text, slots=slots, required_words=required, start_keys=_start_keys(slots),
                   branchy=combinations > MEMO_FROM)


def _start_keys(slots: tuple[Slot, ...]) -> tuple[tuple[str, frozenset[str]], ...] | None:
    """The index keys of the words a match can start at: the first slot's, and while slots are
    optional ("вы? сам виноват"), the next one's too. None: any word can start."""
    keys: list[tuple[str, frozenset[str]]] = []
    for slot in slots:
        if slot.anchor:
            continue  # takes no token: the next slot's words start the match
        own = _slot_keys(slot)
        if own is None:
            return None
        keys.extend(own)
        if not slot.optional:
            return tuple(keys)
    return None


def _slot_keys(slot: Slot) -> list[tuple[str, frozenset[str]]] | None:
    if slot.punct is not None:
        return [("any", slot.punct)]
    if not slot.alternatives:
        return None  # a skip
    keys = []
    for a in slot.alternatives:
        if a.regex is not None:
            return None
        if a.lemmas is not None or a.form is not None:
            keys.append(("any", frozenset(a.lemmas or {a.form})))
        elif a.require:
            keys.append(("all", a.require))
        else:
            return None  # "*" or only forbidden grammemes: any word can start
    return keys


# Equal slots are shared: rules repeat the same words ("не", "мочь", "<VERB>") thousands of times,
# and one object per distinct slot makes the compiled-rules cache smaller and quicker to load.
_SHARED_SLOTS: dict[Slot, Slot] = {}


def _compile_slot(piece: str, phrase: str, path: str, line: int | None) -> Slot:
    slot = _compile_new_slot(piece, phrase, path, line)
    return _SHARED_SLOTS.setdefault(slot, slot)


def _compile_new_slot(piece: str, phrase: str, path: str, line: int | None) -> Slot:
    skip = _SKIP.match(piece)
    if skip:
        words = int(skip.group(1) or DEFAULT_SKIP)
        if not 0 < words <= MAX_SKIP:
            raise RuleError(f"{piece!r} в шаблоне {phrase!r}: пропуск — от 1 до {MAX_SKIP} слов", path, line)
        return Slot(skip=words)
    if piece == "^":
        return Slot(anchor=True)
    if _PUNCT_ONLY.match(piece):
        if len(piece) > 1 and piece.endswith("?") and piece.strip("?"):  # ",?": an optional comma
            return Slot(punct=frozenset(piece[:-1].split("|")), optional=True)
        return Slot(punct=frozenset(piece.split("|")))
    optional = piece.endswith("?") and len(piece) > 1 and not piece.startswith("/")
    if optional:
        piece = piece[:-1]
    alternatives = tuple(_compile_alternative(a, phrase, path, line) for a in _split_alternatives(piece))
    return Slot(alternatives=alternatives, optional=optional)


def _split_alternatives(piece: str) -> list[str]:
    """Split "a|b<NOUN>|=c" at the bars that are not inside <...>; a /regex/ stays whole."""
    if len(piece) > 2 and piece.startswith("/") and piece.endswith("/"):
        return [piece]
    return [p for p in re.split(r"\|(?![^<]*>)", piece) if p]


_ALT = lazy_compile(r"^(?P<eq>=)?(?P<word>[^<>]*)(?:<(?P<gram>[^>]*)>)?$")


def _compile_alternative(text: str, phrase: str, path: str, line: int | None) -> Alternative:
    if text == "*":
        return Alternative()
    if len(text) > 2 and text.startswith("/") and text.endswith("/"):
        return Alternative(regex=compile_regex(text[1:-1], re.IGNORECASE, path, line, f"регулярное выражение шаблона {phrase!r}"))
    m = _ALT.match(text)
    if not m:
        raise RuleError(f"не удаётся разобрать {text!r} в шаблоне {phrase!r}", path, line)
    word, exact = m.group("word"), bool(m.group("eq"))
    require, forbid = _grammemes(m.group("gram") or "", phrase, path, line)
    if not word:
        if exact:
            raise RuleError(f"после '=' нужно слово (шаблон {phrase!r})", path, line)
        if not require and not forbid:
            raise RuleError(f"пустые <> в шаблоне {phrase!r}", path, line)
        return Alternative(require=require, forbid=forbid)
    if exact or _NEEDS_EXACT.search(word):
        return Alternative(form=fold(word), require=require, forbid=forbid)
    if not morph.is_known(word):
        raise RuleError(
            f"слова {word!r} (шаблон {phrase!r}) нет в словаре, поэтому ни одна его форма не совпадёт: "
            f"проверьте написание или напишите ={word}, чтобы искать именно эту форму",
            path,
            line,
        )
    lemmas = morph.pattern_lemmas(word)
    if (require or forbid) and not _some_form_has(word, lemmas, require, forbid):
        wanted = " ".join(sorted(require) + [f"-{g}" for g in sorted(forbid)])
        raise RuleError(
            f"ни у одной формы {word!r} нет <{wanted}>, поэтому {text!r} в шаблоне {phrase!r} никогда не совпадёт",
            path,
            line,
        )
    return Alternative(lemmas=lemmas, require=require, forbid=forbid)


def compile_regex(source: str, flags: int, path: str, line: int | None, what: str = "регулярное выражение") -> Any:
    """A rule's regular expression: ``re`` for the built-in rules (written to run in linear time,
    which a test checks), the time-bounded ``regex`` of saferegex.py for a team's."""
    if _is_builtin(path):
        try:
            return re.compile(source, flags)
        except re.error as exc:
            raise RuleError(f"ошибка в регулярном выражении {source!r}: {exc}", path, line) from None
    from .saferegex import team_regex

    return team_regex(source, flags, path, line, what)


def _is_builtin(path: str) -> bool:
    from pathlib import Path

    from .loader import builtin_rules_dir

    folder = Path(path).resolve().parent
    return builtin_rules_dir() in (folder, folder.parent)


def _grammemes(spec: str, phrase: str, path: str, line: int | None) -> tuple[frozenset[str], frozenset[str]]:
    if not spec.strip():
        return frozenset(), frozenset()
    known = morph.known_grammemes() | SHAPE_FLAGS
    require, forbid = set(), set()
    for g in re.split(r"[\s,]+", spec.strip()):
        if not g:
            continue
        target = forbid if g.startswith("-") else require
        name = g.lstrip("-")
        if name not in known:
            close = [k for k in known if k.lower() == name.lower()]
            hint = f" (может быть, {close[0]}?)" if close else ""
            raise RuleError(f"неизвестная граммема {name!r} в шаблоне {phrase!r}{hint}", path, line)
        target.add(name)
    return frozenset(require), frozenset(forbid)


def _some_form_has(word: str, lemmas: frozenset[str], require: frozenset[str], forbid: frozenset[str]) -> bool:
    shape = require & SHAPE_FLAGS
    require = require - SHAPE_FLAGS
    forbid = forbid - SHAPE_FLAGS
    if shape & {"NUMB", "PNCT", "LATN"}:
        return False
    for parse in morph.analyzer().parse(word):
        if fold(parse.normal_form) not in lemmas:
            continue
        for form in parse.lexeme:
            grammemes = set(form.tag.grammemes)
            if require <= grammemes and not (forbid & grammemes):
                return True
    return False
