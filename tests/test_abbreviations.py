"""Words people type short are read in full (nlu/abbreviations.yml): "cty mình tạm ngừng
kd" is "công ty mình tạm ngừng kinh doanh"."""

from __future__ import annotations

import pytest

from nlu.normalize import normalize

TYPED = [
    # (the citizen types, read as)
    ("cty mình tạm ngừng kd", "công ty mình tạm ngừng kinh doanh"),
    ("nghỉ việc ở cty", "nghỉ việc ở công ty"),
    ("đăng ký hkd ko", "đăng ký hộ kinh doanh không"),
    # a word that only holds the letters is kept ("ctyx" is no company)
    ("ctyx", "ctyx"),
]


@pytest.mark.parametrize(("typed", "read"), TYPED)
def test_short_words_are_read_in_full(typed: str, read: str) -> None:
    assert normalize(typed) == read
