"""How well published FAQ entries answer what citizens type: a FAQ set through the
dialogue, with the figures a citizen would get.

A FAQ set (``nlu/dev/faq_paraphrases.yml`` for tuning, ``nlu/eval/faq_paraphrases.yml``
held out) lists ``entries`` — what staff write in the admin (question, variants, answer,
source) plus ``paraphrases``, the ways citizens ask it — and ``unrelated`` messages that
no entry answers. The entries are published next to the ones already published (the
shipped seed entries), each message is the first of a new conversation, and what the
bot did is one of:

- ``right``: the entry's answer;
- ``wrong_entry``: another entry's answer (a seed entry's too);
- ``missed``: no FAQ answer (the procedure, place or fallback paths answered);
- ``false_answer``: an FAQ answer to an unrelated message.

The asking is the caller's (``Ask``): the CLI and the tests run the real ``Dialogue``
(``flows.faq.first_turn_asker``), so the figures include the precedence rules of
flows/faq.py, not only the index.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from knowledge.faq.schema import FIELDS, FaqEntryData
from knowledge.yaml_data import load_yaml

FIRST_ID = 100_000  # the set's entries are published with ids from here (none stored)


class FaqSetError(ValueError):
    """A FAQ set file that cannot be read; the message says where."""


@dataclass(frozen=True)
class FaqCase:
    """One entry as staff write it and the paraphrases citizens type for it."""

    entry: FaqEntryData
    paraphrases: tuple[str, ...]


@dataclass(frozen=True)
class FaqSet:
    cases: tuple[FaqCase, ...]
    unrelated: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """What the bot did with a message: the FAQ entry it answered from (None: no FAQ
    answer) and the kind of its first reply."""

    faq_id: int | None
    kind: str


Ask = Callable[[str], Awaitable[Answer]]


@dataclass(frozen=True)
class Outcome:
    text: str
    expected: str | None  # the entry's question; None for an unrelated message
    outcome: str  # right, wrong_entry, missed, false_answer, no_answer
    got: str | None = None  # the question of the entry answered, else the reply kind


@dataclass(frozen=True)
class FaqEvaluation:
    rows: tuple[Outcome, ...] = field(default_factory=tuple)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def paraphrases(self) -> int:
        return sum(1 for r in self.rows if r.expected is not None)

    @property
    def right_rate(self) -> float:
        return self.count("right") / self.paraphrases if self.paraphrases else 0.0

    def summary(self) -> dict[str, Any]:
        """JSON-ready figures, with every miss and false answer listed."""
        unrelated = len(self.rows) - self.paraphrases

        def listed(*outcomes: str) -> list[dict[str, Any]]:
            return [
                {"text": r.text, "expected": r.expected, "got": r.got}
                for r in self.rows
                if r.outcome in outcomes
            ]

        return {
            "paraphrases": self.paraphrases,
            "right": self.count("right"),
            "right_rate": round(self.right_rate, 3),
            "wrong_entry": self.count("wrong_entry"),
            "missed": self.count("missed"),
            "unrelated": unrelated,
            "false_answers": self.count("false_answer"),
            "misses": listed("wrong_entry", "missed"),
            "false": listed("false_answer"),
        }


def _entry(path: Path, i: int, row: Any) -> FaqCase:
    if not isinstance(row, dict):
        raise FaqSetError(f"{path}: entries[{i}] must be a mapping")
    data = {k: v for k, v in row.items() if k in FIELDS}
    if data.get("verified_on") is None:
        data["verified_on"] = "2026-12-01"
    try:
        entry = FaqEntryData.model_validate(data)
    except ValidationError as error:
        raise FaqSetError(f"{path}: entries[{i}]: {error}") from None
    paraphrases = tuple(str(p).strip() for p in row.get("paraphrases") or () if str(p).strip())
    if not paraphrases:
        raise FaqSetError(f"{path}: entries[{i}] needs paraphrases")
    return FaqCase(entry, paraphrases)


def load_faq_set(path: Path | str) -> FaqSet:
    """The entries, paraphrases and unrelated messages of a FAQ set file."""
    path = Path(path)
    if not path.is_file():
        raise FaqSetError(f"{path}: no such file")
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise FaqSetError(f"{path}: expected 'entries' (a list) and 'unrelated'")
    cases = tuple(_entry(path, i, row) for i, row in enumerate(data["entries"]))
    unrelated = tuple(str(t).strip() for t in data.get("unrelated") or () if str(t).strip())
    return FaqSet(cases, unrelated)


def published_with(
    published: Iterable[tuple[int, FaqEntryData]], faq_set: FaqSet
) -> list[tuple[int, FaqEntryData]]:
    """The entries published now and the set's entries (ids from ``FIRST_ID``)."""
    return [*published, *((FIRST_ID + i, c.entry) for i, c in enumerate(faq_set.cases))]


async def evaluate_faq(
    faq_set: FaqSet, ask: Ask, questions: Mapping[int, str] | None = None
) -> FaqEvaluation:
    """Ask every paraphrase and unrelated message; the set's entries must be published
    with ``published_with`` ids. ``questions``: the question of every published id, to
    name the entry a wrong answer came from."""
    questions = dict(questions or {})
    questions.update({FIRST_ID + i: c.entry.question for i, c in enumerate(faq_set.cases)})
    rows: list[Outcome] = []
    for i, case in enumerate(faq_set.cases):
        for text in case.paraphrases:
            answer = await ask(text)
            if answer.faq_id == FIRST_ID + i:
                rows.append(Outcome(text, case.entry.question, "right"))
            elif answer.faq_id is not None:
                got = questions.get(answer.faq_id, str(answer.faq_id))
                rows.append(Outcome(text, case.entry.question, "wrong_entry", got))
            else:
                rows.append(Outcome(text, case.entry.question, "missed", answer.kind))
    for text in faq_set.unrelated:
        answer = await ask(text)
        if answer.faq_id is not None:
            got = questions.get(answer.faq_id, str(answer.faq_id))
            rows.append(Outcome(text, None, "false_answer", got))
        else:
            rows.append(Outcome(text, None, "no_answer", answer.kind))
    return FaqEvaluation(tuple(rows))
