"""Measuring the whole dialogue on labelled questions (``citizenbot nlu test --dialogue``)."""

from __future__ import annotations

from flows.evaluation import evaluate_dialogue
from nlu.eval_sets import LabelledQuestion

MARRIAGE = LabelledQuestion("lấy vợ cần giấy tờ gì", "ask_procedure_requirements", ("1.000894",))
ONLINE = LabelledQuestion("có làm online được không", "ask_online_submission", ("1.000894",))
KARAOKE = LabelledQuestion("xin giấy phép karaoke", "ask_procedure_requirements", ())


async def test_every_question_starts_a_new_conversation_even_in_a_second_run(services):
    summary, rows = await evaluate_dialogue(services.dialogue, services.catalogue, [MARRIAGE])
    assert rows[0].outcome == "answered_right"
    # A second set on the same dialogue: its first question must not continue the
    # first set's conversation about marriage. Alone, "online?" names no procedure.
    _, rows = await evaluate_dialogue(services.dialogue, services.catalogue, [ONLINE, KARAOKE])
    assert rows[0].outcome != "answered_right"
    assert rows[1].outcome == "honest_right"
    assert summary["n"] == 1 and summary["answered_right"] == 1.0
