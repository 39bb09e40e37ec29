"""What the reading steps keep of the words and messages they met (nlu/kept.py): each
value is made once while it is kept, a full memo forgets everything at once, and a memo
never travels in the build cache."""

from __future__ import annotations

import pickle

import pytest

from nlu.kept import Kept


def test_a_value_kept_is_given_back_until_the_memo_is_full() -> None:
    kept: Kept[str, int] = Kept(2)
    assert kept.get("khai sinh") is None and "khai sinh" not in kept
    assert kept.keep("khai sinh", 1) == 1
    assert kept.keep("kết hôn", 2) == 2
    assert kept["khai sinh"] == 1 and kept.get("kết hôn") == 2 and len(kept) == 2
    # keeping a key again replaces its value and forgets nothing else
    kept.keep("kết hôn", 3)
    assert sorted(kept) == ["khai sinh", "kết hôn"] and kept["kết hôn"] == 3


def test_a_full_memo_forgets_everything_in_one_step() -> None:
    kept: Kept[str, int] = Kept(2)
    kept.keep("khai sinh", 1)
    kept.keep("kết hôn", 2)
    kept.keep("khai tử", 3)
    assert list(kept) == ["khai tử"] and kept.get("khai sinh") is None


def test_a_value_of_none_is_kept_too() -> None:
    kept: Kept[str, tuple[str, float] | None] = Kept(4)
    kept.keep("xyzw", None)  # (a word with no correction is remembered as such)
    assert "xyzw" in kept and kept["xyzw"] is None


def test_a_memo_travels_empty() -> None:
    kept: Kept[str, int] = Kept(3)
    kept.keep("khai sinh", 1)
    copy = pickle.loads(pickle.dumps(kept))
    assert len(copy) == 0 and copy.size == 3
    assert copy.keep("kết hôn", 2) == 2 and list(copy) == ["kết hôn"]


def test_a_memo_holds_at_least_one_value() -> None:
    with pytest.raises(ValueError):
        Kept(0)
