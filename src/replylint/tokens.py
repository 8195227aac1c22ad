"""razdel's tokens, worked out once per distinct piece of text between spaces.

razdel's ``tokenize`` cuts a text into atoms (a run of Cyrillic letters, of Latin letters or of
digits, or one other character) and then joins two neighbouring atoms into one token only where no
space stands between them and one of its rules says so. So no token crosses a space, and a piece
of text between spaces (a chunk: "слово,", "что-то", "18:30") comes out the same wherever it
stands, except where a rule looks past the chunk's edge: its rules see two atoms to each side, and
only those for a dash, '_', '/' and '\\' (join unless the far atom is a mark) and for '.' and ','
between digits (3.5, 1,5) do. A chunk that begins or ends with one of those marks (a digit next to
the '.' or ',') is therefore tokenized together with its neighbours; any other chunk's tokens are
worked out once and remembered.

A draft's analysis used to spend most of its time in razdel's rule objects, once per token; now a
chunk costs a dictionary look-up, and razdel sees only chunks not seen before. The tokens are
razdel's own, to the character (tests/test_tokens.py compares them on every corpus).
"""
from __future__ import annotations

import re

# The marks a razdel rule joins over while looking at the atom beyond the next one (DashRule,
# UnderscoreRule, FractionRule; '.' and ',' only between digits: FloatRule). DASHES is razdel's.
_DASHES = "‑–—−-"
_EDGE = frozenset(_DASHES + "_/\\")
_POINT = frozenset(".,")
# One atom, or a word and one mark no rule joins to a word: razdel's result without razdel.
# (Classes and flags as razdel's ATOM; "yahoo!" is razdel's one exception.)
_SIMPLE = re.compile(r"(?P<word>[а-яё]+|[a-z]+|\d+)(?P<mark>[,.!?:;…)»”\"])?", re.I)
_CHUNK = re.compile(r"\S+")
_LONGEST_REMEMBERED = 64  # characters: longer chunks are rare, and are not kept


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """The tokens of ``text[start:end]`` as razdel's ``tokenize`` gives them: (text, start, stop),
    offsets into ``text``."""
    chunks = [m.span() for m in _CHUNK.finditer(text, start, len(text) if end is None else end)]
    out: list[tuple[str, int, int]] = []
    append = out.append
    known = _KNOWN
    for i, (a, b) in enumerate(chunks):
        chunk = text[a:b]
        tokens = known.get(chunk, _UNKNOWN)
        if tokens is _UNKNOWN:
            tokens = _learn(chunk)
        if tokens is None:  # razdel looks past this chunk's edge: tokenize it with its neighbours
            lo = chunks[i - 1][0] if i else a
            hi = chunks[i + 1][1] if i + 1 < len(chunks) else b
            out.extend((t, lo + s, lo + e) for t, s, e in _razdel(text[lo:hi]) if lo + s >= a and lo + e <= b)
        elif len(tokens) == 1:
            append((chunk, a, b))
        else:
            for t, s, e in tokens:
                append((t, a + s, a + e))
    return out


# chunk -> its tokens (offsets into the chunk), or None where they depend on its neighbours.
# Bounded like the per-word caches: emptied when full.
_KNOWN: dict[str, tuple[tuple[str, int, int], ...] | None] = {}
_UNKNOWN = object()
_REMEMBERED = 40_000


def _learn(chunk: str) -> tuple[tuple[str, int, int], ...] | None:
    tokens = None if _depends_on_neighbours(chunk) else _chunk_tokens(chunk)
    if len(chunk) <= _LONGEST_REMEMBERED:
        if len(_KNOWN) >= _REMEMBERED:
            _KNOWN.clear()
        _KNOWN[chunk] = tokens
    return tokens


def _depends_on_neighbours(chunk: str) -> bool:
    if len(chunk) == 1:  # one character is one atom: nothing to join
        return False
    first, last = chunk[0], chunk[-1]
    return (
        first in _EDGE or last in _EDGE
        or (first in _POINT and chunk[1].isnumeric())
        or (last in _POINT and chunk[-2].isnumeric())
    )


def _chunk_tokens(chunk: str) -> tuple[tuple[str, int, int], ...]:
    m = _SIMPLE.fullmatch(chunk)
    if m is not None and not (m["mark"] == "!" and m["word"].lower() == "yahoo"):
        if m["mark"] is None:
            return ((chunk, 0, len(chunk)),)
        return ((m["word"], 0, m.end("word")), (m["mark"], m.end("word"), len(chunk)))
    return tuple(_razdel(chunk))


def _razdel(text: str) -> list[tuple[str, int, int]]:
    from razdel import tokenize as razdel_tokenize

    return [(t.text, t.start, t.stop) for t in razdel_tokenize(text)]
