"""A first message that names a matter is a question, even when the classifier reads it
as "ok", "no", thanks or a greeting: "mở thẻ tín dụng cho chủ shop" (read as "ok") is
told plainly that a bank's card is no procedure of the catalogue, never "Dạ vâng. Anh/chị
cần em giúp gì thêm ạ?". A bare "ok", "vâng", "có" stays small talk, and answers the
question the bot asked (flows/intent_routing.py, ``_small_talk_may_ask``).

Dialogue tables: (user says, reply kind, a phrase of the reply); every message was
invented for this test.
"""

from __future__ import annotations

import pytest

YES = "Dạ vâng. Anh/chị cần em giúp gì thêm ạ?"
THANKS = "Dạ, không có gì ạ."
NOT_HELD = "Em chưa có thủ tục này trong danh mục"

# The first message: read as small talk, it names a matter the catalogue lacks.
FIRST_MESSAGE_NAMES_A_MATTER = [
    ("mở thẻ tín dụng cho chủ shop", "ngân hàng"),  # read as "ok"
    ("chào bạn, cho hỏi mở thẻ atm", "ngân hàng"),  # read as a greeting
    ("chuyển khoản nhầm", NOT_HELD),  # read as "no"
    ("không phải, mở thẻ tín dụng", "ngân hàng"),  # read as "no", surely
    ("ok, thẻ tín dụng bị khóa", "ngân hàng"),  # read as "ok", surely
    ("không, tôi hỏi lương hưu", "lương hưu"),  # read as "no"
    ("cảm ơn, phạt nguội ô tô", NOT_HELD),  # read as thanks, surely
]


@pytest.mark.parametrize(("says", "phrase"), FIRST_MESSAGE_NAMES_A_MATTER)
async def test_a_first_message_naming_a_matter_is_a_question(conversation, says, phrase):
    await conversation.say(says)
    [reply] = conversation.last
    assert reply.kind == "procedure_unknown", reply.text
    assert phrase in reply.text and YES not in reply.text


# ... while a first message that names nothing is small talk
@pytest.mark.parametrize(
    ("says", "kind", "phrase"),
    [
        ("ok", "affirm", YES),
        ("vâng", "affirm", YES),
        ("có", "affirm", YES),
        ("dạ có", "affirm", YES),
        ("cảm ơn chị Hoa", "thank", THANKS),
        ("cảm ơn em, bot trả lời nhanh và chính xác quá", "thank", THANKS),
    ],
)
async def test_a_first_message_naming_nothing_is_small_talk(conversation, says, kind, phrase):
    await conversation.say(says)
    [reply] = conversation.last
    assert (reply.kind, phrase in reply.text) == (kind, True), reply.text


async def test_later_a_doubtful_yes_naming_a_matter_is_a_question(conversation):
    await conversation.say("làm hộ chiếu cần giấy tờ gì")
    await conversation.say("đúng, bảo hiểm du lịch")  # read as "ok", unsure
    [reply] = conversation.last
    assert reply.kind == "procedure_unknown", reply.text
    assert "bảo hiểm" in reply.text


@pytest.mark.parametrize(("says", "kind"), [("ok", "affirm"), ("vâng", "affirm")])
async def test_later_a_short_yes_is_still_small_talk(conversation, says, kind):
    await conversation.say("làm hộ chiếu cần giấy tờ gì")
    await conversation.say(says)
    assert [r.kind for r in conversation.last] == [kind]


@pytest.mark.parametrize("says", ["có", "vâng"])
async def test_a_short_yes_answers_the_question_the_bot_asked(conversation, says):
    await conversation.say("xóa dữ liệu của tôi")
    assert conversation.last[0].kind == "delete_confirm"
    await conversation.say(says)
    assert [r.kind for r in conversation.last] == ["deleted"]
