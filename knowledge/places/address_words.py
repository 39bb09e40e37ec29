"""What the words around a place name say: the street before it ("12 lê lợi"), and
whether the place named is the one before 1 July 2025 ("xã tân phú cũ")."""

from __future__ import annotations

import re

STREET_NUMBER_RE = re.compile(r"(?<![\w/])(?:số\s*|so\s+)?\d+[a-zA-Z]?(?:[/\-.]\d+[a-zA-Z]?)*\s+\w")
_STREET_WORD_RE = re.compile(
    r"(?<!\w)(?:đường|duong|phố|ngõ|ngo|ngách|hẻm|hem|kiệt|thôn|ấp|tổ|khu phố|xóm)\s+\w"
)
_STREET_TRAILING = ("ở", "tại", "thuộc", "tai", "thuoc", "o")

# Words saying the place named is the one before 1 July 2025, as typed ("cũ" needs its
# diacritics: "cu" alone is too common) or folded.
_OLD_WORDS = frozenset({"cũ"})
_OLD_PHRASES = (("truoc", "day"), ("truoc", "sap", "nhap"), ("truoc", "khi", "sap", "nhap"))


def says_old(orig: list[str], toks: list[str]) -> bool:
    """Whether the message says the place is the old one ("xã tân phú cũ")."""
    if any(word in _OLD_WORDS for word in orig):
        return True
    return any(
        tuple(toks[i : i + len(phrase)]) == phrase
        for phrase in _OLD_PHRASES
        for i in range(len(toks) - len(phrase) + 1)
    )


def street_before(prefix: str) -> str | None:
    """The street part of the text before the first unit.

    "đổi địa chỉ 12 lê lợi, " -> "12 lê lợi".
    """
    m = STREET_NUMBER_RE.search(prefix) or _STREET_WORD_RE.search(prefix)
    if m is None:
        return None
    street = prefix[m.start() :].strip(" \t\n,.;:-–")
    words = street.split()
    while words and words[-1] in _STREET_TRAILING:
        words.pop()
    street = " ".join(words).strip(" ,.;:-–")
    return street or None
