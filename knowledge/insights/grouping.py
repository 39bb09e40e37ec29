"""Grouping inbox questions that ask the same thing, so staff answer each once.

Texts are compared folded (lower case, no diacritics), without placeholders such as
``[tên]`` and without the words that only ask ("thủ tục", "cần gì", "ở đâu": see
question_words.yml), with rapidfuzz's ``token_set_ratio``: word order does not matter,
and a question that repeats another with a few more words scores high. Two texts of
fewer than ``SHORT_WORDS`` words are compared whole instead (``token_sort_ratio``): with
``token_set_ratio`` "làm" would match every question containing "làm".

Clustering is greedy, in the order given (newest first): an item joins the group whose
founding text it is most like, if that reaches ``threshold``, else founds a group.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from knowledge.text import fold
from knowledge.yaml_data import load_yaml

SIMILARITY = 80  # 0..100
QUESTION_WORDS = Path(__file__).with_name("question_words.yml")
SHORT_WORDS = 3
_PLACEHOLDER = re.compile(r"\[(?:số|email|tên)\]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@cache
def _question_words() -> re.Pattern[str]:
    phrases = load_yaml(QUESTION_WORDS)
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def comparable(text: str) -> str:
    """``text`` as it is compared: folded words, without placeholders and the words
    that only ask (question_words.yml), unless nothing else is left."""
    words = _NON_WORD.sub(" ", fold(_PLACEHOLDER.sub(" ", text))).strip()
    content = " ".join(_question_words().sub(" ", words).split())
    return content or words


def similarity(a: str, b: str) -> float:
    """How alike two ``comparable`` texts are, 0..100."""
    if not a or not b:
        return 100.0 if a == b else 0.0
    if min(a.count(" "), b.count(" ")) + 1 < SHORT_WORDS:
        return fuzz.token_sort_ratio(a, b)
    return fuzz.token_set_ratio(a, b)


def _short(key: str) -> bool:
    return key.count(" ") + 1 < SHORT_WORDS


def group_texts(texts: Sequence[str], threshold: float = SIMILARITY) -> list[list[int]]:
    """Indices of ``texts`` in groups of similar ones, each group in the given order,
    groups in the order of their first member. An item joins the group whose founder
    it is most like (``similarity``), if that reaches ``threshold``."""
    groups: list[list[int]] = []
    founders: list[str] = []  # the founding text of each group
    long_founders: dict[int, str] = {}  # the founders of SHORT_WORDS words or more
    for index, text in enumerate(texts):
        key = comparable(text)
        best = process.extractOne(
            key, founders, scorer=fuzz.token_sort_ratio, score_cutoff=threshold
        )
        if key and not _short(key):
            found = process.extractOne(
                key, long_founders, scorer=fuzz.token_set_ratio, score_cutoff=threshold
            )
            if found is not None and (best is None or found[1] > best[1]):
                best = found
        if best is not None:
            groups[best[2]].append(index)
            continue
        groups.append([index])
        founders.append(key)
        if key and not _short(key):
            long_founders[len(founders) - 1] = key
    return groups
