"""A word the index does not know read as the indexed word it is a slip of
(nlu/typos.py): two letters swapped, the closest word, one letter wrong; never a
syllable the index has not met, nor an abbreviation."""

from __future__ import annotations

import pickle

import pytest

from nlu.typos import ONE_EDIT_SIMILARITY, SWAPPED_SIMILARITY, Typos

WORDS = ["sinh", "bang", "chieu", "chiu", "xau", "khai", "trang", "tcvn"]

# (a word typed, what it is read as; None: left as it is)
SLIPS = [
    ("sihn", ("sinh", SWAPPED_SIMILARITY)),
    ("bnag", ("bang", SWAPPED_SIMILARITY)),
    ("chiue", ("chieu", SWAPPED_SIMILARITY)),  # not "chiu", a letter short
    ("sinj", ("sinh", ONE_EDIT_SIMILARITY)),
    ("trnag", ("trang", SWAPPED_SIMILARITY)),
    ("xua", None),  # "xưa", a word, no slip of "xấu"
    ("tcnv", None),  # no vowel: an abbreviation
    ("2km", None),
]


@pytest.mark.parametrize(("typed", "read"), SLIPS)
def test_a_slip_is_read_as_the_word_meant(typed: str, read) -> None:
    assert Typos(WORDS).correct(typed) == read


def test_the_reader_travels_without_what_it_remembered() -> None:
    typos = Typos(WORDS)
    typos.correct("sihn")
    copy = pickle.loads(pickle.dumps(typos))
    assert copy.vocabulary == typos.vocabulary
    assert len(copy._cache) == 0
    assert copy.correct("bnag") == ("bang", SWAPPED_SIMILARITY)
