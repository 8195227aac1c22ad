"""Morphology: one shared pymorphy3 analyser and cached word look-ups.

A word's analysis is the set of its likely parses (lemma + grammemes). Parses far less likely than
the best one are dropped, so "стали" is the verb "стать" and not the noun "сталь", but "заняты"
keeps both its readings. Lemmas and forms are compared with ё folded to е.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Callable, TypeVar

T = TypeVar("T")

# Parses whose score is below this share of the best parse's score are dropped.
_MIN_RELATIVE_SCORE = 0.1
_PARTICIPLES = frozenset({"PRTF", "PRTS", "GRND"})


@dataclass(frozen=True, slots=True)
class Parse:
    """One likely reading of a word: its lemma and grammemes."""

    lemma: str  # normal form, lower case, ё→е
    grammemes: frozenset[str]


# Per-word caches keep no word longer than this: a real word is far shorter, and a long-running
# service must not keep every 80 KB "word" a request sent (each is copied into the parses kept for
# it). A cache's memory is then bounded by its size in entries times this length.
LONGEST_CACHED_WORD = 64


def word_cache(maxsize: int, longest: int = LONGEST_CACHED_WORD) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """``lru_cache(maxsize)`` for a function of one text that leaves texts over ``longest``
    characters out of the cache (they are worked out each time)."""

    def wrap(function: Callable[[str], T]) -> Callable[[str], T]:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def lookup(text: str) -> T:
            return cached(text) if len(text) <= longest else function(text)

        lookup.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        lookup.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return lookup

    return wrap


@lru_cache(maxsize=1)
def analyzer():
    import pymorphy3  # imported on first use: `replylint --help` should not pay for the dictionary

    try:
        import pymorphy3_dicts_ru
    except ImportError:  # another dictionary package: let pymorphy3 find it
        return pymorphy3.MorphAnalyzer()
    # Naming the dictionary's folder skips pymorphy3's search of the installed packages' entry
    # points (importlib.metadata and its email parser): about a fifth of the start-up.
    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path())


def fold(text: str) -> str:
    """Lower case with ё folded to е: the form in which words and lemmas are compared."""
    return text.lower().replace("ё", "е")


@word_cache(maxsize=20_000)
def raw_parses(word: str) -> tuple:
    """pymorphy3's own parses of a word, cached: the analysis and every check that needs a
    grammeme or a score share one dictionary look-up per distinct word. pymorphy3's objects are
    the heaviest thing kept per word, so fewer of them are kept than of the words' analyses.

    A word pymorphy3 cannot read has no parses: letters with no Unicode name (Tangut, which its
    shape test looks up by name) and lone surrogates (which its dictionary cannot encode)."""
    try:
        return tuple(analyzer().parse(word))
    except (ValueError, UnicodeError):
        return ()


@word_cache(maxsize=40_000)
def parses(word: str) -> tuple[Parse, ...]:
    """The likely parses of a word (any case); cached, since drafts repeat their words."""
    found = raw_parses(word)
    if not found:
        return ()
    best = max(p.score for p in found) or 1.0
    result: list[Parse] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    for p in found:
        if p.score < best * _MIN_RELATIVE_SCORE:
            continue
        key = (fold(p.normal_form), frozenset(p.tag.grammemes))
        if key not in seen:
            seen.add(key)
            result.append(Parse(*key))
    return tuple(result)


@word_cache(maxsize=40_000)
def lemmas(word: str) -> frozenset[str]:
    return frozenset(p.lemma for p in parses(word))


@word_cache(maxsize=40_000)
def is_known(word: str) -> bool:
    """Whether the dictionary knows the word (a guessed parse is not knowledge)."""
    try:
        return analyzer().word_is_known(word.lower())
    except (ValueError, UnicodeError):  # see raw_parses
        return False


@word_cache(maxsize=50_000)
def pattern_lemmas(word: str) -> frozenset[str]:
    """The lemmas a rule word stands for.

    A rule author usually writes the dictionary form ("вина", "получиться"): if the word is the
    normal form of one of its parses, only those parses count, so "вина" does not also mean "вино".
    Otherwise ("можем", "получится") every likely parse's lemma counts.
    """
    w = fold(word)
    likely = parses(word)
    own = {p.lemma for p in likely if p.lemma == w}
    if own:
        # "вынужденный" is also the participle of "вынудить", which is how pymorphy3 lemmatises
        # "вынуждены": keep the verb too.
        own |= {p.lemma for p in likely if p.grammemes & _PARTICIPLES}
        return frozenset(own)
    return lemmas(word) or frozenset({w})


def known_grammemes() -> frozenset[str]:
    return frozenset(analyzer().TagClass.KNOWN_GRAMMEMES)
