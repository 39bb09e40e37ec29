"""Whatever a user sends, the bot answers politely and loses nothing."""

from __future__ import annotations

import pytest

from flows.types import Turn

BAD_INPUTS = [
    ("empty", ""),
    ("whitespace", "   \n\t  "),
    ("none", None),
    ("ten_thousand_chars", "khai sinh " * 1000),
    ("emoji_only", "😀😀🙏🏻🇻🇳"),
    ("control_characters", "\x00\x01\x02\x1b[31mkhai\x7f"),
    ("html", "<script>alert('x')</script><b>chào</b>"),
    ("sql", "'; DROP TABLE procedures; --"),
    ("binary_looking", "\udcff\ufffd\x00\x89PNG\r\n\x1a\n"),
    ("punctuation_only", "?!?!..."),
]


@pytest.mark.parametrize(("case", "text"), BAD_INPUTS, ids=[c for c, _ in BAD_INPUTS])
async def test_bad_input_gets_a_polite_reply_and_keeps_the_conversation(
    conversation, services, case, text
):
    await conversation.say("đăng ký thường trú cần giấy tờ gì")
    replies = await conversation.say(text)
    assert replies[0].text.startswith("Dạ")
    assert len(replies[0].text) < 1000
    await conversation.say("còn lệ phí thì sao?")
    assert "20.000 đồng" in conversation.text
    assert len(services.catalogue) >= 15


async def test_sql_looking_text_does_not_touch_the_database(conversation, services):
    from knowledge.procedures.repository import ProcedureRepository

    async with services.db.session() as session:
        before = await ProcedureRepository(session).count()
    await conversation.say("'; DROP TABLE procedures; --")
    await conversation.say("khai sinh; DELETE FROM conversations;")
    async with services.db.session() as session:
        assert await ProcedureRepository(session).count() == before > 2000


async def test_long_message_is_refused_politely_with_the_limit(conversation):
    await conversation.say("a" * 10_000)
    assert "dài quá" in conversation.text
    assert "10.000 ký tự" in conversation.text  # as Vietnamese writes a number


async def test_unknown_payload_and_location_do_not_crash(services):
    for turn in (
        Turn(channel="test", user_id="u9", payload="\x00garbage"),
        Turn(channel="test", user_id="u9", payload=""),
    ):
        replies = await services.dialogue.handle(turn)
        assert replies and replies[0].text.startswith("Dạ")


async def test_bad_input_leaves_a_log_line_without_the_text(conversation, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="flows.dialogue")
    for text in ("", "😀😀", "x" * 5000):
        await conversation.say(text)
    messages = [r.getMessage() for r in caplog.records]
    assert any("empty message" in m for m in messages)
    assert any("without letters" in m for m in messages)
    assert any("too long" in m for m in messages)
    assert not any("x" * 50 in m or "😀" in m for m in messages)
