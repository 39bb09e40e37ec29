"""Social assistance, poor households, people with merit, schools and military service,
round two, asked the way a reader writes to a newspaper column or a ministry's Q&A page
(issue 8, "find the procedure"): a story, then a condition question ("có đủ điều kiện ...
không"), some typed without diacritics or with chat abbreviations. A household split off
asking the poor list, a poor household leaving it mid-year, a seasonal worker's low
income, a landless household's plot given without auction; the police's other people
with merit (sick soldiers, heroes, pre-1945 revolutionaries, the border wars, veterans
back home before 1977, those treated like war invalids) and its officers' relatives'
health-insurance cards, told in the story, not in the question; the commune's security
team, fire-fighting helpers and disaster-response members; tax relief after a fire or a
grave illness: the catalogue's procedure is answered. A soldier's family asking the same
words of merit, a home lost to a fire, a pupil's learning costs and military service's
first registration are named as missing (flows/uncovered_topics.yml)."""

from __future__ import annotations

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

FOUND = [
    # poor and near-poor households, low income, land given without auction
    (
        "Ông Hà Văn T. (Lạng Sơn) hỏi: Gia đình tôi là hộ nghèo từ năm 2023. Đầu năm 2026 con"
        " gái lớn đi xuất khẩu lao động ở Nhật Bản, mỗi tháng gửi về 15 triệu, nhà đã xây "
        "lại. Cán bộ xã nói nhà tôi nên làm giấy đề nghị thoát nghèo luôn, không cần chờ cuối"
        " năm. Xin hỏi thoát nghèo giữa năm thì ai xét duyệt và mất bao lâu thì có quyết "
        "định?",
        "1.011608",
    ),
    (
        "Tôi 34 tuổi, làm công nhân may theo hợp đồng thời vụ ở Đồng Nai, lương khoảng 6,5 "
        "triệu/tháng, không phải nộp thuế thu nhập cá nhân. Công ty không xác nhận thu nhập "
        "vì tôi không phải nhân viên chính thức. Xin hỏi trường hợp của tôi có được xác nhận "
        "là người lao động có thu nhập thấp để đăng ký thuê nhà ở xã hội không, xin ở phường "
        "nơi thường trú hay nơi tạm trú?",
        "3.000412",
    ),
    (
        "Vợ chồng tôi thường trú ở xã Tân Phú (Đồng Nai) từ nhỏ, chưa có đất ở, đang ở nhờ "
        "trên đất của bố mẹ. Nghe nói cá nhân thường trú tại xã mà không có đất ở thì được "
        "nhà nước giao đất ở không qua đấu giá. Xin hỏi chúng tôi có đủ điều kiện không, phải"
        " nộp tiền sử dụng đất không?",
        "1.013962",
    ),
    (
        "Cô giáo Lò Thị H. dạy ở một xã biên giới của Điện Biên đã 7 năm, chưa có đất ở, nhà "
        "ở tại nơi công tác, phải ở nhờ khu tập thể của trường. Xin hỏi giáo viên công tác ở "
        "xã biên giới có được giao đất ở không qua đấu giá không, hồ sơ nộp ở đâu?",
        "1.013962",
    ),
    # the commune's security team, fire-fighting helpers, disaster-response members
    (
        "Ông Bùi Văn K. (Hòa Bình) năm nay 62 tuổi, đã nghỉ hưu, sức khỏe còn tốt, muốn tham "
        "gia Tổ bảo vệ an ninh, trật tự ở thôn. Xin hỏi người 62 tuổi có đủ điều kiện tham "
        "gia không và cần nộp những giấy tờ gì?",
        "1.012533",
    ),
    (
        "Tối 20/11 nhà hàng xóm bị cháy, tôi chạy sang cùng mọi người dập lửa thì bị bỏng "
        "nặng ở chân, điều trị hết gần 30 triệu. Tôi làm nông, không có bảo hiểm y tế hay bảo"
        " hiểm xã hội gì. Xin hỏi người dân tham gia chữa cháy bị thương như tôi có được hỗ "
        "trợ tiền viện phí không?",
        "3.000509",
    ),
    (
        "Anh K. ở Quảng Bình là thành viên đội xung kích phòng chống thiên tai của xã. Trong "
        "cơn bão số 5, anh đi chằng chống nhà cho dân thì bị tấm tôn cứa đứt gân tay, phải "
        "mổ. Anh chưa có thẻ BHYT. Xin hỏi anh có được hỗ trợ chi phí khám chữa bệnh và trợ "
        "cấp tai nạn không?",
        "1.010091",
    ),
    (
        "Cô giáo Hoàng Thị M. (Huế) hỏi: Năm 2026 tôi phát hiện bị ung thư vú, chi phí điều "
        "trị hơn 300 triệu. Tôi vẫn đi dạy và nộp thuế thu nhập cá nhân. Nghe nói người mắc "
        "bệnh hiểm nghèo được giảm thuế TNCN. Xin hỏi tôi có đủ điều kiện không, nộp hồ sơ ở "
        "đâu?",
        "3.000083",
    ),
    (
        "Vợ chồng tôi thuộc hộ nghèo ở Lai Châu, cháu thứ 3 mới sinh được 1 tháng. Xin hỏi "
        "làm khai sinh cho cháu có được cấp luôn thẻ bảo hiểm y tế không, một lần làm hết ở "
        "xã được không?",
        "2.001023",
    ),
    (
        "Ông ngoại tôi là người hoạt động kháng chiến, được cấp thẻ BHYT diện người có công "
        "nhưng thẻ ghi sai tên đệm nên đi khám bệnh viện không nhận. Xin hỏi sửa thông tin "
        "trên thẻ BHYT làm ở bảo hiểm xã hội hay ở xã?",
        "1.002759",
    ),
    (
        "Con tôi đang học lớp 12 ở Nam Định, cháu muốn thi vào Học viện An ninh nhân dân. Xin"
        " hỏi đăng ký sơ tuyển vào trường công an nộp hồ sơ ở Công an huyện hay Công an tỉnh,"
        " cần những giấy tờ gì?",
        "1.004045",
    ),
    (
        "con toi 19 tuoi, cao 1m66, can thi 1.5 do, muon dang ky thuc hien nghia vu tham gia "
        "cong an nhan dan thay vi di bo doi. xin hoi chau co du dieu kien khong, ho so gom "
        "nhung gi?",
        "1.001303",
    ),
]


test_stories_find_the_procedure_meant = each_finds_its_procedure(FOUND)


# The police told in the story only (a rank, a unit, "công an về hưu"), the question in
# words of the matter ("hưởng trợ cấp bệnh binh"): the police's own procedure is
# answered, not called missing.
POLICE_TOLD = [
    (
        "Bà Trần Thị L. (Nghệ An) hỏi: Chồng tôi nguyên là trung úy công an, trong thời gian "
        "công tác ở Công an tỉnh bị sốt rét ác tính nhiều lần, sức khỏe suy giảm nặng, đã "
        "nghỉ hưu năm 1992 nhưng chưa được xét là bệnh binh. Xin hỏi chồng tôi có đủ điều "
        "kiện hưởng trợ cấp bệnh binh không, hồ sơ gửi đến đâu?",
        "1.004198",
    ),
    (
        "Ông nội tôi được phong tặng danh hiệu Anh hùng lực lượng vũ trang nhân dân năm 1973 "
        "khi là chiến sĩ công an vũ trang. Gia đình nghe nói Anh hùng được hưởng trợ cấp hằng"
        " tháng, nhưng ông chưa từng nhận. Xin hỏi thủ tục đề nghị hưởng trợ cấp cho ông thế "
        "nào?",
        "1.004209",
    ),
    (
        "Cụ T. (Thái Bình) năm nay 99 tuổi, tham gia hoạt động cách mạng từ năm 1944, sau đó "
        "công tác trong ngành công an đến khi nghỉ hưu. Con cháu muốn làm hồ sơ đề nghị công "
        "nhận cụ là người hoạt động cách mạng trước tổng khởi nghĩa 19/8/1945 (cán bộ tiền "
        "khởi nghĩa). Xin hỏi cần những giấy tờ gì?",
        "1.004151",
    ),
    (
        "Tôi là công an về hưu ở Hà Giang, năm 1984 tham gia chiến đấu bảo vệ biên giới phía "
        "Bắc ở Vị Xuyên. Nghe nói năm 2026 Bộ Công an có thông tư mới về chế độ cho cán bộ "
        "công an tham gia chiến tranh bảo vệ Tổ quốc. Xin hỏi tôi có thuộc diện được hưởng "
        "trợ cấp không và làm hồ sơ thế nào?",
        "1.015027",
    ),
    (
        "Chú tôi là cựu chiến sĩ công an nhân dân vũ trang, vào chiến trường B năm 1968, đến "
        "năm 1975 thì về quê, từ đó làm ruộng, chưa hưởng chế độ phục viên, xuất ngũ hay thôi"
        " việc gì cả. Xin hỏi chú tôi có được trợ cấp một lần không, nộp hồ sơ ở Công an tỉnh"
        " hay ủy ban xã?",
        "1.003799",
    ),
    (
        "Bác ruột tôi là chiến sĩ cảnh sát cơ động, hy sinh năm 2025 khi truy bắt tội phạm ma"
        " túy ở Sơn La. Bà nội tôi là mẹ của bác muốn hỏi: gia đình chưa được cấp Giấy chứng "
        "nhận gia đình liệt sĩ thì hồ sơ đề nghị công nhận liệt sĩ cho bác gồm những gì?",
        "1.004163",
    ),
    (
        "Anh trai tôi là công an chính quy ở xã, năm ngoái bị đối tượng đâm trọng thương khi "
        "vây bắt nhóm cướp, nay đã giám định thương tật 41%. Xin hỏi anh tôi có được xét "
        "hưởng chính sách như thương binh không, hồ sơ gồm những gì?",
        "1.004089",
    ),
    (
        "Vợ tôi là con gái của một đại úy công an, đang được cấp thẻ bảo hiểm y tế theo diện "
        "thân nhân công an. Tuần trước vợ tôi bị mất ví, mất luôn thẻ BHYT. Xin hỏi xin cấp "
        "lại thẻ bảo hiểm y tế cho thân nhân công an thì nộp ở đâu?",
        "1.001294",
    ),
    (
        "Anh Q. là thiếu tá công an ở Đắk Lắk hỏi: vợ tôi ở nhà nội trợ, con trai 5 tuổi, đều"
        " chưa có thẻ bảo hiểm y tế. Xin hỏi thân nhân của sĩ quan công an có được cấp thẻ "
        "BHYT không, đơn vị làm thủ tục thế nào?",
        "2.000639",
    ),
]


test_the_police_told_in_the_story_is_answered = none_is_called_missing(POLICE_TOLD)


MISSING = [
    (
        "Nhà tôi ở Yên Bái bị cháy rụi hoàn toàn đêm 15/11 do chập điện, cả nhà 5 người phải "
        "ở nhờ nhà hàng xóm, nhà tôi không buôn bán kinh doanh gì. Xin hỏi gia đình có được "
        "nhà nước hỗ trợ khẩn cấp tiền làm lại nhà không, ai lập hồ sơ?",
        "disaster_relief",
    ),
    (
        "Con tôi là người dân tộc Khmer, học lớp 3 ở Trà Vinh, nhà thuộc hộ nghèo. Xin hỏi "
        "cháu có được hỗ trợ chi phí học tập hằng tháng không, làm đơn gửi nhà trường hay ủy "
        "ban xã?",
        "education",
    ),
    (
        "con trai tôi sinh tháng 3/2009, năm nay đủ 17 tuổi. Xin hỏi cháu phải đi đăng ký "
        "nghĩa vụ quân sự lần đầu vào tháng mấy, đăng ký ở ban chỉ huy quân sự xã hay công an"
        " xã?",
        "military_service",
    ),
    # the same words of merit asked by a soldier's family (no police told): the
    # police's procedures, found for their words, do not answer
    (
        "Bố tôi đi bộ đội từ năm 1972, bị sốt rét nặng ở chiến trường, nay sức khỏe rất"
        " yếu. Xin hỏi bố tôi có đủ điều kiện hưởng trợ cấp bệnh binh không?",
        "merit",
    ),
    (
        "Ông tôi là bộ đội, đánh trận ở biên giới phía Bắc năm 1979. Xin hỏi ông có được"
        " hưởng trợ cấp tham gia chiến tranh bảo vệ Tổ quốc không?",
        "merit",
    ),
    # the war told without "chiến tranh bảo vệ Tổ quốc" in the question, and the
    # South's battlefields: the police's 1.015027 and 1.003799 are not a soldier's
    (
        "bố tôi tham gia chiến đấu bảo vệ biên giới phía bắc năm 1979, nay có được hưởng "
        "trợ cấp không",
        "merit",
    ),
    (
        "bố tôi đi bộ đội chiến trường B năm 1970, về quê chưa hưởng chế độ phục viên xuất "
        "ngũ, nay có được trợ cấp một lần không",
        "merit",
    ),
]


test_what_the_catalogue_lacks_is_named = each_is_named_missing(MISSING)


# A shop burnt down, its tax relief asked only as "có được giảm thuế không": since the
# twenty-ninth session's merge of four probe rounds (487 phrasings more), the relief
# (3.000083, 0.68) is short of the 0.75 a story needs to be answered, with the household
# business's registration (1.001612, 0.63) next; the bot asks, the relief first (the lead,
# session 29: a phrasing made for it moved nothing, and no threshold moves for one row).
def test_a_burnt_shops_tax_relief_is_offered_first(shipped_index) -> None:
    match = shipped_index.find(
        "Chị Nguyễn Thị B. (Cần Thơ) kinh doanh tạp hóa, có đăng ký hộ kinh doanh, nộp thuế "
        "khoán. Tháng 9/2026 cửa hàng bị cháy rụi do chập điện, thiệt hại khoảng 400 triệu, "
        "không có bảo hiểm. Xin hỏi chị có được giảm thuế không, cần những giấy tờ gì để đề "
        "nghị?"
    )
    assert match.resolved is None or match.resolved.code == "3.000083"
    assert match.candidates[0].code == "3.000083"
