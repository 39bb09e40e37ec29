"""The shipped catalogue and its procedure index, built once per test worker, for the
retrieval tests that ask what a citizen's words find (tests/test_retrieval_*.py); and the
three tests the story modules (tests/test_retrieval_*_stories*.py) run over their tables,
written once here. A story module names each of its tests in one line, beside its table:

    test_transport_stories_find_the_procedure_meant = each_finds_its_procedure(SAID)

and pytest runs it once a row, the row's id being the start of what the citizen says
(without diacritics) and what it must find, so a failure names the story."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
from knowledge.text import strip_diacritics
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


# A row of a story table: (the citizen says, what it must find), or the words alone.
Row = tuple[str, str | None] | str


def each_finds_its_procedure(rows: Sequence[tuple[str, str]]) -> Callable[..., None]:
    """A test over rows of (the citizen says, the national code of the procedure it must
    find): each row's words resolve to that procedure."""

    @pytest.mark.parametrize(("says", "code"), rows, ids=story_ids(rows))
    def test(shipped_index: ProcedureIndex, says: str, code: str) -> None:
        assert resolved_code(shipped_index, says) == code

    return test


def each_is_named_missing(rows: Sequence[tuple[str, str]]) -> Callable[..., None]:
    """A test over rows of (the citizen says, the key of the matter the catalogue lacks,
    in flows/uncovered_topics.yml): each row's words are answered with that matter named
    as not in the catalogue."""

    @pytest.mark.parametrize(("says", "topic"), rows, ids=story_ids(rows))
    def test(
        shipped_index: ProcedureIndex, shipped_catalogue: Catalogue, says: str, topic: str
    ) -> None:
        assert uncovered_topic_of(shipped_index, shipped_catalogue, says) == topic

    return test


def none_is_called_missing(rows: Sequence[Row]) -> Callable[..., None]:
    """A test over rows of (the citizen says, the code of the procedure it must find, or
    None), or of the words alone: no row's words are answered as a matter the catalogue
    lacks, and a row with a code resolves to that procedure."""
    pairs = [(row, None) if isinstance(row, str) else row for row in rows]

    @pytest.mark.parametrize(("says", "code"), pairs, ids=story_ids(rows))
    def test(
        shipped_index: ProcedureIndex, shipped_catalogue: Catalogue, says: str, code: str | None
    ) -> None:
        assert uncovered_topic_of(shipped_index, shipped_catalogue, says) is None
        if code is not None:
            assert resolved_code(shipped_index, says) == code

    return test


def story_ids(rows: Sequence[Row], width: int = 40) -> list[str]:
    """The test ids of a story table's rows: the start of what the citizen says, without
    diacritics (pytest would write them as escapes), and what the row must find."""
    ids = []
    for row in rows:
        says, found = (row, None) if isinstance(row, str) else row
        start = strip_diacritics(says)
        if len(start) > width:
            start = start[:width].rsplit(" ", 1)[0] + "..."
        ids.append(start if found is None else f"{start}-{found}")
    return ids
