"""A word written with its diacritics says which word it is: a procedure name's word of
the same folding but other diacritics is not the word the citizen wrote (nlu/accents.py)."""

from __future__ import annotations

import numpy as np
import pytest

from nlu.accents import (
    accent_key,
    name_accents,
    spelling_keys,
    spellings,
    typed_bare,
    written_otherwise,
)
from nlu.terms import fold_tokens


@pytest.mark.parametrize(
    ("one", "other"),
    [("hoá", "hóa"), ("uỷ", "ủy"), ("sỹ", "sĩ"), ("kỹ", "kĩ"), ("Đăng", "Đăng")],
)
def test_one_word_written_two_ways_is_one_spelling(one: str, other: str) -> None:
    assert accent_key(one.lower()) == accent_key(other.lower())


@pytest.mark.parametrize(
    ("one", "other"),
    [("chim", "chìm"), ("đang", "đăng"), ("tự", "tử"), ("lương", "lượng"), ("cắp", "cấp")],
)
def test_words_that_fold_alike_are_told_apart(one: str, other: str) -> None:
    assert accent_key(one) != accent_key(other)


# name 0 "nhận chìm", name 1 "nuôi chim", name 2 "đăng ký"
NAMES = [
    (0, ("nhan", "chim"), spellings(("nhan", "chim"), spelling_keys(("nhận", "chìm")))),
    (1, ("nuoi", "chim"), spellings(("nuoi", "chim"), spelling_keys(("nuôi", "chim")))),
    (2, ("dang", "ky"), spellings(("dang", "ky"), spelling_keys(("đăng", "ký")))),
]


def _otherwise(said: tuple[str, ...]) -> dict[str, list[int] | str]:
    text = " ".join(said)
    tokens = tuple(fold_tokens(text))
    found = written_otherwise(tokens, said, frozenset(), name_accents(NAMES), typed_bare(text), 3)
    return {
        token: "every" if mask is None else np.flatnonzero(mask).tolist()
        for token, mask in found.items()
    }


def test_the_names_writing_a_word_otherwise_are_found() -> None:
    # "chim" written so: "nhận chìm" writes it otherwise; "đang" is never "đăng"
    assert _otherwise(("nuôi", "chim", "đang")) == {"chim": [0], "dang": "every"}
    assert _otherwise(("chìm", "đăng")) == {"chim": [1]}


def test_a_message_typed_bare_says_nothing_of_its_words() -> None:
    assert _otherwise(("nuoi", "chim", "dang")) == {}
    # an abbreviation's expansion is written with diacritics whatever the citizen typed
    assert typed_bare("dk ket hon can giay to j") and not typed_bare("đăng ký kết hôn")


def test_a_word_written_both_ways_leaves_every_name_its_own() -> None:
    tokens = ("chim", "chim")
    found = written_otherwise(tokens, ("chim", "chìm"), frozenset(), name_accents(NAMES), False, 3)
    assert found == {}


def test_a_particle_or_a_corrected_word_is_no_spelling() -> None:
    accents = name_accents(NAMES)
    assert written_otherwise(("dang",), ("đang",), frozenset({0}), accents, False, 3) == {}
    assert written_otherwise(("chim", "yen"), ("", "yến"), frozenset(), accents, False, 3) == {}
    assert accents["dang"] == {accent_key("đăng"): None}  # one way for every name
    assert accents["chim"][accent_key("chìm")].tolist() == [1]  # the names writing it otherwise


STORIES = [
    # "chim yến" (swiftlets) is not "nhận chìm ở biển" (dumping at sea)
    ("nuôi chim yến trong nhà cần giấy phép gì", "nhận chìm"),
]


@pytest.mark.parametrize(("says", "not_offered"), STORIES)
async def test_a_word_of_another_spelling_finds_no_procedure(conversation, says, not_offered):
    await conversation.say(says)
    offered = " ".join(b.label for r in conversation.last for b in r.buttons).lower()
    assert not_offered not in conversation.text.lower() and not_offered not in offered
