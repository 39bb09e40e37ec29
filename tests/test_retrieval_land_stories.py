"""Land and houses told as a reader writes to a newspaper column or to the land office's
Q&A (issue 8, "find the procedure"): a long polite story with years, areas and places,
then the question. Land used for decades without papers gets its first certificate; a
certificate carried off by a flood or mislaid is issued again, one soaked and torn is
exchanged; a name misprinted on a first certificate is corrected, an old ID number or a
landslide's lost strip is a change registered; a gift, an inheritance, a divorce's
judgment, a mortgage taken or cleared, a dispute the commune should mediate, a land-use
fee left as a debt, a plot given for a village road each find their procedure. Matters
the catalogue lacks (compensation when the State takes land, a survey extract, a fake
certificate, a neighbour's house built against the rules, a field let between two
people) are named as missing."""

from __future__ import annotations

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    resolved_code,
    uncovered_topic_of,
)

SAID = [
    # land used since long ago, never certificated: the first certificate
    (
        "Gia đình tôi ở mảnh đất này từ năm 1992, đất sử dụng ổn định chưa được cấp giấy"
        " chứng nhận, không tranh chấp với ai. Xin hỏi nay muốn làm sổ thì cần giấy tờ gì?",
        "1.013978",
    ),
    # part of a plot certificated before 2004, the rest never
    (
        "Sổ đỏ cấp năm 1999 chỉ ghi 150m2, phần diện tích còn lại chưa được cấp giấy chứng"
        " nhận. Xin hỏi tôi làm thủ tục gì cho phần còn lại?",
        "1.012782",
    ),
    # a certificate carried off by a flood or mislaid: issued again
    (
        "Mùa lũ năm nay nước lên nhanh, nhà tôi trôi mất nhiều giấy tờ, trong đó có sổ đỏ."
        " Xin hỏi tôi xin cấp lại sổ đỏ bị mất ở đâu?",
        "1.012786",
    ),
    (
        "Bố tôi đã già, làm thất lạc giấy chứng nhận quyền sử dụng đất lúc dọn nhà. Xin hỏi"
        " thủ tục cấp lại thế nào?",
        "1.012786",
    ),
    # one soaked and torn, or of the old pattern: exchanged
    (
        "Nhà bị ngập, sổ đỏ bị ngấm nước, giấy bị hư hỏng nhiều chỗ. Xin hỏi tôi muốn xin"
        " sổ mới thì làm thế nào?",
        "1.012783",
    ),
    # a name misprinted on a certificate just received: its correction
    (
        "Tôi mới nhận sổ đỏ lần đầu thì phát hiện tên bị in sai một dấu. Xin hỏi sửa lại"
        " thế nào, có mất phí không?",
        "1.012796",
    ),
    # an old ID number, a commune renamed by the merger, a strip lost to a landslide
    (
        "Sổ đỏ nhà tôi ghi số chứng minh nhân dân 9 số, nay tôi đã đổi căn cước. Xin hỏi"
        " cập nhật số căn cước vào sổ đỏ ở đâu?",
        "1.013833",
    ),
    (
        "Mưa bão làm đất vườn bị sạt lở xuống suối khoảng 30m2. Xin hỏi tôi có phải đăng"
        " ký giảm diện tích trên sổ đỏ không?",
        "1.013833",
    ),
    # a gift from parents, an inheritance shared out: the transfer registered
    (
        "Cha mẹ tôi đã lớn tuổi, muốn tặng cho quyền sử dụng đất giữa cha mẹ và con cho"
        " tôi. Xin hỏi thủ tục tặng cho đất gồm những bước nào?",
        "1.013831",
    ),
    # a divorce's judgment or a spouses' agreement: the change registered by agreement
    (
        "Tôi ly hôn năm ngoái, bản án ly hôn chia đất cho tôi nhưng sổ vẫn đứng tên cả"
        " hai. Xin hỏi làm sao để sổ chỉ đứng tên tôi?",
        "1.013980",
    ),
    # a mortgage for someone else's loan; a land-use fee left as a debt on resettlement
    (
        "Em gái nhờ tôi cho mượn sổ đỏ thế chấp để vay vốn kinh doanh. Xin hỏi đăng ký thế"
        " chấp như vậy cần giấy tờ gì?",
        "1.011441",
    ),
    (
        "Nhà tôi được bố trí tái định cư, chưa đủ tiền nộp tiền sử dụng đất cho lô tái định"
        " cư. Xin hỏi có được ghi nợ tiền sử dụng đất không?",
        "1.012995",
    ),
    # a strip given for a village road from land never certificated
    (
        "Thôn vận động hiến đất làm đường liên thôn, đất nhà tôi chưa có sổ. Xin hỏi thủ"
        " tục tặng cho đất để làm đường thế nào?",
        "1.013979",
    ),
]


test_a_land_story_finds_the_procedure_meant = each_finds_its_procedure(SAID)


# Whether the commune's mediation must come before a lawsuit asks about the mediation,
# not the court.
def test_mediation_asked_before_a_lawsuit_is_the_mediation(
    shipped_index, shipped_catalogue
) -> None:
    says = (
        "Ba anh em tranh chấp mảnh đất cha mẹ để lại, chưa có sổ. Xin hỏi hòa giải ở xã có"
        " bắt buộc trước khi khởi kiện không?"
    )
    assert uncovered_topic_of(shipped_index, shipped_catalogue, says) is None
    assert resolved_code(shipped_index, says) == "1.012812"


STILL_MISSING = [
    (
        "Nhà nước thu hồi 100m2 đất của gia đình tôi làm đường. Xin hỏi mức bồi thường"
        " tính thế nào, có được hỗ trợ tái định cư không?",
        "land_recovery_compensation",
    ),
    (
        "Ngân hàng đòi bản trích đo địa chính thửa đất để bổ sung hồ sơ. Xin hỏi xin trích"
        " đo ở đâu?",
        "land_survey_check",
    ),
    (
        "Người bán cho xem sổ đỏ nhưng tôi sợ là sổ đỏ giả. Xin hỏi kiểm tra sổ đỏ thật"
        " giả thế nào?",
        "land_survey_check",
    ),
    (
        "Nhà bên cạnh xây 6 tầng che hết ánh sáng nhà tôi. Xin hỏi họ xây như vậy có đúng"
        " phép không?",
        "building_report",
    ),
    (
        "Tôi thuê lại ruộng của người trong xóm, hợp đồng 5 năm, nay họ đòi lấy lại đất"
        " trước hạn. Xin hỏi tôi phải làm gì?",
        "private_land_lease",
    ),
]


test_what_the_catalogue_lacks_is_named_missing = each_is_named_missing(STILL_MISSING)
