"""What a follow-up asks about the dossier just looked up: its missing papers, when it
is due, where to ask, or how it stands. The phrases are data (dossier_questions.yml),
matched as the NLU's cue phrases are (nlu.cues.PhraseList)."""

from __future__ import annotations

from enum import Enum
from functools import cache
from pathlib import Path

from knowledge.yaml_data import load_yaml
from nlu.cues import PhraseList

QUESTIONS_FILE = Path(__file__).with_name("dossier_questions.yml")


class DossierQuestion(Enum):
    MISSING = "missing"
    WHEN = "when"
    WHERE = "where"
    STATUS = "status"


class DossierQuestions:
    """Reads which of the :class:`DossierQuestion` a message asks, in the file's order."""

    def __init__(self, phrases: dict[str, list[str]]) -> None:
        self._phrases = {DossierQuestion(key): PhraseList.of(said) for key, said in phrases.items()}

    def read(self, text: str) -> tuple[DossierQuestion, ...]:
        return tuple(q for q, said in self._phrases.items() if said.found_in(text))


@cache
def default_dossier_questions() -> DossierQuestions:
    return DossierQuestions(load_yaml(QUESTIONS_FILE))
