"""What a person typed, made fit to read: the cleaning every turn's text gets before
anything reads or stores it, and the reading of a typed answer to "delete everything?".
"""

from __future__ import annotations

import re
import unicodedata

from nlu.normalize import fold, normalize

# Dropped from a message: control characters (but tab and line breaks), zero-width and
# bidi marks, the BOM, and lone UTF-16 surrogates (a Telegram update or a terminal line
# of stray bytes can carry them; they cannot be encoded, so nothing could store them).
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200b-\u200f\u202a-\u202e\ufeff\ud800-\udfff]"
)
# Line and field separators other than tab and newline: a space, so words stay apart.
_SEPARATOR = re.compile(r"[\x0b\x0c\r\x1c-\x1f\x85\u2028\u2029]")

_WORD = re.compile(r"\w+")


def clean_text(text: str) -> str:
    """The text a turn carries, made safe to read and store: control and zero-width
    characters and lone surrogates removed, other separators made spaces (tabs and
    newlines kept), NFC, surrounding space stripped."""
    kept = _SEPARATOR.sub(" ", _INVISIBLE.sub("", text))
    return unicodedata.normalize("NFC", kept).strip()


def has_words(text: str) -> bool:
    """Whether ``text`` has a letter or a digit (else there is nothing to read)."""
    return any(ch.isalnum() for ch in text)


def read_delete_answer(text: str, words: dict[str, str]) -> bool | None:
    """A typed answer to "delete everything?": True (delete), False (keep) or None
    (unclear: ask again). ``words`` is the ``delete_answers`` section of the templates,
    whose comment gives the rule; a message without diacritics is compared folded."""
    folded = not any(ch.isalpha() and not ch.isascii() for ch in text)
    read = fold if folded else normalize

    def phrases(key: str) -> list[str]:
        found = (" ".join(_WORD.findall(read(p))) for p in words[key].split("|"))
        return sorted({f" {p} " for p in found if p}, key=len, reverse=True)

    said = f" {' '.join(_WORD.findall(read(text)))} "
    confirm, cancel = phrases("confirm"), phrases("cancel")
    yes = any(p in said for p in confirm)
    no = any(p in said for p in cancel)
    if no and (not yes or any(said.startswith(p) for p in cancel)):
        return False
    if not yes or no:
        return None
    rest = said
    for phrase in sorted(confirm + phrases("filler"), key=len, reverse=True):
        while phrase in rest:
            rest = rest.replace(phrase, " ")
    return True if not rest.strip() else None
