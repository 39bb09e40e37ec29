"""A citizen who has just looked up their dossier asks about it without its code again:
what to add, when it is due, where to ask, how it stands."""

from __future__ import annotations

import pytest

from tests.conftest import Conversation

WAITING = "000.00.04.H51-250701-0002"  # waiting for more papers, due 15/07/2025
RECEIVED = "000.00.04.H51-250703-0001"  # received, due 10/07/2025


@pytest.fixture
def talk(dsvc) -> Conversation:
    return Conversation(dsvc, user_id="citizen-1", channel="web")


# (dossier looked up, then the user says, the answer contains all of, and none of)
FOLLOW_UPS = [
    (
        WAITING,
        "cần bổ sung những gì",
        [f"về hồ sơ {WAITING}", "Giấy tờ chứng minh chỗ ở hợp pháp", "(CT01)", "Nguồn:"],
        ["Ngày tiếp nhận", "thủ tục nào"],
    ),
    (
        WAITING,
        "can bo sung giay to gi a",
        ["Giấy tờ chứng minh chỗ ở hợp pháp"],
        ["danh mục"],
    ),
    (
        WAITING,
        "khi nào có kết quả",
        ["Yêu cầu bổ sung giấy tờ", "15/07/2025", "quá hạn", "Nguồn:"],
        ["Giấy tờ chứng minh chỗ ở"],
    ),
    (
        WAITING,
        "nộp bổ sung ở đâu",
        ["Giấy tờ chứng minh chỗ ở hợp pháp", "liên hệ Công an xã Mẫu"],
        ["Cổng Dịch vụ công quốc gia"],
    ),
    (
        RECEIVED,
        "có cần bổ sung gì không",
        ["không ghi hồ sơ cần bổ sung", "Được tiếp nhận"],
        ["Giấy tờ cần bổ sung:"],
    ),
    (
        RECEIVED,
        "hồ sơ của tôi đến đâu rồi",
        [f"hồ sơ {RECEIVED}", "Được tiếp nhận", "Ngày tiếp nhận"],
        ["mã hồ sơ (mã in"],
    ),
]


@pytest.mark.parametrize(("code", "says", "expected", "absent"), FOLLOW_UPS)
async def test_a_follow_up_is_answered_about_the_dossier_just_looked_up(
    talk, code, says, expected, absent
):
    await talk.say(f"tra cứu hồ sơ {code}")
    await talk.say(says)
    for part in expected:
        assert part in talk.text, part
    for part in absent:
        assert part not in talk.text, part


async def test_a_procedure_question_after_a_lookup_is_about_the_procedure(talk):
    await talk.say(f"tra cứu hồ sơ {WAITING}")
    await talk.say("đăng ký khai sinh cần giấy tờ gì")
    assert "Đăng ký khai sinh" in talk.text
    assert WAITING not in talk.text


async def test_words_like_a_follow_up_later_in_the_conversation_are_not_about_the_dossier(talk):
    await talk.say(f"tra cứu hồ sơ {WAITING}")
    await talk.say("cảm ơn em")
    await talk.say("khi nào có kết quả")
    assert WAITING not in talk.text


async def test_a_dossier_question_without_a_code_in_a_new_conversation_asks_for_it(talk):
    await talk.say("hồ sơ của tôi đến đâu rồi")
    assert "mã hồ sơ" in talk.text


async def test_the_last_dossier_looked_up_is_the_one_asked_about(talk):
    await talk.say(f"tra cứu hồ sơ {WAITING}")
    await talk.say(f"tra cứu hồ sơ {RECEIVED}")
    await talk.say(f"còn hồ sơ {WAITING} thì sao")
    await talk.say("cần bổ sung gì")
    assert f"về hồ sơ {WAITING}" in talk.text
    assert "Giấy tờ chứng minh chỗ ở hợp pháp" in talk.text


async def test_asking_how_to_look_up_a_dossier_filed_online_asks_for_its_code(talk) -> None:
    # "trên dịch vụ công" is where it was filed, not the vehicle registration "trên cổng
    # dịch vụ công" the bot used to answer
    replies = await talk.say("làm sao để tra cứu hồ sơ đã nộp trên dịch vụ công")
    assert replies[0].kind == "dossier_ask_code"
    assert "mã hồ sơ" in replies[0].text
