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


# The aspects answered are judged against those labelled, over the answers for a
# labelled procedure: two asked and both answered; two asked and one answered.
TIME_AND_FEE = LabelledQuestion(
    "đăng ký kết hôn mất bao lâu, lệ phí bao nhiêu",
    "ask_procedure_time",
    ("1.000894",),
    ("time", "fee"),
)
DOCUMENTS_AND_ONLINE = LabelledQuestion(
    "lấy vợ cần giấy tờ gì", "ask_procedure_requirements", ("1.000894",), ("requirements", "online")
)


async def test_the_aspects_answered_are_judged_against_those_asked(services):
    summary, rows = await evaluate_dialogue(
        services.dialogue, services.catalogue, [TIME_AND_FEE, DOCUMENTS_AND_ONLINE, KARAOKE]
    )
    assert set(rows[0].aspects) == {"time", "fee"}
    assert "requirements" in rows[1].aspects and "online" not in rows[1].aspects
    assert summary["aspects_judged"] == 2  # not the karaoke question: no procedure answered
    assert summary["aspects_all"] == 0.5
    assert summary["aspects_some"] == 1.0
