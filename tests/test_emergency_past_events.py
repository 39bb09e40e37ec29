"""A fire, an accident or an attack told as the reason for a question about papers,
money or rights is past: the question is answered, with no emergency numbers. Somebody
in danger now still gets the numbers first, whatever else the message says (the rule
is in nlu/cues.yml, section ``emergency``: missing one emergency costs more than
showing the numbers once too often).

Tables of (user says, emergency or not); every message was invented for this test.
"""

from __future__ import annotations

import pytest

from nlu.cues import is_emergency

# Somebody in danger now: with or without diacritics, short or told.
IN_DANGER_NOW = [
    "nhà tôi đang cháy",
    "nha toi dang chay",
    "có người bị tai nạn nằm giữa đường",
    "co nguoi bi tai nan nam giua duong",
    "cứu với",
    "cuu voi",
    "chợ đang bốc cháy to lắm",
    "nhà hàng xóm đang cháy lan sang, sổ đỏ còn trong nhà",
    "cháy nhà rồi, giấy tờ còn bên trong, cứu với",
    "con tôi bị ngộ độc, khó thở lắm",
    "ông cụ ngất xỉu ngoài chợ",
    "có đánh nhau đâm chém ở đầu hẻm",
    "co nguoi bi dien giat",
    "xe tải lật, tài xế bị thương chảy máu nhiều",
    "bé nhà em bị co giật",
    "có người chết đuối ở sông",
    "mẹ tôi bị đột quỵ",
    "vừa bị tai nạn, xe nát hết, đăng ký xe văng đâu mất",
    "ngạt khói trong chung cư",
    "có trộm đột nhập nhà tôi",
]


@pytest.mark.parametrize("says", IN_DANGER_NOW)
def test_somebody_in_danger_now_is_an_emergency(says: str) -> None:
    assert is_emergency(says)


# A past event told as the reason for a question about papers, tax, support or
# compensation: a question, not an emergency.
PAST_EVENT_THEN_A_QUESTION = [
    "quán bị cháy hết hàng, có được giảm thuế không",
    "nhà bị cháy mất hết giấy tờ, làm lại sổ đỏ thế nào",
    "xe bị tai nạn hôm qua, giờ làm bảo hiểm",
    "bị cháy nhà năm ngoái, có được hỗ trợ không",
    "tiệm tạp hóa bị cháy rụi, xin miễn thuế khoán được không",
    "tiệm bị cháy, xin hỗ trợ tiểu thương ở đâu",
    "cháy chợ mất sạch hàng, tiểu thương có được giãn nợ không",
    "bi tai nan hom kia, xin giay xac nhan o dau",
    "sau vụ cháy kho, cơ sở muốn khai báo thiệt hại để được giảm thuế",
    "xe máy cháy trụi cả biển số, giờ xin cấp lại biển",
    "bị cướp giật mất cccd, làm lại ở đâu",
    "bị đâm xe tuần rồi, mất bằng lái, làm lại mất bao lâu",
    "bố tôi đột quỵ hồi tháng 3, giờ nằm một chỗ, xin trợ cấp thế nào",
    "ngộ độc thực phẩm ở đám cưới tuần trước, nhà hàng có bị xử phạt không",
    "tôi bị điện giật cụt một tay, giờ xin giám định khuyết tật",
    "muốn mở quán karaoke, điều kiện phòng chống cháy nổ ra sao",
    "cửa hàng bị cháy, muốn tạm ngừng kinh doanh thì nộp hồ sơ gì",
    "nha bi chay het giay to, lam lai so do the nao",
    "bị tai nạn giao thông đợt trước, giờ muốn kiện đòi bồi thường",
    "xưởng bị hỏa hoạn, có được khoanh nợ vay vốn không",
    "hộ kinh doanh bị cháy hàng thì được hỗ trợ bao nhiêu",
    "xe bị cháy ngoài đường, làm đơn xin xác nhận của công an",
    # "uỷ", "toà" with the tone mark on the last vowel are "ủy", "tòa"
    "anh tôi bị tai nạn đang nằm viện, muốn làm giấy uỷ quyền cho tôi rút tiền",
    "bị hành hung đầu tháng, giờ kiện ra toà án thế nào",
]


@pytest.mark.parametrize("says", PAST_EVENT_THEN_A_QUESTION)
def test_a_past_event_told_before_a_question_is_no_emergency(says: str) -> None:
    assert not is_emergency(says)


# Through the dialogue: the question gets its answer and no emergency numbers.
@pytest.mark.parametrize(
    "says",
    [
        "quán bị cháy hết hàng, có được giảm thuế không",
        "bị cháy nhà năm ngoái, có được hỗ trợ không",
        "xe bị tai nạn hôm qua, giờ làm bảo hiểm",
    ],
)
async def test_the_question_after_a_past_fire_is_answered_without_numbers(conversation, says):
    await conversation.say(says)
    assert all(r.kind != "emergency" for r in conversation.last)
    assert "114" not in conversation.text


@pytest.mark.parametrize(
    "says", ["nhà tôi đang cháy", "có người bị tai nạn nằm giữa đường", "cứu với"]
)
async def test_somebody_in_danger_gets_the_numbers_first(conversation, says):
    await conversation.say(says)
    first = conversation.last[0]
    assert first.kind == "emergency"
    assert all(number in first.text for number in ("113", "114", "115"))
