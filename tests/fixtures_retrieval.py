"""The shipped catalogue and its procedure index, built once per test worker, for the
retrieval tests that ask what a citizen's words find (tests/test_retrieval_*.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.procedures import index_for
from flows.uncovered import uncovered_beside
from knowledge.catalogue import (
    SEED_NATIONAL,
    SEED_PROCEDURES,
    everyday_aliases,
    read_procedures,
    with_everyday_aliases,
)
from knowledge.procedures.records import Catalogue
from nlu.retrieval import ProcedureIndex
from nlu.training_data import training_vocabulary

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def shipped_catalogue() -> Catalogue:
    """The shipped catalogue, as a first start seeds it: national records with their
    everyday phrasings, then the curated ones."""
    national = with_everyday_aliases(read_procedures(SEED_NATIONAL), everyday_aliases())
    return Catalogue([*national, *read_procedures(SEED_PROCEDURES)])


@pytest.fixture(scope="session")
def shipped_index(shipped_catalogue: Catalogue) -> ProcedureIndex:
    """The procedure index over the shipped catalogue."""
    return index_for(shipped_catalogue, training_vocabulary(ROOT / "nlu" / "data"))


def resolved_code(index: ProcedureIndex, says: str) -> str:
    """The code of the procedure ``says`` resolves to; when it resolves to none, what the
    index offered instead ("asked: [(code, score), ...]"), so a failing test shows it."""
    match = index.find(says)
    if match.resolved is None:
        return f"asked: {[(c.code, c.score) for c in match.candidates]}"
    return match.resolved.code


def uncovered_topic_of(index: ProcedureIndex, catalogue: Catalogue, says: str) -> str | None:
    """The matter the bot names as not in its catalogue, as the dialogue decides it
    (``flows.uncovered.uncovered_beside`` over what the index finds)."""
    match = index.find(says)
    topic = uncovered_beside(catalogue, says, match.resolved, match.candidates)
    return topic.key if topic else None
