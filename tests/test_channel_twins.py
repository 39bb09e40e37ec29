"""A vehicle registration revoked, reissued or temporary is two national procedures, one
filed fully online and one in person (or partly online), with different papers. The bot
answers with one, names the other with its code, and one button gives the other's list;
a message that says how it files gets that channel's procedure (flows/channel_twins.py)."""

from __future__ import annotations

import pytest

from flows.channel_twins import said_fully_online

# (user says or [presses], the bot's answer contains, and does not contain)
DIALOGUES = [
    [
        ("thủ tục thu hồi đăng ký xe cần giấy tờ gì", "(mã 1.013065)", "Biển số xe:"),
        ("", "thủ tục mã 1.013123, có giấy tờ riêng", ""),
        ("[Nộp trực tiếp]", "(mã 1.013123)", "(mã 1.013065)\n"),
        ("", "Biển số xe: 1 bản chính", ""),
        ("", "Chứng nhận đăng ký xe: 1 bản chính", ""),
        ("", "thủ tục mã 1.013065, có giấy tờ riêng", ""),
        ("[Làm trực tuyến toàn trình]", "(mã 1.013065)", "Biển số xe:"),
    ],
    [
        # the channel said chooses the twin; the other is still one button away
        ("thu hồi đăng ký xe nộp trực tiếp cần gì", "(mã 1.013123)", ""),
        ("", "Đây là cách nộp trực tiếp hoặc trực tuyến một phần", ""),
        ("[Làm trực tuyến toàn trình]", "(mã 1.013065)", ""),
    ],
    [
        ("cấp lại đăng ký xe qua vneid cần giấy tờ gì", "(mã 1.013080)", ""),
        ("", "Đây là cách làm trực tuyến toàn trình", ""),
        ("lệ phí bao nhiêu", "(mã 1.013080)", ""),
    ],
    [
        # the button answers what was asked, of the other twin
        ("mất cà vẹt xe làm lại trực tiếp thì lệ phí bao nhiêu", "(mã 1.013082)", ""),
        ("[Làm trực tuyến toàn trình]", "(mã 1.013080)", ""),
        ("", "Lệ phí", ""),
    ],
    [
        # a procedure listed once has no such line
        ("đổi giấy phép lái xe cần giấy tờ gì", "Đổi giấy phép lái xe", "có giấy tờ riêng"),
    ],
]


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=lambda d: d[0][0][:40])
async def test_the_other_channels_procedure_is_named_and_one_button_away(conversation, dialogue):
    for says, contains, lacks in dialogue:
        text = await conversation.tell(says) if says else conversation.text
        assert contains in text
        if lacks:
            assert lacks not in text


# (message, says fully online: True, in person: False, neither or both: None)
SAID = [
    ("thu hồi biển số xe qua VNeID", True),
    ("làm online được không", True),
    ("nộp trực tiếp ở công an xã", False),
    ("mang xe đến công an để kiểm tra", False),
    ("nộp trực tuyến một phần", None),
    ("thu hồi đăng ký xe cần gì", None),
]


@pytest.mark.parametrize(("text", "online"), SAID)
def test_the_channel_a_message_says(text, online):
    assert said_fully_online(text) is online
