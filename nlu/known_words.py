"""Vietnamese words that are never typos of a procedure word.

The retrieval corrects a word it does not know to the procedure word it is closest to
("kahisinh" → "khai sinh"). A real word that no procedure name happens to use ("khớp",
"soạn") must not be corrected ("khop" is not "hop", "soan" is not "san"). These words
come from the procedure records' own texts (documents, steps, conditions, results):
accent-folded, syllable-sized (at most seven letters, the longest Vietnamese syllable,
so the crawl's run-together cells are left out), each used by at least two records.

``nlu/known_words.txt`` keeps them, one a line; ``citizenbot nlu words`` writes it again
from the catalogue (a test checks it matches the shipped one).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from knowledge.text import fold

KNOWN_WORDS_FILE = Path(__file__).with_name("known_words.txt")
LONGEST_SYLLABLE = 7
MIN_RECORDS = 2

_WORD_RE = re.compile(r"[a-z]+")


def words_of(records_texts: Iterable[Iterable[str]]) -> list[str]:
    """The words used by at least ``MIN_RECORDS`` records, each given as its texts."""
    used_by: Counter[str] = Counter()
    for texts in records_texts:
        words: set[str] = set()
        for text in texts:
            words.update(_WORD_RE.findall(fold(text)))
        used_by.update(w for w in words if len(w) <= LONGEST_SYLLABLE)
    return sorted(w for w, n in used_by.items() if n >= MIN_RECORDS)


def shipped_words() -> list[str]:
    """The words of the records shipped in ``knowledge/data`` (curated and national)."""
    from knowledge.catalogue import SEED_NATIONAL, SEED_PROCEDURES, read_procedures

    records = [*read_procedures(SEED_PROCEDURES), *read_procedures(SEED_NATIONAL)]
    return words_of(record.prose() for record in records)


def render(words: Iterable[str]) -> str:
    head = "# " + __doc__.strip().splitlines()[0] + " Written by `citizenbot nlu words`.\n"
    return head + "".join(f"{w}\n" for w in words)


@cache
def known_words() -> frozenset[str]:
    """The shipped word list (empty when the file is missing)."""
    try:
        lines = KNOWN_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return frozenset()
    return frozenset(line for line in lines if line and not line.startswith("#"))
