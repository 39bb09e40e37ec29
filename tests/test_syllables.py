"""A word without its diacritics is a possible Vietnamese syllable or not
(nlu/syllables.py): retrieval corrects as a typo only a word that is none."""

from __future__ import annotations

import pytest

from nlu.syllables import is_syllable

# (a word typed bare, whether it is a possible syllable)
WORDS = [
    ("nhua", True),  # nhựa
    ("xua", True),  # xưa
    ("khuyen", True),  # khuyến
    ("nghieng", True),
    ("quyen", True),
    ("gi", True),
    ("truong", True),
    ("sihn", False),  # sinh, two letters swapped
    ("bnag", False),
    ("chiue", False),  # chiếu
    ("sinj", False),
    ("trnag", False),
    ("tcvn", False),
    ("km", False),
]


@pytest.mark.parametrize(("word", "syllable"), WORDS)
def test_a_word_is_a_possible_syllable_or_a_slip(word: str, syllable: bool) -> None:
    assert is_syllable(word) is syllable
