"""Deleting what the bot stores is asked in words of the user's own data with the bot
("xóa dữ liệu", "xóa thông tin của tôi", "xóa lịch sử"); the "xóa" of a procedure (a
boat's, a motorbike's or a mortgage's registration removed, a debt, a name taken off
the household register) is a question, never "delete everything?" (nlu/cues.yml,
``intent_needs``: delete_my_data).

Tables of (user says, asked to confirm the deletion or not), each the first message of
a conversation; every message was invented for this test.
"""

from __future__ import annotations

import pytest

from nlu.cues import has_intent_words

ASKS_TO_DELETE = [
    "làm ơn xóa hết thông tin của em",
    "xoa lich su chat giup minh",
    "em không muốn bot lưu dữ liệu của em nữa",
    "xóa tin nhắn của tôi",
    "xóa cuộc trò chuyện này",
    "xóa hết dữ liệu bạn lưu về tôi",
    "gỡ thông tin cá nhân của tôi khỏi hệ thống",
    "xoá sạch lịch sử hỏi đáp đi",
    "xoa thong tin ca nhan cua toi",
    "xóa số điện thoại tôi đã gửi",
    "xóa hết đi",
    "xoá hết đi",  # the tone mark on the "a": the same word
    "xóa hết",
    "tôi muốn xóa thông tin khỏi hệ thống",
    "xóa thông tin tôi vừa gửi",
    "xoá mọi thứ về tôi",
]

A_PROCEDURE_S_DELETION = [
    "ghe bị chìm, muốn xóa đăng ký",
    "chiếc ghe máy chìm mất rồi, giờ xóa đăng ký ở đâu",
    "xóa đăng ký xe máy đã bán",
    "xoa dang ky xe da ban",
    "xóa đăng ký thế chấp sổ đỏ",
    "xóa án tích",
    "xóa nợ",
    "xóa nợ thuế cho hộ kinh doanh",
    "xóa tên khỏi hộ khẩu",
    "xóa đăng ký tạm trú cho người thuê",
    "xóa tên trong danh sách hộ nghèo",
    "xoá đăng ký tàu cá đã bán ra nước ngoài",
    "xóa đăng ký kinh doanh",
    "xóa thông tin thửa đất bị sai",
]


@pytest.mark.parametrize("says", ASKS_TO_DELETE)
async def test_asked_to_delete_ones_data_the_bot_asks_to_confirm(conversation, says):
    await conversation.say(says)
    assert [r.kind for r in conversation.last] == ["delete_confirm"]


@pytest.mark.parametrize("says", A_PROCEDURE_S_DELETION)
async def test_a_procedure_s_deletion_is_no_request_to_delete_ones_data(conversation, says):
    await conversation.say(says)
    assert all(r.kind != "delete_confirm" for r in conversation.last)


@pytest.mark.parametrize(
    ("says", "about_ones_data"),
    [(t, True) for t in ASKS_TO_DELETE] + [(t, False) for t in A_PROCEDURE_S_DELETION],
)
def test_the_words_of_ones_own_data(says: str, about_ones_data: bool) -> None:
    assert has_intent_words("delete_my_data", says) is about_ones_data
