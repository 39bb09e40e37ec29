"""A relative's death told by "mất" is read as a death, a paper lost as a loss
(nlu/deaths.py): the procedure index reads "bố mẹ đều đã mất" as "qua đời"."""

from __future__ import annotations

import pytest

from nlu.deaths import death_words
from nlu.terms import analyse

READ = [
    # (the citizen says, a death is read)
    ("bố mẹ đều đã mất, sổ đỏ vẫn đứng tên bố", True),
    ("ông tôi mất năm ngoái, để lại mảnh đất", True),
    ("mẹ mất không để lại di chúc", True),
    ("bo toi mat nam 2020", True),  # typed without diacritics
    ("bố tôi mất giấy khai sinh", False),  # a paper the father lost
    ("sổ đỏ của bố mất rồi", False),  # the father's paper lost
    ("Bà mất sổ đỏ rồi", False),  # "Bà" asks about her own paper
    ("làm giấy tờ mất bao lâu", False),
    ("", False),
    # bad input reads as nothing at all, never raises
    ("<b>bố mất</b>", False),  # the tag's letters are words: no clause ends there
    ("😭😭 mất", False),
    ("bố mất " * 2000, False),  # read to MAX_CHARS: each "mất" before another "bố"
    ("'; DROP TABLE x; -- mẹ đã mất", True),
]


@pytest.mark.parametrize(("says", "death"), READ)
def test_a_death_is_told_from_a_loss(says: str, death: bool) -> None:
    words = death_words()
    tokens, stops = analyse(says)
    read, _ = words.read(tokens, stops, says)
    assert ("qua" in read and "doi" in read) == death
    assert ("mat" in read) == (not death and "mat" in tokens)
