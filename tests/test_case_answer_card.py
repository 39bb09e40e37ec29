"""A volunteer who presses a case button gets the checklist card's button under the case
answer, as under the plain documents answer; a citizen never does."""

from __future__ import annotations

import pytest

from tests.conftest import Conversation
from tests.fakes import FakeUnitOfWork, ManualClock, dialogue_over
from tests.test_handoff_dialogue import MONDAY_9AM, join

CARD = "Tạo phiếu cho người dân"
DIVORCED = "Người đã ly hôn hoặc vợ/chồng đã chết"


@pytest.fixture
def dialogue(services, memory_store):
    clock = ManualClock(MONDAY_9AM)
    return dialogue_over(services, lambda: FakeUnitOfWork(memory_store), clock=clock)


async def test_a_volunteers_case_answer_offers_the_card(dialogue, memory_store):
    lan = await join(dialogue, memory_store, "561")
    await lan.say("đăng ký kết hôn cần giấy tờ gì")
    assert CARD in [b.label for b in lan.last[0].buttons]  # under "which case?"
    text = await lan.press(DIVORCED)
    assert f"Trường hợp: {DIVORCED}" in text
    assert CARD in [b.label for b in lan.last[0].buttons]
    card = await lan.press(CARD)
    assert f"Áp dụng cho: {DIVORCED}" in card


async def test_a_citizens_case_answer_has_no_card(conversation: Conversation):
    await conversation.say("đăng ký kết hôn cần giấy tờ gì")
    await conversation.press(DIVORCED)
    assert f"Trường hợp: {DIVORCED}" in conversation.text
    assert CARD not in [b.label for r in conversation.last for b in r.buttons]
