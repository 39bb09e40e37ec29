"""End-to-end evaluation: labelled citizen questions through the whole dialogue.

Each question is the first message of a new conversation. What the bot did with it is
put in one of these outcomes, judged from the procedure codes labelled for the question:

- ``answered_right``: a procedure answer (or its "which case is yours?" question) for
  a labelled procedure;
- ``answered_wrong``: a procedure answer for a procedure not labelled;
- ``asked_offered`` / ``asked_not_offered``: the bot asked which procedure was meant,
  with / without a labelled one among the buttons;
- ``honest_right``: "not in the catalogue" or "outside what I do" for a question no
  catalogue procedure answers;
- ``honest_missed``: the same for a question a catalogue procedure does answer;
- ``other``: anything else (a place, a dossier code asked for, small talk...).

Of the answers for a labelled procedure whose question is labelled with the aspects it
asks, the summary also gives the share that answer every one of them
(``aspects_all``) and at least one (``aspects_some``): "which case is yours?" answers
the documents; a procedure's overview (its name and buttons) answers none.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from flows.actions import PickProcedure, parse_action
from flows.dialogue import Dialogue
from flows.types import Reply, Turn
from knowledge.procedures.records import Catalogue
from nlu.eval_sets import LabelledQuestion

ANSWER_KINDS = ("procedure_", "choose_case")
ASK_KINDS = ("choose_procedure", "ask_procedure", "topic_menu")
HONEST_KINDS = ("procedure_unknown", "out_of_scope", "not_understood")
OUTCOMES = (
    "answered_right",
    "answered_wrong",
    "asked_offered",
    "asked_not_offered",
    "honest_right",
    "honest_missed",
    "other",
)


@dataclass(frozen=True)
class DialogueOutcome:
    text: str
    outcome: str
    kind: str
    answered_code: str | None
    aspects: tuple[str, ...] = ()  # the aspects answered
    asked: tuple[str, ...] = ()  # the aspects labelled


def _offered_slugs(reply: Reply) -> list[str]:
    """The procedures a reply's buttons offer."""
    actions = (parse_action(b.payload) for b in reply.buttons)
    return [a.slug for a in actions if isinstance(a, PickProcedure)]


def _codes(replies: Sequence[Reply], catalogue: Catalogue) -> list[str | None]:
    slugs = [r.meta.get("procedure") for r in replies if r.meta.get("procedure")]
    slugs += [slug for r in replies for slug in _offered_slugs(r)]
    return [info.code if (info := catalogue.get(s)) else None for s in slugs]


def _answer(replies: Sequence[Reply]) -> Reply:
    """The reply that answers the question (after the emergency numbers, if any)."""
    return next((r for r in replies if r.kind != "emergency"), replies[0])


def judge(replies: Sequence[Reply], gold: set[str], catalogue: Catalogue) -> tuple[str, str | None]:
    """The outcome of one question's replies, and the code the bot answered for."""
    first = _answer(replies)
    kind = first.kind
    if kind.startswith(ANSWER_KINDS) and kind not in ("procedure_unknown",):
        info = catalogue.get(first.meta.get("procedure"))
        code = info.code if info else None
        return ("answered_right" if code in gold else "answered_wrong"), code
    if kind in ASK_KINDS:
        offered = set(_codes([first], catalogue))
        return ("asked_offered" if offered & gold else "asked_not_offered"), None
    if kind in HONEST_KINDS:
        return ("honest_missed" if gold else "honest_right"), None
    return "other", None


async def evaluate_dialogue(
    dialogue: Dialogue, catalogue: Catalogue, questions: Sequence[LabelledQuestion]
) -> tuple[dict, list[DialogueOutcome]]:
    """Run every question through ``dialogue``; the share of each outcome, and each row."""
    rows = []
    run = uuid.uuid4().hex[:12]  # each run's conversations are new ones
    for i, question in enumerate(questions):
        if question.procedures is None:
            continue  # a set without procedure labels says nothing here
        turn = Turn(channel="evaluation", user_id=f"question-{run}-{i}", text=question.text)
        replies = await dialogue.handle(turn)
        outcome, code = judge(replies, set(question.procedures), catalogue)
        answered = _answer(replies)
        rows.append(
            DialogueOutcome(
                question.text,
                outcome,
                replies[0].kind,
                code,
                tuple(answered.meta.get("aspects", ())),
                question.aspects,
            )
        )
    counts = Counter(r.outcome for r in rows)
    n = len(rows) or 1
    summary = {"n": len(rows), **{k: round(counts[k] / n, 4) for k in OUTCOMES}}
    summary["other_kinds"] = dict(Counter(r.kind for r in rows if r.outcome == "other"))
    judged = [r for r in rows if r.outcome == "answered_right" and r.asked]
    if judged:
        summary["aspects_judged"] = len(judged)
        summary["aspects_all"] = round(
            sum(set(r.asked) <= set(r.aspects) for r in judged) / len(judged), 4
        )
        summary["aspects_some"] = round(
            sum(bool(set(r.asked) & set(r.aspects)) for r in judged) / len(judged), 4
        )
    return summary, rows
