"""The bot that learns: a question it can only guess at — it asks which procedure, none
of them a sure match — reaches the staff's inbox like one it did not understand, so
staff can turn it into a phrasing or an FAQ entry; a question it answers does not."""

from __future__ import annotations

import pytest

from knowledge.insights.records import InboxReason, Outcome

# (the citizen asks, the bot's reply says, in the inbox)
GUESSES = [
    # (the session-22 phrasings made the earlier two sure: a jet ski's first registration
    # is answered, a centre's parking asks which centre)
    ("xin cấp số nhà cho nhà mới xây", "Em chưa chắc", True),
    ("xe bị csgt tạm giữ 7 ngày, giờ lấy xe ra cần giấy tờ gì", "Em chưa chắc", True),
    ("làm giấy khai sinh cần gì", "Giấy tờ cần chuẩn bị", False),
]


@pytest.mark.parametrize(("says", "answer", "filed"), GUESSES)
async def test_an_unsure_guess_lands_in_the_inbox(conversation, memory_store, says, answer, filed):
    await conversation.say(says)
    assert answer in conversation.text
    items = [(i.reason, i.text) for i in memory_store.inbox]
    assert items == ([(InboxReason.FALLBACK, says)] if filed else [])
    expected = Outcome.FALLBACK if filed else Outcome.ANSWERED
    assert memory_store.turn_events[-1].outcome == expected
