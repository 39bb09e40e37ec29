"""Labelled evaluation sets: Rasa NLU YAML (intents only) or question lists with
procedure codes (``questions:`` files such as ``nlu/eval/real_questions.yml``).

A question list row: ``text``, ``intent``, ``procedures`` (the national codes that
answer it; empty when no procedure of the catalogue does), ``in_catalogue``,
``aspects`` and ``source_url``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from knowledge.yaml_data import load_yaml
from nlu.training_data import TrainingDataError, load_examples


@dataclass(frozen=True)
class LabelledQuestion:
    text: str
    intent: str
    # None: the set says nothing about procedures; () : no catalogue procedure answers it
    procedures: tuple[str, ...] | None = None
    aspects: tuple[str, ...] = ()


def _rows(data) -> list | None:
    """The rows of a question list: ``questions`` (held-out sets) or ``queries`` (the
    development set of procedure look-ups, labelled with ``codes`` only)."""
    if not isinstance(data, dict):
        return None
    for key in ("questions", "queries"):
        if isinstance(data.get(key), list):
            return data[key]
    return None


def is_question_list(path: Path) -> bool:
    if path.is_dir() or path.suffix.lower() not in (".yml", ".yaml"):
        return False
    return _rows(load_yaml(path)) is not None


def load_questions(path: Path | str) -> list[LabelledQuestion]:
    """The labelled questions of ``path`` in either format."""
    path = Path(path)
    if not path.exists():
        raise TrainingDataError(path, "no such file or directory")
    if not is_question_list(path):
        return [LabelledQuestion(e.text, e.intent) for e in load_examples(path)]
    questions = []
    for i, row in enumerate(_rows(load_yaml(path))):
        if not isinstance(row, dict) or not str(row.get("text") or "").strip():
            raise TrainingDataError(path, f"row {i} needs a 'text'")
        codes = row.get("procedures", row.get("codes"))
        in_catalogue = row.get("in_catalogue", bool(codes))
        questions.append(
            LabelledQuestion(
                text=str(row["text"]).strip(),
                intent=str(row.get("intent") or "out_of_scope"),
                procedures=tuple(str(c) for c in codes or ()) if in_catalogue else (),
                aspects=tuple(str(a) for a in row.get("aspects") or ()),
            )
        )
    return questions
