"""tokens.tokenize gives razdel's tokens, to the character, on real text and on text built to hit
razdel's joining rules at the edges of chunks (dashes, points between digits, fractions, marks)."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from razdel import tokenize as razdel_tokenize

from replylint.tokens import tokenize

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def razdel_tokens(text: str) -> list[tuple[str, int, int]]:
    return [(t.text, t.start, t.stop) for t in razdel_tokenize(text)]


def texts_of(folder: Path, pattern: str) -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob(pattern))] if folder.is_dir() else []


def test_real_text_and_every_corpus_tokenize_as_razdel_does():
    texts = texts_of(REPO / "tests" / "corpus", "*.yaml") + texts_of(REPO / "tests" / "heldout", "*.yaml")
    texts += texts_of(SHARED / "eval", "*.yaml") + texts_of(SHARED / "seeds", "*") + texts_of(SHARED / "real", "**/*.*")
    assert len(texts) >= 8
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    for line in lines:
        assert tokenize(line) == razdel_tokens(line), line


PIECES = ["что", "то", "Wi", "Fi", "5", "12", "3", "yahoo", "Yahoo", "ё", "а", "т", "е", "x", "%", "№", ":)", ";-)",
          "-", "–", "—", "_", ".", ",", "/", "\\", "!", "?", "…", "«", "»", "\"", "(", ")", "*", "**", "--", "😊", "Δ"]


@pytest.mark.parametrize("seed", range(4))
def test_chunks_built_to_meet_the_joining_rules_tokenize_as_razdel_does(seed):
    rng = random.Random(seed)
    for _ in range(1500):
        text = "".join(rng.choice(PIECES) + (rng.choice([" ", "", "", "  ", "\n", "\xa0"])) for _ in range(rng.randint(1, 12)))
        assert tokenize(text) == razdel_tokens(text), repr(text)


def test_a_slice_is_tokenized_with_offsets_into_the_whole_text():
    text = "Итак: оплата 1,5 тыс. — что-то около -5 %. Вот."
    start = text.index("оплата")
    assert tokenize(text, start, len(text)) == [(t, s + start, e + start) for t, s, e in razdel_tokens(text[start:])]
