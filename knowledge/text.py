"""The one accent-folding function of citizenbot.

Vietnamese is often typed without diacritics, so names, messages and keys are compared
folded: ``strip_diacritics("Đăng ký")`` is ``"dang ky"`` (``đ``/``Đ`` become ``d``, every
combining mark is dropped). ``fold`` also lower-cases. Words and names recur, so short
strings are folded once and remembered.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_EXTRA_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
_SHORT = 64  # up to this length a string is remembered (words, unit and procedure names)
_MESSAGE = 4000  # the last few messages up to this length are remembered too


class _MarkTable(dict):
    """``str.translate`` table that drops combining marks (filled on first sight)."""

    def __missing__(self, code: int) -> str | None:
        value = None if unicodedata.combining(chr(code)) else chr(code)
        if len(self) < 100_000:
            self[code] = value
        return value


_MARK_TABLE = _MarkTable()


def _strip(text: str) -> str:
    return unicodedata.normalize("NFD", text.translate(_EXTRA_FOLD)).translate(_MARK_TABLE)


@lru_cache(maxsize=131072)
def _strip_short(text: str) -> str:
    return _strip(text)


@lru_cache(maxsize=16)  # one message is folded by several readers in one parse
def _strip_message(text: str) -> str:
    return _strip(text)


def strip_diacritics(text: str) -> str:
    """``text`` without diacritics; ``đ``/``Đ`` become ``d``; case otherwise kept."""
    if len(text) <= _SHORT:
        return _strip_short(text)
    return _strip_message(text) if len(text) <= _MESSAGE else _strip(text)


def fold(text: str) -> str:
    """Lower case without diacritics: ``"Phường Bến Nghé"`` -> ``"phuong ben nghe"``."""
    return strip_diacritics(unicodedata.normalize("NFC", text).lower())
