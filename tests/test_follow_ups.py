"""A citizen asks about a procedure, then follows up in a few words: the follow-up is
about that procedure, whatever other procedure its words about channels happen to match
("vneid", "dịch vụ công"), and whatever the classifier read a bare question as."""

import pytest

FOLLOW_UPS = [
    # (first message, follow-up, the answer names, and says)
    (
        "cấp lại bằng lái xe bị mất",
        "lam tren vneid dc ko",
        "Cấp lại giấy phép lái xe",
        "trực tuyến",
    ),
    ("đăng ký khai tử cần gì", "làm trên dịch vụ công được không", "Đăng ký khai tử", "trực tuyến"),
    ("đăng ký khai tử cần gì", "nộp qua bưu điện được không", "Đăng ký khai tử", "bưu"),
    ("đăng ký khai tử cần gì", "ai giải quyết", "Đăng ký khai tử", "Cơ quan thực hiện:"),
    ("đăng ký khai tử cần gì", "nhận được gì", "Đăng ký khai tử", "Kết quả:"),
]


@pytest.mark.parametrize(("first", "then", "procedure", "says"), FOLLOW_UPS)
async def test_a_follow_up_is_about_the_procedure_discussed(
    conversation, first, then, procedure, says
):
    await conversation.say(first)
    await conversation.say(then)
    answer = conversation.last[0]
    assert answer.kind.startswith("procedure_"), answer.text
    assert procedure in answer.text
    assert says in answer.text
    assert answer.text.splitlines()[-1].startswith("Nguồn: http")
