"""A citizen who is frustrated, or insults the bot, gets a short calm apology and what
helps: asking again in other words, or a person ("Gặp người hỗ trợ"). Never the thanks
reply, never "em chưa hiểu rõ câu hỏi", never a lecture. Praise keeps its thanks, and a
real question with a frustrated word in it is answered as the question.

Dialogue tables: (user says, what the bot answers). Each conversation starts fresh.
"""

from __future__ import annotations

import pytest

APOLOGY = "Dạ, em xin lỗi vì chưa giúp được anh/chị."
THANKS = "Dạ, không có gì ạ."
NOT_UNDERSTOOD = "em chưa hiểu rõ câu hỏi"

# Typed as people type when they are cross: with or without diacritics, abbreviated.
FRUSTRATED = [
    ("bot ngu quá", APOLOGY),
    ("bot ngu qua", APOLOGY),
    ("Bot ngu quá!!!", APOLOGY),
    ("đồ vô dụng", APOLOGY),
    ("vo dung", APOLOGY),
    ("mày ngu thế", APOLOGY),
    ("ko giup dc gi", APOLOGY),
    ("k giúp đc j", APOLOGY),
    ("chán quá", APOLOGY),
    ("chan qua", APOLOGY),
    ("tệ thật", APOLOGY),
    ("mất thời gian", APOLOGY),
    ("hỏi mãi không được, mất thời gian quá", APOLOGY),
]


@pytest.mark.parametrize(("says", "answer"), FRUSTRATED)
async def test_a_frustrated_citizen_gets_an_apology_and_a_way_on(conversation, says, answer):
    await conversation.say(says)
    [reply] = conversation.last
    assert reply.kind == "frustrated"
    assert reply.text.startswith(answer)
    assert "Gõ lại câu hỏi theo cách khác" in reply.text
    assert "Gặp người hỗ trợ" in [b.label for b in reply.buttons]
    assert THANKS not in reply.text
    assert NOT_UNDERSTOOD not in reply.text


# Praise is thanked; a question that carries a frustrated word is answered as asked.
NOT_FRUSTRATED = [
    ("làm tốt lắm", THANKS),
    ("cảm ơn em", THANKS),
    (
        "tôi bị mất thời gian chờ hồ sơ quá lâu, hồ sơ của tôi đến đâu rồi",
        "anh/chị cho em xin mã hồ sơ",
    ),
    ("chán quá, làm giấy khai sinh cần gì", "Dạ, đây là thông tin thủ tục: Đăng ký khai sinh"),
    ("bot vô dụng, cho tôi gặp người thật", "cho em biết phường/xã nơi anh/chị ở"),
    ("tệ nạn xã hội báo ở đâu", None),  # "tệ nạn" is no "tệ"
    ("tôi ngủ quá giờ hẹn", None),  # "ngủ", not "ngu"
]


@pytest.mark.parametrize(("says", "answer"), NOT_FRUSTRATED)
async def test_praise_and_questions_are_not_taken_for_frustration(conversation, says, answer):
    await conversation.say(says)
    assert all(r.kind != "frustrated" for r in conversation.last)
    assert APOLOGY not in conversation.text
    if answer is not None:
        assert answer in conversation.text


async def test_the_apology_leads_to_a_person(conversation):
    await conversation.say("bot ngu quá")
    await conversation.press("Gặp người hỗ trợ")
    assert "phường/xã nơi anh/chị ở" in conversation.text
