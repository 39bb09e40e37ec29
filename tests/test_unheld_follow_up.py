"""A citizen asks about a matter the catalogue does not hold, is told so honestly, and
follows up in a few words ("lệ phí bao nhiêu"): the follow-up is about that matter. The
bot says again that it has no procedure for it, with the portal's search for the matter
and a person to ask, never a list of unrelated procedures to choose from; and the
question is filed in the staff's inbox once, not once per follow-up."""

import pytest

from flows.insights import InboxReason

# (the citizen asks, then follows up, the bot's answer to the follow-up says)
FOLLOW_UPS = [
    ("tôi muốn hỏi thủ tục hưởng lương hưu", "lệ phí bao nhiêu", "về hưởng lương hưu"),
    ("xin trợ cấp thất nghiệp cần gì", "nộp ở đâu", "không có thông tin về nơi nộp"),
    ("hưởng lương hưu cần giấy tờ gì", "có làm online được không", "nộp trực tuyến"),
    ("huong luong huu can giay to gi", "mat bao lau", "không có thông tin về thời gian"),
    ("làm thủ tục xin cấp phép bay flycam", "mất bao lâu", "về thủ tục anh/chị vừa hỏi"),
]


@pytest.mark.parametrize(("first", "then", "says"), FOLLOW_UPS)
async def test_a_follow_up_after_an_honest_answer_stays_on_that_matter(
    conversation, memory_store, first, then, says
):
    await conversation.say(first)
    assert conversation.last[0].kind == "procedure_unknown", conversation.last[0].text
    await conversation.say(then)
    answer = conversation.last[0]
    assert answer.kind == "procedure_unknown", answer.text
    assert says in answer.text
    assert "dichvucong.gov.vn" in answer.text
    assert [b.payload for b in answer.buttons] == ["cmd:human", "cmd:help"]
    filed = [i.reason for i in memory_store.inbox]
    assert filed == [InboxReason.NOT_IN_CATALOGUE]  # the first question, once


async def test_the_portal_search_is_for_the_matter_not_the_follow_up(conversation):
    await conversation.say("tôi muốn hỏi thủ tục hưởng lương hưu")
    await conversation.say("lệ phí bao nhiêu")
    assert "pkeyWord=h%C6%B0%E1%BB%9Fng+l%C6%B0%C6%A1ng+h%C6%B0u" in conversation.last[0].text


async def test_a_procedure_named_next_is_answered(conversation):
    await conversation.say("hưởng lương hưu cần giấy tờ gì")
    await conversation.say("đăng ký khai sinh cần gì")
    answer = conversation.last[0]
    assert answer.kind.startswith("procedure_") and answer.kind != "procedure_unknown"
    assert "Đăng ký khai sinh" in answer.text


async def test_the_matter_is_remembered_for_the_next_message_only(conversation):
    await conversation.say("tôi muốn hỏi thủ tục hưởng lương hưu")
    await conversation.say("cảm ơn")
    await conversation.say("lệ phí bao nhiêu")
    answer = conversation.last[0]
    assert answer.kind != "procedure_unknown", answer.text
    assert "lương hưu" not in answer.text
