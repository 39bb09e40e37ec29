"""The words of flows/case_label_words.yml that decide where a case's label begins,
where a long text is cut and where two labels part (flows/record_text.py,
flows/value_cases.py), and how a label's words are compared."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from knowledge.yaml_data import load_yaml

LABEL_WORDS_FILE = Path(__file__).with_name("case_label_words.yml")
# What ends a word or a text without being said: a cut drops it before its "…"
TRAILING_PUNCTUATION = " .;:,"


def word_key(word: str) -> str:
    """A word compared for a shared beginning: "hoạch," is "hoạch"."""
    return word.rstrip(TRAILING_PUNCTUATION).lower()


def shared_words(lists: Sequence[Sequence[str]]) -> int:
    """How many first words all ``lists`` share, each compared without its case nor a
    final punctuation ("hoạch," is "hoạch")."""
    shortest = min(len(words) for words in lists)
    shared = 0
    while shared < shortest and len({word_key(words[shared]) for words in lists}) == 1:
        shared += 1
    return shared


def label_word(word: str) -> str:
    """A word as the label words are compared: lower case, composed, no punctuation
    (never accent-folded: "từ" is not "tư", nor "để" "đề")."""
    return unicodedata.normalize("NFC", word.rstrip(TRAILING_PUNCTUATION).lower())


@dataclass(frozen=True)
class LabelWords:
    framings: tuple[tuple[str, ...], ...]  # a word each (``label_word``), longest first
    openers: tuple[tuple[str, ...], ...]
    complements: tuple[tuple[str, ...], ...]
    modifiers: tuple[tuple[str, ...], ...]
    prefixes: frozenset[str]
    breaks: tuple[tuple[str, ...], ...]
    negations: frozenset[str]
    goes_on: frozenset[str]  # a word of a complement or a break: a cut never ends on one


@cache
def label_words() -> LabelWords:
    """The word lists of flows/case_label_words.yml, each phrase a tuple of words."""
    data = load_yaml(LABEL_WORDS_FILE)

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        said = (tuple(label_word(w) for w in p.split()) for p in data[key])
        return tuple(sorted(said, key=len, reverse=True))

    openers = phrases("openers")
    complements, breaks = phrases("complements"), (*openers, *phrases("breaks"))
    return LabelWords(
        framings=phrases("framings"),
        openers=openers,
        complements=complements,
        modifiers=phrases("modifiers"),
        prefixes=frozenset(label_word(w) for w in data["prefixes"]),
        breaks=breaks,
        negations=frozenset(label_word(w) for w in data["negations"]),
        goes_on=frozenset(w for phrase in (*complements, *breaks) for w in phrase),
    )


def starts(words: Sequence[str], at: int, phrase: tuple[str, ...]) -> bool:
    """Whether ``phrase`` (of ``label_word`` words) is said from word ``at`` of ``words``."""
    return tuple(label_word(w) for w in words[at : at + len(phrase)]) == phrase


def breaks_at(words: Sequence[str], at: int) -> bool:
    """Whether a phrase of its own begins at word ``at`` (a break word there, not the
    second of one: "với" of "đối với", nor after a negation: "không | thuộc")."""
    breaks = label_words().breaks
    if at > 0 and label_word(words[at - 1]) in label_words().negations:
        return False
    inside = any(starts(words, at - k, b) for b in breaks for k in range(1, len(b)) if at - k >= 0)
    return not inside and any(starts(words, at, b) for b in breaks)
