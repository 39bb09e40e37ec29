"""A word the procedure index does not know, read as the indexed word it is a slip of
(used by nlu/retrieval.py on every message's unknown words):

- two letters typed the wrong way round ("bnag", "sihn", "chiuế"): one slip, however
  short the word, and all its letters kept;
- the closest indexed word by letters, for a word of four letters or more (it reaches
  only words of seven letters or more with one letter wrong);
- one letter wrong, missing or extra in a shorter word ("sinj", "trnag").

The first and last only in a word that is no Vietnamese syllable ("xua" is "xưa", no
slip of "xấu": nlu/syllables.py) and has a vowel (no abbreviation, "tcvn"), and only
when one indexed word is meant.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from nlu.kept import Kept
from nlu.syllables import is_syllable

FUZZY_CUTOFF = 84.0
SWAPPED_SIMILARITY = 0.84  # a word read from two letters swapped counts as a close typo
ONE_EDIT_SIMILARITY = 0.8  # ... and from one letter wrong, missing or extra
CACHE_SIZE = 50_000  # words remembered, then forgotten all at once
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_VOWELS = frozenset("aeiouy")


def _swapped(word: str) -> set[str]:
    """The words ``word`` makes with two neighbouring letters swapped."""
    return {
        word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for i in range(len(word) - 1)
        if word[i] != word[i + 1]
    }


def _one_edit_away(word: str) -> set[str]:
    """The words one letter away from ``word``: one replaced, left out or added."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {
        *(a + b[1:] for a, b in splits if b),
        *(a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0]),
        *(a + c + b for a, b in splits for c in _LETTERS),
    }


class Typos:
    """Reads unknown folded words against the index's words (``vocabulary``)."""

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self.vocabulary = tuple(vocabulary)
        self._words = frozenset(self.vocabulary)
        self._cache: Kept[str, tuple[str, float] | None] = Kept(CACHE_SIZE)

    def __getstate__(self) -> dict:
        return {"vocabulary": self.vocabulary}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["vocabulary"])

    def correct(self, token: str) -> tuple[str, float] | None:
        """The indexed word ``token`` is a slip of, with its similarity in [0, 1]."""
        if token in self._cache:
            return self._cache[token]
        found = None
        slip = token.isalpha() and not is_syllable(token) and bool(_VOWELS & set(token))
        if len(token) >= 3 and slip:
            # read before the closest word, which takes "chiue" for "chiu"
            swapped = _swapped(token) & self._words
            if len(swapped) == 1:
                found = (swapped.pop(), SWAPPED_SIMILARITY)
        if found is None and len(token) >= 4 and self.vocabulary:
            best = process.extractOne(
                token, self.vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            if best is not None and abs(len(best[0]) - len(token)) <= 1:
                found = (best[0], best[1] / 100.0)
        if found is None and len(token) >= 4 and slip:
            near = _one_edit_away(token) & self._words
            if len(near) == 1:
                found = (near.pop(), ONE_EDIT_SIMILARITY)
        return self._cache.keep(token, found)
