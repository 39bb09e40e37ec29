"""What a follow-up asks about the dossier just looked up: its missing papers, when it
is due, where to ask, or how it stands. The phrases are data (dossier_questions.yml)."""

from __future__ import annotations

import re
from enum import Enum
from functools import cache
from pathlib import Path

import yaml

from nlu.normalize import fold

QUESTIONS_FILE = Path(__file__).with_name("dossier_questions.yml")


class DossierQuestion(Enum):
    MISSING = "missing"
    WHEN = "when"
    WHERE = "where"
    STATUS = "status"


class DossierQuestions:
    """Reads which of the :class:`DossierQuestion` a message asks, in the file's order."""

    def __init__(self, phrases: dict[str, list[str]]) -> None:
        self._patterns = {DossierQuestion(key): _any_of(words) for key, words in phrases.items()}

    def read(self, text: str) -> tuple[DossierQuestion, ...]:
        folded = fold(text)
        return tuple(q for q, pattern in self._patterns.items() if pattern.search(folded))


def _any_of(phrases: list[str]) -> re.Pattern[str]:
    """One pattern for whole-word occurrences of any phrase, folded, longest first."""
    folded = sorted({re.escape(fold(p)) for p in phrases}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(folded) + r")\b")


@cache
def default_dossier_questions() -> DossierQuestions:
    return DossierQuestions(yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8")))
